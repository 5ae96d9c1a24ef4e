# shellcheck shell=bash
# debian_mirror: prints the Debian mirror this machine's apt already uses (never a host named in the
# repository), or GIT_ENTRA_DEBIAN_MIRROR when set. Sourced by eng/build-git.sh and eng/install-git-lfs.sh.
debian_mirror() {
  local mirror="${GIT_ENTRA_DEBIAN_MIRROR:-}"
  [[ -n "$mirror" ]] || mirror="$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
  [[ -n "$mirror" ]] || mirror="$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/ && $i !~ /security/) { print $i; exit } }' /etc/apt/sources.list 2>/dev/null || true)"
  [[ -n "$mirror" ]] || return 1
  printf '%s\n' "$mirror"
}
