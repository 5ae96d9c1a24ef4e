<#
  Proves the MSI on a Windows runner: silent per-machine install, the helper answers from the
  system PATH, git's system config names it for Azure DevOps, the generated help is installed (and
  the HTML page in git's html path when Git for Windows registered itself in HKLM, as the runner's
  does), silent uninstall removes the files, the page, the PATH entry and exactly the git config
  lines (the system config is compared before/after).
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
# The key and value Git for Windows' installer writes for third-party helpers (see Package.wxs).
$gitForWindows = (Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\GitForWindows' -Name InstallPath -ErrorAction SilentlyContinue).InstallPath
$gitPage = Join-Path (git --html-path) 'git-credential-entra.html'

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
foreach ($help in 'doc\git-credential-entra.html', 'man\man1\git-credential-entra.1', 'completions\powershell\git-credential-entra.ps1') {
    Check "help installed: $help" (Test-Path (Join-Path $installDir $help))
}
if ($gitForWindows) {
    Check "HTML page in git's html path ($gitPage), where git help opens it" (Test-Path $gitPage)
}

$p = Start-Process msiexec.exe -ArgumentList @('/x', "`"$Msi`"", '/qn', '/l*v', 'uninstall.log') -Wait -PassThru
Check 'msiexec /x /qn exits 0' ($p.ExitCode -eq 0)
Check 'files removed' (-not (Test-Path $installDir))
Check "HTML page removed from git's html path" (-not (Test-Path $gitPage))
$machinePath = [Environment]::GetEnvironmentVariable('PATH', 'Machine')
Check 'PATH entry removed' (-not ($machinePath -split ';' | Where-Object { $_.TrimEnd('\') -eq $installDir }))
$after = if ($systemConfig -and (Test-Path $systemConfig)) { Get-Content -Raw $systemConfig } else { '' }
Check 'system git config is as before the install' ($after -eq $before)

if ($failures -gt 0) {
    Get-Content install.log, uninstall.log -ErrorAction SilentlyContinue | Select-String -Pattern 'WixQuietExec|ConfigureGit|UnconfigureGit' | ForEach-Object { $_.Line }
    throw "test-msi: $failures check(s) failed"
}
Write-Host 'test-msi: all checks passed'
