#!/usr/bin/env bash
# Instructions executed per process (valgrind --tool=callgrind), children such as our `git config`
# included: a figure of work done that, unlike wall time, other load on the machine does not move.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
tsv="$BENCH_RESULTS/instructions.tsv"
dir="$BENCH_WORK/callgrind"
# valgrind gives up on the .dbg files that publish leaves beside the programs: use copies without them
# (the front, the engine it may hand over to, and the floor program).
mkdir -p "$dir/bin" && cp "$BENCH_BIN" "$(dirname "$BENCH_BIN")/git-credential-entra-engine" "$BENCH_FLOOR" "$dir/bin/"
bin="$dir/bin/$(basename "$BENCH_BIN")"
floor="$dir/bin/$(basename "$BENCH_FLOOR")"
printf 'variant\tinstructions\tprocesses\n' >"$tsv"

count() { # VARIANT HOME REQUEST COMMAND...
    local variant=$1 home=$2 request=$3 total=0 processes=0 n
    shift 3
    rm -f "$dir"/out.*
    HOME="$home" valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$dir/out.%p" \
        --log-file="$dir/log.%p" "$@" <"$request" >/dev/null 2>&1 || { log "$variant failed under valgrind: left out"; rm -f "$dir"/log.*; return 0; }
    for n in $(sed -n 's/.*I   refs: *//p' "$dir"/log.* | tr -d ,); do
        total=$((total + n)) processes=$((processes + 1))
    done
    rm -f "$dir"/log.*
    printf '%s\t%d\t%d\n' "$variant" "$total" "$processes" >>"$tsv"
}
log "instructions per process (callgrind)"
count entra-keyring "$BENCH_SB/keyring" "$BENCH_REQ/ado.txt" "$bin" get
count entra-plaintext "$BENCH_SB/plaintext" "$BENCH_REQ/ado.txt" "$bin" get
count credential-store "$BENCH_SB/keyring" "$BENCH_REQ/store.txt" git credential-store get
count entra-other "$BENCH_SB/undeclared" "$BENCH_REQ/other.txt" "$bin" get
count entra-other-declared "$BENCH_SB/keyring" "$BENCH_REQ/other.txt" "$bin" get
# Not git-credential-oauth: valgrind crashes on that Go program.
count process-floor "$BENCH_SB/undeclared" "$BENCH_REQ/other.txt" /bin/true
count aot-floor "$BENCH_SB/undeclared" "$BENCH_REQ/other.txt" "$floor"
