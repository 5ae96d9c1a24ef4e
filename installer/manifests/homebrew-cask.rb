# Homebrew cask, filled by eng/release-manifests.sh at release.
cask "git-credential-entra" do
  version "@VERSION@"
  sha256 "@SHA256_PKG_UNIVERSAL@"

  url "@URL_PKG_UNIVERSAL@"
  name "git-credential-entra"
  desc "Git credential helper for Azure DevOps using Microsoft Entra ID tokens"
  homepage "@HOMEPAGE@"

  pkg "git-credential-entra-@VERSION@-macos-universal.pkg"

  uninstall script: {
              executable: "/usr/local/libexec/git-credential-entra/uninstall.sh",
              sudo:       true,
            },
            pkgutil: "org.gitcredentialentra.helper"
end
