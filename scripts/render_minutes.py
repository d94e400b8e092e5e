"""Render the demo department's printable minutes to PNG, to see with one's own eyes that the
Chinese text and the head's signature line survive (poppler's pdftoppm).

Usage: python scripts/render_minutes.py [OUTPUT_DIR]
Builds a demo department in a temporary folder, prints the minutes of its first meeting to
PDF, and writes OUTPUT_DIR/minutes-1.png (default: the current folder)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    out_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="csops-render-"))
    env = dict(os.environ, CSOPS_DB=str(tmp / "demo.db"), CSOPS_OUTBOX=str(tmp / "outbox"), CSOPS_LANG="zh")
    csops = [sys.executable, "-m", "csops"]
    subprocess.run(csops + ["demo", "--db", str(tmp / "demo.db")], env=env, check=True, capture_output=True)
    pdf = tmp / "minutes.pdf"
    subprocess.run(
        csops + ["meeting", "minutes", "1", "--print", "--output", str(pdf)],
        env=dict(env, CSOPS_USER="zhou.min"),
        check=True,
    )
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(out_dir / "minutes")], check=True
    )
    print(f"PDF: {pdf}\nPNG: {sorted(out_dir.glob('minutes-*.png'))}")


if __name__ == "__main__":
    main()
