#!/usr/bin/env bash
# Installs, with apt-get, everything the build and the tests need on Debian 12 (eng/test.sh calls it).
#   eng/install-test-deps.sh          the packages below
#   eng/install-test-deps.sh --wine   also the Windows lane's (eng/test-windows.sh): Wine, winegcc, msitools
# As root it installs what is missing; as another user it prints the one command to run.
# Idempotent: when every package is already present it does nothing (not even apt-get update).
set -euo pipefail
# shellcheck source=eng/lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

packages=(
  # build: native AOT needs clang and zlib; git for the tests (2.39 from bookworm)
  git clang zlib1g-dev ca-certificates curl
  # token cache tests: a real Secret Service over a private D-Bus session
  dbus gnome-keyring libsecret-tools libsecret-1-0
  # system-browser sign-in tests drive headless Chromium (certutil: trust the test CA); benchmarks use hyperfine
  chromium libnss3-tools hyperfine
  # terminal tests (what a person sees after a failure: no password prompt) run git inside tmux
  tmux
  # eng/build-git.sh: fetch trixie's git source and build it with bookworm's libraries
  dpkg-dev xz-utils make gcc libc6-dev libcurl4-gnutls-dev libexpat1-dev libssl-dev libpcre2-dev gettext
  # git-lfs tests: Debian 12's git-lfs 3.3 (Basic only); eng/install-git-lfs.sh adds a >= 3.6 (Bearer)
  git-lfs
  # packaging (.deb) checks; the tarball check runs as another user (setpriv)
  lintian fakeroot util-linux
  # help and completion tests: git help opens the man page (man-db); git's bash completion loads ours (bash-completion)
  man-db bash-completion
  # coverage-guided fuzzing (fuzz/run; it restores SharpFuzz's instrumenter itself): AFL++
  afl++
)
case "${1:-}" in
  "") ;;
  # Wine 8 runs the win-x64 build, wine64-tools' winegcc builds the git.exe stand-in, wixl the MSI
  # (msiinfo reads it) from the twin xsltproc derives from installer/windows/Package.wxs.
  --wine) packages+=(wine64 wine64-tools msitools wixl xsltproc) ;;
  *) echo "install-test-deps: unknown argument '$1' (only --wine)" >&2; exit 2 ;;
esac

mapfile -t missing < <(apt_missing "${packages[@]}")
if ((${#missing[@]} == 0)); then
  echo "install-test-deps: all ${#packages[@]} packages already installed"
  exit 0
fi
if ((EUID != 0)); then
  echo "install-test-deps: missing ${missing[*]}; run this once as root, then again:" >&2
  echo "  sudo $0${1:+ $1}" >&2
  exit 1
fi
apt_ensure install-test-deps "${missing[@]}"
echo "install-test-deps: done"
