#!/usr/bin/env bash
# micro.sh REPO RESULTS: the in-process BenchmarkDotNet micro-benchmarks (bench/Micro), JSON into
# RESULTS/micro for the report.
set -euo pipefail
repo=$1 results=$2
source "$repo/bench/lib/log.sh"
log "micro-benchmarks: protocol parser and URL resolution (BenchmarkDotNet, in-process, short job)"
dotnet run --project "$repo/bench/Micro/Micro.csproj" -c Release -- \
    --filter '*' --artifacts "$results/micro" >"$results/micro.txt" 2>&1 \
    || { tail -30 "$results/micro.txt" >&2; log "micro-benchmarks failed (above): the report leaves them out"; }
