#!/usr/bin/env bash
# Builds git >= 2.46 (for capability[]=authtype / Bearer tests) from Debian trixie's source package,
# against bookworm's libraries, into a per-user cache directory the end-to-end tests look in:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git/bin/git
# Only trixie's *source* index is added; no trixie binary package is ever installed.
# Idempotent: does nothing when a git >= 2.46 is already there.
set -euo pipefail
# shellcheck source=lib/debian-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-mirror.sh"

min_major=2 min_minor=46
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git"
jobs="${BUILD_GIT_JOBS:-2}"

version_ok() { # $1 = path of a git binary
  local v major minor
  v="$("$1" --version 2>/dev/null | awk '{print $3}')" || return 1
  IFS=. read -r major minor _ <<<"$v"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  ((major > min_major || (major == min_major && minor >= min_minor)))
}

if [[ -x "$prefix/bin/git" ]] && version_ok "$prefix/bin/git"; then
  echo "build-git: $("$prefix/bin/git" --version) already in $prefix"
  exit 0
fi

sudo=()
((EUID == 0)) || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
apt_opts=(-q -y -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)

# A deb-src entry for trixie in its own file; refresh only that entry's index.
# The mirror is the one this machine already uses for Debian (eng/lib/debian-mirror.sh).
src_list=/etc/apt/sources.list.d/git-credential-entra-trixie-src.sources
if [[ ! -f "$src_list" ]]; then
  mirror="$(debian_mirror)" || { echo "build-git: no Debian mirror found in apt's sources; set GIT_ENTRA_DEBIAN_MIRROR" >&2; exit 1; }
  "${sudo[@]}" tee "$src_list" >/dev/null <<SOURCES
# Added by git-credential-entra's eng/build-git.sh: source packages only (git >= 2.46 for tests).
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/build-git.XXXXXX")"
log="$work/build.log"
trap 'rm -rf "$work"' EXIT
fail() { tail -n 60 "$log" >&2 || true; echo "build-git: $1 (log tail above)" >&2; exit 1; }

echo "build-git: fetching git's source from trixie"
"${sudo[@]}" apt-get "${apt_opts[@]}" update \
  -o Dir::Etc::sourcelist="$src_list" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 \
  >>"$log" 2>&1 || fail "apt-get update for trixie's sources failed"
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only git/trixie >>"$log" 2>&1) \
  || fail "apt-get source git/trixie failed"

# Upstream tarball is enough: Debian's patches are packaging-only for our purpose.
orig="$(find "$work" -maxdepth 1 -name 'git_*.orig.tar.*' | head -n1)"
[[ -n "$orig" ]] || fail "no git_*.orig.tar.* downloaded"
tar -xf "$orig" -C "$work"
srcdir="$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'git-*' | head -n1)"
[[ -n "$srcdir" ]] || fail "unexpected layout of $orig"

echo "build-git: building $(basename "$srcdir") with -j$jobs into $prefix (several minutes)"
start=$SECONDS
rm -rf "$prefix"
make_flags=(prefix="$prefix" NO_TCLTK=1 NO_PYTHON=1 NO_INSTALL_HARDLINKS=1 INSTALL_SYMLINKS=1 USE_LIBPCRE2=1)
make -C "$srcdir" -j"$jobs" "${make_flags[@]}" all >>"$log" 2>&1 || fail "make failed"
make -C "$srcdir" "${make_flags[@]}" install >>"$log" 2>&1 || fail "make install failed"

version_ok "$prefix/bin/git" || fail "built git is older than $min_major.$min_minor"
echo "build-git: installed $("$prefix/bin/git" --version) in $prefix ($((SECONDS - start)) s)"
