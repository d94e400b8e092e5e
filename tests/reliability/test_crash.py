"""kill -9 at random moments: afterwards `csops db check` passes, the database holds all of the
batch or none of it, and a rerun completes the work (SQLite: the file is the department)."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIGURES

pytestmark = pytest.mark.slow  # a long campaign: CI runs it; `pytest -m 'not slow'` for the quick loop

TRIALS = int(os.environ.get("CSOPS_CRASH_TRIALS", "20"))
LINES = 200_000


def _env(tmp_path):
    return dict(os.environ, CSOPS_USER="boss", CSOPS_NOW="2026-12-27T10:00", CSOPS_OUTPUT=str(tmp_path / "reports"))


def _csops(*args, env):
    return subprocess.run([sys.executable, "-m", "csops", *args], env=env, capture_output=True, text=True)


def _count(db: Path) -> int:
    import sqlite3

    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT count(*) FROM receipt").fetchone()[0]
    finally:
        c.close()


@pytest.mark.sqlite_only
def test_kill_9_during_receipt_import(dept, tmp_path):
    env = _env(tmp_path)
    db = Path(env["CSOPS_DB"])
    dept.ok("client", "add", "华东电子")
    f = tmp_path / "big.csv"
    with open(f, "w", encoding="utf-8") as fh:
        fh.write("shipment_no,client,ship_date,team\n")
        for i in range(LINES):
            fh.write(f"K{i:07d},华东电子,2026-11-{1 + i % 26:02d},运作{i % 5}组\n")
    rng = random.Random(9)
    outcomes = {"none": 0, "all": 0}
    t0 = time.perf_counter()
    for trial in range(TRIALS):
        p = subprocess.Popen(
            [sys.executable, "-m", "csops", "receipt", "import", str(f)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 4.0))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        chk = _csops("db", "check", "-f", "json", env=env)
        assert chk.returncode == 0, chk.stdout + chk.stderr
        n = _count(db)
        assert n in (0, LINES), f"trial {trial}: {n} receipts: half a batch"
        outcomes["all" if n == LINES else "none"] += 1
        if n == LINES:  # it finished before the kill: start again from empty for the next trial
            import sqlite3

            c = sqlite3.connect(db)
            c.execute("DELETE FROM receipt")
            c.commit()
            c.close()
    FIGURES.append(
        f"crash (receipt import of {LINES:,} lines): {TRIALS} kill -9 trials in {time.perf_counter() - t0:.0f} s: "
        f"{outcomes['none']} left nothing, {outcomes['all']} had finished; db check passed every time"
    )
    r = _csops("receipt", "import", str(f), env=env)
    assert r.returncode == 0 and _count(db) == LINES  # a rerun completes the work


@pytest.mark.sqlite_only
def test_kill_9_during_cron_run(dept, tmp_path):
    env = _env(tmp_path)
    dept.ok("client", "add", "华东电子")
    for login in ("boss", "asst", "rep1", "sup1"):
        dept.ok("staff", "edit", login, "--email", f"{login}@example.com")
    dept.ok(
        "receipt", "add", "--client", "华东电子", "--shipment", "C1", "--ship-date", "2026-11-02", "--team", "运作一组"
    )
    rng = random.Random(7)
    for trial in range(TRIALS):
        day = f"2026-12-{1 + trial % 20:02d}"
        p = subprocess.Popen(
            [sys.executable, "-m", "csops", "cron", "run", "--date", day],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.1, 1.5))
        if p.poll() is None:
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        assert _csops("db", "check", env=env).returncode == 0
        for report in (tmp_path / "reports").rglob("*.xlsx"):
            from openpyxl import load_workbook

            load_workbook(report)  # every report file under its own name is whole
        r = _csops("cron", "run", "--date", day, "-f", "json", env=env)  # the rerun completes the work
        assert r.returncode == 0, r.stderr
        # a temporary file the killed run left is removed when the rerun writes the same report
        for part in (tmp_path / "reports").rglob("*.part"):  # .NAME.PID.part
            assert not part.with_name(part.name[1:].rsplit(".", 2)[0]).exists(), part
    FIGURES.append(f"crash (cron run): {TRIALS} kill -9 trials; db check passed and reruns completed every time")
