"""Several processes writing at once lose nothing, duplicate nothing, surface no raw
"database is locked" or serialization error, and every write has its audit entry.
Runs on SQLite (one file, WAL, BEGIN IMMEDIATE) and, in the PostgreSQL half, on PostgreSQL
(SERIALIZABLE, retried)."""
import json
import os
import subprocess
import sys
from pathlib import Path

PROCESSES, WRITES = 8, 100


def test_eight_processes_a_hundred_writes_each(dept):
    cli = dept
    cli.ok("client", "add", "华东电子")
    env = dict(os.environ)
    from conftest import ON_PG, ensure_role, pg_url

    if ON_PG:
        ensure_role("rep1")
        env["CSOPS_DB"] = pg_url(os.environ["CSOPS_TEST_DBNAME"], "rep1")
        env.pop("CSOPS_NOW", None)
    else:
        env["CSOPS_USER"] = "rep1"
        env.pop("CSOPS_NOW", None)
    writer = Path(__file__).with_name("writer.py")
    procs = [subprocess.Popen([sys.executable, str(writer), str(w), str(WRITES)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for w in range(PROCESSES)]
    results = []
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-2000:]
        assert "Traceback" not in err and "database is locked" not in err and "could not serialize" not in err, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    committed = sum(r["committed"] for r in results)
    refused = sum(r["refused"] for r in results)
    print(f"\nconcurrency ({'PostgreSQL' if ON_PG else 'SQLite'}): {PROCESSES} processes, "
          f"{PROCESSES * WRITES} writes attempted, {committed} committed, {refused} refused")
    assert refused == 0, results
    rows = cli.json("inquiry", "list")
    assert len(rows) == PROCESSES * WRITES
    assert len({r["shipment_no"] for r in rows}) == PROCESSES * WRITES  # no duplicate, none lost
    audit = cli.json("audit", "list", "--entity", "inquiry", "--limit", "100000")
    assert len([a for a in audit if a["action"] == "inquiry.open"]) == PROCESSES * WRITES
