#!/usr/bin/env bash
# Check that csops's monthly review workbook opens in LibreOffice: build the demo department,
# write `summary month` as xlsx, and convert it to PDF with `libreoffice --headless`.
# Usage: scripts/xlsx_to_pdf.sh [OUT_DIR]     (Debian: apt-get install libreoffice-calc-nogui)
set -euo pipefail
out=$(realpath -m "${1:-.}")
mkdir -p "$out"
tmp=$(mktemp -d)
export CSOPS_DB="$tmp/demo.db" CSOPS_OUTBOX="$tmp/outbox" CSOPS_CONFIG="$tmp/csops.toml"
: > "$CSOPS_CONFIG"
python -m csops demo --db "$CSOPS_DB" >/dev/null
month=$(date -d "$(date +%Y-%m-01) -1 day" +%Y-%m)
CSOPS_USER=wang.fang python -m csops --lang zh summary month --month "$month" --format xlsx --output "$out/review-$month.xlsx"
libreoffice --headless --convert-to pdf --outdir "$out" "$out/review-$month.xlsx" >/dev/null
ls -l "$out/review-$month.pdf"
rm -rf "$tmp"
