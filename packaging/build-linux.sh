#!/usr/bin/env bash
# Build the Linux one-folder bundle: dist/salon-pos/ (run it as dist/salon-pos/salon-pos),
# and dist/salon-pos-<version>-linux-x86_64.tar.gz to hand out. Runs from any folder; uses
# the project's .venv (made by the README's commands) unless PYTHON names another Python
# that has the app and PyInstaller installed (`pip install -e '.[packaging]'`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
python="${PYTHON:-$root/.venv/bin/python}"

"$python" -m PyInstaller --version >/dev/null 2>&1 || {
  echo "PyInstaller is missing: $python -m pip install -e '.[packaging]'" >&2
  exit 1
}
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$root/dist" --workpath "$root/build/pyinstaller" packaging/salon-pos.spec

# The desktop entry and its icon travel with the bundle (see packaging/README.md to install).
cp packaging/salon-pos.desktop dist/salon-pos/
cp resources/icons/salon-pos-256.png dist/salon-pos/salon-pos.png

version="$("$python" -c 'import salon_pos; print(salon_pos.__version__)')"
archive="dist/salon-pos-$version-linux-$(uname -m).tar.gz"
tar -C dist -czf "$archive" salon-pos
echo "Built dist/salon-pos/ ($(du -sh dist/salon-pos | cut -f1)) and $archive"
