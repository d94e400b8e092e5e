"""People-time: `attendance summary` for 300 staff over a year of records, and
`attendance record` of 300 arrivals in one command, against `import sqlmodel`.
Targets (issue "people-time"): summary <= 2x, 300 arrivals <= 3x."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

from _common import CSOPS, PY, report, wall

N = 300


def build(tmp: Path) -> dict:
    db = tmp / "csops.db"
    cfg = tmp / "csops.toml"
    cfg.write_text("")
    env = {"CSOPS_DB": str(db), "CSOPS_CONFIG": str(cfg), "CSOPS_USER": "boss", "CSOPS_NOW": "2026-12-01T09:30"}
    subprocess.run(
        [CSOPS, "init", "--head-login", "boss"], env=dict(os.environ, **env), check=True, capture_output=True
    )
    subprocess.run(
        [CSOPS, "staff", "add", "--login", "desk", "--name", "前台", "--role", "frontdesk"],
        env=dict(os.environ, **env),
        check=True,
        capture_output=True,
    )
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO staff (login, name, role, superior_id, active, created_at) VALUES (?, ?, 'rep', 1, 1, '2026-01-01 00:00:00')",
        [(f"rep{i:03d}", f"代表{i:03d}") for i in range(N - 1)],
    )
    ids = [r[0] for r in conn.execute("SELECT id FROM staff WHERE role IN ('rep', 'head')")]
    rng = random.Random(1)
    rows, d = [], date(2026, 1, 1)
    while d <= date(2026, 11, 30):
        if d.weekday() < 5:
            for sid in ids:
                m = 9 * 60 + rng.choice([-10, -5, 0, 3, 8, 25])
                rows.append((sid, d.isoformat(), f"{m // 60:02d}:{m % 60:02d}:00.000000", 1))
        d += timedelta(days=1)
    conn.executemany("INSERT INTO arrival (staff_id, day, time_in, recorded_by_id) VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()
    print(f"database: {N} staff, {len(rows)} arrivals in 2026")
    return env


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="csops-bench-"))
    env = build(tmp)
    base = wall([PY, "-c", "import sqlmodel"])
    summary = wall([CSOPS, "attendance", "summary", "--month", "2026-11", "-f", "csv"], env=env, runs=5)
    logins = ["boss"] + [f"rep{i:03d}" for i in range(N - 1)]
    csv_text = "".join(f"{login},08:5{i % 10}\n" for i, login in enumerate(logins))
    import itertools

    counter = itertools.count()  # each run records a new day

    def record_once() -> float:
        import time

        day = date(2025, 1, 1) + timedelta(days=next(counter))
        t = time.perf_counter()
        subprocess.run(
            [CSOPS, "attendance", "record", "--date", day.isoformat(), "--file", "-", "-f", "json"],
            env={**os.environ, **env, "CSOPS_USER": "desk"},
            input=csv_text,
            text=True,
            check=True,
            capture_output=True,
        )
        return time.perf_counter() - t

    import statistics

    record_once()
    record = statistics.median(record_once() for _ in range(5))
    ok = report("attendance summary (300 staff, a year on file)", summary, "import sqlmodel", base, 2.0)
    ok &= report("attendance record (300 arrivals, one command)", record, "import sqlmodel", base, 3.0)
    print("all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
