#!/usr/bin/env bash
# admin.sh ENDPOINT: GET stats, or POST reset-stats / expire-tokens / ... to the emulator's admin API.
set -euo pipefail
case $1 in
    stats) curl -fsS --cacert "$EMULATOR_CA_FILE" "$EMULATOR_ADMIN_URL/stats" ;;
    *) curl -fsS --cacert "$EMULATOR_CA_FILE" -X POST "$EMULATOR_ADMIN_URL/$1" >/dev/null ;;
esac
