#!/usr/bin/env bash
# Watch the installed helper work, offline: starts the local emulator (tests/Emulator, 127.0.0.1
# only) with --auto-approve, clones contoso/demo through the helper that eng/install.sh installed
# (a device-code sign-in the emulator approves at once), fetches again silently from the token
# cache, shows the emulator's counters, then stops the emulator and deletes everything it made.
# Your own git config, token cache and keyring are not touched: the demo runs in a throwaway HOME.
# Usage: eng/demo.sh [--trace]   (--trace shows the helper's GIT_ENTRA_TRACE output)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trace=""
case "${1:-}" in
  "") ;;
  --trace) trace=1 ;;
  *) echo "demo: unknown argument '$1' (only --trace)" >&2; exit 2 ;;
esac

helper="$(command -v git-credential-entra || true)"
[[ -n "$helper" ]] || helper="$HOME/.local/bin/git-credential-entra"
[[ -x "$helper" ]] || { echo "demo: git-credential-entra is not installed; run eng/install.sh first" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/git-credential-entra-demo.XXXXXX")"
emulator=""
cleanup() {
  if [[ -n "$emulator" ]]; then kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "demo: starting the emulator (Entra ID + Azure DevOps on 127.0.0.1; the first start builds it)"
dotnet run --project "$repo/tests/Emulator" -c Release -- --state-dir "$work/emulator" --auto-approve --parent-pid $$ \
  >"$work/emulator.log" 2>&1 &
emulator=$!
for _ in $(seq 1 300); do
  [[ -f "$work/emulator/emulator.env" ]] && break
  kill -0 "$emulator" 2>/dev/null || { cat "$work/emulator.log" >&2; echo "demo: the emulator stopped" >&2; exit 1; }
  sleep 1
done
[[ -f "$work/emulator/emulator.env" ]] || { echo "demo: the emulator did not start within 300 s" >&2; exit 1; }
# shellcheck disable=SC1091
set -a; . "$work/emulator/emulator.env"; set +a

# A throwaway HOME; the emulator's CA trusted for this run only; its Entra ID as the authority.
mkdir -p "$work/home"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache"
export GIT_CONFIG_NOSYSTEM=1 GIT_SSL_CAINFO="$EMULATOR_CA_FILE" SSL_CERT_FILE="$EMULATOR_CA_FILE" AZURE_AUTHORITY_HOST
# Sign in as a developer would, by device code; the emulator approves it at once. No keyring is
# assumed on this machine, so the demo's token cache is a 0600 file inside the throwaway HOME.
export GCM_MSAUTH_FLOW=devicecode GCM_INTERACTIVE=always GIT_ENTRA_CACHE_PROTECTION=plaintext
[[ -n "$trace" ]] && export GIT_ENTRA_TRACE=1

url="$EMULATOR_DEVOPS_URL/contoso/demo/_git/demo"
echo
echo "\$ git credential-entra configure --url $EMULATOR_DEVOPS_URL   # the emulator stands in for dev.azure.com"
"$helper" configure --url "$EMULATOR_DEVOPS_URL"
echo
echo "\$ git clone $url"
git clone "$url" "$work/demo"
echo
echo "\$ git -C demo log --oneline"
git -C "$work/demo" log --oneline
echo
echo "\$ git -C demo fetch    # again: the token comes from the cache, no sign-in"
git -C "$work/demo" fetch
echo
echo "emulator counters: $(curl -fsS "$EMULATOR_ADMIN_URL/stats" 2>/dev/null || echo unavailable)"
echo "demo: done; stopping the emulator and removing $work"
