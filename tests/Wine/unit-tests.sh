# Sourced by eng/test-windows.sh: tests/GitEntraHelper.Tests as a Windows program under Wine
# (tests/Wine/UnitTests: the same sources in an xunit.v3 self-hosted executable), one test class per
# process: run whole in one Wine process it crashes or deadlocks. Each class has UNIT_CLASS_TIMEOUT
# seconds (default 45).
# The JIT compiles everything unoptimised (tiered compilation off, DOTNET_JitMinOpts=1): its
# optimiser bails out of some methods by raising an SEH exception (0x02345678, CORJIT_SKIPPED), and
# when that happens while Wine 8 is dispatching a managed exception, Wine calls a null handler and
# faults until the stack overflows (WINEDEBUG=+seh shows it). So every failing assertion hung its class
# until the limit, and after such bail-outs the finalizer of a DynamicMethod faulted inside the CLR
# ("Internal CLR error", CredentialReaderTests, ReaderFuzzTests). Unoptimised, the JIT raises none of
# them (WINEDEBUG=+seh counts 0), those classes pass, and a failing test is reported as failed.
# Tests marked for another OS (tests/GitEntraHelper.Tests/OsTraits.cs: OS=Linux, OS=Unix) are not
# attempted: they are left out by trait, and a class with nothing left is not started.
# A second failing test in one process hangs it: after the first exception out of a test method,
# Wine 8 leaves a stale frame on that thread's exception list and the next dispatch calls its garbage
# handler (WINEDEBUG=+seh: access violations until the stack overflows). Each test alone reports its
# failure; the lane's fail line names the ones the class reported before it stopped.
# Wine 8 now and then fails a process start: CreateProcess of the git.exe stand-in ends with
# ERROR_INTERNAL_ERROR (1359: the new process died before it finished starting, no exit code, nothing
# printed) — about 1 in 5000 starts, measured over 170 runs of GitConfigSetupGoldenTests (129 starts
# each); Windows has no such failure and a C program's 1600 starts under Wine saw none. The helper
# names it ("cannot start …: Internal error (error 1359)"); a class that failed with that in its log
# is run once more, said in the log and counted (unit_reruns), and its second result is the one counted.
# Counts go to unit_passed / unit_failed / unit_classes / unit_skipped_classes / unit_other_os_tests /
# unit_reruns; every failed class is one fail line.

# Classes Wine itself cannot run (not a test failure, and not another OS's subject), each with why.
# Listed, counted as not attempted, and said in the log.
declare -A wine_cannot_run=(
  # RSA.Create() fails on Wine's CNG, so certificate service principals cannot run there.
  [GitEntraHelper.Tests.Identity.Workload.ClientCertificateTokenSourceTests]="Wine's CNG has no RSA"
)
# Classes whose work under Wine is long but bounded: their limit in seconds, and why (measured).
declare -A unit_class_limit=(
  # 129 real `git config` processes, each a Wine process start of the git.exe stand-in (0.2-0.3 s):
  # 25-35 s alone and 39-43 s beside another class at load 8-11 (of 45), so over the limit at load 16.
  [GitEntraHelper.Tests.Setup.GitConfigSetupGoldenTests]=90
)
other_os=(-trait- "OS=Linux" -trait- "OS=Unix")

# A failed class is said in one line; it counts through unit_failed (its failed tests, or 1), once.
unit_fail_line() { echo "test-windows: FAIL unit tests under Wine: $1: $2"; }

run_unit_tests_under_wine() {
  local exe=$1 out=$2 limit=${UNIT_CLASS_TIMEOUT:-45}
  unit_passed=0 unit_failed=0 unit_classes=0 unit_skipped_classes=0 unit_reruns=0
  mkdir -p "$out"
  local classes all
  all="$(WIN_TIMEOUT=120 win "$exe" -list classes 2>/dev/null | tr -d '\r' | grep -c '^GitEntraHelper\.Tests\.')"
  classes="$(WIN_TIMEOUT=120 win "$exe" -list classes "${other_os[@]}" 2>/dev/null | tr -d '\r' | grep '^GitEntraHelper\.Tests\.' | sort)"
  if [[ -z "$classes" ]]; then fail "unit tests under Wine" "the test executable listed no classes"; return; fi
  unit_other_os_tests="$(WIN_TIMEOUT=120 win "$exe" -list tests -trait "OS=Linux" -trait "OS=Unix" 2>/dev/null | tr -d '\r' | grep -c '^GitEntraHelper\.Tests\.')"
  unit_skipped_classes=$((all - $(wc -l <<<"$classes")))
  local class runnable=()
  while read -r class; do
    if [[ -n "${wine_cannot_run[$class]:-}" ]]; then
      echo "test-windows: not run under Wine (${wine_cannot_run[$class]}): $class"
      unit_skipped_classes=$((unit_skipped_classes + 1))
    else
      runnable+=("$class")
    fi
  done <<<"$classes"
  unit_classes=${#runnable[@]}

  # UNIT_PARALLEL test processes at a time (default 2, this machine's cores); each writes its log and
  # exit code, read once all are done.
  # Only these jobs are waited for: the lane has other children (the emulator).
  local parallel=${UNIT_PARALLEL:-2} active=() finished
  for class in "${runnable[@]}"; do
    (
      DOTNET_TieredCompilation=0 DOTNET_JitMinOpts=1 WIN_TIMEOUT="${unit_class_limit[$class]:-$limit}" win "$exe" -class "$class" "${other_os[@]}" -noColor -noLogo >"$out/$class.log" 2>&1
      echo $? >"$out/$class.rc"
    ) &
    active+=($!)
    if ((${#active[@]} >= parallel)); then
      wait -n -p finished "${active[@]}"
      local still=() pid
      for pid in "${active[@]}"; do [[ $pid == "$finished" ]] || still+=("$pid"); done
      active=("${still[@]}")
    fi
  done
  ((${#active[@]} == 0)) || wait "${active[@]}"

  for class in "${runnable[@]}"; do
    if [[ "$(cat "$out/$class.rc" 2>/dev/null)" != 0 ]] && tr -d '\r' <"$out/$class.log" | grep -q '(error 1359)'; then
      echo "test-windows: $class: Wine failed a process start (CreateProcess error 1359); running the class once more"
      unit_reruns=$((unit_reruns + 1))
      mv "$out/$class.log" "$out/$class.first.log"
      DOTNET_TieredCompilation=0 DOTNET_JitMinOpts=1 WIN_TIMEOUT="${unit_class_limit[$class]:-$limit}" win "$exe" -class "$class" "${other_os[@]}" -noColor -noLogo >"$out/$class.log" 2>&1
      echo $? >"$out/$class.rc"
    fi
  done

  for class in "${runnable[@]}"; do
    local rc summary total failed skipped
    rc="$(cat "$out/$class.rc" 2>/dev/null || echo 125)"
    summary="$(tr -d '\r' <"$out/$class.log" | grep -E '^\s+GitEntraHelper\.Tests\s+Total:' | tail -n 1)"
    total="$(sed -nE 's/.*Total: ([0-9]+).*/\1/p' <<<"$summary")"
    failed="$(sed -nE 's/.*Failed: ([0-9]+).*/\1/p' <<<"$summary")"
    skipped="$(sed -nE 's/.*Skipped: ([0-9]+).*/\1/p' <<<"$summary")"
    if [[ -z "$summary" ]]; then
      local reported
      reported="$(tr -d '\r' <"$out/$class.log" | grep -E '\[FAIL\]' | sed 's/^ *GitEntraHelper\.Tests\.//; s/ \[FAIL\]//' | head -n 3 | tr '\n' ' ')"
      unit_failed=$((unit_failed + 1))
      unit_fail_line "${class#GitEntraHelper.Tests.}" "$([[ $rc == 124 ]] && echo "did not finish within ${unit_class_limit[$class]:-$limit} s" || echo "test process ended with $rc and no summary")${reported:+, after failing: $reported}"
      continue
    fi
    unit_passed=$((unit_passed + total - failed - skipped))
    unit_failed=$((unit_failed + failed))
    if ((failed > 0 || rc != 0)); then
      unit_fail_line "${class#GitEntraHelper.Tests.}" "$failed of $total failed: $(tr -d '\r' <"$out/$class.log" | grep -E '\[FAIL\]' | sed 's/^ *GitEntraHelper\.Tests\.//; s/ \[FAIL\]//' | head -n 3 | tr '\n' ' ')"
    fi
  done
}
