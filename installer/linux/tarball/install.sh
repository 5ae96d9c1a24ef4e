#!/bin/sh
# Installs git-credential-entra for the current user, without root, and configures git to use it
# for Azure DevOps. Run from the unpacked tarball:
#   ./install.sh [--prefix DIR] [--no-configure]
# DIR defaults to ~/.local: DIR/lib/git-credential-entra (program), DIR/bin (symlink),
# DIR/share (manual; bash and zsh completion, which bash-completion and zsh find there when DIR is
# ~/.local or /usr/local). Re-running upgrades in place. Undo with
#   DIR/lib/git-credential-entra/uninstall.sh
set -eu

name=git-credential-entra
prefix="${HOME:?HOME is not set}/.local"
configure=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --no-configure) configure=0; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option '$1' (use --prefix DIR or --no-configure)" >&2; exit 2 ;;
    esac
done
case "$prefix" in
    /*) ;;
    *) prefix="$(pwd)/$prefix" ;;
esac

source_dir="$(cd "$(dirname "$0")" && pwd)"
[ -x "$source_dir/lib/$name/$name" ] || { echo "install.sh: run it from the unpacked $name tarball" >&2; exit 1; }
command -v git >/dev/null 2>&1 || echo "install.sh: note: git is not on PATH; install git to use the helper" >&2

lib="$prefix/lib/$name"
bin="$prefix/bin"
manifest="$lib/.installed-files"

# Remember which directories this installation creates (kept across upgrades), so that
# uninstall.sh removes those and no directory that was there before.
created_dirs=""
if [ -f "$manifest" ]; then
    created_dirs="$(grep '^dir:' "$manifest" || true)"
fi
if [ ! -d "$prefix" ]; then
    mkdir -p "$prefix"
    created_dirs="$created_dirs
dir:."
fi
# Every directory of the tarball's share/ (manual, completions), then bin and lib.
share_dirs="$(cd "$source_dir" && find share -type d | sort)"
for relative in $share_dirs bin lib "lib/$name"; do
    if [ ! -d "$prefix/$relative" ]; then
        mkdir -p "$prefix/$relative"
        created_dirs="$created_dirs
dir:$relative"
    fi
done

# Copy to a temporary name first, then rename: a running git never sees a half-written program.
for file in "$source_dir/lib/$name"/*; do
    base="$(basename "$file")"
    cp "$file" "$lib/.$base.new"
    mv -f "$lib/.$base.new" "$lib/$base"
done
cp "$source_dir/uninstall.sh" "$lib/uninstall.sh"
chmod 0755 "$lib/$name" "$lib/uninstall.sh"
ln -sfn "../lib/$name/$name" "$bin/$name"
share_files="$(cd "$source_dir" && find share -type f | sort)"
for relative in $share_files; do
    cp "$source_dir/$relative" "$prefix/$relative"
done

# What uninstall.sh removes: exactly these files, then these directories (relative to the prefix).
{
    for file in "$lib"/*; do echo "lib/$name/$(basename "$file")"; done
    echo "bin/$name"
    printf '%s\n' "$share_files"
    printf '%s\n' "$created_dirs" | grep '^dir:' || true
} >"$manifest"

echo "installed $("$lib/$name" --version 2>/dev/null || echo "$name") to $prefix"

if [ "$configure" -eq 1 ]; then
    "$bin/$name" configure
fi

case ":${PATH:-}:" in
    *":$bin:"*) ;;
    *) echo "note: $bin is not on PATH; git finds the helper through the path written to your git config, but to run 'git credential-entra' yourself add $bin to PATH" ;;
esac
