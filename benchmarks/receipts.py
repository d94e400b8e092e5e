"""Receipts at scale: a database with 1,000,000 receipts.

Times, in one run:
- `csops receipt import` of a 1,000,000-line CSV, against the floor (a plain sqlite3
  `executemany` of the same rows in one transaction) and against `sqlite-utils insert --csv`
  (what a user might use instead; skipped with a note when sqlite-utils is not installed);
- `csops receipt overdue --count` and listing (streamed to /dev/null), and `csops receipt hold`,
  against `python -c "import sqlmodel"` plus the raw query time;
- peak memory (max RSS) of the listing, to show it stays flat.
Targets: import <= 2x the floor and faster than sqlite-utils; overdue and hold <= 1.5x of
import sqlmodel + raw query."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _common import CSOPS, PY, wall

N = int(os.environ.get("CSOPS_BENCH_RECEIPTS", "1000000"))


def timed(cmd, env=None) -> tuple[float, int]:
    """Wall time and peak memory (max RSS, KiB) of one run of ``cmd``."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, env=dict(os.environ, **(env or {})), stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t
        if status != 0:
            err.seek(0)
            raise SystemExit(f"{cmd} failed: {err.read().decode()[:500]}")
    return secs, usage.ru_maxrss


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="csops-bench-"))
    cfg = tmp / "csops.toml"
    cfg.write_text("")
    db = tmp / "csops.db"
    env = {
        "CSOPS_DB": str(db),
        "CSOPS_CONFIG": str(cfg),
        "CSOPS_USER": "boss",
        "CSOPS_NOW": "2026-11-27T10:00",
        "CSOPS_CACHE": str(tmp / "cache"),
    }
    subprocess.run(
        [CSOPS, "init", "--head-login", "boss"], env=dict(os.environ, **env), check=True, capture_output=True
    )
    for name in ("华东电子", "南方食品", "北方日化"):
        subprocess.run([CSOPS, "client", "add", name], env=dict(os.environ, **env), check=True, capture_output=True)
    clients = ["华东电子", "南方食品", "北方日化"]
    teams = [f"运作{i}组" for i in range(1, 21)]
    start = date(2024, 1, 1)
    path = tmp / "receipts.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["shipment_no", "client", "ship_date", "team", "consignee_id", "copies"])
        for i in range(N):
            d = start + timedelta(days=(i * 1061) % 1060)
            row = (f"SH{i:08d}", clients[i % 3], d.isoformat(), teams[i % 20], "", 1 + (i % 7 == 0))
            w.writerow(row)
    print(f"{N:,} lines written to {path.name} ({path.stat().st_size / 1e6:.0f} MB)")

    # the floor: plain sqlite3 executemany of the same rows into a copy of the empty schema
    floor_db = tmp / "floor.db"
    shutil.copy(db, floor_db)
    t = time.perf_counter()
    conn = sqlite3.connect(floor_db)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    ids = {n: i for i, n in conn.execute("SELECT id, name FROM client")}
    with open(path, encoding="utf-8") as fh:
        r = csv.reader(fh)
        next(r)
        data = (
            (
                no,
                ids[c],
                None,
                team,
                d,
                (date.fromisoformat(d) + timedelta(days=15)).isoformat(),
                int(cp),
                0,
                0,
                "2026-11-27 02:00:00.000000",
            )
            for no, c, d, team, _con, cp in r
        )
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO receipt (shipment_no, client_id, consignee_id, team, ship_date, due_date, copies, "
            "copy_kept, reminder, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            data,
        )
        conn.commit()
    conn.close()
    floor = time.perf_counter() - t

    su = shutil.which("sqlite-utils") or str(Path(PY).with_name("sqlite-utils"))
    su_t = None
    if Path(su).exists():
        t = time.perf_counter()
        subprocess.run(
            [su, "insert", str(tmp / "su.db"), "receipt", str(path), "--csv"], check=True, capture_output=True
        )
        su_t = time.perf_counter() - t

    imp, imp_rss = timed([CSOPS, "receipt", "import", str(path), "-f", "json"], env)
    base = wall([PY, "-c", "import sqlmodel"], runs=5)

    # the raw floor of each query: the same SQL through plain sqlite3, median of three runs
    import statistics

    conn = sqlite3.connect(db)

    def raw(sql: str) -> float:
        times = []
        for _ in range(3):
            t = time.perf_counter()
            for _row in conn.execute(sql):
                pass
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    n_over = conn.execute(
        "SELECT count(*) FROM receipt WHERE returned_on IS NULL AND due_date < '2026-11-27'"
    ).fetchone()[0]
    raw_count = raw("SELECT count(*) FROM receipt WHERE returned_on IS NULL AND due_date < '2026-11-27'")
    raw_list = raw(
        "SELECT r.shipment_no, c.name, r.team, r.consignee_id, r.ship_date, r.due_date, "
        "CAST(julianday('2026-11-27') - julianday(r.due_date) AS INTEGER) FROM receipt r JOIN client c ON c.id = r.client_id "
        "WHERE r.returned_on IS NULL AND r.due_date < '2026-11-27' ORDER BY r.due_date, r.shipment_no"
    )
    raw_hold = raw(
        "SELECT team, count(*), min(ship_date) FROM receipt WHERE returned_on IS NULL AND due_date < '2026-11-27' GROUP BY team"
    )
    conn.close()

    count = wall([CSOPS, "receipt", "overdue", "--count"], env=env, runs=5)
    hold = wall([CSOPS, "receipt", "hold", "-f", "json"], env=env, runs=3)
    _t, lst_rss = timed([CSOPS, "receipt", "overdue", "-f", "csv"], env)  # peak memory of one run
    lst = wall([CSOPS, "receipt", "overdue", "-f", "csv"], env=env, runs=3)  # median of three, like the floor

    def line(name, secs, ref_name, ref, target):
        ratio = secs / ref
        print(
            f"{name:<42} {secs:8.2f} s   {ref_name:<28} {ref:7.2f} s   ratio {ratio:5.2f} (target <= {target})  "
            f"{'OK' if ratio <= target else 'MISSED'}"
        )

    print(f"overdue receipts: {n_over:,}")
    line("csops receipt import (1M lines)", imp, "floor: sqlite3 executemany", floor, 2.0)
    if su_t is not None:
        print(
            f"{'sqlite-utils insert --csv':<42} {su_t:8.2f} s   csops import is {'faster' if imp < su_t else 'SLOWER'} "
            f"({su_t / imp:.2f}x)"
        )
    else:
        print("sqlite-utils not installed: `pip install sqlite-utils` to compare")
    line("csops receipt overdue --count", count, "import sqlmodel + raw count", base + raw_count, 1.5)
    line("csops receipt hold", hold, "import sqlmodel + raw query", base + raw_hold, 1.5)
    line("csops receipt overdue (list, csv)", lst, "import sqlmodel + raw list", base + raw_list, 1.5)
    print(
        f"peak memory: import {imp_rss / 1024:.0f} MB, listing {n_over:,} rows {lst_rss / 1024:.0f} MB (max RSS of children)"
    )


if __name__ == "__main__":
    sys.exit(main())
