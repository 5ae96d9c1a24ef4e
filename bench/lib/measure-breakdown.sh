#!/usr/bin/env bash
# Where a get's time goes: runs each variant BENCH_TRACE_RUNS times with GIT_ENTRA_TRACE pointing at
# a file. report.py takes the median of each timed stage ("stage: done in N ms") and of the time from
# Main to the last trace line; the rest of the process's hyperfine median is runtime start and exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
runs=${BENCH_TRACE_RUNS:-15}
dir="$BENCH_RESULTS/traces"
mkdir -p "$dir"

trace_runs() { # VARIANT HOME REQUEST [PREPARE]
    local variant=$1 home=$2 request=$3 prepare=${4:-true} i
    for ((i = 0; i < runs; i++)); do
        sh -c "$prepare"
        HOME="$home" GIT_ENTRA_TRACE="$dir/$variant.$i.log" "$BENCH_BIN" get <"$request" >/dev/null 2>&1 \
            || die "$variant failed while traced"
    done
}
log "where the time goes: $runs traced gets per variant"
trace_runs entra-keyring "$BENCH_SB/keyring" "$BENCH_REQ/ado.txt"
trace_runs entra-plaintext "$BENCH_SB/plaintext" "$BENCH_REQ/ado.txt"
trace_runs entra-other "$BENCH_SB/undeclared" "$BENCH_REQ/other.txt"
trace_runs entra-other-declared "$BENCH_SB/keyring" "$BENCH_REQ/other.txt"
runs=${BENCH_TRACE_SIGNIN_RUNS:-5}
trace_runs cold-signin "$BENCH_SB/cold" "$BENCH_REQ/ado.txt" "rm -rf $BENCH_SB/cold/.cache $BENCH_SB/cold/.local"
trace_runs silent-refresh "$BENCH_SB/refresh" "$BENCH_REQ/ado.txt" "python3 $(dirname "${BASH_SOURCE[0]}")/expire-cached-tokens.py $BENCH_SB/refresh"
