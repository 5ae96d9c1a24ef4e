#!/usr/bin/env bash
# Installs the Debian packages the benchmark needs when one is missing (the machine runs as root).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/log.sh"

declare -A needed=(
    [hyperfine]=hyperfine
    [git-credential-oauth]=git-credential-oauth
    [gnome-keyring-daemon]=gnome-keyring
    [dbus-run-session]=dbus
    [/usr/bin/time]=time
    [python3]=python3
    [curl]=curl
    [valgrind]=valgrind
    [cc]=gcc
)
missing=()
for tool in "${!needed[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${needed[$tool]}")
done
((${#missing[@]} == 0)) && exit 0

log "installing ${missing[*]}"
[[ $(id -u) == 0 ]] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]})"
apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
