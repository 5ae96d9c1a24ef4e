#!/usr/bin/env bash
# Installs, with apt-get, everything the build and the tests need on Debian 12.
# Idempotent: when every package is already present it does nothing (not even apt-get update).
set -euo pipefail

packages=(
  # build: native AOT needs clang and zlib; git for the tests (2.39 from bookworm)
  git clang zlib1g-dev ca-certificates curl
  # token cache tests: a real Secret Service over a private D-Bus session
  dbus gnome-keyring libsecret-tools libsecret-1-0
  # system-browser sign-in tests drive headless Chromium (certutil: trust the test CA); benchmarks use hyperfine
  chromium libnss3-tools hyperfine
  # eng/build-git.sh: fetch trixie's git source and build it with bookworm's libraries
  dpkg-dev xz-utils make gcc libc6-dev libcurl4-gnutls-dev libexpat1-dev libssl-dev libpcre2-dev gettext
  # git-lfs tests: Debian 12's git-lfs 3.3 (Basic only); eng/install-git-lfs.sh adds a >= 3.6 (Bearer)
  git-lfs
  # packaging (.deb) checks
  lintian fakeroot
)

missing=()
for p in "${packages[@]}"; do
  # dpkg-query prints "install ok installed" only for a fully installed package.
  if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-test-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-test-deps: run as root (or install sudo); missing: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi

export DEBIAN_FRONTEND=noninteractive
# Other apt users (parallel jobs) may hold the lock for a while: wait instead of failing.
apt_opts=(-q -y -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
echo "install-test-deps: installing ${missing[*]}"
# A third-party source that cannot be reached makes `update` fail although Debian's lists did
# update; carry on and let `install` decide.
if ! "${sudo[@]}" apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
  grep -E '^(E|W):' "$log" >&2 || true
  echo "install-test-deps: apt-get update reported errors (above); trying to install anyway" >&2
fi
if ! "${sudo[@]}" apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
  cat "$log" >&2
  echo "install-test-deps: apt-get install failed (output above)" >&2
  exit 1
fi
echo "install-test-deps: done"
