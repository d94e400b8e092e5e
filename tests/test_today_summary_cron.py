"""`csops today`, `csops summary month` and `csops cron run` over a simulated month."""

import email
import json
from datetime import date, timedelta
from email import policy as email_policy

import pytest

from conftest import config_text
from csops.services.cron import JOBS, period_of


def test_cron_periods_catch_up_within_the_month():
    job = {j.name: j for j in JOBS}
    assert period_of(job["expense-report"], date(2026, 12, 4)) is None
    assert period_of(job["expense-report"], date(2026, 12, 5)) == "2026-11"  # EXPENSE-3: the 5th
    assert period_of(job["expense-report"], date(2026, 12, 9)) == "2026-11"  # missed the 5th: catch up
    assert period_of(job["receipt-handover"], date(2027, 1, 15)) == "2026-12"  # RCPT-4: the 15th
    assert period_of(job["receipt-archive"], date(2026, 12, 19)) is None
    assert period_of(job["reminders"], date(2026, 12, 1)) == "2026-12-01"
    assert period_of(job["minutes-reminder"], date(2026, 11, 30)) == "2026-W49"


@pytest.fixture
def month_dept(dept, tmp_path):
    cli = dept
    for login in ("boss", "sup1", "sup2", "asst", "rep1", "rep2", "rep3", "on1"):
        cli.ok("staff", "edit", login, "--email", f"{login}@example.com")
    cli.ok("client", "add", "华东电子", now="2026-11-01T09:00")
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S1",
        "--ship-date",
        "2026-11-02",
        "--team",
        "运作一组",
        now="2026-11-02T09:00",
    )
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-11-03",
        "--client",
        "华东电子",
        "--guests",
        "王经理",
        "--amount",
        "100.50",
        user="rep1",
        now="2026-11-04T09:00",
    )
    mids = [
        r["id"]
        for r in cli.json(
            "meeting", "schedule", "--from", "2026-11-01", "--limit", "2", user="asst", now="2026-10-30T09:00"
        )
    ]
    for mid, day in zip(mids, ("2026-11-07", "2026-11-21"), strict=False):  # held: everyone but rep3 signs in
        cli.ok(
            "meeting",
            "signin",
            mid,
            *[a for p in ("boss", "sup1", "sup2", "rep1", "rep2", "asst", "on1", "on2", "on3") for a in ("--staff", p)],
            user="asst",
            now=f"{day}T09:40",
        )
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-11-02",
        "--staff",
        "rep1",
        "--in",
        "09:25",
        user="desk",
        now="2026-11-02T10:00",
    )
    return cli


def test_cron_simulated_month_day_by_day(month_dept, tmp_path):
    """ATTEND-5, EXPENSE-3, RCPT-4, CLIENT-4, MEETING-6: what each day's run produces and mails; a second run does nothing."""
    cli = month_dept
    out = tmp_path / "reports"
    produced = {}
    d = date(2026, 12, 1)
    while d <= date(2026, 12, 21):
        now = f"{d.isoformat()}T08:30"
        rows = cli.json("cron", "run", now=now, user=None, env={"CSOPS_OUTPUT": str(out)})
        ran = {r["job"]: r for r in rows if r["status"] == "ran"}
        assert all(r["status"] in ("ran", "done-already") for r in rows), rows
        produced[d] = set(ran)
        again = cli.json("cron", "run", now=now, user=None, env={"CSOPS_OUTPUT": str(out)})
        assert all(r["status"] == "done-already" for r in again)  # safe to run twice
        d += timedelta(days=1)
    assert {"monthly-review", "consignee-review", "reminders", "minutes-reminder"} <= produced[date(2026, 12, 1)]
    assert "expense-report" in produced[date(2026, 12, 5)] and "expense-report" not in produced[date(2026, 12, 6)]
    assert "receipt-handover" in produced[date(2026, 12, 15)] and "receipt-archive" in produced[date(2026, 12, 20)]
    assert produced[date(2026, 12, 2)] == {"reminders", "expense-addendum"}
    from openpyxl import load_workbook

    wb = load_workbook(out / "monthly-review" / "review-2026-11.xlsx")
    assert wb.sheetnames[0] == "Summary" and {"Attendance", "Meetings", "Expenses", "Receipts"} <= set(wb.sheetnames)
    handover = load_workbook(
        out / "receipt-handover" / "receipt-handover-2026-11.xlsx"
    )  # RCPT-4: what the client signs
    for ws in handover.worksheets:
        lines = [r[0] for r in ws.iter_rows(values_only=True) if r and isinstance(r[0], str)]
        assert any("receipts handed over" in x for x in lines) and any("Client's signature" in x for x in lines)
    exp = load_workbook(out / "expense-report" / "expenses-2026-11.xlsx")
    cell = exp["Summary"].cell(3, 2)
    assert cell.value == 100.5 and cell.number_format == "#,##0.00"  # a number, to the fen, thousands separated
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=email_policy.default)
        for p in (tmp_path / "outbox").glob("*.eml")
    ]
    subjects = [m["Subject"] for m in mails]
    assert "Business entertainment expenses 2026-11" in subjects and "Department review 2026-11" in subjects
    review = next(m for m in mails if m["Subject"] == "Department review 2026-11")
    assert "boss@example.com" in review["To"] and "asst@example.com" in review["To"]
    audit = cli.json("audit", "list", "--entity", "job_run", now="2026-12-21T09:00")
    assert audit and all(a["actor"] == "system" for a in audit)


def test_cron_undelivered_mail_waits_and_the_next_run_sends_it_once(month_dept, tmp_path):
    """Issue 15: with the SMTP server down the jobs are done and their mail waits in the outbox
    (exit 1, saying so); the next run delivers it, once, and does not do the jobs again."""
    cli = month_dept
    (tmp_path / "csops.toml").write_text(
        config_text('[mail]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\n'), encoding="utf-8"
    )
    env = {"CSOPS_OUTPUT": str(tmp_path / "r")}
    r = cli("cron", "run", "--format", "json", now="2026-12-05T08:30", user=None, env=env)
    assert r.exit_code == 1
    rows = json.loads(r.stdout)
    ran = {x["job"]: x for x in rows if x["status"] == "ran"}
    assert {"expense-report", "monthly-review"} <= set(ran)
    assert "Mail not sent" in ran["monthly-review"]["error"]
    assert (tmp_path / "r" / "monthly-review" / "review-2026-11.xlsx").exists()  # files do not wait for mail
    assert not list((tmp_path / "r").rglob("*.part"))
    (tmp_path / "csops.toml").write_text(config_text(), encoding="utf-8")
    rows = cli.json("cron", "run", now="2026-12-05T09:30", user=None, env=env)
    outbox = [x for x in rows if x["job"] == "outbox"]
    assert outbox and outbox[0]["status"] == "ran" and "boss" in outbox[0]["mailed"]
    assert all(x["status"] == "done-already" for x in rows if x["job"] != "outbox")
    again = cli.json("cron", "run", now="2026-12-05T10:30", user=None, env=env)
    assert not [x for x in again if x["job"] == "outbox"]  # nothing twice
    subjects = [p.name for p in (tmp_path / "outbox").glob("*.eml")]
    assert len(subjects) == len(set(subjects)) > 0


@pytest.mark.sqlite_only
def test_the_printed_cron_line_runs_as_printed(dept, tmp_path):
    """Issue 15: `cron list` prints the whole line (database, config, language, time zone); run
    exactly as printed, from an environment with no csops settings, it uses them all."""
    import os
    import subprocess

    out = tmp_path / "reports"
    (tmp_path / "csops.toml").write_text(
        config_text(f'[output]\nfolder = "{out}"\n[mail]\noutbox = "{tmp_path / "mailbox"}"\n'), encoding="utf-8"
    )
    dept.ok("staff", "edit", "boss", "--email", "boss@example.com")
    r = dept.ok("cron", "list", lang="zh", user=None)
    line = [x for x in r.stdout.splitlines() if "cron run" in x][-1]
    assert f"CSOPS_CONFIG={tmp_path / 'csops.toml'}" in line and "CSOPS_LANG=zh" in line
    assert f"CSOPS_DB={os.environ['CSOPS_DB']}" in line
    schedule = r.stdout.split(line)[0].splitlines()[-1]
    assert schedule.startswith("CRON_TZ=Asia/Shanghai") or "Asia/Shanghai" in schedule  # the zone is said
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CSOPS_")}
    done = subprocess.run(["sh", "-c", line.split(" ", 5)[5]], env=clean, capture_output=True, text=True)
    assert done.returncode == 0, (out / "cron.log").read_text()[-3000:]
    log = (out / "cron.log").read_text(encoding="utf-8")
    assert "reminders" in log and "完成" in log  # in the language of the line
    assert list((out / "reminders").glob("*.txt"))
    assert list((tmp_path / "mailbox").glob("*.eml"))  # the config's outbox folder, not the default


@pytest.mark.parametrize(
    "cron_tz, local, expect",
    [
        (True, "UTC", ["CRON_TZ=Asia/Shanghai", "30 8 * * * "]),
        (False, "UTC", ["# 08:30 in Asia/Shanghai is 00:30 on this machine (UTC)", "30 0 * * * "]),
        (False, "Asia/Shanghai", ["# 08:30 in Asia/Shanghai is 08:30 on this machine (CST)", "30 8 * * * "]),
        (False, "America/New_York", ["is 19:30 on this machine", "30 19 * * * "]),
    ],
)
def test_crontab_lines_say_the_time_zone(cron_tz, local, expect):
    from pathlib import Path
    from zoneinfo import ZoneInfo

    from csops.i18n import set_language
    from csops.services.cron import crontab_lines

    set_language("en")  # the comment is in the reader's language; here English
    lines = crontab_lines(
        exe="/opt/csops/bin/csops",
        db="/srv/csops/data/csops.db",
        config=Path("/srv/csops/csops.toml"),
        lang="zh",
        folder=Path("/srv/csops/reports 100%"),
        tz="Asia/Shanghai",
        local_tz=ZoneInfo(local),
        cron_tz=cron_tz,
    )
    assert lines[0].startswith(expect[0]) if cron_tz else expect[0] in lines[0]
    assert lines[1].startswith(expect[1])
    assert "CSOPS_DB=/srv/csops/data/csops.db CSOPS_CONFIG=/srv/csops/csops.toml CSOPS_LANG=zh" in lines[1]
    assert "100\\%" in lines[1]  # cron reads a bare % as a newline


def test_attend_5_summary_month_sheets_and_assessment(month_dept, tmp_path):
    """ATTEND-5, ATTEND-6, MEETING-2: the monthly review and each person's assessment line."""
    cli = month_dept
    data = cli.json("summary", "month", "--month", "2026-11", now="2026-12-01T09:00")
    assert set(data) >= {
        "assessment",
        "attendance",
        "meetings",
        "expenses",
        "receipts",
        "consignees",
        "inquiries",
        "reports",
    }
    a = {r["staff"]: r for r in data["assessment"]}
    assert a["rep1"]["violations"] == 1 and a["rep1"]["late_claims"] == 0
    assert data["receipts"] == [
        {
            "client": "华东电子",
            "team": "运作一组",
            "shipped": 1,
            "returned_on_time": 0,
            "returned_late": 0,
            "outstanding": 1,
            "overdue": 1,
            "unqualified": 0,
        }
    ]
    assert data["expenses"] == [{"staff": "rep1", "name": "刘洋", "claims": 1, "amount": "100.50", "late_claims": 0}]
    m = {r["staff"]: r for r in data["meetings"]}
    assert m["rep3"]["absent"] == 2 and m["rep3"]["points_deducted"] == 20  # MEETING-2: absent from both, without leave
    assert m["rep1"]["present"] == 2 and m["rep1"]["points_deducted"] == 0
    cli.fails(1, "summary", "month", "--month", "2026-11", user="rep1", now="2026-12-01T09:00")
    x = tmp_path / "s.xlsx"
    cli.ok(
        "summary", "month", "--month", "2026-11", "--format", "xlsx", "--output", x, now="2026-12-01T09:00", lang="zh"
    )
    from openpyxl import load_workbook

    wb = load_workbook(x)
    assert wb.sheetnames[0] == "汇总" and wb["汇总"].cell(2, 1).value == "人员"
    csv_out = cli.ok("summary", "month", "--month", "2026-11", "--format", "csv", now="2026-12-01T09:00").stdout
    assert csv_out.splitlines()[0].startswith("staff,name,working_days,days_worked")


def test_today_shows_what_is_due_with_clause_and_command(month_dept):
    cli = month_dept
    items = cli.json("today", now="2026-12-01T09:00")
    areas = {i["area"] for i in items}
    assert {"receipts", "meetings", "expenses"} <= areas
    assert all(i["clause"] and i["command"].startswith("csops ") for i in items)
    mine = cli.json("today", user="rep3", now="2026-12-01T09:00")
    assert all(i["who"] in ("rep3", "") for i in mine if i["area"] == "attendance")


def test_today_for_the_demo_head_shows_every_area(tmp_path, monkeypatch):
    from typer.testing import CliRunner  # noqa: F401

    from conftest import Cli

    cli = Cli(tmp_path)
    db = tmp_path / "demo.db"
    r = cli("demo", "--db", db, "--format", "json", user=None, env={"CSOPS_NOW": "2026-11-27T10:00"})
    assert r.exit_code == 0, r.output
    items = cli.json("--db", db, "today", user="wang.fang", now="2026-11-27T10:00")
    assert {
        "leave",
        "attendance",
        "duty",
        "receipts",
        "consignees",
        "meetings",
        "expenses",
        "inquiries",
        "reports",
    } <= {i["area"] for i in items}
