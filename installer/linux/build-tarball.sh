#!/usr/bin/env bash
# Builds git-credential-entra-VERSION-RID.tar.gz from a native-AOT publish directory: one top
# directory holding install.sh / uninstall.sh, lib/git-credential-entra/ (program + native
# libraries), the man page, the licence. Reproducible with GNU tar (sorted, fixed owner and times).
# eng/install.sh also uses it on macOS, where bsdtar makes it (not byte-reproducible there).
# Usage: build-tarball.sh PUBLISH_DIR VERSION RID OUT_DIR
set -euo pipefail

publish_dir=${1:?usage: build-tarball.sh PUBLISH_DIR VERSION RID OUT_DIR}
version=${2:?version}
rid=${3:?rid}
out_dir=${4:?out dir}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
name=git-credential-entra
executable="$name"
[[ "$rid" == win-* ]] && executable="$name.exe"
[[ -x "$publish_dir/$executable" ]] || { echo "build-tarball: $publish_dir/$executable is missing; publish first" >&2; exit 1; }
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
top="$name-$version-$rid"
root="$work/$top"
install -d -m 0755 "$root/lib/$name" "$root/share/man/man1"
install -m 0755 "$publish_dir/$executable" "$root/lib/$name/"
# Linux: the front hands everything but cached answers to the engine published beside it.
if [[ -e "$publish_dir/$name-engine" ]]; then
  install -m 0755 "$publish_dir/$name-engine" "$root/lib/$name/"
fi
shopt -s nullglob
for library in "$publish_dir"/*.so "$publish_dir"/*.dylib; do
  install -m 0644 "$library" "$root/lib/$name/"
done
shopt -u nullglob
install -m 0755 "$here/tarball/install.sh" "$here/tarball/uninstall.sh" "$root/"
install -m 0644 "$here/$name.1" "$root/share/man/man1/$name.1"
install -m 0644 "$repo/LICENSE" "$root/LICENSE"
if [[ -e "$root/lib/$name/libmsalruntime.so" ]]; then
  install -m 0644 "$("$here/msalruntime-licence.sh")" "$root/LICENSE.libmsalruntime"
fi

mkdir -p "$out_dir"
tarball="$(cd "$out_dir" && pwd)/$top.tar.gz"
if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar -C "$work" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
    -cf - "$top" | gzip -9n >"$tarball"
else
  tar -C "$work" --uid 0 --gid 0 -cf - "$top" | gzip -9n >"$tarball"   # bsdtar (macOS)
fi
echo "$tarball"
