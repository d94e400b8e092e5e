"""`csops policy what-if` on the demo department (issue 19): a month replayed under a proposed
policy, against `attendance summary` of the same month (target: at most 2x). The same command
on a 300-person department with a year of arrivals and a million receipts is measured by
benchmarks/department.py (target: within 10 s).

Run: `cd benchmarks && python what_if.py`."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from _common import CSOPS, report, wall

NOW = "2026-11-27T10:00"


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores: under 0.3 is idle)")
    tmp = Path(tempfile.mkdtemp(prefix="csops-whatif-"))
    db = tmp / "demo.db"
    env = dict(os.environ, CSOPS_NOW=NOW, CSOPS_USER="wang.fang", CSOPS_DB=str(db), CSOPS_OUTBOX=str(tmp / "outbox"))
    subprocess.run([CSOPS, "demo", "--db", str(db), "-f", "json"], env=env, check=True, capture_output=True)
    for month in ("2026-10", "2026-11"):
        summary = wall([CSOPS, "attendance", "summary", "--month", month, "-f", "json"], env=env, runs=5)
        whatif = wall(
            [
                CSOPS,
                "policy",
                "what-if",
                "--month",
                month,
                "-f",
                "json",
                "--set",
                "attendance.violation_minutes=10",
                "--set",
                "meeting.points=5",
                "--set",
                "receipt.exchange_grace_days=2",
                "--set",
                "expense.file_within_working_days=3",
            ],
            env=env,
            runs=5,
        )
        report(f"policy what-if --month {month} (four proposals)", whatif, "attendance summary", summary, 2.0)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
