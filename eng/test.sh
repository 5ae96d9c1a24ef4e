#!/usr/bin/env bash
# The one command that runs every test: installs what the tests drive (eng/install-test-deps.sh,
# eng/build-git.sh, eng/install-git-lfs.sh), publishes the native AOT helper once (the contract command),
# then `dotnet test` over the whole solution against that binary, and ends with one line:
#   Tests: N passed, N failed, N skipped
# Exits non-zero when a test failed, the build failed, or no test ran. Extra arguments go to
# `dotnet test` (e.g. --filter "FullyQualifiedName~Keyring"). A test that runs longer than
# TEST_HANG_TIMEOUT (default 10m) has its test host killed and counts as failed, so CI never hangs.
# The code style (dotnet format --verify-no-changes) counts as one test; TEST_FORMAT=0 skips it in focused runs.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
helper_dir="$root/artifacts/e2e/helper"
rm -rf "$results"
mkdir -p "$results"

# What the tests drive must be there first: Debian's packages (as root installed here, otherwise the
# one command to run is printed), a git >= 2.46 and a git-lfs >= 3.6 for the Bearer tests. Each does
# nothing when already done.
for step in eng/install-test-deps.sh eng/build-git.sh eng/install-git-lfs.sh; do
  if ! "$root/$step" </dev/null; then
    echo "test: $step failed (output above)"
    echo "Tests: 0 passed, 1 failed, 0 skipped"
    exit 1
  fi
done

case "$(uname -m)" in aarch64 | arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
echo "test: publishing the helper (native AOT, $rid) into artifacts/e2e/helper"
if ! dotnet publish src/GitEntraHelper/GitEntraHelper.csproj -c Release -r "$rid" -o "$helper_dir" --nologo >"$results/publish.log" 2>&1; then
  cat "$results/publish.log"
  echo "test: publishing the helper failed (output above)"
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
export GIT_ENTRA_TEST_BINARY="$helper_dir/git-credential-entra"

# The project's style (.editorconfig): a file dotnet format would change counts as one failed test.
format_failed=0
echo "test: checking the code style (dotnet format --verify-no-changes)"
if [[ "${TEST_FORMAT:-1}" != 0 ]] && ! dotnet format GitEntraHelper.sln --verify-no-changes -v q >"$results/format.log" 2>&1; then
  cat "$results/format.log"
  echo "test: dotnet format would change the files above: run 'dotnet format GitEntraHelper.sln'"
  format_failed=1
fi

# Each test assembly ends with a summary line such as
#   Passed!  - Failed:     0, Passed:    27, Skipped:     0, Total:    27, Duration: 8 s - X.dll (net10.0)
# which is summed below (TRX file names collide when two assemblies finish in the same second).
dotnet test GitEntraHelper.sln -c Release --nologo --blame-hang-timeout "${TEST_HANG_TIMEOUT:-10m}" --blame-hang-dump-type none "$@" </dev/null 2>&1 | tee "$results/test.log"
status=${PIPESTATUS[0]}

passed=0 failed=0 skipped=0
while read -r f p s; do
  failed=$((failed + f)) passed=$((passed + p)) skipped=$((skipped + s))
done < <(sed -nE 's/^(Passed|Failed|Skipped)! +- Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+), Total:.*/\2 \3 \4/p' "$results/test.log")

failed=$((failed + format_failed))
if ((status != 0 && failed == 0)); then
  echo "test: dotnet test exited $status without a failed test (build error or crashed test host?)"
  failed=1
fi
((passed + failed > 0)) || echo "test: no test ran"
echo "test: finished in $SECONDS s"
# The closing line, last on purpose.
echo "Tests: $passed passed, $failed failed, $skipped skipped"
((failed == 0 && status == 0 && passed > 0))
