# Build the Windows bundle (dist\salon-pos\) and its installer
# (dist\salon-pos-<version>-windows-setup.exe). Run from any folder in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
# Needs: Python 3.11+ (64-bit) and Inno Setup 6.3+ (ISCC.exe on PATH or in its default
# folder). Reviewed against the tools' documentation in packaging\windows-review.md; not yet
# run on Windows.
$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

# A native program's failure does not stop the script by itself: check every exit code.
function Invoke-Checked([string]$what, [scriptblock]$command) {
    & $command
    if ($LASTEXITCODE) { throw "$what failed (exit code $LASTEXITCODE)" }
}

if (-not (Test-Path ".venv\Scripts\python.exe")) { Invoke-Checked "making .venv" { py -3 -m venv .venv } }
$python = Join-Path $root ".venv\Scripts\python.exe"
# The bundle is what the Python is: the installer allows x64 only.
Invoke-Checked "the 64-bit Python check" {
    & $python -c "import struct, sys; sys.exit(struct.calcsize('P') != 8)"
}
Invoke-Checked "pip install" { & $python -m pip install -q -e ".[packaging]" }

Invoke-Checked "PyInstaller" {
    & $python -m PyInstaller --noconfirm --clean --log-level WARN `
        --distpath dist --workpath build\pyinstaller packaging\salon-pos.spec
}

# Smoke test, offscreen: the console program answers, builds a demo salon that verifies and
# brings the app up to its first window; the windowed program starts and exits cleanly.
$exe = Join-Path $root "dist\salon-pos\salon-pos.exe"
$db = Join-Path $env:TEMP "salon-pos-smoke.db"
Remove-Item "$db*" -ErrorAction SilentlyContinue
$env:QT_QPA_PLATFORM = "offscreen"
try {
    Invoke-Checked "salon-pos --version" { & $exe --version }
    Invoke-Checked "salon-pos demo" { & $exe --db $db demo --days 2 }
    Invoke-Checked "salon-pos verify" { & $exe --db $db verify }
    $env:SALON_POS_SMOKE_TEST = "1"
    $painted = & $exe --db $db | Out-String  # stdout only: 2>&1 throws on stderr in PowerShell 5.1
    if ($LASTEXITCODE -or $painted -notmatch "smoke test: painted") {
        throw "the app did not reach its first window: $painted"
    }
    # A windowed program is not waited for by '&': start it and wait (a crash there shows
    # PyInstaller's error box, so the wait has a limit).
    $gui = Start-Process (Join-Path $root "dist\salon-pos\salon-pos-gui.exe") -ArgumentList "--version" -PassThru
    if (-not $gui.WaitForExit(60000)) { $gui.Kill(); throw "salon-pos-gui.exe did not exit" }
    if ($gui.ExitCode) { throw "salon-pos-gui.exe --version failed (exit code $($gui.ExitCode))" }
} finally {
    Remove-Item Env:QT_QPA_PLATFORM, Env:SALON_POS_SMOKE_TEST -ErrorAction SilentlyContinue
    Remove-Item "$db*" -ErrorAction SilentlyContinue
}

$version = & $python -c "import salon_pos; print(salon_pos.__version__)"
# The setup program's version resource takes numbers only: 1.2.0rc1 -> 1.2.0.
$numeric = & $python -c "import re, salon_pos; print(re.match(r'\d+(\.\d+){0,3}', salon_pos.__version__)[0])"

$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
foreach ($folder in "${env:ProgramFiles(x86)}\Inno Setup 6", "$env:LOCALAPPDATA\Programs\Inno Setup 6") {
    if (-not $iscc -and (Test-Path "$folder\ISCC.exe")) { $iscc = "$folder\ISCC.exe" }
}
if (-not $iscc) { throw "ISCC.exe (Inno Setup 6.3+) not found: put it on PATH" }
Invoke-Checked "Inno Setup" { & $iscc "/DAppVersion=$version" "/DAppNumericVersion=$numeric" packaging\salon-pos.iss }
Write-Host "Built dist\salon-pos-$version-windows-setup.exe"
