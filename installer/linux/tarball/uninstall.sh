#!/bin/sh
# Removes what install.sh installed: first the lines `configure` wrote to the user's git config
# (`git credential-entra unconfigure`), then exactly the files install.sh listed, then the
# directories it created (deepest first), if they are empty. Usage: PREFIX/lib/git-credential-entra/uninstall.sh
set -eu

name=git-credential-entra
lib="$(cd "$(dirname "$0")" && pwd)"
prefix="$(cd "$lib/../.." && pwd)"
manifest="$lib/.installed-files"
[ -f "$manifest" ] || { echo "uninstall.sh: $manifest is missing; is $name installed in $prefix?" >&2; exit 1; }

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

printf '%s\n' "$created_dirs" | while IFS= read -r relative; do
    [ -n "$relative" ] && rmdir "$prefix/$relative" 2>/dev/null || true
done
echo "removed $name from $prefix"
