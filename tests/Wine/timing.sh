# Sourced by eng/test-windows.sh: the wall time of a cached `get` (a service principal's token already
# in the cache) for the Windows build under Wine beside the native Linux front, same emulator, same
# run. A PROXY, not a Windows figure: under Wine every start pays for Wine's loader and wineserver
# round trips, and the Windows build is a JIT build (native AOT cannot cross-compile to Windows).
# It shows the order of magnitude and catches a gross regression on the Windows code path.

median_ms() { # reads one number (ns) a line, prints the median in ms with one decimal
  sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit } m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1e6 }'
}

time_runs() { # time_runs N CMD...: prints N wall times in ns; stdin of each run is git's request
  local n=$1 i start
  shift
  for ((i = 0; i < n; i++)); do
    start=$(date +%s%N)
    cred_input | "$@" >/dev/null 2>&1 || { echo "fail"; return 1; }
    echo $(($(date +%s%N) - start))
  done
}

# timing_cached_get LINUX_HELPER: prints one line per build and passes when both answered from cache.
timing_cached_get() {
  local linux=$1 runs=${TIMING_RUNS:-10} wine_ms linux_ms
  # shellcheck disable=SC2046
  helper_run timing-warm $(sp_vars) -- get || { fail "cached get timing" "the Windows get failed: $(first_error timing-warm)"; return; }
  local before; before="$(stat_of tokenRequests)"
  # shellcheck disable=SC2046
  wine_ms="$(time_runs "$runs" env HOME="$home" CI=true GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 AZURE_AUTHORITY_HOST="$authority" $(sp_vars) \
    timeout -k 5 60 "$wine_loader" "$helper_exe" get | median_ms)"
  if [[ ! -x "$linux" ]]; then fail "cached get timing" "no Linux build at $linux"; return; fi
  local linux_home="$work/linux-home" linux_request
  mkdir -p "$linux_home"
  printf '[credential "%s"]\n\tprovider = azure-devops\n' "$EMULATOR_DEVOPS_URL" >"$linux_home/.gitconfig"
  linux_request() { printf 'protocol=https\nhost=%s\npath=contoso/demo/_git/demo\n\n' "${EMULATOR_DEVOPS_URL#https://}"; }
  # shellcheck disable=SC2046
  local linux_env=(env -i PATH="$PATH" HOME="$linux_home" CI=true GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1
    SSL_CERT_FILE="$EMULATOR_CA_FILE" AZURE_AUTHORITY_HOST="$AZURE_AUTHORITY_HOST" GIT_ENTRA_CACHE_PROTECTION=plaintext $(sp_vars))
  linux_request | "${linux_env[@]}" "$linux" get >/dev/null 2>"$work/timing-linux.err" \
    || { fail "cached get timing" "the Linux get failed: $(head -n 1 "$work/timing-linux.err")"; return; }
  linux_ms="$(cred_input() { linux_request; }; time_runs "$runs" "${linux_env[@]}" "$linux" get | median_ms)"
  if [[ "$wine_ms" == *n/a* || "$linux_ms" == *n/a* || "$(stat_of tokenRequests)" != $((before + 1)) ]]; then
    fail "cached get timing" "a timed get failed or made an unexpected grant (Wine $wine_ms ms, Linux $linux_ms ms)"; return
  fi
  echo "test-windows: cached get, median of $runs (a proxy: Wine's loader and a JIT build, not a Windows figure): Windows build under Wine $wine_ms ms; native Linux front $linux_ms ms"
  pass "cached get timed under Wine ($wine_ms ms, proxy) beside the Linux front ($linux_ms ms)"
}
