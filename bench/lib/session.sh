#!/usr/bin/env bash
# Runs inside a private D-Bus session (dbus-run-session): unlocks a throw-away gnome-keyring, starts
# the emulator, prepares sandboxes, signs in once and runs every measurement into $work/results.
set -euo pipefail
repo=$1 work=$2
lib="$repo/bench/lib"
source "$lib/log.sh"
export BENCH_BIN="$work/bin/git-credential-entra" BENCH_WORK="$work" BENCH_RESULTS="$work/results"

# Nothing from the caller's identity, CI, git or XDG set-up may leak into what we measure.
unset "${!AZURE_@}" "${!GIT_@}" "${!XDG_@}" "${!MSAL_@}" "${!ACTIONS_ID_TOKEN_@}" "${!SYSTEM_@}" \
    IDENTITY_ENDPOINT IDENTITY_HEADER MSI_ENDPOINT MSI_SECRET CI TF_BUILD GITHUB_ACTIONS SSH_AUTH_SOCK
export GIT_CONFIG_NOSYSTEM=1
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -p -m 700 "$XDG_RUNTIME_DIR" "$work/keyring"

log "unlocking a private gnome-keyring on the bench's own D-Bus session"
eval "$(printf 'bench' | HOME="$work/keyring" gnome-keyring-daemon --unlock --components=secrets 2>>"$work/keyring.log")"
eval "$(HOME="$work/keyring" gnome-keyring-daemon --start --components=secrets 2>>"$work/keyring.log")"
export GNOME_KEYRING_CONTROL

emulator_pid=
stop_emulator() {
    [[ -n "$emulator_pid" ]] || return 0
    kill -TERM -- "-$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
    emulator_pid=
}
trap stop_emulator EXIT

log "starting the emulator (auto-approve)"
# Its own process group, so stopping it also stops what `dotnet run` started.
setsid dotnet run --project "$repo/tests/Emulator" -c Release --no-build -- \
    --state-dir "$work/emulator" --auto-approve --parent-pid $$ >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for ((i = 0; i < 600; i++)); do
    [[ -s "$work/emulator/emulator.env" ]] && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$work/emulator.log" >&2; die "the emulator exited"; }
    sleep 0.1
done
[[ -s "$work/emulator/emulator.env" ]] || die "the emulator did not write emulator.env within 60 s"
set -a
source "$work/emulator/emulator.env"
set +a
# .NET (our helper) and git trust the emulator's test CA for this run only.
export SSL_CERT_FILE="$EMULATOR_CA_FILE" GIT_SSL_CAINFO="$EMULATOR_CA_FILE"
case "$AZURE_AUTHORITY_HOST $EMULATOR_DEVOPS_URL $EMULATOR_ADMIN_URL" in
    *://127.0.0.1*://127.0.0.1*://127.0.0.1*) ;;
    *) die "the emulator is not on loopback: refusing to measure" ;;
esac

source "$lib/sandbox.sh"
make_requests
make_sandbox keyring
make_sandbox plaintext
make_sandbox secret-service
make_sandbox plaintext-file
make_sandbox refresh
make_sandbox cold
make_sandbox concurrent
make_sandbox static
make_sandbox undeclared

log "signing in once (device code, auto-approved) in each warm sandbox"
sign_in keyring
sign_in plaintext
sign_in secret-service
sign_in plaintext-file
sign_in refresh
static_bearer_from plaintext

"$lib/measure-cached.sh"
"$lib/measure-signin.sh"
"$lib/measure-concurrency.sh"
"$lib/measure-rss.sh"
"$lib/measure-breakdown.sh"
"$lib/measure-instructions.sh"
"$lib/admin.sh" stats >"$BENCH_RESULTS/emulator-stats-end.json"
