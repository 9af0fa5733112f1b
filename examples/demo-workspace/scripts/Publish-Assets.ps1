<#
.SYNOPSIS
    Copies processed assets to the publishing share.
.DESCRIPTION
    Reads every job in processed/, and copies its output file to the
    publishing share given by -Destination. Existing files are skipped.
.EXAMPLE
    ./scripts/Publish-Assets.ps1 -Destination \\media01\publish -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)]
    [string] $Destination
)

$root = Split-Path -Parent $PSScriptRoot
Get-ChildItem -Path (Join-Path $root 'processed') -Filter '*.json' | ForEach-Object {
    $job = Get-Content $_.FullName -Raw | ConvertFrom-Json
    $target = Join-Path $Destination (Split-Path -Leaf $job.output)
    if (Test-Path $target) {
        Write-Verbose "Skipping $($job.id): already published"
    } elseif ($PSCmdlet.ShouldProcess($target, 'Copy')) {
        Copy-Item -Path $job.output -Destination $target
    }
}
