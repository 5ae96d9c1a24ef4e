#!/usr/bin/env bash
# Builds git-credential-entra from this clone, installs it for the current user and configures git
# to use it for Azure DevOps: the same tarball and install.sh that releases ship (docs/DEPLOYMENT.md).
#   ~/.local/lib/git-credential-entra/   the native binary and the native libraries published beside it
#   ~/.local/bin/git-credential-entra    a symbolic link to it
#   ~/.gitconfig                         `git credential-entra configure` (printed line by line)
# Arguments go to install.sh: --prefix DIR, --no-configure. Undo everything with
#   ~/.local/lib/git-credential-entra/uninstall.sh
# Needs the .NET SDK and clang + zlib (eng/install-test-deps.sh installs them on Debian/Ubuntu).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) rid=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
  Darwin-x86_64) rid=osx-x64 ;;
  Darwin-arm64) rid=osx-arm64 ;;
  *) echo "install: unsupported platform $(uname -s)-$(uname -m); on Windows use installer/windows" >&2; exit 1 ;;
esac

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
