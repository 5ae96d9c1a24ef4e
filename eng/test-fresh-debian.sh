#!/usr/bin/env bash
# Proves README's two set-up commands on a fresh machine (not part of CI: it takes a while).
# A clean Debian 12 root made with debootstrap (minbase), the .NET SDK copied in from this machine
# and nothing else, a clone of this repository's HEAD in it; then, in a chroot:
#   1. as an unprivileged user, eng/install.sh must stop and print the one apt-get command to run;
#   2. as root, `eng/install.sh` and then `eng/test.sh`, exactly as README has them, must pass.
# Prints each command's wall time and the test command's closing line.
# Needs root, the network to this machine's Debian mirror (taken from apt's own sources) and NuGet.
# Usage: sudo eng/test-fresh-debian.sh [--keep]   (--keep leaves the root in place and prints it)
# Commit first: the chroot gets `git clone` of HEAD, not the working tree.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=eng/lib/apt.sh
. "$repo/eng/lib/apt.sh"
keep=""
case "${1:-}" in
  "") ;;
  --keep) keep=1 ;;
  *) echo "fresh-debian: unknown argument '$1' (only --keep)" >&2; exit 2 ;;
esac
((EUID == 0)) || { echo "fresh-debian: run as root (debootstrap and chroot need it)" >&2; exit 1; }
apt_ensure fresh-debian debootstrap git util-linux openssl

mirror="$(debian_mirror)" || { echo "fresh-debian: no Debian mirror in apt's sources; set GIT_ENTRA_DEBIAN_MIRROR" >&2; exit 1; }
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
[[ -x "$dotnet_root/dotnet" ]] || { echo "fresh-debian: no .NET SDK on PATH" >&2; exit 1; }

base="$(mktemp -d "${TMPDIR:-/var/tmp}/gce-fresh-debian.XXXXXX")"
chroot_dir="$base/root"
logs="$base/logs"
mkdir -p "$chroot_dir" "$logs"
cleanup() {
  # Mounts live in the private mount namespace of the chroot step, so none can outlive it;
  # refuse to delete anything that still is a mount point all the same.
  if [[ -n "$keep" ]]; then echo "fresh-debian: kept $base"; return; fi
  if findmnt -rn -o TARGET | grep -q "^$chroot_dir"; then echo "fresh-debian: $chroot_dir still has mounts; not deleting" >&2; return; fi
  rm -rf "$base"
}
trap cleanup EXIT
step() { # $1 = name, $2 = seconds allowed, rest = command; the log is kept under $logs
  local name=$1 limit=$2 start=$SECONDS rc=0
  shift 2
  echo "fresh-debian: $name"
  timeout --kill-after=30 "$limit" "$@" </dev/null >"$logs/$name.log" 2>&1 || rc=$?
  echo "fresh-debian: $name: exit $rc in $((SECONDS - start)) s"
  return $rc
}

step debootstrap 1200 debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" \
  || { tail -n 20 "$logs/debootstrap.log"; exit 1; }
cp -a "$dotnet_root" "$chroot_dir/usr/share/dotnet"
ln -s /usr/share/dotnet/dotnet "$chroot_dir/usr/bin/dotnet"
cp /etc/resolv.conf "$chroot_dir/etc/resolv.conf"
# The network's own trust: certificates this machine trusts beyond Debian's bundle (an egress
# proxy's CA, say) go where an administrator puts them on any machine of this network; the
# ca-certificates package that eng/install.sh installs then adds them to the root's bundle.
mkdir -p "$chroot_dir/usr/local/share/ca-certificates" "$base/trust"
awk -v dir="$base/trust" '/-----BEGIN CERTIFICATE-----/ {n++} n {print > (dir "/" n ".pem")}' /etc/ssl/certs/ca-certificates.crt
known="$(for f in /usr/share/ca-certificates/*/*.crt; do openssl x509 -in "$f" -noout -fingerprint -sha256 2>/dev/null; done)"
for f in "$base"/trust/*.pem; do
  fingerprint="$(openssl x509 -in "$f" -noout -fingerprint -sha256 2>/dev/null)" || continue
  grep -qxF "$fingerprint" <<<"$known" || cp "$f" "$chroot_dir/usr/local/share/ca-certificates/network-$(basename "$f" .pem).crt"
done
# The clone a user would have: HEAD of this repository (git runs on this machine, not in the root).
git clone --quiet --no-hardlinks "$repo" "$chroot_dir/opt/git-credential-entra"
echo "fresh-debian: root ready: Debian $(cat "$chroot_dir/etc/debian_version"), $(du -sh "$chroot_dir" | cut -f1), $(ls "$chroot_dir/usr/local/share/ca-certificates" | wc -l) network CA(s), SDK $("$dotnet_root/dotnet" --version), repo at $(git -C "$repo" rev-parse --short HEAD)"

# in_root CMD...: CMD inside the root with /proc, /sys, /dev and a fresh /tmp mounted in a private
# mount namespace (all gone when it exits) and a login-like environment: nothing of this shell leaks in.
in_root=(unshare --mount --propagation private -- bash -c '
    set -e
    r=$1; shift
    mount -t proc proc "$r/proc"
    mount -t sysfs sys "$r/sys"
    mount --rbind /dev "$r/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$r/tmp"
    exec chroot "$r" "$@"
  ' in_root "$chroot_dir" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
  LANG=C.UTF-8 TERM=dumb DOTNET_CLI_TELEMETRY_OPTOUT=1)

# 1. Not root: install.sh installs nothing and names the command (exit 1, the apt-get line).
mkdir -p "$chroot_dir/home/dev"
chown 1000:1000 "$chroot_dir/home/dev"
if step install-as-user 300 "${in_root[@]}" setpriv --reuid=1000 --regid=1000 --clear-groups env HOME=/home/dev \
    bash -c 'cd /opt/git-credential-entra && eng/install.sh'; then
  echo "fresh-debian: FAIL eng/install.sh as a user without the prerequisites succeeded"; exit 1
fi
grep -q 'sudo apt-get update && sudo apt-get install -y --no-install-recommends .*clang' "$logs/install-as-user.log" \
  || { cat "$logs/install-as-user.log"; echo "fresh-debian: FAIL eng/install.sh as a user did not print the apt-get command"; exit 1; }
echo "fresh-debian: as a user: $(grep -m1 'sudo apt-get' "$logs/install-as-user.log" | sed 's/^ *//')"

# 2. As root, README's two commands as written.
failed=0
step eng-install.sh 1800 "${in_root[@]}" HOME=/root bash -c 'cd /opt/git-credential-entra && eng/install.sh' \
  || { tail -n 30 "$logs/eng-install.sh.log"; failed=1; }
if ((failed == 0)); then
  tail -n 3 "$logs/eng-install.sh.log" | sed 's/^/  /'
  step eng-test.sh 3600 "${in_root[@]}" HOME=/root bash -c 'cd /opt/git-credential-entra && eng/test.sh' \
    || { grep -E '^\s+Failed |\[FAIL\]' "$logs/eng-test.sh.log" | head -n 30; failed=1; }
  grep -E '^test: finished|^Tests: ' "$logs/eng-test.sh.log" | sed 's/^/  /' || true
fi
if ((failed)); then
  keep=1
  echo "fresh-debian: FAIL (logs in $logs)"
  exit 1
fi
echo "fresh-debian: both README commands passed in a fresh Debian 12 root"
