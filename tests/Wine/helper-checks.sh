# Sourced by eng/test-windows.sh: the Windows build of the helper, under Wine, against the emulator
# running natively. Each check_* calls pass/fail once. The caller provides: win/winpath
# (tests/Wine/prefix.sh), pass, fail, $helper_exe (Windows build), $home (the HOME wine runs with),
# $work, the emulator's variables, and $devops_url / $authority (its URLs with "localhost": Wine's
# TLS ignores IP subject names, and the emulator's certificate lists both).

cred_input() { printf 'protocol=https\nhost=%s\npath=contoso/demo/_git/demo\n\n' "${devops_url#https://}"; }
stat_of() { curl -fsS --max-time 10 "$EMULATOR_ADMIN_URL/stats" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
local_app_data() { echo "$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/git-credential-entra"; }

# helper_run NAME [VAR=VALUE | -VAR ...] -- ARG...: the Windows helper with git's request on stdin,
# in an environment that holds no identity unless the call names one, and where no human answers
# (CI=true, GIT_TERMINAL_PROMPT=0) unless the call removes that (-VAR). Output in $work/NAME.{out,err}.
helper_run() {
  local name=$1 vars=()
  shift
  local unset_vars=()
  while [[ $1 != -- ]]; do
    if [[ $1 == -* ]]; then unset_vars+=("${1#-}"); else vars+=("$1"); fi
    shift
  done
  shift
  (
    unset AZURE_CLIENT_ID AZURE_CLIENT_SECRET AZURE_TENANT_ID AZURE_FEDERATED_TOKEN_FILE GIT_ENTRA_TRACE
    # Every run leaves its trace beside its output (NAME.trace) for a failure's message; the trace
    # never holds a secret. A call may still send it to stderr (GIT_ENTRA_TRACE=1).
    export HOME="$home" CI=true GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 AZURE_AUTHORITY_HOST="$authority" \
      GIT_ENTRA_TRACE="$(winpath "$work/$name.trace")"
    ((${#vars[@]} == 0)) || export "${vars[@]}"
    ((${#unset_vars[@]} == 0)) || unset "${unset_vars[@]}"
    cred_input | WIN_TIMEOUT="${WIN_TIMEOUT:-90}" win "$helper_exe" "$@" >"$work/$name.out" 2>"$work/$name.err"
  )
}
sp_vars() { echo AZURE_CLIENT_ID="$EMULATOR_SP_CLIENT_ID" AZURE_CLIENT_SECRET="$EMULATOR_SP_CLIENT_SECRET" AZURE_TENANT_ID="$EMULATOR_TENANT_ID"; }
password_of() { sed -n 's/^password=//p' "$work/$1.out"; }
first_error() { tr -d '\r' <"$work/$1.err" | grep -v '^$' | head -n 1; }
trace_tail() { [[ -f "$work/$1.trace" ]] && tr -d '\r' <"$work/$1.trace" | tail -n "${2:-8}" | sed 's/^/    trace: /'; }

helper_logout() { helper_run logout -- logout --all >/dev/null 2>&1 || true; }

# (a) git's protocol for a service principal (secret); (b) the cache is the DPAPI file.
check_service_principal_and_cache() {
  local before after token
  helper_logout
  before="$(stat_of tokenRequests)"
  # shellcheck disable=SC2046
  if ! helper_run sp-get $(sp_vars) -- get || [[ -z "$(password_of sp-get)" ]]; then
    fail "service principal get" "exit/answer wrong: $(first_error sp-get)"; trace_tail sp-get 12; return
  fi
  token="$(password_of sp-get)"
  after="$(stat_of tokenRequests)"
  if [[ "$token" != eyJ* ]] || ((after != before + 1)); then fail "service principal get" "token '${token:0:8}…', grants $before -> $after"; return; fi
  grep -q '^username=' "$work/sp-get.out" && grep -q '^password_expiry_utc=[0-9]' "$work/sp-get.out" \
    || { fail "service principal get" "answer lacks username/password_expiry_utc"; return; }
  pass "service principal (secret): git protocol answer with a token, 1 grant"

  # shellcheck disable=SC2046
  helper_run sp-get2 $(sp_vars) -- get || { fail "DPAPI cache" "second get failed: $(first_error sp-get2)"; return; }
  if [[ "$(password_of sp-get2)" != "$token" || "$(stat_of tokenRequests)" != "$after" ]]; then
    fail "DPAPI cache" "second get made a grant or answered another token"; return
  fi
  local cache_dir files blob format leaks
  cache_dir="$(local_app_data)/state/token-cache"
  mapfile -t files < <(find "$cache_dir" -maxdepth 1 -type f -name 'app-*' ! -name '*.lock' ! -name '*.version' 2>/dev/null)
  if ((${#files[@]} != 1)); then fail "DPAPI cache" "expected one app-* cache file in $cache_dir, found: ${files[*]:-none}"; return; fi
  # What CryptProtectData wrote: on Windows version 1 + the provider GUID df9d8cd0-1501-11d1-8c7a-
  # 00c04fc297eb; Wine writes its own format (version 1 + "Wine Crypt32 ok", a built-in key), so
  # this proves the code path, not protection bound to a Windows user.
  blob="$(od -An -v -tx1 -N20 "${files[0]}" | tr -d ' \n')"
  case "$blob" in
    01000000d08c9ddf0115d1118c7a00c04fc297eb) format="a Windows DPAPI blob" ;;
    0100000057696e652043727970743332206f6b00) format="Wine's DPAPI format" ;;
    *) fail "DPAPI cache" "$(basename "${files[0]}") is not a DPAPI blob (starts $blob)"; return ;;
  esac
  leaks="$(grep -rlF -- "$token" "$WINEPREFIX" "$home" 2>/dev/null | head -n 3 | tr '\n' ' ')"
  if [[ -n "$leaks" ]]; then fail "DPAPI cache" "the token is in plain text in: $leaks"; return; fi
  pass "DPAPI cache: second get answered from $(basename "${files[0]}") ($format), 0 grants; no file of the prefix or HOME holds the token"
}

# (a) a federated token file (Kubernetes workload identity), named by its Windows path.
check_federated_token_file() {
  local before
  before="$(stat_of tokenRequests)"
  helper_run wif-get AZURE_CLIENT_ID="$EMULATOR_WIF_CLIENT_ID" AZURE_TENANT_ID="$EMULATOR_TENANT_ID" \
    AZURE_FEDERATED_TOKEN_FILE="$(winpath "$EMULATOR_FEDERATED_TOKEN_FILE")" -- get \
    || { fail "federated token file" "$(first_error wif-get)"; return; }
  [[ "$(password_of wif-get)" == eyJ* && "$(stat_of tokenRequests)" == $((before + 1)) ]] \
    || { fail "federated token file" "no token or not exactly one grant"; return; }
  pass "federated token file (AZURE_FEDERATED_TOKEN_FILE as a Windows path): token, 1 grant"
}

# (a) the signed-in user by device code (the emulator approves it), and the non-interactive line.
check_signed_in_user() {
  local before
  helper_logout
  helper_run user-ci -- get
  local rc=$? lines
  # One error line (git-style "hint:" lines may follow it); on stdout only "quit=1", so git asks no one for a password.
  lines="$(tr -d '\r' <"$work/user-ci.err" | grep -v '^hint: ' | grep -vc '^$')"
  if ((rc == 0)) || [[ "$(tr -d '\r' <"$work/user-ci.out")" != "quit=1" ]] || ((lines != 1)) || [[ "$(first_error user-ci)" != "git-credential-entra: "* ]]; then
    fail "non-interactive user" "exit $rc, stdout '$(tr -d '\r\n' <"$work/user-ci.out" | cut -c1-40)', $lines stderr line(s) besides hints: $(first_error user-ci)"
  else
    pass "signed-in user, no human reachable: exit $rc and one line (hints aside): $(first_error user-ci | cut -c1-110)"
  fi
  before="$(stat_of signIns)"
  helper_run user-devicecode GCM_MSAUTH_FLOW=devicecode GCM_INTERACTIVE=always -GIT_TERMINAL_PROMPT -CI -- get \
    || { fail "device code sign-in" "$(first_error user-devicecode)"; return; }
  [[ "$(password_of user-devicecode)" == eyJ* && "$(stat_of signIns)" == $((before + 1)) ]] \
    || { fail "device code sign-in" "no token or not one sign-in"; return; }
  grep -q "$EMULATOR_USER\|devicelogin\|code" "$work/user-devicecode.err" \
    || { fail "device code sign-in" "no device code instructions on stderr"; return; }
  pass "signed-in user by device code: instructions on stderr, token on stdout, 1 sign-in"
}

# (c) one grant for 8 concurrent gets (the Windows file locks serialise them).
check_concurrent_gets() {
  local before pids=() i failed=0
  helper_logout
  before="$(stat_of tokenRequests)"
  for i in 1 2 3 4 5 6 7 8; do
    # shellcheck disable=SC2046
    WIN_TIMEOUT=180 helper_run "parallel-$i" $(sp_vars) -- get &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || failed=$((failed + 1)); done
  local grants=$(($(stat_of tokenRequests) - before))
  if ((failed)) || ((grants != 1)); then fail "8 concurrent gets" "$failed failed, $grants grants"; return; fi
  pass "8 concurrent gets after logout --all: all answered, exactly 1 grant"
}

# A real git clone: the Linux git runs the Windows helper through the loader.
check_clone() {
  local clone="$work/clone"
  # shellcheck disable=SC2046
  if ! env HOME="$home" GIT_TERMINAL_PROMPT=0 GIT_SSL_CAINFO="$EMULATOR_CA_FILE" AZURE_AUTHORITY_HOST="$authority" $(sp_vars) \
      timeout -k 5 180 git -c credential.helper= -c "credential.helper=!$wine_loader '$helper_exe'" \
      -c "credential.$devops_url.provider=azure-devops" -c "credential.$devops_url.useHttpPath=true" clone --quiet "$devops_url/contoso/demo/_git/demo" "$clone" \
      >"$work/clone.log" 2>&1 || ! git -C "$clone" log --oneline -1 >/dev/null 2>&1; then
    fail "git clone" "$(tail -n 2 "$work/clone.log" | tr '\n' ' ')"; return
  fi
  pass "git clone of contoso/demo through the Windows helper"
}

# (d) configure/unconfigure the global and the system git config, exactly.
check_configure() {
  local scope file before expected value
  value="$(winpath "$helper_exe" | tr '\\' '/')"
  for scope in global system; do
    if [[ $scope == global ]]; then file="$home/.gitconfig"; else file="$work/system.gitconfig"; fi
    printf '[core]\n\tautocrlf = input\n[credential]\n\thelper = cache\n' >"$file"
    before="$(cat "$file")"
    expected="$before
[credential \"https://dev.azure.com\"]
	helper = 
	helper = $value
	useHttpPath = true
[credential \"https://*.visualstudio.com\"]
	helper = 
	helper = $value"
    # configure's default scope is the global config; --system names the system one.
    local vars=(GIT_CONFIG_NOSYSTEM=1) flag=()
    [[ $scope == system ]] && vars=(GIT_CONFIG_SYSTEM="$file" GIT_CONFIG_NOSYSTEM=0) flag=(--system)
    helper_run "configure-$scope" "${vars[@]}" -- configure "${flag[@]}" \
      || { fail "configure ($scope)" "$(first_error "configure-$scope")"; continue; }
    [[ "$(cat "$file")" == "$expected" ]] \
      || { fail "configure ($scope)" "unexpected file: $(diff <(echo "$expected") "$file" | tr '\n' ' ')"; continue; }
    helper_run "unconfigure-$scope" "${vars[@]}" -- unconfigure "${flag[@]}" \
      || { fail "unconfigure ($scope)" "$(first_error "unconfigure-$scope")"; continue; }
    [[ "$(cat "$file")" == "$before" ]] \
      || { fail "unconfigure ($scope)" "file differs from before: $(diff <(echo "$before") "$file" | tr '\n' ' ')"; continue; }
    pass "configure ${flag[*]:-(global)} wrote exactly the Azure DevOps lines (helper $value); unconfigure restored the $scope config byte for byte"
  done
  printf '[credential "%s"]\n\tprovider = azure-devops\n' "$devops_url" >"$home/.gitconfig"
}

# (e) WAM cannot run under Wine: asked for the broker, the helper says so in one line and signs in
# by device code instead. Wine opens no browser (winebrowser hands the URL to xdg-open, and MSAL
# would wait its 10 minutes for the redirect), so BROWSER names one that cannot start: that flow
# then reports itself unavailable at once, as on a machine without a browser.
check_broker_unavailable() {
  helper_logout
  helper_run broker GCM_MSAUTH_FLOW=broker GCM_INTERACTIVE=always GIT_ENTRA_TRACE=1 BROWSER=no-browser-here \
    -GIT_TERMINAL_PROMPT -CI -- get \
    || { fail "WAM unavailable" "get failed: $(first_error broker)"; return; }
  local lines
  lines="$(tr -d '\r' <"$work/broker.err" | grep -c 'Web Account Manager\|Broker: not available')"
  if [[ "$(password_of broker)" != eyJ* ]] || ((lines != 1)); then
    fail "WAM unavailable" "$lines line(s) about the broker; token: $([[ -n "$(password_of broker)" ]] && echo yes || echo no)"; return
  fi
  pass "WAM cannot run under Wine, said in one line ($(tr -d '\r' <"$work/broker.err" | grep 'Broker: not available' | head -n1 | sed 's/^\[[^]]*\] //' | cut -c1-140)); device code took over"
}
