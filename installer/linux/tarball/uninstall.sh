#!/bin/sh
# Removes what install.sh installed: first the lines `configure` wrote to the user's git config
# (`git credential-entra unconfigure`), then exactly the files install.sh listed, then the
# directories it created (deepest first), if they are empty.
#   PREFIX/lib/git-credential-entra/uninstall.sh [--purge]
# --purge also deletes the helper's own data: cached tokens (`git credential-entra logout --all`,
# which reaches the keyring too), its state folder (token cache files, account choice) and cache
# folder (tenant of each organization) under XDG_STATE_HOME / XDG_CACHE_HOME.
set -eu

purge=0
case "${1:-}" in
    "") ;;
    --purge) purge=1 ;;
    *) echo "uninstall.sh: unknown option '$1' (only --purge)" >&2; exit 2 ;;
esac

name=git-credential-entra
lib="$(cd "$(dirname "$0")" && pwd)"
prefix="$(cd "$lib/../.." && pwd)"
manifest="$lib/.installed-files"
[ -f "$manifest" ] || { echo "uninstall.sh: $manifest is missing; is $name installed in $prefix?" >&2; exit 1; }

if [ "$purge" -eq 1 ] && [ -x "$lib/$name" ]; then
    # Signed-in users' tokens may live in the keyring, outside the folders removed below.
    "$lib/$name" logout --all >/dev/null 2>&1 || true
fi
if [ -x "$lib/$name" ]; then
    "$lib/$name" unconfigure || echo "uninstall.sh: could not remove $name from git config; run 'git credential-entra unconfigure' by hand" >&2
fi

created_dirs=""
while IFS= read -r entry; do
    case "$entry" in
        ""|/*|*..*) continue ;;   # only plain paths inside the prefix
        dir:*) created_dirs="${entry#dir:}
$created_dirs" ;;             # reversed: deepest (created last) first
        *) rm -f "$prefix/$entry" ;;
    esac
done <"$manifest"
rm -f "$manifest"

if [ "$purge" -eq 1 ]; then
    for data in "${XDG_STATE_HOME:-$HOME/.local/state}" "${XDG_CACHE_HOME:-$HOME/.cache}"; do
        rm -rf "${data:?}/$name"
        rmdir "$data" 2>/dev/null || true   # only when nothing else is in it
    done
fi

printf '%s\n' "$created_dirs" | while IFS= read -r relative; do
    case "$relative" in
        "") ;;
        .) rmdir "$prefix" 2>/dev/null || true ;;
        *) rmdir "$prefix/$relative" 2>/dev/null || true ;;
    esac
done
echo "removed $name from $prefix"
