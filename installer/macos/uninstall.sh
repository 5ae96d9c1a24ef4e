#!/bin/sh
# Removes git-credential-entra installed by the .pkg: first what "configure --system" wrote to git's
# system config, then the files, then the package receipt. Run with sudo:
#   sudo /usr/local/libexec/git-credential-entra/uninstall.sh
set -eu
name=git-credential-entra
dir=/usr/local/libexec/$name
[ "$(id -u)" = 0 ] || { echo "uninstall.sh: run it with sudo" >&2; exit 1; }
PATH=/opt/homebrew/bin:/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin
export PATH
if [ -x "$dir/$name" ]; then
    "$dir/$name" unconfigure --system || echo "uninstall.sh: could not unconfigure git; run 'git config --system --list' to check" >&2
fi
rm -f /usr/local/bin/$name /usr/local/share/man/man1/$name.1 /usr/local/share/bash-completion/completions/$name \
  /usr/local/share/zsh/site-functions/_$name
rm -rf "$dir"
pkgutil --forget org.gitcredentialentra.helper >/dev/null 2>&1 || true
echo "removed $name"
