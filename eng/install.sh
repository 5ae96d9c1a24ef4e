#!/usr/bin/env bash
# Builds git-credential-entra from this clone, installs it for the current user and configures git
# to use it for Azure DevOps: the same tarball and install.sh that releases ship (docs/DEPLOYMENT.md).
#   ~/.local/lib/git-credential-entra/   the native binary and the native libraries published beside it
#   ~/.local/bin/git-credential-entra    a symbolic link to it
#   ~/.gitconfig                         `git credential-entra configure` (printed line by line)
# Arguments go to install.sh: --prefix DIR, --no-configure. Undo everything with
#   ~/.local/lib/git-credential-entra/uninstall.sh
# Needs the .NET SDK. Its other prerequisites (clang and the zlib headers for native AOT, git) it
# installs itself on Debian/Ubuntu when run as root, or prints the one apt-get command to run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=eng/lib/apt.sh
. "$root/eng/lib/apt.sh"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) echo "install: unsupported platform $(uname -s)-$(uname -m); on Windows use installer/windows" >&2; exit 1 ;;
esac

command -v dotnet >/dev/null || { echo "install: the .NET 10 SDK is not on PATH (dotnet)" >&2; exit 1; }
if command -v dpkg-query >/dev/null; then
  # Debian/Ubuntu: the build's packages, plus the SDK's own libraries where a copied-in SDK lacks them.
  needs=(clang zlib1g-dev git ca-certificates)
  if ! ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so\.'; then needs+=("$(apt_newest '^libicu[0-9]+$' libicu72)"); fi
  if ! ldconfig -p 2>/dev/null | grep -q 'libssl\.so\.3'; then needs+=("$(apt_newest '^libssl3(t64)?$' libssl3)"); fi
  apt_ensure install "${needs[@]}" || exit 1
else
  for tool in clang git; do
    command -v "$tool" >/dev/null || { echo "install: $tool is not on PATH (native AOT links with clang; configure runs git)" >&2; exit 1; }
  done
fi

version="$("$root/eng/version.sh")"
publish_dir="$root/artifacts/publish/$rid"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "install: publishing the native helper for $rid (dotnet publish, a minute or two)"
if ! dotnet publish "$root/src/GitEntraHelper/GitEntraHelper.csproj" -c Release -r "$rid" -o "$publish_dir" --nologo >"$work/publish.log" 2>&1; then
  cat "$work/publish.log" >&2
  echo "install: dotnet publish failed (output above)" >&2
  exit 1
fi

tarball="$("$root/installer/linux/build-tarball.sh" "$publish_dir" "$version" "$rid" "$work")"
tar -xzf "$tarball" -C "$work"
"$work/git-credential-entra-$version-$rid/install.sh" "$@"
