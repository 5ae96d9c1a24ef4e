#!/usr/bin/env bash
# Prints the path of the licence that came with libmsalruntime.so (NuGet package
# Microsoft.Identity.Client.NativeInterop, restored by the publish), or fails with one line.
set -euo pipefail
packages_root="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: //p')}"
packages_root="${packages_root:-$HOME/.nuget/packages/}"
licence="$(ls -d "${packages_root%/}"/microsoft.identity.client.nativeinterop/*/LICENSE 2>/dev/null | sort -V | tail -n 1 || true)"
[[ -n "$licence" ]] || { echo "cannot find the licence of libmsalruntime.so (Microsoft.Identity.Client.NativeInterop) under $packages_root" >&2; exit 1; }
echo "$licence"
