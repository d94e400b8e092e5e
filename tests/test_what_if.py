"""Issue 19: `policy what-if` replays the demo's October under a proposed policy. Each reported
difference is checked against the verdicts of the rules themselves (RCPT-3, EXPENSE-1,
INQUIRY-1 computed here from the records with csops.rules) or against what csops's own reports
say once the proposal is really in force (ATTEND-5 / LEAVE-9, DUTY-1, MEETING-2: the same
department with `policy set ... --from 2026-10-01` made on 2026-10-01). Nothing is written."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections import Counter
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.sqlite_only  # the demo's file is read directly; the service is engine-neutral

NOW = "2026-11-27T10:00"
HEAD = "wang.fang"
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from conftest import Cli

    folder = tmp_path_factory.mktemp("what-if")
    db = folder / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        (folder / "none.toml").write_text("", encoding="utf-8")
        mp.setenv("CSOPS_CONFIG", str(folder / "none.toml"))
        mp.setenv("CSOPS_OUTBOX", str(folder / "outbox"))
        Cli(folder).ok("demo", "--db", db, "--format", "json", user=None, env={"CSOPS_NOW": NOW, "CSOPS_DB": None})
    return db


@pytest.fixture
def demo(demo_file, tmp_path, cli):
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_file, db)
    cli.db = db
    return cli


def _what_if(cli, *sets, month="2026-10"):
    args = ["--db", cli.db, "policy", "what-if", "--month", month]
    for s in sets:
        args += ["--set", s]
    return cli.json(*args, user=HEAD, now=NOW)


def _changes(rep, area, measure_word=None):
    return {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["area"] == area}


def _rows(db, sql, *params):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _in_force(cli, key, value, field, read):
    """``read`` (a function of the CLI) before and after ``key`` is set from 2026-10-01 on a copy."""
    before = read()
    cli.ok(
        "--db",
        cli.db,
        "policy",
        "set",
        key,
        value,
        "--from",
        "2026-10-01",
        "--reason",
        "试算",
        user=HEAD,
        now="2026-10-01T00:05",
    )
    after = read()
    return before, after


def test_attend_5_leave_9_violations_as_the_summary_says_once_in_force(demo):
    """LEAVE-9 / ATTEND-5: a 5-minute threshold: who would have more violations."""
    rep = _what_if(demo, "attendance.violation_minutes=5")
    changed = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "LEAVE-9"}
    assert changed  # the demo has arrivals between 5 and 20 minutes late

    def read():
        rows = demo.json("--db", demo.db, "attendance", "summary", "--month", "2026-10", user=HEAD, now=NOW)
        return {r["staff"]: r["violations"] for r in rows}

    before, after = _in_force(demo, "attendance.violation_minutes", "5", "violations", read)
    assert {k: (before[k], after[k]) for k in before if before[k] != after[k]} == changed
    total = next(t for t in rep["totals"] if t["clause"] == "LEAVE-9")
    assert (total["now"], total["proposed"]) == (sum(before.values()), sum(after.values()))


def test_duty_1_meal_allowances_as_the_summary_says_once_in_force(demo):
    """DUTY-1: the allowance from 21:30 instead of 20:30."""
    rep = _what_if(demo, "duty.meal_allowance_from=21:30", month="2026-11")  # the demo's evenings
    changed = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "DUTY-1"}

    def read():
        rows = demo.json("--db", demo.db, "attendance", "summary", "--month", "2026-11", user=HEAD, now=NOW)
        return {r["staff"]: r["allowances"] for r in rows}

    before, after = _in_force(demo, "duty.meal_allowance_from", "21:30", "allowances", read)
    expected = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == expected and expected  # the demo has evenings ending between 20:30 and 21:30


def test_meeting_2_points_as_the_monthly_review_says_once_in_force(demo):
    """MEETING-2: five points a meeting instead of ten."""
    rep = _what_if(demo, "meeting.points=5")
    changed = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "MEETING-2"}

    def read():
        data = demo.json("--db", demo.db, "summary", "month", "--month", "2026-10", user=HEAD, now=NOW)
        return {r["staff"]: r["points_deducted"] for r in data["meetings"]}

    before, after = _in_force(demo, "meeting.points", "5", "points", read)
    expected = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
    assert changed == expected and expected
    assert all(p == n // 2 for n, p in changed.values())


def test_rcpt_3_overdue_receipts_against_the_rule(demo):
    """RCPT-3: receipts due within 10 days of the ship date instead of 15."""
    from csops.rules.receipt import is_overdue, receipt_due_date, return_verdict

    rep = _what_if(demo, "receipt.return_within_days=10")
    got = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "RCPT-3"}
    now, then = Counter(), Counter()
    for client, team, ship, returned in _rows(
        demo.db,
        "SELECT c.name, r.team, r.ship_date, r.returned_on FROM receipt r JOIN client c ON c.id = r.client_id "
        "WHERE r.ship_date BETWEEN '2026-10-01' AND '2026-10-31'",
    ):
        ship = date.fromisoformat(ship)
        back = date.fromisoformat(returned) if returned else None
        key = f"{client} / {team}"
        for days, count in ((15, now), (10, then)):
            due = receipt_due_date(ship, return_within_days=days)
            count[key] += (not return_verdict(due, back).ok) if back else is_overdue(due, None, date(2026, 10, 31))
    expected = {k: (now[k], then[k]) for k in set(now) | set(then) if now[k] != then[k]}
    assert got == expected and expected


def test_expense_1_late_claims_against_the_rule(demo):
    """EXPENSE-1: claims due by the sixth working day instead of the second."""
    from csops.rules.calendar import WorkCalendar
    from csops.rules.expense import claim_verdict

    rep = _what_if(demo, "expense.file_within_working_days=6")
    got = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "EXPENSE-1"}
    cal = WorkCalendar()
    expected = {}
    for eid, login, day, filed in _rows(
        demo.db,
        "SELECT e.id, s.login, e.day, e.filed_at FROM expense e JOIN staff s ON s.id = e.staff_id "
        "WHERE e.day BETWEEN '2026-10-01' AND '2026-10-31'",
    ):
        d = date.fromisoformat(day)
        at = datetime.fromisoformat(filed).astimezone(TZ)
        a = 0 if claim_verdict(d, at, cal.add_workdays, within=2).ok else 1
        b = 0 if claim_verdict(d, at, cal.add_workdays, within=6).ok else 1
        if a != b:
            expected[f"claim #{eid} ({login})"] = (a, b)
    assert got == expected and expected


def test_inquiry_1_replies_against_the_rule(demo):
    """INQUIRY-1: a reply within three working hours instead of two."""
    from csops.rules.calendar import WorkCalendar
    from csops.rules.inquiry import inquiry_state, reply_due

    rep = _what_if(demo, "inquiry.reply_within_working_hours=3", month="2026-11")
    got = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "INQUIRY-1"}
    cal = WorkCalendar()
    now = datetime.fromisoformat(NOW).replace(tzinfo=TZ)
    expected = {}
    for qid, login, opened, answered in _rows(
        demo.db,
        "SELECT q.id, s.login, q.opened_at, q.answered_at FROM inquiry q JOIN staff s ON s.id = q.owner_id",
    ):
        o = datetime.fromisoformat(opened).astimezone(TZ)
        if not date(2026, 11, 1) <= o.date() <= date(2026, 11, 30):
            continue
        ans = datetime.fromisoformat(answered).astimezone(TZ) if answered else None
        a = 0 if inquiry_state(reply_due(o, cal.add_working_minutes, hours=2), ans, now).ok else 1
        b = 0 if inquiry_state(reply_due(o, cal.add_working_minutes, hours=3), ans, now).ok else 1
        if a != b:
            expected[f"inquiry #{qid} ({login})"] = (a, b)
    assert got == expected and expected


def test_rcpt_2_a_grace_before_a_team_is_held_shortens_the_days_held(demo):
    """RCPT-2: with a grace of 20 days, no October shipment blocks before 10-21."""
    rep = _what_if(demo, "receipt.exchange_grace_days=20")
    held = {c["subject"]: (c["now"], c["proposed"]) for c in rep["changes"] if c["clause"] == "RCPT-2"}
    assert held and all(p < n for n, p in held.values())


def test_what_if_writes_nothing_and_accepts_only_what_policy_set_accepts(demo):
    digest = hashlib.sha256(demo.db.read_bytes()).hexdigest()
    _what_if(demo, "attendance.violation_minutes=5", "meeting.points=5", "receipt.return_within_days=5")
    demo.ok("--db", demo.db, "policy", "what-if", "--month", "2026-10", "--at", "2026-10-01", user=HEAD, now=NOW)
    assert hashlib.sha256(demo.db.read_bytes()).hexdigest() == digest  # byte-identical
    assert (
        "no.such.key"
        in demo.fails(  # as `policy set` says of an unknown key
            1, "--db", demo.db, "policy", "what-if", "--month", "2026-10", "--set", "no.such.key=1", user=HEAD, now=NOW
        ).output
    )
    demo.fails(
        2, "--db", demo.db, "policy", "what-if", "--month", "2026-10", "--set", "meeting.points=-3", user=HEAD, now=NOW
    )
    demo.fails(
        2, "--db", demo.db, "policy", "what-if", "--month", "2026-10", "--set", "meeting.points", user=HEAD, now=NOW
    )
    demo.fails(2, "--db", demo.db, "policy", "what-if", "--set", "meeting.points=5", user=HEAD, now=NOW)  # no period
    r = demo.fails(
        2,
        "--db",
        demo.db,
        "policy",
        "what-if",
        "--from",
        "2026-10-10",
        "--to",
        "2026-10-31",
        "--set",
        "meeting.points=5",
        user=HEAD,
        now=NOW,
    )
    assert "whole months" in r.output
    demo.ok(
        "--db",
        demo.db,
        "policy",
        "what-if",
        "--from",
        "2026-10-01",
        "--to",
        "2026-11-30",
        "--set",
        "meeting.points=5",
        user=HEAD,
        now=NOW,
    )
    demo.fails(
        1,
        "--db",
        demo.db,
        "policy",
        "what-if",
        "--month",
        "2026-10",
        "--set",
        "meeting.points=5",
        user="liu.yang",
        now=NOW,
    )


def test_what_if_as_a_workbook_prints(demo, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "what-if.xlsx"
    demo.ok(
        "--db",
        demo.db,
        "policy",
        "what-if",
        "--month",
        "2026-10",
        "--set",
        "attendance.violation_minutes=5",
        "--format",
        "xlsx",
        "--output",
        out,
        user=HEAD,
        now=NOW,
    )
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Totals" and "attendance" in wb.sheetnames
    assert wb["Totals"].page_setup.fitToWidth == 1
