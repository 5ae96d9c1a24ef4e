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
            $out = if ($Output) { $Output } else { [System.IO.Path]::Combine($artifacts, 'packages') }
            Invoke-Dotnet @('pack', $project, '-c', $Configuration, '-o', $out)
        }
    }
}
