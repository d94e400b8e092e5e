"""EXPENSE-1..3, INQUIRY-1 and REPORT-1..4: rule tables and the command line."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from csops.rules.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()
D = date.fromisoformat


def dt(s):
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


# -- command line -----------------------------------------------------------------------


@pytest.fixture
def biz(dept):
    dept.ok("client", "add", "华东电子", now="2026-11-01T09:00")
    dept.ok("client", "add", "南方食品", now="2026-11-01T09:00")
    dept.ok("staff", "edit", "boss", "--email", "boss@example.com")
    return dept


def test_expense_1_2_3_cli_and_the_report_to_the_fen(biz, tmp_path):
    """EXPENSE-1, EXPENSE-2, EXPENSE-3."""
    cli = biz
    a = cli.json(
        "expense",
        "add",
        "--date",
        "2026-11-27",
        "--client",
        "华东电子",
        "--guests",
        "王经理, 李主管",
        "--amount",
        "350.10",
        user="rep1",
        now="2026-12-01T23:59",
    )
    assert a["late"] is False and a["amount"] == "350.10" and a["guests"] == "王经理, 李主管"
    b = cli.json(
        "expense",
        "add",
        "--date",
        "2026-11-27",
        "--client",
        "华东电子",
        "--guests",
        "王经理",
        "--amount",
        "0.20",
        user="rep2",
        now="2026-12-02T00:00",
    )
    assert b["late"] is True
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-11-10",
        "--client",
        "南方食品",
        "--guests",
        "林主管、陈总",
        "--amount",
        "1280.33",
        user="rep1",
        now="2026-11-10T20:00",
    )
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-10-31",
        "--client",
        "南方食品",
        "--guests",
        "x",
        "--amount",
        "99",
        user="rep1",
        now="2026-11-02T09:00",
    )
    before = cli.json("expense", "list", now="2026-12-02T09:00")
    for bad in (
        ["--amount", "0"],
        ["--amount", "-1"],
        ["--amount", "1.234"],
        ["--amount", "1e9"],
        ["--client", "无此客户"],
        ["--date", "2026-12-03"],
        ["--guests", " , "],
    ):
        args = {"--date": "2026-11-27", "--client": "华东电子", "--guests": "王经理", "--amount": "10"}
        args[bad[0]] = bad[1]
        code = 1 if bad[0] == "--client" else 2
        cli.fails(code, "expense", "add", *[x for kv in args.items() for x in kv], user="rep1", now="2026-12-02T09:00")
    assert cli.json("expense", "list", now="2026-12-02T09:00") == before
    assert [e["id"] for e in cli.json("expense", "list", user="rep2", now="2026-12-02T09:00")] == [b["id"]]  # own only
    cli.fails(1, "expense", "record", a["id"], user="rep1", now="2026-12-02T09:00")
    assert cli.json("expense", "record", a["id"], user="asst", now="2026-12-02T09:00")["recorded"] is True
    cli.fails(1, "expense", "record", a["id"], user="asst", now="2026-12-02T09:00")
    rep = cli.json("expense", "report", "--month", "2026-11", user="asst", now="2026-12-05T09:00")
    assert rep["total"] == "1630.63" and rep["late_claims"] == 1 and len(rep["claims"]) == 3
    assert {r["client"]: r["amount"] for r in rep["by_client"]} == {"华东电子": "350.30", "南方食品": "1280.33"}
    assert {r["staff"]: r["amount"] for r in rep["by_rep"]} == {"rep1": "1630.43", "rep2": "0.20"}
    out = tmp_path / "exp.xlsx"
    cli.ok(
        "expense",
        "report",
        "--month",
        "2026-11",
        "--format",
        "xlsx",
        "--output",
        out,
        user="asst",
        now="2026-12-05T09:00",
    )
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["Summary", "By client", "By representative", "Claims"]
    assert str(wb["Summary"].cell(3, 2).value) == "1630.63"
    sent = cli.json("expense", "report", "--month", "2026-11", "--send", user="asst", now="2026-12-05T09:00")
    assert sent["sent"]["to"] == ["boss"] and sent["sent"]["outbox_id"] > 0
    import email
    from email import policy

    msg = email.message_from_bytes(next((tmp_path / "outbox").glob("*.eml")).read_bytes(), policy=policy.default)
    assert "1630.63" in msg.get_body(("plain",)).get_content()
    cli.fails(1, "expense", "report", "--month", "2026-11", user="rep1", now="2026-12-05T09:00")


def test_inquiry_1_cli_deadline_overdue_names_the_supervisor(biz):
    """INQUIRY-1."""
    cli = biz
    q = cli.json(
        "inquiry",
        "open",
        "--client",
        "华东电子",
        "--shipment",
        "SH1",
        "--question",
        "货到哪了？",
        "--channel",
        "wechat",
        user="rep1",
        now="2026-11-27T11:30",
    )
    assert q["due_at"].startswith("2026-11-27T15:00") and q["state"] == "open"
    cli.fails(
        2,
        "inquiry",
        "open",
        "--client",
        "华东电子",
        "--question",
        "x",
        "--channel",
        "fax",
        user="rep1",
        now="2026-11-27T11:30",
    )
    over = cli.json("inquiry", "list", "--overdue", now="2026-11-27T15:01")
    assert [(o["id"], o["owner"], o["supervisor"], o["state"]) for o in over] == [(q["id"], "rep1", "sup1", "overdue")]
    assert cli.json("inquiry", "list", "--overdue", now="2026-11-27T15:00") == []
    # filtered by client, as every list that names clients (issue 17)
    assert [o["id"] for o in cli.json("inquiry", "list", "--client", "华东电子", now="2026-11-27T15:01")] == [q["id"]]
    assert cli.json("inquiry", "list", "--client", "南方食品", now="2026-11-27T15:01") == []
    cli.fails(1, "inquiry", "list", "--client", "无此客户", now="2026-11-27T15:01")
    a = cli.json("inquiry", "answer", q["id"], "已签收", user="rep1", now="2026-11-27T15:05")
    assert a["state"] == "answered-late"
    cli.fails(1, "inquiry", "answer", q["id"], "again", user="rep1", now="2026-11-27T15:06")
    assert cli.json("inquiry", "list", "--open", now="2026-11-27T16:00") == []
    assert cli.json("inquiry", "show", q["id"], now="2026-11-27T16:00")["answer"] == "已签收"


def test_report_1_2_3_4_cli_file_inform_close_and_exception_notices(biz):
    """REPORT-1, REPORT-2, REPORT-3, REPORT-4."""
    cli = biz
    r = cli.json("report", "file", "--category", "leak", "客户资料外泄", user="rep1", now="2026-11-27T10:00")
    assert r["to"] == "sup1" and r["inform"] is None
    assert (
        "REPORT-4"
        in cli.fails(
            1,
            "report",
            "file",
            "--category",
            "problem",
            "x",
            "--recipient",
            "boss",
            user="rep1",
            now="2026-11-27T10:00",
        ).stderr
    )
    cli.fails(
        1,
        "report",
        "file",
        "--category",
        "problem",
        "x",
        "--emergency",
        "--recipient",
        "sup2",
        user="rep1",
        now="2026-11-27T10:00",
    )
    cli.fails(2, "report", "file", "--category", "gossip", "x", user="rep1", now="2026-11-27T10:00")
    e = cli.json(
        "report",
        "file",
        "--category",
        "accident",
        "叉车事故",
        "--emergency",
        "--to",
        "boss",
        user="rep1",
        now="2026-11-27T10:00",
    )
    assert (e["to"], e["inform"], e["inform_state"]) == ("boss", "sup1", "inform-pending")
    cli.fails(1, "report", "close", e["id"], user="boss", now="2026-11-27T11:00")  # inform first
    cli.fails(1, "report", "inform", e["id"], user="boss", now="2026-11-27T11:00")  # only the reporter
    assert cli.json("report", "inform", e["id"], user="rep1", now="2026-11-27T11:00")["inform_state"] == "informed"
    cli.fails(1, "report", "close", e["id"], user="rep2", now="2026-11-27T11:00")
    assert cli.json("report", "close", e["id"], user="boss", now="2026-11-27T12:00")["status"] == "closed"
    assert [x["ref"] for x in cli.json("report", "list", "--open", now="2026-11-27T12:00")] == [f"R-{r['id']}"]
    # an unqualified receipt's exception notice lists as category exception
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "X1",
        "--ship-date",
        "2026-11-20",
        "--team",
        "运作一组",
        now="2026-11-20T10:00",
    )
    cli.ok("receipt", "return", "X1", "--unqualified", "--reason", "缺签字", now="2026-11-27T10:00")
    ex = cli.json("report", "list", "--category", "exception", now="2026-11-27T12:00")
    assert len(ex) == 1 and ex[0]["ref"].startswith("E-") and "X1" in ex[0]["text"] and ex[0]["status"] == "open"
    assert [x["ref"] for x in cli.json("report", "list", "--mine", user="rep1", now="2026-11-27T12:00")] == [
        f"R-{r['id']}",
        f"R-{e['id']}",
    ]
