#!/usr/bin/env bash
# Builds the .deb from a native-AOT publish directory:
#   /usr/lib/git-credential-entra/   the executable and the native libraries published beside it
#   /usr/bin/git-credential-entra    relative symlink, so `git credential-entra` is found on PATH
#   man page, copyright (with the licence of every shipped binary), changelog, lintian overrides.
# Usage: build-deb.sh PUBLISH_DIR VERSION RID OUT_DIR
# Needs dpkg-deb (dpkg-shlibdeps, when present, computes the libc dependency). No root needed.
set -euo pipefail

publish_dir=${1:?usage: build-deb.sh PUBLISH_DIR VERSION RID OUT_DIR}
version=${2:?version}
version="${version//-/\~}"   # a pre-release (1.2.0-beta.1) sorts before the release in dpkg as 1.2.0~beta.1
rid=${3:?rid}
out_dir=${4:?out dir}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name=git-credential-entra
maintainer=${DEB_MAINTAINER:-"git-credential-entra maintainers <maintainers@git-credential-entra.invalid>"}

case "$rid" in
  linux-x64) arch=amd64 ;;
  linux-arm64) arch=arm64 ;;
  *) echo "build-deb: no Debian architecture for RID '$rid'" >&2; exit 2 ;;
esac
for program in "$name" "$name-engine"; do
  [[ -x "$publish_dir/$program" ]] || { echo "build-deb: $publish_dir/$program is missing; publish first" >&2; exit 1; }
done
command -v dpkg-deb >/dev/null || { echo "build-deb: dpkg-deb is not installed" >&2; exit 1; }

# Reproducible timestamps: the last commit's time unless the caller set SOURCE_DATE_EPOCH.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || date +%s)}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
lib="$root/usr/lib/$name"
doc="$root/usr/share/doc/$name"
install -d -m 0755 "$lib" "$root/usr/bin" "$root/usr/share/man/man1" "$doc" "$root/usr/share/lintian/overrides" "$root/DEBIAN"

# The front git starts, the engine it hands over to, and every native library beside them; never
# debug symbols.
install -m 0755 "$publish_dir/$name" "$publish_dir/$name-engine" "$lib/"
shopt -s nullglob
for library in "$publish_dir"/*.so; do
  install -m 0644 "$library" "$lib/"
done
shopt -u nullglob
ln -s "../lib/$name/$name" "$root/usr/bin/$name"

gzip -9n <"$here/$name.1" >"$root/usr/share/man/man1/$name.1.gz"
chmod 0644 "$root/usr/share/man/man1/$name.1.gz"

cp "$here/debian/copyright" "$doc/copyright"
if [[ -e "$lib/libmsalruntime.so" ]]; then
  # The broker runtime's own licence terms, taken from the NuGet package it came from.
  licence="$("$here/msalruntime-licence.sh")"
  {
    echo
    echo "License: Microsoft-Software-License-Terms"
    # DEP-5: continuation lines start with a space; an empty line is " .".
    tr -d '\r' <"$licence" | sed -e 's/[[:space:]]*$//' -e 's/^$/./' -e 's/^/ /'
  } >>"$doc/copyright"
fi
chmod 0644 "$doc/copyright"

changelog_date="$(date -u -R -d "@$SOURCE_DATE_EPOCH")"
printf '%s (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
  "$name" "$version" "$version" "$maintainer" "$changelog_date" | gzip -9n >"$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"

install -m 0644 "$here/debian/lintian-overrides" "$root/usr/share/lintian/overrides/$name"
install -m 0755 "$here/debian/prerm" "$root/DEBIAN/prerm"

# Depends: what the executable links (libc), what .NET loads at run time for HTTPS (libssl),
# and git itself. libmsalruntime.so's desktop libraries are not required: the broker is only
# used when the Microsoft identity broker (which brings them) is installed.
depends="git"
if command -v dpkg-shlibdeps >/dev/null; then
  mkdir -p "$work/src/debian"
  printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$name" "$name" >"$work/src/debian/control"
  shlibs="$(cd "$work/src" && dpkg-shlibdeps -O -e"$lib/$name" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')"
  depends="${shlibs:-libc6}, $depends"
else
  depends="libc6, $depends"
fi
depends="$depends, libssl3 | libssl1.1"

installed_size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@MAINTAINER@/$maintainer/" \
    -e "s/@INSTALLED_SIZE@/$installed_size/" -e "s/@DEPENDS@/$depends/" \
    "$here/debian/control.in" >"$root/DEBIAN/control"

(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) >"$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out_dir"
deb="$out_dir/${name}_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
