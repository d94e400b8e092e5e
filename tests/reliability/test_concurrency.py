"""LEAVE-1, ATTEND-1, RCPT-3, INQUIRY-1 under load: several processes writing at once lose nothing, duplicate nothing, surface no raw
"database is locked" or serialization error, and every write has its audit entry.
Runs on SQLite (one file, WAL, BEGIN IMMEDIATE) and, in the PostgreSQL half, on PostgreSQL
(writers queue on one advisory lock)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIGURES

pytestmark = pytest.mark.slow  # a long campaign: CI runs it; `pytest -m 'not slow'` for the quick loop

PROCESSES, WRITES = 8, 100


def _run_writers(mode: str) -> list[dict]:
    from conftest import ON_PG, RUNTIME_ROLE, pg_url

    env = dict(os.environ)
    env.pop("CSOPS_NOW", None)
    if ON_PG:  # the runtime role, no clock setting: the server's now
        env["CSOPS_DB"] = pg_url(os.environ["CSOPS_TEST_DBNAME"], RUNTIME_ROLE)
    writer = Path(__file__).with_name("writer.py")
    procs = [
        subprocess.Popen(
            [sys.executable, str(writer), str(w), str(WRITES), mode],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(PROCESSES)
    ]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=900)
        assert p.returncode == 0, err[-2000:]
        assert "Traceback" not in err and "database is locked" not in err and "could not serialize" not in err, err[
            -2000:
        ]
        results.append(json.loads(out.strip().splitlines()[-1]))
    committed = sum(r["committed"] for r in results)
    refused = sum(r["refused"] for r in results)
    FIGURES.append(
        f"concurrency ({'PostgreSQL' if ON_PG else 'SQLite'}, {mode}): {PROCESSES} processes, "
        f"{PROCESSES * WRITES} writes attempted, {committed} committed, {refused} refused"
    )
    assert refused == 0, [e for r in results for e in r["errors"]]
    return results


@pytest.fixture
def writers(dept):
    dept.ok("client", "add", "华东电子")
    for w in range(PROCESSES):
        dept.ok("staff", "add", "--login", f"w{w}", "--name", f"代表{w}", "--role", "rep", "--superior", "sup1")
    return dept


def test_eight_processes_a_hundred_writes_each(writers):
    cli = writers
    _run_writers("inquiries")
    rows = cli.json("inquiry", "list")
    assert len(rows) == PROCESSES * WRITES
    assert len({r["shipment_no"] for r in rows}) == PROCESSES * WRITES  # no duplicate, none lost
    audit = cli.json("audit", "list", "--entity", "inquiry", "--limit", "100000")
    assert len([a for a in audit if a["action"] == "inquiry.open"]) == PROCESSES * WRITES


def test_eight_processes_mixed_writes_inquiries_receipts_returns_arrivals_leave(writers):
    cli = writers
    _run_writers("mix")
    quarter = PROCESSES * WRITES // 5
    assert len(cli.json("inquiry", "list")) == quarter
    data = cli.json("summary", "month", "--month", "2026-11")
    assert sum(r["shipped"] for r in data["receipts"]) == quarter
    assert sum(r["returned_on_time"] for r in data["receipts"]) == quarter
    audit = cli.json("audit", "list", "--limit", "100000")
    actions = [a["action"] for a in audit]
    assert actions.count("inquiry.open") == quarter and actions.count("receipt.add") == quarter
    assert actions.count("receipt.return") == quarter and actions.count("attendance.record") == quarter
    assert actions.count("leave.request") == quarter
    assert len(cli.json("leave", "list", "--month", "2026-12")) == quarter
