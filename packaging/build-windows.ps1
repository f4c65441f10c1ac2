# Build the Windows bundle (dist\salon-pos\) and its installer
# (dist\salon-pos-<version>-windows-setup.exe). Run from any folder in PowerShell:
#   powershell -ExecutionPolicy Bypass -File packaging\build-windows.ps1
# Needs: Python 3.11+ (64-bit) and Inno Setup 6 (ISCC.exe on PATH or in its default folder).
$ErrorActionPreference = "Stop"
$root = Split-Path -Parent $PSScriptRoot
Set-Location $root

if (-not (Test-Path ".venv\Scripts\python.exe")) { py -3 -m venv .venv }
$python = Join-Path $root ".venv\Scripts\python.exe"
& $python -m pip install -q -e ".[packaging]"
if ($LASTEXITCODE) { throw "pip install failed" }

& $python -m PyInstaller --noconfirm --clean --log-level WARN `
    --distpath dist --workpath build\pyinstaller packaging\salon-pos.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }

# Smoke test: the console program answers and builds a demo salon that verifies.
$env:QT_QPA_PLATFORM = "offscreen"
$db = Join-Path $env:TEMP "salon-pos-smoke.db"
Remove-Item "$db*" -ErrorAction SilentlyContinue
& dist\salon-pos\salon-pos.exe --version
& dist\salon-pos\salon-pos.exe --db $db demo --days 2
& dist\salon-pos\salon-pos.exe --db $db verify
if ($LASTEXITCODE) { throw "the built program failed its smoke test" }
Remove-Item Env:QT_QPA_PLATFORM

$version = & $python -c "import salon_pos; print(salon_pos.__version__)"
$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\salon-pos.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Host "Built dist\salon-pos-$version-windows-setup.exe"
