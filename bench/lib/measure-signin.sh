#!/usr/bin/env bash
# Item 6: cold sign-in (device code, auto-approved; no cache at all) and silent refresh (the cached
# access token has expired, the refresh token is good), alternating in one hyperfine run.
set -euo pipefail
lib=$(dirname "${BASH_SOURCE[0]}")
source "$lib/log.sh"
rounds=${BENCH_ROUNDS:-6} runs=${BENCH_RUNS:-6}
sb=$BENCH_SB req=$BENCH_REQ bin=$BENCH_BIN feed=$BENCH_FEED

names=(cold-signin silent-refresh)
declare -A commands=(
    [cold-signin]="$feed $req/ado.txt HOME=$sb/cold -- $bin get"
    [silent-refresh]="$feed $req/ado.txt HOME=$sb/refresh -- $bin get"
)
declare -A prepares=(
    [cold-signin]="rm -rf $sb/cold/.cache $sb/cold/.local"
    [silent-refresh]="python3 $lib/expire-cached-tokens.py $sb/refresh"
)

# grant_counts: "signIns refreshTokenGrants tokenRequests" from the emulator.
grant_counts() {
    "$lib/admin.sh" stats | python3 -c 'import json,sys; s=json.load(sys.stdin); print(s["signIns"], s.get("refreshTokenGrants", "?"), s["tokenRequests"])'
}
# Each command must cost what it is measured for: one sign-in, one refresh grant.
check() { # NAME EXPECTED-COUNTS
    sh -c "${prepares[$1]}"
    "$lib/admin.sh" reset-stats
    ${commands[$1]} 2>/dev/null | grep -q '^password=' || die "$1 gave no token"
    local counts
    counts=$(grant_counts)
    [[ $counts == "$2" ]] || die "$1 made 'signIns refreshTokenGrants tokenRequests' = $counts, expected $2"
}
check cold-signin "1 0 1"
check silent-refresh "0 1 1"

args=()
for ((round = 0; round < rounds; round++)); do
    for ((i = 0; i < ${#names[@]}; i++)); do
        name=${names[(i + round) % ${#names[@]}]}
        args+=(--command-name "$name#$round" --prepare "${prepares[$name]}" "${commands[$name]}")
    done
done
log "item 6: cold sign-in and silent refresh × $((rounds * runs)) runs, alternating"
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$BENCH_RESULTS/signin.json" "${args[@]}" \
    >"$BENCH_RESULTS/signin.txt" 2>&1 || { tail -20 "$BENCH_RESULTS/signin.txt" >&2; die "hyperfine failed"; }
