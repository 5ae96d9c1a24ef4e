#!/usr/bin/env bash
# Puts a git-lfs >= 3.6 (the first release that offers git `capability[]=authtype`, so Bearer tokens)
# into a per-user cache directory the end-to-end tests look in:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git-lfs/usr/bin/git-lfs
# It is Debian trixie's binary package, unpacked with dpkg -x: nothing is installed on the system,
# and apt's own configuration is untouched (a private sources list and private list/cache folders
# under a temporary directory; the mirror is the one apt already uses, or GIT_ENTRA_DEBIAN_MIRROR).
# Debian 12's own git-lfs 3.3 (Basic only) comes from apt through eng/install-test-deps.sh.
# Idempotent: does nothing when a git-lfs >= 3.6 is already there.
set -euo pipefail
# shellcheck source=lib/debian-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/debian-mirror.sh"

min_major=3 min_minor=6
prefix="${XDG_CACHE_HOME:-$HOME/.cache}/git-credential-entra-tests/git-lfs"
binary="$prefix/usr/bin/git-lfs"

version_ok() { # $1 = path of a git-lfs binary; "git-lfs/3.6.1 (GitHub; linux amd64; go 1.24.4)"
  local v major minor
  v="$("$1" version 2>/dev/null | sed -nE 's|^git-lfs/([0-9]+\.[0-9]+)[^ ]*.*|\1|p')" || return 1
  IFS=. read -r major minor <<<"$v"
  [[ "$major" =~ ^[0-9]+$ && "$minor" =~ ^[0-9]+$ ]] || return 1
  ((major > min_major || (major == min_major && minor >= min_minor)))
}

if [[ -x "$binary" ]] && version_ok "$binary"; then
  echo "install-git-lfs: $("$binary" version) already in $prefix"
  exit 0
fi

mirror="$(debian_mirror)" || { echo "install-git-lfs: no Debian mirror found in apt's sources; set GIT_ENTRA_DEBIAN_MIRROR" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/install-git-lfs.XXXXXX")"
log="$work/apt.log"
trap 'rm -rf "$work"' EXIT
fail() { tail -n 40 "$log" >&2 || true; echo "install-git-lfs: $1 (log tail above)" >&2; exit 1; }

mkdir -p "$work/lists/partial" "$work/cache/archives/partial" "$work/download"
cat >"$work/trixie.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# Only this private list is read and written; the system's lists, cache and sources stay as they are.
apt_private=(
  -q -o Acquire::Retries=3
  -o Dir::Etc::sourcelist="$work/trixie.sources" -o Dir::Etc::sourceparts=-
  -o Dir::State::Lists="$work/lists" -o Dir::Cache="$work/cache"
  -o APT::Sandbox::User=root -o Debug::NoLocking=1
)

echo "install-git-lfs: fetching trixie's git-lfs package"
apt-get "${apt_private[@]}" update >>"$log" 2>&1 || fail "apt-get update of the private trixie list failed"
(cd "$work/download" && apt-get "${apt_private[@]}" download git-lfs/trixie >>"$log" 2>&1) \
  || fail "apt-get download git-lfs/trixie failed"
deb="$(find "$work/download" -maxdepth 1 -name 'git-lfs_*.deb' | head -n1)"
[[ -n "$deb" ]] || fail "no git-lfs_*.deb downloaded"

rm -rf "$prefix"
mkdir -p "$prefix"
dpkg-deb -x "$deb" "$prefix"
version_ok "$binary" || fail "$(basename "$deb") does not hold a git-lfs >= $min_major.$min_minor that runs here"
echo "install-git-lfs: unpacked $("$binary" version) from $(basename "$deb") into $prefix"
