#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Thin wrapper over the dotnet CLI. Each verb prints and runs one `dotnet` command, the same
    command that works on Linux, macOS and Windows; nothing here is needed to build by hand.
.EXAMPLE
    ./build.ps1                     # build (Release)
    ./build.ps1 restore build test  # several verbs, in order
    ./build.ps1 publish -Runtime win-x64
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromRemainingArguments = $true)]
    [ValidateSet('restore', 'build', 'test', 'publish', 'pack')]
    [string[]] $Verb = @('build'),

    [string] $Configuration = 'Release',

    # Runtime identifier for publish (native AOT): defaults to this machine's, e.g. linux-x64, win-arm64.
    [string] $Runtime = '',

    # Output directory for publish (default artifacts/publish/<runtime>) and pack (default artifacts/packages).
    # pack builds every package for this OS: .deb + tarball + dotnet tool (Linux), MSI + tool (Windows), .pkg + tool (macOS).
    [string] $Output = ''
)

# Only .NET calls and the language itself: runs the same in Windows PowerShell 5.1 and pwsh 7.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$root = $PSScriptRoot
$solution = [System.IO.Path]::Combine($root, 'GitEntraHelper.sln')
$project = [System.IO.Path]::Combine($root, 'src', 'GitEntraHelper', 'GitEntraHelper.csproj')
$artifacts = [System.IO.Path]::Combine($root, 'artifacts')

function Get-DefaultRuntime {
    $info = [System.Runtime.InteropServices.RuntimeInformation]
    $platform = [System.Runtime.InteropServices.OSPlatform]
    $os = if ($info::IsOSPlatform($platform::Windows)) { 'win' }
          elseif ($info::IsOSPlatform($platform::OSX)) { 'osx' }
          else { 'linux' }
    $arch = $info::OSArchitecture.ToString().ToLowerInvariant()   # x64 or arm64
    return "$os-$arch"
}

function Invoke-Dotnet([string[]] $Arguments) {
    [Console]::WriteLine("> dotnet $($Arguments -join ' ')")
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "dotnet $($Arguments[0]) failed with exit code $LASTEXITCODE"
    }
}

foreach ($step in $Verb) {
    switch ($step) {
        'restore' { Invoke-Dotnet @('restore', $solution) }
        'build' { Invoke-Dotnet @('build', $solution, '-c', $Configuration) }
        'test' { Invoke-Dotnet @('test', $solution, '-c', $Configuration) }
        'publish' {
            $rid = if ($Runtime) { $Runtime } else { Get-DefaultRuntime }
            $out = if ($Output) { $Output } else { [System.IO.Path]::Combine($artifacts, 'publish', $rid) }
            Invoke-Dotnet @('publish', $project, '-c', $Configuration, '-r', $rid, '-o', $out)
        }
        'pack' {
            # Every package for this OS (see docs/DEPLOYMENT.md): Linux .deb + tarball (eng/pack.sh:
            # dpkg-deb and tar), Windows MSI (WiX), macOS .pkg; everywhere the native-AOT dotnet tool.
            $rid = if ($Runtime) { $Runtime } else { Get-DefaultRuntime }
            $out = if ($Output) { $Output } else { [System.IO.Path]::Combine($artifacts, 'packages') }
            $props = [System.IO.File]::ReadAllText([System.IO.Path]::Combine($root, 'Directory.Build.props'))
            $version = [regex]::Match($props, '<Version>([^<]+)</Version>').Groups[1].Value
            if ($rid.StartsWith('linux-')) {
                [Console]::WriteLine("> eng/pack.sh --rid $rid --out $out")
                & bash ([System.IO.Path]::Combine($root, 'eng', 'pack.sh')) --rid $rid --out $out
                if ($LASTEXITCODE -ne 0) { throw "eng/pack.sh failed with exit code $LASTEXITCODE" }
                break
            }
            $publish = [System.IO.Path]::Combine($artifacts, 'publish', $rid)
            Invoke-Dotnet @('publish', $project, '-c', $Configuration, '-r', $rid, '-o', $publish)
            if ($rid.StartsWith('win-')) {
                $platform = if ($rid -eq 'win-arm64') { 'ARM64' } else { 'x64' }
                $wix = [System.IO.Path]::Combine($root, 'installer', 'windows', 'GitCredentialEntra.wixproj')
                Invoke-Dotnet @('build', $wix, '-c', $Configuration, "-p:Platform=$platform", "-p:ProductVersion=$version",
                    "-p:PublishDir=$publish$([System.IO.Path]::DirectorySeparatorChar)", '-o', $out)
            }
            elseif ($rid.StartsWith('osx-')) {
                [Console]::WriteLine("> installer/macos/build-pkg.sh $version $out $publish")
                & bash ([System.IO.Path]::Combine($root, 'installer', 'macos', 'build-pkg.sh')) $version $out $publish
                if ($LASTEXITCODE -ne 0) { throw "build-pkg.sh failed with exit code $LASTEXITCODE" }
            }
            $tool = @('-c', $Configuration, '-o', $out, '-p:PackAsTool=true', '-p:ToolCommandName=git-credential-entra',
                '-p:PackageId=git-credential-entra', '-p:CopyOutputSymbolsToPublishDirectory=false',
                '-p:ToolPackageRuntimeIdentifiers="linux-x64;linux-arm64;osx-x64;osx-arm64;win-x64;win-arm64"')
            Invoke-Dotnet (@('pack', $project) + $tool)
            Invoke-Dotnet (@('pack', $project, '-r', $rid) + $tool)
        }
    }
}
