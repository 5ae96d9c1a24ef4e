#!/usr/bin/env bash
# Builds the macOS installer package (macOS only: pkgbuild, productbuild, lipo, codesign).
#   build-pkg.sh VERSION OUT_DIR PUBLISH_DIR [PUBLISH_DIR_OTHER_ARCH]
# With one publish directory (osx-x64 or osx-arm64) the package is for that architecture; with two
# the executables are merged with lipo into one universal binary and both broker libraries ship.
# Payload: /usr/local/libexec/git-credential-entra/ (program, native libraries, uninstall.sh) and
# the symlink /usr/local/bin/git-credential-entra. The postinstall script configures git's system
# config; uninstall.sh reverses everything.
# Optional environment (signing hooks; nothing is signed when unset):
#   MACOS_CODESIGN_IDENTITY   "Developer ID Application: ..." used for the executable and libraries
#   MACOS_INSTALLER_IDENTITY  "Developer ID Installer: ..." used by productbuild --sign
#   MACOS_NOTARY_PROFILE      a notarytool keychain profile; the signed package is notarized and stapled
set -euo pipefail

version=${1:?usage: build-pkg.sh VERSION OUT_DIR PUBLISH_DIR [PUBLISH_DIR_OTHER_ARCH]}
out_dir=${2:?out dir}
first=${3:?publish dir}
second=${4:-}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
name=git-credential-entra
identifier=org.gitcredentialentra.helper
[[ "$(uname -s)" == Darwin ]] || { echo "build-pkg: macOS packages are built on macOS (pkgbuild/productbuild)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/root"
libexec="$root/usr/local/libexec/$name"
mkdir -p "$libexec" "$root/usr/local/bin"

if [[ -n "$second" ]]; then
  lipo -create "$first/$name" "$second/$name" -output "$libexec/$name"
  suffix=universal
else
  cp "$first/$name" "$libexec/$name"
  suffix="$(lipo -archs "$first/$name" | tr ' ' '-')"
fi
chmod 0755 "$libexec/$name"
for dir in "$first" $second; do
  for library in "$dir"/*.dylib; do
    [[ -e "$library" ]] && install -m 0644 "$library" "$libexec/"
  done
done
install -m 0755 "$here/uninstall.sh" "$libexec/uninstall.sh"
ln -s "../libexec/$name/$name" "$root/usr/local/bin/$name"

if [[ -n "${MACOS_CODESIGN_IDENTITY:-}" ]]; then
  # Hardened runtime and a secure timestamp are what notarization requires.
  codesign --force --options runtime --timestamp --sign "$MACOS_CODESIGN_IDENTITY" "$libexec"/*.dylib "$libexec/$name"
fi

pkgbuild --root "$root" --identifier "$identifier" --version "$version" \
  --scripts "$here/scripts" --install-location / "$work/$name-component.pkg"

sed -e "s/@VERSION@/$version/g" -e "s/@IDENTIFIER@/$identifier/g" "$here/distribution.xml" >"$work/distribution.xml"
mkdir -p "$out_dir"
pkg="$out_dir/$name-$version-macos-$suffix.pkg"
sign_args=()
[[ -n "${MACOS_INSTALLER_IDENTITY:-}" ]] && sign_args=(--sign "$MACOS_INSTALLER_IDENTITY" --timestamp)
productbuild --distribution "$work/distribution.xml" --package-path "$work" "${sign_args[@]}" "$pkg"

if [[ -n "${MACOS_NOTARY_PROFILE:-}" ]]; then
  xcrun notarytool submit "$pkg" --keychain-profile "$MACOS_NOTARY_PROFILE" --wait
  xcrun stapler staple "$pkg"
fi
echo "$pkg"
