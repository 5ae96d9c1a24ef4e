#!/usr/bin/env bash
# Writes the winget, Scoop and Homebrew manifests of a release from installer/manifests/*, with the
# download URL and SHA-256 of the released MSI (x64) and universal macOS .pkg filled in:
#   OUT/winget/git-credential-entra.yaml, .installer.yaml, .locale.en-US.yaml
#   OUT/scoop/git-credential-entra.json     OUT/homebrew/git-credential-entra.rb
# Usage: eng/release-manifests.sh --version VERSION --packages DIR --base-url URL --homepage URL --out DIR
# BASE_URL is where the release's files are downloaded from (the workflow passes its release's URL).
# Fails when a package is missing or a placeholder is left unfilled.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="" packages="" base_url="" homepage="" out=""
while (($#)); do
  case "$1" in
    --version) version=${2:?}; shift 2 ;;
    --packages) packages=${2:?}; shift 2 ;;
    --base-url) base_url=${2%/}; shift 2 ;;
    --homepage) homepage=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "release-manifests: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for required in version packages base_url homepage out; do
  [[ -n "${!required}" ]] || { echo "release-manifests: --${required//_/-} is required" >&2; exit 2; }
done

msi="git-credential-entra-$version-win-x64.msi"
pkg="git-credential-entra-$version-macos-universal.pkg"
for file in "$msi" "$pkg"; do
  [[ -f "$packages/$file" ]] || { echo "release-manifests: $packages/$file is missing" >&2; exit 1; }
done
sha() { sha256sum "$1" | cut -d' ' -f1; }

fill() { # template output
  mkdir -p "$(dirname "$2")"
  sed -e "s|@VERSION@|$version|g" \
      -e "s|@URL_MSI_X64@|$base_url/$msi|g" -e "s|@SHA256_MSI_X64@|$(sha "$packages/$msi")|g" \
      -e "s|@URL_PKG_UNIVERSAL@|$base_url/$pkg|g" -e "s|@SHA256_PKG_UNIVERSAL@|$(sha "$packages/$pkg")|g" \
      -e "s|@HOMEPAGE@|$homepage|g" "$repo/installer/manifests/$1" >"$2"
  if grep -n '@[A-Z0-9_]*@' "$2" >&2; then echo "release-manifests: unfilled placeholder in $2" >&2; exit 1; fi
}
fill winget.yaml "$out/winget/git-credential-entra.yaml"
fill winget.installer.yaml "$out/winget/git-credential-entra.installer.yaml"
fill winget.locale.en-US.yaml "$out/winget/git-credential-entra.locale.en-US.yaml"
fill scoop.json "$out/scoop/git-credential-entra.json"
fill homebrew-cask.rb "$out/homebrew/git-credential-entra.rb"
echo "release-manifests: wrote winget, scoop and homebrew manifests for $version into $out"
