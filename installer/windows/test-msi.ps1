<#
  Proves the MSI on a Windows runner: silent per-machine install, the helper answers from the
  system PATH, git's system config names it for Azure DevOps, silent uninstall removes the files,
  the PATH entry and exactly the git config lines (the system config is compared before/after).
  Usage: ./test-msi.ps1 -Msi path\to\git-credential-entra-VERSION-win-x64.msi
#>
param([Parameter(Mandatory)] [string] $Msi)
$ErrorActionPreference = 'Stop'
$failures = 0
function Check([string] $name, [bool] $ok) {
    if ($ok) { Write-Host "PASS $name" } else { Write-Host "FAIL $name"; $script:failures++ }
}

$systemConfig = (git config --system --list --show-origin | Select-Object -First 1) -replace '^file:(.*?)\t.*$', '$1'
$before = if ($systemConfig -and (Test-Path $systemConfig)) { Get-Content -Raw $systemConfig } else { '' }
$installDir = Join-Path $env:ProgramFiles 'git-credential-entra'

$p = Start-Process msiexec.exe -ArgumentList @('/i', "`"$Msi`"", '/qn', '/l*v', 'install.log') -Wait -PassThru
Check 'msiexec /i /qn exits 0' ($p.ExitCode -eq 0)
Check 'installed into Program Files' (Test-Path (Join-Path $installDir 'git-credential-entra.exe'))
$machinePath = [Environment]::GetEnvironmentVariable('PATH', 'Machine')
Check 'install folder is on the machine PATH' ($machinePath -split ';' -contains $installDir.TrimEnd('\') -or $machinePath -split ';' -contains ($installDir + '\'))
$env:PATH = $machinePath + ';' + [Environment]::GetEnvironmentVariable('PATH', 'User')
$version = & git credential-entra --version
Check "git credential-entra --version from PATH ($version)" ($LASTEXITCODE -eq 0)
$helpers = @(git config --system --get-all credential.https://dev.azure.com.helper)
Check 'system config: reset line then our helper for dev.azure.com' ($helpers.Count -ge 2 -and $helpers[-2] -eq '' -and $helpers[-1] -match 'git-credential-entra')
Check 'system config: useHttpPath for dev.azure.com' ((git config --system --get credential.https://dev.azure.com.useHttpPath) -eq 'true')

$p = Start-Process msiexec.exe -ArgumentList @('/x', "`"$Msi`"", '/qn', '/l*v', 'uninstall.log') -Wait -PassThru
Check 'msiexec /x /qn exits 0' ($p.ExitCode -eq 0)
Check 'files removed' (-not (Test-Path $installDir))
$machinePath = [Environment]::GetEnvironmentVariable('PATH', 'Machine')
Check 'PATH entry removed' (-not ($machinePath -split ';' | Where-Object { $_.TrimEnd('\') -eq $installDir }))
$after = if ($systemConfig -and (Test-Path $systemConfig)) { Get-Content -Raw $systemConfig } else { '' }
Check 'system git config is as before the install' ($after -eq $before)

if ($failures -gt 0) {
    Get-Content install.log, uninstall.log -ErrorAction SilentlyContinue | Select-String -Pattern 'WixQuietExec|ConfigureGit|UnconfigureGit' | ForEach-Object { $_.Line }
    throw "test-msi: $failures check(s) failed"
}
Write-Host 'test-msi: all checks passed'
