#!/usr/bin/env bash
# Item 7: N git processes asking at once. 16 cold gets (no cache) must share one sign-in; 64 gets whose
# cached access token has expired must share one refresh grant. Records total wall time and the
# emulator's grant counters for each repetition.
set -euo pipefail
lib=$(dirname "${BASH_SOURCE[0]}")
source "$lib/log.sh"
repeats=${BENCH_CONCURRENT_REPEATS:-5}
home="$BENCH_SB/concurrent" out="$BENCH_WORK/concurrent-out"
tsv="$BENCH_RESULTS/concurrency.tsv"
printf 'scenario\tprocesses\trepeat\twallMs\tsucceeded\tsignIns\trefreshTokenGrants\ttokenRequests\n' >"$tsv"

# burst SCENARIO N REPEAT: starts N gets at once, waits for all, appends one row.
burst() {
    local scenario=$1 n=$2 repeat=$3 i start end ok=0
    rm -rf "$out" && mkdir -p "$out"
    "$lib/admin.sh" reset-stats
    start=$(date +%s%N)
    for ((i = 0; i < n; i++)); do
        HOME="$home" "$BENCH_BIN" get <"$BENCH_REQ/ado.txt" >"$out/$i.out" 2>"$out/$i.err" &
    done
    wait
    end=$(date +%s%N)
    for ((i = 0; i < n; i++)); do grep -q '^password=' "$out/$i.out" && ok=$((ok + 1)); done
    ((ok == n)) || { log "$scenario: $((n - ok)) of $n gets failed, e.g.:"; cat "$out"/*.err | sort | uniq -c | head -3 >&2; }
    local counts
    counts=$("$lib/admin.sh" stats | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["signIns"], s.get("refreshTokenGrants", -1), s["tokenRequests"], sep="\t")')
    printf '%s\t%d\t%d\t%d\t%d\t%s\n' "$scenario" "$n" "$repeat" $(((end - start) / 1000000)) "$ok" "$counts" >>"$tsv"
}

log "item 7: 16 concurrent cold gets and 64 concurrent gets with an expired token, $repeats times each"
for ((r = 0; r < repeats; r++)); do
    rm -rf "$home/.cache" "$home/.local"
    burst cold 16 "$r"
    python3 "$lib/expire-cached-tokens.py" "$home"
    burst expired 64 "$r"
done
