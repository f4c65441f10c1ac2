#!/usr/bin/env bash
# Smoke-run a built Linux bundle as a salon's machine would meet it: copied to a clean
# folder, a minimal environment (no Python on PATH, no PYTHONPATH, no system time zones),
# offscreen. Checks --version, a demo salon, verify, a receipt PDF (the bundled fonts) and
# the app up to its first window (SALON_POS_SMOKE_TEST: painted, then quit).
# Usage: packaging/smoke-test.sh [BUNDLE_DIR]   (default: dist/salon-pos)
set -euo pipefail
export LC_ALL=C  # a decimal point in $EPOCHREALTIME
root="$(cd "$(dirname "$0")/.." && pwd)"
bundle="$(cd "${1:-$root/dist/salon-pos}" && pwd)"
work="$(mktemp -d /tmp/salon-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cp -a "$bundle" "$work/salon-pos"
mkdir "$work/home"
cd "$work"
run() {
  env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    PYTHONTZPATH="$work/no-zoneinfo" "$@"
}
fail() { echo "smoke test FAILED: $*" >&2; exit 1; }
seconds() {
  local start=$EPOCHREALTIME
  "$@" >/dev/null 2>&1
  awk "BEGIN { printf \"%.2f\", $EPOCHREALTIME - $start }"
}

expected="salon-pos $(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$root/salon_pos/__init__.py")"
version="$(run ./salon-pos/salon-pos --version)"
[ "$version" = "$expected" ] || fail "--version said '$version', expected '$expected'"
run ./salon-pos/salon-pos --db "$work/salon.db" demo --days 2 2>/dev/null
run ./salon-pos/salon-pos --db "$work/salon.db" verify
run ./salon-pos/salon-pos --db "$work/salon.db" receipt 1 --out "$work/receipt.pdf"
head -c 5 "$work/receipt.pdf" | grep -q '%PDF-' || fail "the receipt is not a PDF"
grep -aq 'DejaVuSans' "$work/receipt.pdf" || fail "the receipt does not embed the bundled font"
if command -v qpdf >/dev/null; then qpdf --check "$work/receipt.pdf" >/dev/null; fi
gui="$(run SALON_POS_SMOKE_TEST=1 timeout 60 ./salon-pos/salon-pos --db "$work/salon.db" 2>&1)" ||
  fail "the app did not start and quit cleanly: $gui"
grep -q '^smoke test: painted' <<<"$gui" || fail "the app painted no window: $gui"
grep '^smoke test: painted' <<<"$gui"

# No Python but the bundle's: the demo and the first window, traced, open no file of a
# Python installed on this machine (or of the checkout and its venv).
if command -v strace >/dev/null; then
  run strace -f -qq -e trace=openat -o "$work/opened" ./salon-pos/salon-pos \
    --db "$work/traced.db" demo --days 1 >/dev/null 2>&1
  run SALON_POS_SMOKE_TEST=1 strace -f -qq -e trace=openat -o "$work/opened-gui" \
    ./salon-pos/salon-pos --db "$work/traced.db" >/dev/null 2>&1
  outside="$(cat "$work"/opened* | grep -v ENOENT | grep -oE '"/[^"]+"' | tr -d '"' |
             grep -v "^$work/" | grep -E 'python|site-packages|'"$root" | sort -u || true)"
  [ -z "$outside" ] || fail "the bundle read Python files from outside itself: $outside"
  echo "traced: no file of a system Python, the checkout or its venv was opened"
fi

echo "bundle: $(du -sh "$bundle" | cut -f1); start to --version: $(seconds run \
./salon-pos/salon-pos --version) s; to the first window painted: $(seconds run \
SALON_POS_SMOKE_TEST=1 ./salon-pos/salon-pos --db "$work/salon.db") s"
echo "smoke test passed"
