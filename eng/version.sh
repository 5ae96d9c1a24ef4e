#!/usr/bin/env bash
# Prints the version to build: from a release tag vX.Y.Z (GITHUB_REF_NAME or the tag on HEAD),
# otherwise <Version> in Directory.Build.props. Packages, the MSI and the .pkg all use it.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tag="${GITHUB_REF_NAME:-}"
if [[ "${GITHUB_REF_TYPE:-}" != tag ]]; then
  tag="$(git -C "$repo" describe --tags --exact-match 2>/dev/null || true)"
fi
if [[ "$tag" =~ ^v([0-9]+\.[0-9]+\.[0-9]+([.+-][0-9A-Za-z.+-]+)?)$ ]]; then
  echo "${BASH_REMATCH[1]}"
  exit 0
fi
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$repo/Directory.Build.props" | head -n 1)"
[[ -n "$version" ]] || { echo "version.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
echo "$version"
