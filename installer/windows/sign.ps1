<#
  Runs an organization-provided signing command once per file (the Authenticode hook of the
  release workflow). "{file}" in the command is replaced by the quoted path of each file; the
  command gets its certificate from wherever the organization keeps it (certificate store,
  Azure Key Vault through an OIDC login, a signing service), never from this repository.
  Example: ./sign.ps1 -Command 'signtool sign /fd SHA256 /td SHA256 /tr <timestamp-url> /sha1 <thumbprint> {file}' -Path a.exe,b.msi
#>
param(
    [Parameter(Mandatory)] [string] $Command,
    [Parameter(Mandatory)] [string[]] $Path
)
$ErrorActionPreference = 'Stop'
if ($Command -notmatch '\{file\}') { throw 'sign.ps1: the signing command must contain {file}' }
foreach ($file in $Path) {
    $line = $Command.Replace('{file}', '"' + $file + '"')
    Write-Host "sign: $file"
    & cmd.exe /d /c $line
    if ($LASTEXITCODE -ne 0) { throw "sign.ps1: signing '$file' failed with exit code $LASTEXITCODE" }
}
