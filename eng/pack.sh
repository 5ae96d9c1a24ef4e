#!/usr/bin/env bash
# Builds every Linux package of git-credential-entra for this machine's architecture:
#   artifacts/packages/git-credential-entra_VERSION_ARCH.deb          (dpkg-deb)
#   artifacts/packages/git-credential-entra-VERSION-RID.tar.gz        (install.sh for ~/.local)
#   artifacts/packages/git-credential-entra[.RID].VERSION.nupkg       (native-AOT dotnet tool)
# Thin over the contract publish command, installer/linux/*.sh and `dotnet pack`.
# Usage: eng/pack.sh [--rid RID] [--version VERSION] [--out DIR] [--formats deb,tarball,tool]
#                    [--publish-dir DIR]   (reuse an existing publish instead of publishing)
# Formats: deb, tarball, tool (pointer + this RID's package), tool-pointer (the pointer alone).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
project="$repo/src/GitEntraHelper/GitEntraHelper.csproj"

case "$(uname -m)" in
  x86_64|amd64) rid=linux-x64 ;;
  aarch64|arm64) rid=linux-arm64 ;;
  *) rid="" ;;
esac
version=""
out="$repo/artifacts/packages"
formats="deb,tarball,tool"
publish_dir=""
while (($#)); do
  case "$1" in
    --rid) rid=${2:?--rid needs a value}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --formats) formats=${2:?--formats needs a list}; shift 2 ;;
    --publish-dir) publish_dir=${2:?--publish-dir needs a directory}; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pack: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$rid" ]] || { echo "pack: unknown machine architecture $(uname -m); pass --rid" >&2; exit 2; }
[[ "$rid" == linux-* ]] || { echo "pack: this script packs for Linux; use installer/windows or installer/macos for $rid" >&2; exit 2; }
version="${version:-$("$repo/eng/version.sh")}"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([.+~-][0-9A-Za-z.+~-]+)?$ ]] || { echo "pack: version '$version' is not a version number" >&2; exit 2; }
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# deb and tarball package a publish; `dotnet pack -r` publishes by itself.
publish_once() {
  if [[ -z "$publish_dir" ]]; then
    publish_dir="$repo/artifacts/publish/$rid"
    echo "pack: publishing $rid $version" >&2
    dotnet publish "$project" -c Release -r "$rid" -o "$publish_dir" -p:Version="$version" --nologo -v quiet >&2
  fi
}

IFS=',' read -r -a wanted <<<"$formats"
for format in "${wanted[@]}"; do
  case "$format" in
    deb)
      if command -v dpkg-deb >/dev/null; then
        publish_once
        echo "pack: $("$repo/installer/linux/build-deb.sh" "$publish_dir" "$version" "$rid" "$out")"
      else
        echo "pack: skipping .deb: dpkg-deb is not installed" >&2
      fi
      ;;
    tarball)
      publish_once
      echo "pack: $("$repo/installer/linux/build-tarball.sh" "$publish_dir" "$version" "$rid" "$out")"
      ;;
    tool|tool-pointer)
      # A RID-specific native-AOT tool: one small pointer package naming the per-RID packages,
      # and the package for this RID (AOT cannot cross-compile, so each RID packs on its own OS).
      tool_rids="linux-x64;linux-arm64;osx-x64;osx-arm64;win-x64;win-arm64"
      tool_props=(-c Release -o "$out" --nologo -v quiet -p:Version="$version"
        -p:PackAsTool=true -p:ToolCommandName=git-credential-entra -p:PackageId=git-credential-entra
        "-p:ToolPackageRuntimeIdentifiers=\"$tool_rids\"" -p:CopyOutputSymbolsToPublishDirectory=false
        "-p:PackageDescription=git credential helper for Azure DevOps using Microsoft Entra ID tokens"
        "-p:PackageTags=git credential-helper azure-devops entra msal")
      dotnet pack "$project" "${tool_props[@]}" >/dev/null
      echo "pack: $out/git-credential-entra.$version.nupkg"
      if [[ "$format" == tool ]]; then
        dotnet pack "$project" -r "$rid" "${tool_props[@]}" >/dev/null
        echo "pack: $out/git-credential-entra.$rid.$version.nupkg"
      fi
      ;;
    *) echo "pack: unknown format '$format' (deb, tarball, tool, tool-pointer)" >&2; exit 2 ;;
  esac
done
