#!/usr/bin/env bash
# Proves the Linux packages end to end against the local emulator (tests/Emulator, 127.0.0.1 only):
#   deb      lintian clean (overrides explained), dpkg -i, `git credential-entra --version` from PATH,
#            `git help credential-entra` opens the man page naming every command, bash completion,
#            configure --system, clone through the installed binary, dpkg -r unconfigures the system
#            config (byte-identical again) and leaves none of the package's files behind
#   tarball  install.sh as an unprivileged user into an empty HOME (configures git), `git help
#            credential-entra` finds its man page in ~/.local, clone,
#            uninstall.sh --purge, HOME empty again
#   tool     dotnet tool install --add-source <folder> --tool-path <dir>, clone, uninstall
# Every clone authenticates as the emulator's service principal through the helper (no prompt).
# Prints one PASS/FAIL line per check and a summary; exits non-zero when a check failed.
# Usage: eng/test-packages.sh [--packages DIR]   (default: build them with eng/pack.sh)
# The deb check needs root (dpkg); run as root in CI.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages=""
while (($#)); do
  case "$1" in
    --packages) packages=${2:?--packages needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "test-packages: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d "${TMPDIR:-/tmp}/test-packages.XXXXXX")"
chmod 0755 "$work"
emulator_pid=""
cleanup() {
  [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  if [[ "$(dpkg-query -W -f='${Status}' git-credential-entra 2>/dev/null)" == "install ok installed" && -n "${deb_installed_here:-}" ]]; then
    dpkg -r git-credential-entra >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT

results=()
pass() { results+=("PASS $1"); echo "test-packages: PASS $1"; }
fail() { results+=("FAIL $1: $2"); echo "test-packages: FAIL $1: $2"; }
log() { echo "test-packages: $*"; }

version="$("$repo/eng/version.sh")"
if [[ -z "$packages" ]]; then
  packages="$repo/artifacts/packages"
  log "building the packages (eng/pack.sh)"
  "$repo/eng/pack.sh" --out "$packages" --version "$version" >"$work/pack.log" 2>&1 || { cat "$work/pack.log"; echo "test-packages: FAIL pack: eng/pack.sh failed"; exit 1; }
fi
packages="$(cd "$packages" && pwd)"
deb="$(ls "$packages"/git-credential-entra_"${version//-/\~}"_*.deb 2>/dev/null | head -n 1)"
tarball="$(ls "$packages"/git-credential-entra-"$version"-linux-*.tar.gz 2>/dev/null | head -n 1)"

# --- the emulator ----------------------------------------------------------------------------
state="$work/emulator"
log "starting the emulator"
dotnet run --project "$repo/tests/Emulator" -c Release -- --state-dir "$state" --parent-pid $$ >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 300); do
  [[ -f "$state/emulator.env" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 1
done
if [[ ! -f "$state/emulator.env" ]]; then
  tail -n 30 "$work/emulator.log"
  echo "test-packages: FAIL emulator: it did not write emulator.env"
  exit 1
fi
set -a; . "$state/emulator.env"; set +a
cp "$EMULATOR_CA_FILE" "$work/ca.pem"
chmod 0644 "$work/ca.pem"
repo_url="$EMULATOR_DEVOPS_URL/contoso/demo/_git/demo"

# The environment of every check: a private HOME, the emulator's CA and authority, the service
# principal as the workload identity, and nothing that could wait for a person.
RUNNER=()   # empty, or a command that runs the rest as another user (setpriv)
check_env() { # $1 = HOME for this check, then the command
  "${RUNNER[@]}" env -i PATH="${PATH_FOR_CHECK:-$PATH}" HOME="$1" LANG=C.UTF-8 CI=true GIT_TERMINAL_PROMPT=0 \
    GIT_CONFIG_NOSYSTEM="${CHECK_NOSYSTEM:-1}" ${CHECK_SYSTEM_CONFIG:+GIT_CONFIG_SYSTEM="$CHECK_SYSTEM_CONFIG"} \
    GIT_SSL_CAINFO="$work/ca.pem" SSL_CERT_FILE="$work/ca.pem" AZURE_AUTHORITY_HOST="$AZURE_AUTHORITY_HOST" \
    AZURE_CLIENT_ID="$EMULATOR_SP_CLIENT_ID" AZURE_TENANT_ID="$EMULATOR_TENANT_ID" AZURE_CLIENT_SECRET="$EMULATOR_SP_CLIENT_SECRET" \
    GIT_ENTRA_CACHE_PROTECTION=plaintext DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
    ${DOTNET_ROOT:+DOTNET_ROOT="$DOTNET_ROOT"} "${@:2}"
}

# clone_through_helper NAME HOME: configure the emulator's host, clone, check the commit.
clone_through_helper() {
  local name=$1 home=$2
  local target; target="$(dirname "$home")/clone-$name"
  if ! check_env "$home" git credential-entra configure --url "$EMULATOR_DEVOPS_URL" >"$work/$name-configure-url.log" 2>&1; then
    fail "$name" "configure --url failed: $(tail -n 1 "$work/$name-configure-url.log")"; return 1
  fi
  if ! check_env "$home" git clone --quiet "$repo_url" "$target" >"$work/$name-clone.log" 2>&1; then
    fail "$name" "clone through the helper failed: $(grep -v '^$' "$work/$name-clone.log" | tail -n 2 | tr '\n' ' ')"; return 1
  fi
  if ! check_env "$home" git -C "$target" log --oneline -1 >/dev/null 2>&1; then
    fail "$name" "the clone has no commit"; return 1
  fi
  return 0
}

# help_through_git NAME HOME: `git help credential-entra` (what `git credential-entra --help` becomes)
# shows a man page naming every command `git credential-entra -h` lists.
help_through_git() {
  local name=$1 home=$2 page commands missing=()
  page="$(check_env "$home" env MANPAGER=cat MANWIDTH=100 git help credential-entra 2>"$work/$name-help.err")" \
    || { fail "$name" "git help credential-entra failed: $(tail -n 1 "$work/$name-help.err")"; return 1; }
  commands="$(check_env "$home" git credential-entra -h | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')"
  [[ -n "$commands" ]] || { fail "$name" "git credential-entra -h listed no commands"; return 1; }
  for command in $commands; do
    grep -q "git credential-entra $command" <<<"$page" || missing+=("$command")
  done
  if ((${#missing[@]})); then fail "$name" "the man page git shows lacks: ${missing[*]}"; return 1; fi
  return 0
}

# --- deb -------------------------------------------------------------------------------------
check_deb() {
  local name=deb
  if [[ -z "$deb" ]]; then fail $name "no .deb for $version in $packages"; return; fi
  if ((EUID != 0)); then fail $name "needs root for dpkg -i (run this script as root, as .ci/run does)"; return; fi
  if command -v lintian >/dev/null; then
    # Overridden tags are not printed; any E/W/I/P/X line is a tag nobody explained.
    local tags
    tags="$(lintian --tag-display-limit 0 -I -E --pedantic "$deb" 2>/dev/null | grep -E '^[EWIPX]: ' | grep -vE 'unused-override|mismatched-override' || true)"
    if [[ -n "$tags" ]]; then fail $name "lintian tags without an explained override: $(echo "$tags" | tr '\n' ';')"; return; fi
  else
    fail $name "lintian is not installed (eng/install-test-deps.sh installs it)"; return
  fi
  if [[ "$(dpkg-query -W -f='${Status}' git-credential-entra 2>/dev/null)" == "install ok installed" ]]; then
    fail $name "git-credential-entra is already installed on this machine; not touching it"; return
  fi

  local home="$work/deb/home" system="$work/deb/system.gitconfig"
  mkdir -p "$home"
  printf '[core]\n\tautocrlf = input\n[credential]\n\thelper = cache\n' >"$system"
  cp "$system" "$work/deb/system.before"
  if ! dpkg -i "$deb" >"$work/deb/install.log" 2>&1; then fail $name "dpkg -i failed: $(tail -n 2 "$work/deb/install.log" | tr '\n' ' ')"; return; fi
  deb_installed_here=1

  local found; found="$(PATH=/usr/local/bin:/usr/bin:/bin command -v git-credential-entra)"
  if [[ "$found" != /usr/bin/git-credential-entra ]]; then fail $name "not on PATH as /usr/bin/git-credential-entra (found '$found')"; return; fi
  local shown; shown="$(check_env "$home" git credential-entra --version 2>&1)"
  if [[ "$shown" != "git-credential-entra $version" ]]; then fail $name "'git credential-entra --version' printed '$shown', expected 'git-credential-entra $version'"; return; fi
  help_through_git $name "$home" || return
  if ! grep -q '^_git_credential_entra ()' /usr/share/bash-completion/completions/git-credential-entra 2>/dev/null; then
    fail $name "no bash completion (_git_credential_entra) in /usr/share/bash-completion/completions"; return
  fi

  CHECK_NOSYSTEM=0 CHECK_SYSTEM_CONFIG="$system" check_env "$home" git credential-entra configure --system >"$work/deb/configure.log" 2>&1 \
    || { fail $name "configure --system failed: $(tail -n 1 "$work/deb/configure.log")"; return; }
  if ! grep -q 'helper = entra' "$system"; then fail $name "configure --system did not write 'helper = entra' (short form: the installed binary is on PATH)"; return; fi

  CHECK_NOSYSTEM=0 CHECK_SYSTEM_CONFIG="$system" clone_through_helper $name "$home" || return

  # dpkg passes our environment to prerm, which unconfigures "the" system config: this test's file.
  if ! GIT_CONFIG_SYSTEM="$system" dpkg -r git-credential-entra >"$work/deb/remove.log" 2>&1; then
    fail $name "dpkg -r failed: $(tail -n 2 "$work/deb/remove.log" | tr '\n' ' ')"; return
  fi
  deb_installed_here=""
  if ! cmp -s "$work/deb/system.before" "$system"; then fail $name "the system git config differs after dpkg -r: $(diff "$work/deb/system.before" "$system" | tr '\n' ' ')"; return; fi
  local left=()
  while IFS= read -r path; do
    [[ -e "/$path" || -L "/$path" ]] && left+=("/$path")
  done < <(dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -e 's#^\./##' -e 's#/$##' | grep -vE '^(usr|usr/bin|usr/lib|usr/share|usr/share/doc|usr/share/man|usr/share/man/man1|usr/share/lintian|usr/share/lintian/overrides|usr/share/bash-completion|usr/share/bash-completion/completions|usr/share/zsh|usr/share/zsh/vendor-completions)?$')
  if ((${#left[@]})); then fail $name "left behind after dpkg -r: ${left[*]}"; return; fi
  if dpkg-query -W -f='${Status}' git-credential-entra 2>/dev/null | grep -q 'installed'; then
    if ! dpkg-query -W -f='${Status}' git-credential-entra | grep -q 'not-installed'; then fail $name "dpkg still lists the package"; return; fi
  fi
  pass "$name: lintian clean, dpkg -i, --version from PATH, git help shows every command, bash completion, configure --system, clone via emulator, dpkg -r restored the system config and removed every file"
}

# --- tarball ---------------------------------------------------------------------------------
check_tarball() {
  local name=tarball
  if [[ -z "$tarball" ]]; then fail $name "no tarball for $version in $packages"; return; fi
  local root="$work/tarball" home="$work/tarball/home"
  mkdir -p "$home"
  if ((EUID == 0)); then
    # Prove "without root": everything below runs as nobody, owning only this folder.
    chown -R 65534:65534 "$root"
    RUNNER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  if ! check_env "$home" tar -xzf "$tarball" -C "$root" >"$work/tarball-untar.log" 2>&1; then
    fail $name "cannot unpack: $(tail -n 1 "$work/tarball-untar.log")"; return
  fi
  local unpacked; unpacked="$(find "$root" -maxdepth 1 -type d -name 'git-credential-entra-*' | head -n 1)"
  if ! check_env "$home" "$unpacked/install.sh" >"$work/tarball-install.log" 2>&1; then
    fail $name "install.sh failed: $(tail -n 2 "$work/tarball-install.log" | tr '\n' ' ')"; return
  fi
  local shown; shown="$(check_env "$home" "$home/.local/bin/git-credential-entra" --version 2>&1)"
  if [[ "$shown" != "git-credential-entra $version" ]]; then fail $name "installed --version printed '$shown'"; return; fi
  if ! grep -q "helper = $home/.local/lib/git-credential-entra/git-credential-entra" "$home/.gitconfig" 2>/dev/null; then
    fail $name "install.sh did not configure git for the user (~/.local/bin is not on PATH here, so the absolute path is expected)"; return
  fi
  PATH_FOR_CHECK="$home/.local/bin:$PATH" help_through_git $name "$home" || { RUNNER=(); return; }
  PATH_FOR_CHECK="$home/.local/bin:$PATH" clone_through_helper $name "$home" || { RUNNER=(); return; }
  if ! check_env "$home" "$home/.local/lib/git-credential-entra/uninstall.sh" --purge >"$work/tarball-uninstall.log" 2>&1; then
    fail $name "uninstall.sh failed: $(tail -n 2 "$work/tarball-uninstall.log" | tr '\n' ' ')"; return
  fi
  RUNNER=()
  local left; left="$(find "$home" -mindepth 1 | head -n 5 | tr '\n' ' ')"
  if [[ -n "$left" ]]; then fail $name "left in HOME after uninstall.sh --purge: $left"; return; fi
  pass "$name: install.sh without root into an empty HOME configured git, git help finds the man page, clone via emulator, uninstall.sh --purge left HOME empty"
}

# --- dotnet tool -----------------------------------------------------------------------------
check_tool() {
  local name=tool
  local rid_package; rid_package="$(ls "$packages"/git-credential-entra.linux-*."$version".nupkg 2>/dev/null | head -n 1)"
  if [[ -z "$rid_package" || ! -f "$packages/git-credential-entra.$version.nupkg" ]]; then fail $name "no tool packages for $version in $packages"; return; fi
  local root="$work/tool" home="$work/tool/home" tools="$work/tool/tools"
  mkdir -p "$home"
  # Only the local folder as a source: the check must not depend on (or reach) a registry.
  printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration><packageSources><clear /></packageSources></configuration>\n' >"$root/nuget.config"
  if ! check_env "$home" dotnet tool install --configfile "$root/nuget.config" --add-source "$packages" --tool-path "$tools" \
      --version "$version" git-credential-entra >"$work/tool-install.log" 2>&1; then
    fail $name "dotnet tool install failed: $(tail -n 2 "$work/tool-install.log" | tr '\n' ' ')"; return
  fi
  local shown; shown="$(PATH_FOR_CHECK="$tools:$PATH" check_env "$home" git credential-entra --version 2>&1)"
  if [[ "$shown" != "git-credential-entra $version" ]]; then fail $name "'git credential-entra --version' from the tool path printed '$shown'"; return; fi
  PATH_FOR_CHECK="$tools:$PATH" clone_through_helper $name "$home" || return
  if ! grep -q 'helper = entra' "$home/.gitconfig"; then fail $name "configure did not use the short form although the tool is on PATH"; return; fi
  PATH_FOR_CHECK="$tools:$PATH" check_env "$home" git credential-entra unconfigure >/dev/null 2>&1 || { fail $name "unconfigure failed"; return; }
  if ! check_env "$home" dotnet tool uninstall --tool-path "$tools" git-credential-entra >"$work/tool-uninstall.log" 2>&1; then
    fail $name "dotnet tool uninstall failed: $(tail -n 1 "$work/tool-uninstall.log")"; return
  fi
  if [[ -e "$tools/git-credential-entra" || -e "$home/.gitconfig" ]]; then fail $name "the tool or its git config is still there after uninstall"; return; fi
  pass "$name: dotnet tool install --add-source --tool-path, --version from PATH, clone via emulator, unconfigure + uninstall"
}

check_deb
check_tarball
RUNNER=()
check_tool

failed=0
for line in "${results[@]}"; do [[ "$line" == FAIL* ]] && failed=$((failed + 1)); done
echo "test-packages: summary"
for line in "${results[@]}"; do echo "  $line"; done
echo "test-packages: $(( ${#results[@]} - failed )) of ${#results[@]} package checks succeeded"
((failed == 0))
