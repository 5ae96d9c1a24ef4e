#!/usr/bin/env bash
# Peak resident set size of one cached get (/usr/bin/time -v: "Maximum resident set size"), per cache kind,
# plus git credential-store's for scale.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"
repeats=${BENCH_RSS_REPEATS:-10}
tsv="$BENCH_RESULTS/rss.tsv"
printf 'variant\tmaxRssKiB\n' >"$tsv"

sample() { # VARIANT HOME REQUEST COMMAND...
    local variant=$1 home=$2 request=$3 kib
    shift 3
    HOME="$home" /usr/bin/time -v -o "$BENCH_WORK/time.txt" "$@" <"$request" >/dev/null 2>&1 || die "$variant failed"
    kib=$(sed -n 's/^\s*Maximum resident set size (kbytes): //p' "$BENCH_WORK/time.txt")
    [[ -n $kib ]] || die "no RSS for $variant"
    printf '%s\t%s\n' "$variant" "$kib" >>"$tsv"
}
log "peak RSS: $repeats cached gets per variant"
for ((r = 0; r < repeats; r++)); do
    sample entra-keyring "$BENCH_SB/keyring" "$BENCH_REQ/ado.txt" "$BENCH_BIN" get
    sample entra-plaintext "$BENCH_SB/plaintext" "$BENCH_REQ/ado.txt" "$BENCH_BIN" get
    sample entra-other "$BENCH_SB/undeclared" "$BENCH_REQ/other.txt" "$BENCH_BIN" get
    sample credential-store "$BENCH_SB/keyring" "$BENCH_REQ/store.txt" git credential-store get
done
