#!/usr/bin/env bash
# The Windows lane: the Windows build of the helper under Wine 8 (Debian's wine64) against the local
# emulator running natively (127.0.0.1 only). Its last line is "N passed, N failed".
#   helper  (a) git's protocol for a service principal (secret), a federated token file and the
#           signed-in user (device code; the one line when no human can answer), a git clone;
#           (b) the cache is the DPAPI file (a second get makes no grant; no other file holds the token);
#           (c) one grant for 8 concurrent gets; (d) configure/unconfigure, global and system, exactly;
#           (e) WAM cannot run here, said in one line (device code takes over)
#   timing  a cached get under Wine beside the native Linux front (a proxy, not a Windows figure)
#   MSI     built with wixl from installer/windows (tests/Wine/msi.sh), msiinfo, msiexec /i and /x
#   units   tests/GitEntraHelper.Tests under Wine, one class per process (tests/Wine/unit-tests.sh);
#           tests marked for Linux or Unix (OsTraits) are not attempted, nor the classes Wine cannot run
# What Wine cannot prove: its DPAPI is its own format with a built-in key (the code path, not
# user-bound protection); its TLS accepts unknown roots as a partial chain, so no TLS-rejection test
# is counted here; CNG RSA (certificate service principals) does not work; WAM does not run.
# Every step has a time limit. Needs root or the packages of `eng/install-test-deps.sh --wine`.
# Usage: eng/test-windows.sh [--skip-units]   (TEST_WINDOWS_KEEP=1 keeps the work folder)
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=eng/lib/apt.sh
. "$repo/eng/lib/apt.sh"
skip_units=""
case "${1:-}" in
  "") ;;
  --skip-units) skip_units=1 ;;
  *) echo "test-windows: unknown argument '$1' (only --skip-units)" >&2; exit 2 ;;
esac

results=()
pass() { results+=("PASS $1"); echo "test-windows: PASS $1"; }
fail() { results+=("FAIL $1: $2"); echo "test-windows: FAIL $1: $2"; }
unit_passed=0 unit_failed=0
finish() {
  local passed=0 failed=0 line
  for line in "${results[@]}"; do
    case "$line" in PASS*) passed=$((passed + 1)) ;; FAIL*) failed=$((failed + 1)) ;; esac
  done
  # Unit tests count one by one; a class that failed already has its FAIL line above.
  passed=$((passed + unit_passed))
  failed=$((failed + unit_failed))
  echo "test-windows: finished in $SECONDS s"
  echo "$passed passed, $failed failed"
  ((failed == 0 && passed > 0))
  exit $?
}
abort() { fail "$1" "$2"; finish; }

work="$(mktemp -d "${TMPDIR:-/tmp}/test-windows.XXXXXX")"
# Windows programs (and the git they start) run here: nothing they write lands in the checkout.
cd "$work" || exit 1
export WINEPREFIX="$work/prefix"
emulator_pid=""
cleanup() {
  [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  # Only this prefix's wineserver (and the Windows processes it runs).
  [[ -d "$WINEPREFIX" ]] && timeout 30 /usr/lib/wine/wineserver -k 2>/dev/null
  if [[ -n "${TEST_WINDOWS_KEEP:-}" ]]; then echo "test-windows: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

step() { # step NAME SECONDS CMD...: runs a build step with a limit, its output in $work/NAME.log
  local name=$1 limit=$2 start=$SECONDS
  shift 2
  if timeout -k 10 "$limit" "$@" >"$work/$name.log" 2>&1 </dev/null; then
    echo "test-windows: $name: $((SECONDS - start)) s"
    return 0
  fi
  tail -n 20 "$work/$name.log"
  return 1
}

# --- what the lane needs -------------------------------------------------------------------------
apt_ensure test-windows wine64 wine64-tools msitools wixl xsltproc openssl curl \
  || abort "prerequisites" "run: sudo eng/install-test-deps.sh --wine"
for f in tests/Wine/prefix.sh tests/Wine/helper-checks.sh tests/Wine/timing.sh tests/Wine/msi.sh tests/Wine/unit-tests.sh; do
  # shellcheck source=/dev/null
  . "$repo/$f"
done

version="$("$repo/eng/version.sh")"
windows="$repo/artifacts/windows"
helper_dir="$windows/helper"
helper_exe="$helper_dir/git-credential-entra.exe"
# A folder publish with the JIT: native AOT cannot cross-compile to Windows, and a single-file
# publish cannot load System.Private.CoreLib under Wine.
publish_windows=(dotnet publish -c Release -r win-x64 --self-contained -p:PublishAot=false -p:Version="$version" --nologo)
rm -rf "$helper_dir" "$windows/unit-tests"
step "publish the helper (win-x64)" 900 "${publish_windows[@]}" "$repo/src/GitEntraHelper/GitEntraHelper.csproj" -o "$helper_dir" \
  || abort "build" "publishing the helper for win-x64 failed"
if [[ -z "$skip_units" ]]; then
  step "publish the unit tests (win-x64)" 900 "${publish_windows[@]}" "$repo/tests/Wine/UnitTests/GitEntraHelper.Tests.Wine.csproj" -o "$windows/unit-tests" \
    || abort "build" "publishing the unit tests for win-x64 failed"
fi
step "build the emulator" 600 dotnet build "$repo/tests/Emulator" -c Release --nologo || abort "build" "building the emulator failed"

# The native Linux front for the timing: the one eng/pack.sh (CI's package proofs) published, else publish it.
linux_front="$repo/artifacts/publish/linux-x64/git-credential-entra"
if [[ "$(uname -m)" == x86_64 && ! -x "$linux_front" ]]; then
  step "publish the Linux helper" 900 dotnet publish "$repo/src/GitEntraHelper/GitEntraHelper.csproj" -c Release -r linux-x64 \
    -o "$repo/artifacts/publish/linux-x64" --nologo || fail "build" "publishing the Linux helper failed"
fi

start=$SECONDS
wine_prefix_init "$WINEPREFIX" || abort "Wine prefix" "wineboot failed"
wine_standin_build "$work/standin" >"$work/standin.log" 2>&1 || { cat "$work/standin.log"; abort "git.exe stand-in" "winegcc failed"; }
# Windows programs find the stand-in as git.exe on PATH; it runs this Linux git.
WINEDLLPATH="$work/standin/so" WINEPATH="$(winpath "$work/standin/bin")" GCE_UNIX_GIT="$(command -v git)"
export WINEDLLPATH WINEPATH GCE_UNIX_GIT
echo "test-windows: Wine prefix and git.exe stand-in: $((SECONDS - start)) s"

# --- the emulator, natively ----------------------------------------------------------------------
state="$work/emulator"
dotnet run --project "$repo/tests/Emulator" -c Release --no-build -- --state-dir "$state" --auto-approve --parent-pid $$ \
  >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 120); do
  [[ -f "$state/emulator.env" ]] && break
  kill -0 "$emulator_pid" 2>/dev/null || break
  sleep 1
done
[[ -f "$state/emulator.env" ]] || { tail -n 20 "$work/emulator.log"; abort "emulator" "it did not write emulator.env within 120 s"; }
set -a
# shellcheck disable=SC1091
. "$state/emulator.env"
set +a
# Wine's TLS ignores IP subject names: the same services by the name the certificate also lists.
devops_url="${EMULATOR_DEVOPS_URL/127.0.0.1/localhost}"
authority="${AZURE_AUTHORITY_HOST/127.0.0.1/localhost}"
# Wine's TLS uses the Windows store, not SSL_CERT_FILE: the test CA in CurrentUser\Root.
wine_trust_ca "$EMULATOR_CA_FILE" || abort "test CA" "could not add it to CurrentUser\\Root"
home="$work/home"
mkdir -p "$home"
printf '[credential "%s"]\n\tprovider = azure-devops\n' "$devops_url" >"$home/.gitconfig"

# --- the helper ----------------------------------------------------------------------------------
start=$SECONDS
[[ "$(WIN_TIMEOUT=60 win "$helper_exe" --version 2>&1 | tr -d '\r')" == "git-credential-entra $version" ]] \
  || abort "--version" "the Windows build does not start under Wine: $(WIN_TIMEOUT=60 win "$helper_exe" --version 2>&1 | head -n 3 | tr '\n' ' ')"
check_service_principal_and_cache
check_federated_token_file
check_signed_in_user
check_concurrent_gets
check_clone
check_configure
check_broker_unavailable
echo "test-windows: helper checks: $((SECONDS - start)) s"
timing_cached_get "$linux_front"

# --- the MSI -------------------------------------------------------------------------------------
start=$SECONDS
msi="$work/git-credential-entra-$version-win-x64.msi"
if msi_build "$helper_dir" "$msi" "$version" >"$work/msi-build.log" 2>&1; then
  pass "MSI built with wixl from installer/windows/Package.wxs ($(du -h "$msi" | cut -f1))"
  msi_inspect "$msi" && msi_install_uninstall "$msi" "$helper_dir" "$version"
else
  tail -n 20 "$work/msi-build.log"
  fail "MSI build" "wixl/msibuild failed (output above)"
fi
echo "test-windows: MSI: $((SECONDS - start)) s"

# --- unit tests ----------------------------------------------------------------------------------
if [[ -z "$skip_units" ]]; then
  start=$SECONDS
  run_unit_tests_under_wine "$windows/unit-tests/GitEntraHelper.Tests.exe" "$work/unit-tests"
  echo "test-windows: unit tests under Wine: $unit_passed passed, $unit_failed failed in $unit_classes classes (${unit_reruns:-0} run again after Wine's error 1359); not attempted: $unit_skipped_classes classes, ${unit_other_os_tests:-0} tests marked for another OS; $((SECONDS - start)) s"
fi

finish
