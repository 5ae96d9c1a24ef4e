# Sourced by eng/*.sh: install Debian/Ubuntu packages the one way every script shares.
#   apt_missing PKG...      prints the packages (one a line) that are not fully installed
#   apt_ensure WHO PKG...   installs the missing ones with apt-get when root; otherwise prints the
#                           one command to run and returns 1. WHO names the calling script in messages.
#   apt_newest REGEX DEFAULT  the highest-versioned package name matching REGEX (e.g. libicu74), else DEFAULT
#   debian_mirror           (eng/lib/debian-mirror.sh) the Debian mirror apt already uses

# shellcheck source=eng/lib/debian-mirror.sh
. "$(dirname "${BASH_SOURCE[0]}")/debian-mirror.sh"

apt_missing() {
  local p
  for p in "$@"; do
    # dpkg-query prints "install ok installed" only for a fully installed package.
    [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" == "install ok installed" ]] || echo "$p"
  done
}

apt_ensure() {
  local who=$1
  shift
  local missing=()
  mapfile -t missing < <(apt_missing "$@")
  ((${#missing[@]})) || return 0
  if ! command -v apt-get >/dev/null || ! command -v dpkg-query >/dev/null; then
    echo "$who: needs ${missing[*]} (install them with your package manager)" >&2
    return 1
  fi
  if ((EUID != 0)); then
    echo "$who: missing ${missing[*]}; run this once, then again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    return 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Other apt users (parallel jobs) may hold the lock for a while: wait instead of failing.
  local opts=(-q -y -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3) log
  log="$(mktemp)"
  echo "$who: installing ${missing[*]} (apt-get)"
  # A third-party source that cannot be reached makes `update` fail although Debian's lists did
  # update; carry on and let `install` decide.
  if ! apt-get "${opts[@]}" update >"$log" 2>&1; then
    grep -E '^(E|W):' "$log" >&2 || true
    echo "$who: apt-get update reported errors (above); trying to install anyway" >&2
  fi
  if ! apt-get "${opts[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "$who: apt-get install failed (output above)" >&2
    return 1
  fi
  rm -f "$log"
}

apt_newest() {
  local found
  found="$(apt-cache pkgnames 2>/dev/null | grep -E "$1" | sort -V | tail -n 1 || true)"
  echo "${found:-$2}"
}
