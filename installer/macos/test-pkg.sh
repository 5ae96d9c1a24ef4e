#!/usr/bin/env bash
# Proves the .pkg on a macOS runner: installer -pkg as root, the helper answers from PATH, git's
# system config names it for Azure DevOps, uninstall.sh removes the files, the receipt and exactly
# the git config lines (the system config is compared before/after).
# Usage: test-pkg.sh path/to/git-credential-entra-VERSION-macos-ARCH.pkg
set -euo pipefail
pkg=${1:?usage: test-pkg.sh PKG}
failures=0
check() { if eval "$2"; then echo "PASS $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi; }
export PATH=/opt/homebrew/bin:/usr/local/bin:$PATH

system_config="$(git config --system --list --show-origin 2>/dev/null | head -n 1 | sed -n 's/^file:\([^	]*\)	.*/\1/p')"
before="$(mktemp)"; [[ -n "$system_config" && -f "$system_config" ]] && cp "$system_config" "$before"

sudo installer -pkg "$pkg" -target /
check "installed" '[[ -x /usr/local/libexec/git-credential-entra/git-credential-entra ]]'
check "git credential-entra --version from PATH" 'git credential-entra --version'
check "system config: our helper for dev.azure.com" 'git config --system --get-all credential.https://dev.azure.com.helper | grep -q git-credential-entra'
check "system config: useHttpPath for dev.azure.com" '[[ "$(git config --system --get credential.https://dev.azure.com.useHttpPath)" == true ]]'

sudo /usr/local/libexec/git-credential-entra/uninstall.sh
check "files removed" '[[ ! -e /usr/local/libexec/git-credential-entra && ! -e /usr/local/bin/git-credential-entra ]]'
check "receipt forgotten" '! pkgutil --pkg-info org.gitcredentialentra.helper >/dev/null 2>&1'
if [[ -n "$system_config" && -f "$system_config" ]]; then
  check "system git config is as before the install" 'cmp -s "$before" "$system_config"'
fi
((failures == 0)) || { echo "test-pkg: $failures check(s) failed" >&2; exit 1; }
echo "test-pkg: all checks passed"
