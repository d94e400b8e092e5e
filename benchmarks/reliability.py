"""Run the reliability suite (tests/reliability) and print its figures: concurrent writers,
kill -9 trials, bad-input cases, permissions. On PostgreSQL too when CSOPS_TEST_PG is set
(scripts/run_tests.sh sets it for its second half).

Usage: cd benchmarks && python reliability.py"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "reliability")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    out = r.stdout
    figures = out.split("reliability figures", 1)[1].split("\n", 1)[1] if "reliability figures" in out else ""
    print(figures.strip())
    print(out.strip().splitlines()[-1])
    print(f"reliability suite: {time.perf_counter() - t:.0f} s (target: under 10 minutes on two cores)")
    return r.returncode


if __name__ == "__main__":
    sys.exit(main())
