#!/usr/bin/env bash
# Builds git-credential-entra as a native executable and installs it for the current user:
#   ~/.local/lib/git-credential-entra/   the binary and the native libraries published beside it
#   ~/.local/bin/git-credential-entra    a symbolic link to it (git finds helpers on PATH)
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

lib_dir="$HOME/.local/lib/git-credential-entra"
bin_dir="$HOME/.local/bin"
publish_dir="$root/artifacts/publish/$rid"

echo "install: publishing the native helper for $rid (dotnet publish, a minute or two)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! dotnet publish "$root/src/GitEntraHelper/GitEntraHelper.csproj" -c Release -r "$rid" -o "$publish_dir" --nologo >"$log" 2>&1; then
  cat "$log" >&2
  echo "install: dotnet publish failed (output above)" >&2
  exit 1
fi

# Replace the previous install as a whole; debug symbols stay in artifacts/.
mkdir -p "$bin_dir" "$(dirname "$lib_dir")"
staging="$(mktemp -d "$(dirname "$lib_dir")/.git-credential-entra.XXXXXX")"
find "$publish_dir" -maxdepth 1 -type f ! -name '*.dbg' ! -name '*.pdb' ! -name '*.dSYM' -exec cp -p {} "$staging/" \;
chmod 0755 "$staging"
rm -rf "$lib_dir"
mv "$staging" "$lib_dir"
ln -sfn "$lib_dir/git-credential-entra" "$bin_dir/git-credential-entra"

echo "install: installed $lib_dir/git-credential-entra"
echo "install: linked   $bin_dir/git-credential-entra -> $lib_dir/git-credential-entra"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install: note: $bin_dir is not on your PATH; add it (e.g. in ~/.profile) so git finds the helper" ;;
esac
