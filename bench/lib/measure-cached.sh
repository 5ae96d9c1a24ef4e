#!/usr/bin/env bash
# Items 1–5: one hyperfine run in which every command appears in BENCH_ROUNDS blocks of BENCH_RUNS
# runs, the block order rotating each round, so machine-load drift touches all commands alike.
# hyperfine -N (no shell, nothing subtracted): feed gives each command its stdin and HOME by exec.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
rounds=${BENCH_ROUNDS:-6} runs=${BENCH_RUNS:-6}
((rounds * runs >= 30)) || die "BENCH_ROUNDS × BENCH_RUNS must be at least 30"

sb=$BENCH_SB req=$BENCH_REQ bin=$BENCH_BIN feed=$BENCH_FEED
names=(entra-keyring entra-plaintext entra-secret-service entra-plaintext-file credential-store entra-other entra-other-declared oauth-other process-floor aot-floor
    ls-remote-helper ls-remote-static)
declare -A commands=(
    [entra-keyring]="$feed $req/ado.txt HOME=$sb/keyring -- $bin get"
    [entra-plaintext]="$feed $req/ado.txt HOME=$sb/plaintext -- $bin get"
    [entra-secret-service]="$feed $req/ado.txt HOME=$sb/secret-service -- $bin get"
    [entra-plaintext-file]="$feed $req/ado.txt HOME=$sb/plaintext-file -- $bin get"
    [credential-store]="$feed $req/store.txt HOME=$sb/keyring -- git credential-store get"
    [entra-other]="$feed $req/other.txt HOME=$sb/undeclared -- $bin get"
    [entra-other-declared]="$feed $req/other.txt HOME=$sb/keyring -- $bin get"
    [oauth-other]="$feed $req/other.txt HOME=$sb/undeclared -- git-credential-oauth get"
    [process-floor]="$feed $req/other.txt HOME=$sb/keyring -- /bin/true"
    [aot-floor]="$feed $req/other.txt HOME=$sb/keyring -- $BENCH_FLOOR"
    [ls-remote-helper]="$feed /dev/null HOME=$sb/keyring -- git ls-remote $BENCH_REPO_URL"
    [ls-remote-static]="$feed /dev/null HOME=$sb/static -- git ls-remote $BENCH_REPO_URL"
)

# Each command must do what it is measured for before it is timed.
expect_output() { # NAME PATTERN (empty pattern: no output at all)
    local out
    out=$(${commands[$1]}) || die "$1 failed: ${commands[$1]}"
    if [[ -z $2 ]]; then [[ -z $out ]] || die "$1 answered a request it should pass on"
    else grep -q "$2" <<<"$out" || die "$1 did not give what it is measured for"; fi
}
expect_output entra-keyring '^password='
expect_output entra-plaintext '^password='
expect_output entra-secret-service '^password='
expect_output entra-plaintext-file '^password='
expect_output credential-store '^password=not-a-secret'
expect_output entra-other ''
expect_output entra-other-declared ''
expect_output oauth-other ''
expect_output process-floor ''
expect_output aot-floor ''
expect_output ls-remote-helper 'refs/heads/main'
expect_output ls-remote-static 'refs/heads/main'

args=()
for ((round = 0; round < rounds; round++)); do
    for ((i = 0; i < ${#names[@]}; i++)); do
        name=${names[(i + round) % ${#names[@]}]}
        args+=(--command-name "$name#$round" "${commands[$name]}")
    done
done
log "items 1-5: ${#names[@]} commands × $((rounds * runs)) runs, alternating in $rounds rounds"
hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$BENCH_RESULTS/cached.json" "${args[@]}" \
    >"$BENCH_RESULTS/cached.txt" 2>&1 || { tail -20 "$BENCH_RESULTS/cached.txt" >&2; die "hyperfine failed"; }
