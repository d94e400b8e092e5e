"""kill -9 at random moments: afterwards `csops db check` passes, the database holds all of the
batch or none of it, and a rerun completes the work (SQLite: the file is the department).

The killed csops is a process of its own, forked from the test's (csops and its libraries already
imported: a trial spends its time in the command, not in starting Python); `db check` and the
rerun run in the test's process, as every other test's commands."""

import os
import random
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import FIGURES

pytestmark = pytest.mark.slow  # a long campaign: CI runs it; `pytest -m 'not slow'` for the quick loop

TRIALS = int(os.environ.get("CSOPS_CRASH_TRIALS", "20"))
LINES = 200_000


NOW = "2026-12-27T10:00"


def _env(tmp_path):
    return dict(os.environ, CSOPS_USER="boss", CSOPS_NOW=NOW, CSOPS_OUTPUT=str(tmp_path / "reports"))


def _spawn(args: list[str], env: dict[str, str]) -> int:
    """``csops ARGS`` in a forked process with ``env``, its output discarded: the pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 70
    try:  # the child: never returns into pytest
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.environ.clear()
        os.environ.update(env)
        sys.argv = ["csops", *args]
        from csops.cli.app import main

        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os._exit(code)


def _kill_at(pid: int, seconds: float) -> None:
    """kill -9 ``pid`` after ``seconds`` unless it has ended by then; reap it either way."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0]:
            return
        time.sleep(0.01)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


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
        _kill_at(_spawn(["receipt", "import", str(f)], env), rng.uniform(0.1, 3.0))
        dept.ok("db", "check", now=NOW)
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
    dept.ok("receipt", "import", str(f), now=NOW)
    assert _count(db) == LINES  # a rerun completes the work


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
        _kill_at(_spawn(["cron", "run", "--date", day], env), rng.uniform(0.02, 1.0))
        dept.ok("db", "check", now=NOW)
        for report in (tmp_path / "reports").rglob("*.xlsx"):
            from openpyxl import load_workbook

            load_workbook(report)  # every report file under its own name is whole
        dept.ok(
            "cron", "run", "--date", day, now=NOW, env={"CSOPS_OUTPUT": env["CSOPS_OUTPUT"]}
        )  # the rerun completes it
        # a temporary file the killed run left is removed when the rerun writes the same report
        for part in (tmp_path / "reports").rglob("*.part"):  # .NAME.PID.part
            assert not part.with_name(part.name[1:].rsplit(".", 2)[0]).exists(), part
    FIGURES.append(f"crash (cron run): {TRIALS} kill -9 trials; db check passed and reruns completed every time")
