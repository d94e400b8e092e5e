"""A department at its real size (issue 20): 300 people, 20 operations teams, 1,000,000 receipts.

Builds the department (people written straight into the table; receipts through
`csops receipt import`; then, as a working department would have them, every receipt shipped
more than 40 days before "now" returned and confirmed), and prints, each beside its floors
measured in the same run:

- `csops receipt import` of the 1M lines: wall time and peak memory, against a plain sqlite3
  `executemany` of the same rows with the same page cache (the stdlib floor);
- `today` (the head), against the same command on the same department without receipts;
- `receipt hold`, `receipt overdue --count`, `summary month`: against the stdlib query (the
  query through sqlite3: the physical limit here) plus csops's start-up for that command (the
  same command on the department without receipts), and, for comparison, against the stdlib
  floor plus `csops --version` and the SQLModel floor (`import sqlmodel` and the query through
  sqlite3: what a SQLModel program must pay);
- `cron run` on the 20th: every monthly job of the month at once and the reminders of 300 people;
- start-up: `csops --help` against `import typer`, `csops receipt --help`.

Run: `cd benchmarks && python department.py` (CSOPS_BENCH_RECEIPTS=100000 for a quicker run).
The machine's load average is printed first: the figures are only comparable on an idle machine.
"""

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

from _common import CSOPS, PY, wall, walls

N = int(os.environ.get("CSOPS_BENCH_RECEIPTS", "1000000"))
NOW = "2026-11-27T10:00"
TEAMS = [f"运作{i}组" for i in range(1, 21)]
CLIENTS = ["华东电子", "南方食品", "北方日化"]


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one run."""
    with tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, usage = os.wait4(p.pid, 0)
        secs = time.perf_counter() - t
        if status != 0:
            err.seek(0)
            raise SystemExit(f"{cmd} failed: {err.read().decode()[-800:]}")
    return secs, usage.ru_maxrss / 1024


def build(tmp: Path) -> tuple[dict, Path, Path]:
    cfg = tmp / "csops.toml"
    cfg.write_text(f'[mail]\noutbox = "{tmp / "outbox"}"\n[output]\nfolder = "{tmp / "reports"}"\n')
    db = tmp / "dept.db"
    env = {
        "CSOPS_DB": str(db),
        "CSOPS_CONFIG": str(cfg),
        "CSOPS_USER": "boss",
        "CSOPS_NOW": NOW,
        "CSOPS_CACHE": str(tmp / "cache"),
    }
    subprocess.run(
        [CSOPS, "init", "--head-login", "boss"], env=dict(os.environ, **env), check=True, capture_output=True
    )
    for name in CLIENTS:
        subprocess.run([CSOPS, "client", "add", name], env=dict(os.environ, **env), check=True, capture_output=True)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE staff SET email = 'boss@example.com' WHERE login = 'boss'")
    people = [(f"sup{i:02d}", "supervisor", "boss", None) for i in range(10)]
    people += [(f"rep{i:03d}", "rep", f"sup{i % 10:02d}", None) for i in range(200)]
    people += [("asst", "assistant", "boss", None), ("gm", "manager", None, None)]
    people += [(f"on{i:02d}", "onsite", f"sup{i % 10:02d}", None) for i in range(46)]
    people += [("desk1", "frontdesk", None, None), ("desk2", "frontdesk", None, None)]
    people += [(f"ops{i:02d}", "ops", None, TEAMS[i]) for i in range(20)]
    ids = {"boss": 1}
    for login, role, sup, team in people:  # superiors come before their people
        cur = conn.execute(
            "INSERT INTO staff (login, name, role, superior_id, team, email, active, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, '2026-01-01 02:00:00')",
            (login, login, role, ids.get(sup), team, f"{login}@example.com"),
        )
        ids[login] = cur.lastrowid
    conn.commit()
    conn.close()
    empty = tmp / "no-receipts.db"
    shutil.copy(db, empty)
    path = tmp / "receipts.csv"
    start = date(2024, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["shipment_no", "client", "ship_date", "team", "consignee_id", "copies"])
        for i in range(N):
            d = start + timedelta(days=(i * 7919) % 1061)  # every day from 2024-01-01 to 2026-11-26
            w.writerow((f"SH{i:08d}", CLIENTS[i % 3], d.isoformat(), TEAMS[i % 20], "", 1 + (i % 7 == 0)))
    return env, empty, path


def floor_import(db: Path, path: Path, tmp: Path) -> float:
    """The stdlib floor: sqlite3 executemany of the same rows, with csops's import page cache."""
    from csops.services.receipt import IMPORT_CACHE_KIB

    floor_db = tmp / "floor.db"
    shutil.copy(db, floor_db)
    code = f"""
import csv, sqlite3
from datetime import date, timedelta
conn = sqlite3.connect({str(floor_db)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=NORMAL")
conn.execute("PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
ids = {{n: i for i, n in conn.execute("SELECT id, name FROM client")}}
with open({str(path)!r}, encoding="utf-8") as fh:
    r = csv.reader(fh); next(r)
    rows = ((no, ids[c], None, team, d, (date.fromisoformat(d) + timedelta(days=15)).isoformat(), int(cp), 0, 0,
             "2026-11-27 02:00:00.000000") for no, c, d, team, _con, cp in r)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO receipt (shipment_no, client_id, consignee_id, team, ship_date, due_date, copies, "
                     "copy_kept, reminder, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
"""
    secs, _mb = timed([PY, "-c", code], {})
    return secs


def query_floor(db: Path, sql: str, with_sqlmodel: bool) -> float:
    code = ("import sqlmodel\n" if with_sqlmodel else "") + (
        f"import sqlite3\nfor _r in sqlite3.connect({str(db)!r}).execute({sql!r}):\n    pass\n"
    )
    return wall([PY, "-c", code], runs=3)


def line(name: str, secs: float, ref_name: str, ref: float, target: float | None = None) -> None:
    ratio = secs / ref
    verdict = "" if target is None else f"(target <= {target})  {'OK' if ratio <= target else 'MISSED'}"
    print(f"{name:<44} {secs:8.2f} s   {ref_name:<34} {ref:7.2f} s   ratio {ratio:5.2f} {verdict}")


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} (2 cores: under 0.3 is idle)")
    tmp = Path(tempfile.mkdtemp(prefix="csops-dept-"))
    env, empty, path = build(tmp)
    db = Path(env["CSOPS_DB"])
    print(f"department: 300 people, 20 teams; {N:,} receipts in {path.stat().st_size / 1e6:.0f} MB of CSV")

    imp, imp_mb = timed([CSOPS, "receipt", "import", str(path), "-f", "json"], env)
    floor = floor_import(empty, path, tmp)
    line("receipt import", imp, "stdlib executemany, same cache", floor, 1.0)
    print(f"{'':<44} peak memory {imp_mb:.0f} MB (target <= 150 MB)")

    conn = sqlite3.connect(db)  # a working department: what shipped 40+ days ago came back and was confirmed,
    conn.execute(  # and every month before last was handed back to the clients and filed (RCPT-4)
        "UPDATE receipt SET returned_on = date(ship_date, '+5 day'), qualified = 1, "
        "confirmed_on = date(ship_date, '+6 day') WHERE ship_date < date('2026-11-27', '-40 day')"
    )
    conn.execute(
        "UPDATE receipt SET handover_month = strftime('%Y-%m', ship_date), "
        "handed_over_on = date(ship_date, 'start of month', '+1 month', '+14 day'), "
        "archived_on = date(ship_date, 'start of month', '+1 month', '+19 day') "
        "WHERE confirmed_on IS NOT NULL AND ship_date < '2026-10-01'"
    )
    # a year of the front desk's records: every department member on every weekday of 2026 to date
    staff_ids = [r[0] for r in conn.execute("SELECT id FROM staff WHERE role NOT IN ('ops', 'frontdesk', 'manager')")]
    desk = conn.execute("SELECT id FROM staff WHERE role = 'frontdesk' OR role = 'head' LIMIT 1").fetchone()[0]
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(330)]

    def arrived(sid: int, d: date) -> str:  # from 20 minutes early to 19 late, spread over people and days
        minutes = 9 * 60 + (sid * 7 + d.toordinal()) % 40 - 20
        return f"{minutes // 60:02d}:{minutes % 60:02d}:00.000000"

    rows = [
        (sid, d.isoformat(), arrived(sid, d), "18:05:00.000000", desk)
        for d in days
        if d.weekday() < 5
        for sid in staff_ids
    ]
    conn.executemany("INSERT INTO arrival (staff_id, day, time_in, time_out, recorded_by_id) VALUES (?,?,?,?,?)", rows)
    print(f"{'':<44} {len(rows):,} arrivals of {len(staff_ids)} people")
    conn.commit()
    conn.execute("ANALYZE")
    conn.close()

    today, today_empty = walls(
        ([CSOPS, "today", "-f", "json"], env), ([CSOPS, "today", "-f", "json"], dict(env, CSOPS_DB=str(empty))), runs=7
    )
    line("today (the head)", today, "today without receipts", today_empty, 1.3)

    hold_sql = (
        "SELECT team, count(*), min(ship_date) FROM receipt WHERE confirmed_on IS NULL "
        "AND ship_date <= '2026-11-27' GROUP BY team"
    )
    over_sql = "SELECT count(*) FROM receipt WHERE returned_on IS NULL AND due_date < '2026-11-27'"
    # The query floors: a stdlib script that connects and runs the query (the physical limit), the
    # same after `import sqlmodel` (what a SQLModel program must pay), and bare `import sqlite3`:
    # the stdlib floor less it is the query's own time.
    bare = wall([PY, "-c", "import sqlite3"], runs=5)
    version = wall([CSOPS, "--version"], runs=5)
    for name, cmd, sql, target in (
        ("receipt hold", ["receipt", "hold", "-f", "json"], hold_sql, 1.2),
        ("receipt overdue --count", ["receipt", "overdue", "--count"], over_sql, None),
        ("summary month", ["summary", "month", "--month", "2026-10", "-f", "json"], over_sql, None),
    ):
        # csops's start-up for this command: the same command on the department without receipts
        # (Python, csops and its data layer loaded, the store opened, schema, policy and the actor
        # checked, the answer printed): everything the command pays but the receipts.
        secs, start = walls(([CSOPS, *cmd], env), ([CSOPS, *cmd], dict(env, CSOPS_DB=str(empty))), runs=5)
        stdlib = query_floor(db, sql, False)
        with_sqlmodel = query_floor(db, sql, True)
        query = max(stdlib - bare, 0.0)
        line(name, secs, "stdlib query + csops start-up", query + start, target)
        line("", secs, "stdlib floor + csops --version", stdlib + version)
        line("", secs, "SQLModel floor (import sqlmodel + SQL)", with_sqlmodel)
        print(f"{'':<44} (stdlib floor {stdlib:.2f} s = python {bare:.2f} s + query {query:.2f} s)")

    whatif = wall(
        [
            CSOPS,
            "policy",
            "what-if",
            "--month",
            "2026-10",
            "-f",
            "json",
            "--set",
            "attendance.violation_minutes=15",
            "--set",
            "receipt.exchange_grace_days=2",
        ],
        env=env,
        runs=3,
    )
    summary = wall([CSOPS, "attendance", "summary", "--month", "2026-10", "-f", "json"], env=env, runs=3)
    print(
        f"{'policy what-if (a month, two proposals)':<44} {whatif:8.2f} s   target <= 10 s  {'OK' if whatif <= 10 else 'MISSED'}"
    )
    line("", whatif, "attendance summary of the month", summary)

    cron_db = tmp / "cron.db"
    shutil.copy(db, cron_db)
    cron_env = dict(env, CSOPS_DB=str(cron_db), CSOPS_NOW="2026-12-20T08:30", CSOPS_USER="")
    cron, cron_mb = timed([CSOPS, "cron", "run", "-f", "json"], cron_env)
    mails = len(list((tmp / "outbox").glob("*.eml")))
    print(
        f"{'cron run on the 20th (every job of the month)':<44} {cron:8.2f} s   target <= 10 s  "
        f"{'OK' if cron <= 10 else 'MISSED'}   ({mails} messages, peak {cron_mb:.0f} MB)"
    )

    typer_t, root_help, group_help = walls(
        ([PY, "-c", "import typer"], None), ([CSOPS, "--help"], None), ([CSOPS, "receipt", "--help"], None), runs=15
    )
    line("csops --help", root_help, "import typer", typer_t, 1.5)
    line("csops receipt --help", group_help, "import typer", typer_t, 1.8)
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    sys.exit(main())
