# Sourced by eng/test-windows.sh: tests/GitEntraHelper.Tests as a Windows program under Wine
# (tests/Wine/UnitTests: the same sources in an xunit.v3 self-hosted executable), one test class per
# process: run whole in one Wine process it crashes or deadlocks. Each class has UNIT_CLASS_TIMEOUT
# seconds (default 45); tiered compilation is off, which makes Wine's JIT far less likely to stall.
# Classes marked [Trait("OS", "Linux")] (libc, the kernel keyring) are not attempted.
# Counts go to unit_passed / unit_failed / unit_classes; every failed class is one fail line.

# Classes whose test process Wine itself brings down (not a test failure, not Linux-only): the CLR
# reports an internal error in a finalizer of Reflection.Emit code (NSubstitute/Castle proxies under
# Wine 8). Listed, counted as not run, and said in the log.
wine_crashing_classes=(
  GitEntraHelper.Tests.Protocol.ReaderFuzzTests
)

run_unit_tests_under_wine() {
  local exe=$1 out=$2 limit=${UNIT_CLASS_TIMEOUT:-45}
  unit_passed=0 unit_failed=0 unit_classes=0 unit_skipped_classes=0
  mkdir -p "$out"
  local classes linux
  classes="$(WIN_TIMEOUT=120 win "$exe" -list classes 2>/dev/null | tr -d '\r' | grep '^GitEntraHelper\.Tests\.' | sort)"
  linux="$(WIN_TIMEOUT=120 win "$exe" -list classes -trait "OS=Linux" 2>/dev/null | tr -d '\r' | grep '^GitEntraHelper\.Tests\.' | sort)"
  if [[ -z "$classes" ]]; then fail "unit tests under Wine" "the test executable listed no classes"; return; fi
  local class
  while read -r class; do
    if grep -qxF "$class" <<<"$linux"; then unit_skipped_classes=$((unit_skipped_classes + 1)); continue; fi
    if printf '%s\n' "${wine_crashing_classes[@]}" | grep -qxF "$class"; then
      echo "test-windows: not run under Wine (Wine's CLR crashes in Reflection.Emit finalizers): $class"
      unit_skipped_classes=$((unit_skipped_classes + 1)); continue
    fi
    unit_classes=$((unit_classes + 1))
    DOTNET_TieredCompilation=0 WIN_TIMEOUT="$limit" win "$exe" -class "$class" -noColor -noLogo >"$out/$class.log" 2>&1
    local rc=$? summary total failed skipped
    summary="$(tr -d '\r' <"$out/$class.log" | grep -E '^\s+GitEntraHelper\.Tests\s+Total:' | tail -n 1)"
    total="$(sed -nE 's/.*Total: ([0-9]+).*/\1/p' <<<"$summary")"
    failed="$(sed -nE 's/.*Failed: ([0-9]+).*/\1/p' <<<"$summary")"
    skipped="$(sed -nE 's/.*Skipped: ([0-9]+).*/\1/p' <<<"$summary")"
    if [[ -z "$summary" ]]; then
      unit_failed=$((unit_failed + 1))
      fail "unit tests under Wine: ${class#GitEntraHelper.Tests.}" "$([[ $rc == 124 ]] && echo "did not finish within $limit s" || echo "test process ended with $rc and no summary")"
      continue
    fi
    unit_passed=$((unit_passed + total - failed - skipped))
    unit_failed=$((unit_failed + failed))
    if ((failed > 0 || rc != 0)); then
      fail "unit tests under Wine: ${class#GitEntraHelper.Tests.}" "$failed of $total failed: $(tr -d '\r' <"$out/$class.log" | grep -E '\[FAIL\]' | sed 's/^ *GitEntraHelper\.Tests\.//; s/ \[FAIL\]//' | head -n 3 | tr '\n' ' ')"
    fi
  done <<<"$classes"
}
