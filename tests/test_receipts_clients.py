"""RCPT-1..6 and CLIENT-1..7: rule tables and the command line (--format json)."""

import os
from datetime import date

import pytest

D = date.fromisoformat


# -- command line ------------------------------------------------------------------

NOW = "2026-11-20T10:00"


@pytest.fixture
def logistics(dept):
    cli = dept
    cli.ok(
        "client",
        "add",
        "华东电子",
        "--receiving",
        "整箱收货",
        "--damage",
        "外箱破损拒收",
        "--stacking",
        "不超过5层",
        "--signing",
        "签字并盖章",
        now=NOW,
    )
    cli.ok("client", "add", "南方食品", "--receiving", "冷链", now=NOW)
    con = cli.json(
        "consignee",
        "add",
        "--client",
        "华东电子",
        "--name",
        "上海仓",
        "--address",
        "上海市浦东新区A路1号",
        "--phone",
        "021-5555",
        now=NOW,
    )
    cli.con = con["id"]
    return cli


def test_client_2_cli_add_list_show_edit(logistics):
    """CLIENT-2."""
    cli = logistics
    r = cli.json("client", "add", "北方物流", now=NOW)
    assert r["missing_standards"] == ["receiving", "damage", "stacking", "signing"]
    assert {c["name"] for c in cli.json("client", "list", now=NOW)} == {"华东电子", "南方食品", "北方物流"}
    assert cli.json("client", "edit", "北方物流", "--damage", "破损拍照", now=NOW)["damage"] == "破损拍照"
    show = cli.json("client", "show", "华东电子", now=NOW)
    assert show["consignees"][0]["name"] == "上海仓" and show["missing_standards"] == []
    cli.fails(1, "client", "add", "华东电子", now=NOW)
    cli.fails(1, "client", "add", "X", user="on1", now=NOW)
    cli.fails(1, "client", "show", "没有这个客户", now=NOW)


def test_client_3_4_5_6_7_mismatch_review_confirm_reminder(logistics):
    """CLIENT-3, CLIENT-4, CLIENT-5, CLIENT-6, CLIENT-7."""
    cli = logistics
    m = cli.json(
        "consignee",
        "mismatch",
        cli.con,
        "--field",
        "address",
        "--actual",
        "上海市闵行区B路2号",
        "--reported-by",
        "ops1",
        user="ops1",
        now=NOW,
    )
    assert m["on_file"] == "上海市浦东新区A路1号" and m["reported_by"] == "ops1" and m["status"] == "open"
    cli.fails(1, "consignee", "mismatch", cli.con, "--field", "address", "--actual", "上海市浦东新区A路1号", now=NOW)
    cli.fails(2, "consignee", "mismatch", cli.con, "--field", "email", "--actual", "x", now=NOW)
    cli.fails(1, "consignee", "mismatch", cli.con, "--field", "phone", "--actual", "1", user="on1", now=NOW)
    review = cli.json("consignee", "review", "--month", "2026-11", now=NOW)
    assert [(r["client"], r["field"], r["actual"]) for r in review] == [("华东电子", "address", "上海市闵行区B路2号")]
    # CLIENT-6: no change yet, no reminder
    r1 = cli.json(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "SH001",
        "--ship-date",
        "2026-11-19",
        "--team",
        "运作一组",
        "--consignee",
        cli.con,
        now=NOW,
    )
    assert r1["reminder"] is False
    cli.json("consignee", "confirm", m["id"], now="2026-11-20T11:00")
    show = cli.json("consignee", "show", cli.con, now="2026-11-20T11:00")
    assert show["address"] == "上海市闵行区B路2号" and [h["address"] for h in show["history"]] == [
        "上海市浦东新区A路1号",
        "上海市闵行区B路2号",
    ]
    assert cli.json("consignee", "check", cli.con, now="2026-11-20T11:00")["remind_operations"] is True
    cli.fails(1, "consignee", "confirm", m["id"], now="2026-11-20T11:00")
    r2 = cli.json(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "SH002",
        "--ship-date",
        "2026-11-20",
        "--team",
        "运作一组",
        "--consignee",
        cli.con,
        now="2026-11-20T12:00",
    )
    assert r2["reminder"] is True and any("CLIENT-6" in n for n in r2["notes"])
    r3 = cli.json(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "SH003",
        "--ship-date",
        "2026-11-20",
        "--team",
        "运作一组",
        "--consignee",
        cli.con,
        now="2026-11-20T13:00",
    )
    assert r3["reminder"] is False  # shown once
    assert cli.json("consignee", "check", cli.con, now="2026-11-20T13:00")["remind_operations"] is False


def test_rcpt_2_3_5_return_hold_workorder_resign(logistics):
    """RCPT-2, RCPT-3, RCPT-5 (revised 2026-11-28): a work order is exchanged for receipts back and confirmed."""
    cli = logistics

    def add(no, d, team="运作一组"):
        return cli.ok(
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            no,
            "--ship-date",
            d,  # noqa: E731
            "--team",
            team,
            now="2026-11-01T09:00",
        )

    add("S1", "2026-10-20")
    add("S2", "2026-10-25")
    add("S3", "2026-10-25", "运作二组")
    cli.fails(
        1,
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S1",
        "--ship-date",
        "2026-10-20",
        "--team",
        "运作一组",
        now=NOW,
    )
    cli.fails(
        2,
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S9",
        "--ship-date",
        "2026-12-01",
        "--team",
        "运作一组",
        now=NOW,
    )
    # RCPT-3: S1 due 2026-11-04: on 11-04 not overdue, on 11-05 overdue
    assert cli.json("receipt", "overdue", "--date", "2026-11-04", now=NOW) == []
    over = cli.json("receipt", "overdue", "--date", "2026-11-05", now=NOW)
    assert [o["shipment_no"] for o in over] == ["S1"] and over[0]["days_overdue"] == 1
    csv_out = cli.ok("receipt", "overdue", "--date", "2026-11-05", "-f", "csv", now=NOW).stdout.splitlines()
    assert csv_out == [
        "shipment_no,client,team,consignee_id,ship_date,due_date,days_overdue",
        "S1,华东电子,运作一组,,2026-10-20,2026-11-04,1",
    ]
    assert cli("receipt", "overdue", "--count", now=NOW).stdout.strip() == "3"
    # RCPT-2: every team with a receipt not back is held, overdue or not
    h = cli.json("receipt", "hold", now=NOW)
    assert [(x["team"], x["no_receipt"], x["unconfirmed"], x["unqualified"]) for x in h] == [
        ("运作一组", 2, 0, 0),
        ("运作二组", 1, 0, 0),
    ]
    assert h[0]["receipts"] == [
        {"shipment_no": "S1", "reason": "no-receipt", "ship_date": "2026-10-20"},
        {"shipment_no": "S2", "reason": "no-receipt", "ship_date": "2026-10-25"},
    ]
    r = cli.fails(1, "receipt", "workorder", "--team", "运作一组", now=NOW)
    assert "S1" in r.stderr and "RCPT-2" in r.stderr
    ret = cli.json("receipt", "return", "S1", "--date", "2026-11-18", now=NOW)
    assert (ret["on_time"], ret["state"]) == (False, "returned")
    cli.json("receipt", "return", "S2", "--date", "2026-11-09", now=NOW)
    cli.fails(1, "receipt", "return", "S2", now=NOW)  # twice
    # back but not checked (未确认): still no work order
    assert [(x["team"], x["unconfirmed"]) for x in cli.json("receipt", "hold", "--team", "运作一组", now=NOW)] == [
        ("运作一组", 2)
    ]
    assert "back, not confirmed" in cli.fails(1, "receipt", "workorder", "--team", "运作一组", now=NOW).stderr
    assert cli.json("receipt", "confirm", "S1", now=NOW)["state"] == "confirmed"
    cli.fails(1, "receipt", "confirm", "S1", now=NOW)  # twice
    cli.fails(1, "receipt", "workorder", "--team", "运作一组", now=NOW)
    cli.json("receipt", "confirm", "S2", now=NOW)
    assert cli.json("receipt", "workorder", "--team", "运作一组", now=NOW)["team"] == "运作一组"
    # RCPT-5: unqualified holds until re-signed and confirmed
    cli.fails(2, "receipt", "return", "S3", "--unqualified", now=NOW)
    u = cli.json(
        "receipt", "return", "S3", "--date", "2026-11-08", "--unqualified", "--reason", "缺收货人签字", now=NOW
    )
    assert u["exception_notice"] and u["qualified"] is False and u["state"] == "unqualified"
    assert cli.json("receipt", "hold", "--team", "运作二组", now=NOW)[0]["unqualified"] == 1
    cli.fails(1, "receipt", "workorder", "--team", "运作二组", now=NOW)
    cli.fails(1, "receipt", "confirm", "S3", now=NOW)  # not before it is re-signed
    assert cli.json("receipt", "resign", "S3", now=NOW)["state"] == "resigned"
    cli.fails(1, "receipt", "resign", "S3", now=NOW)
    assert cli.json("receipt", "hold", now=NOW)[0]["unconfirmed"] == 1  # re-signed, not yet checked
    cli.json("receipt", "confirm", "S3", now=NOW)
    assert cli.json("receipt", "hold", now=NOW) == []
    assert cli.json("receipt", "workorder", "--team", "运作二组", now=NOW)["id"]


def test_rcpt_2_a_work_order_names_its_shipment_and_the_exchange_has_no_grace(logistics):
    """RCPT-2 (revised 2026-11-28), the reproduction of issue 12: S1 unreturned since 09-01 holds the team on
    09-10 and 09-16 alike; the work order's own shipment does not hold it; a grace of days is the company's choice."""
    cli = logistics
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S1",
        "--ship-date",
        "2026-09-01",
        "--team",
        "T1",
        now="2026-09-01T09:00",
    )
    for day in ("2026-09-10T10:00", "2026-09-16T10:00", "2026-09-17T10:00"):
        assert "S1 (no receipt back)" in cli.fails(1, "receipt", "workorder", "--team", "T1", now=day).stderr
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S2",
        "--ship-date",
        "2026-09-10",
        "--team",
        "T1",
        now="2026-09-10T09:00",
    )
    cli.ok("receipt", "return", "S1", "--confirm", "--date", "2026-09-10", now="2026-09-10T11:00")
    cli.fails(1, "receipt", "workorder", "--team", "T1", now="2026-09-10T12:00")  # S2 itself, unnamed, holds
    wo = cli.json("receipt", "workorder", "--team", "T1", "--shipment", "S2", now="2026-09-10T12:00")
    assert (wo["shipment_no"], wo["team"]) == ("S2", "T1")
    cli.fails(
        1, "receipt", "workorder", "--team", "T1", "--shipment", "S2", now="2026-09-10T12:00"
    )  # one work order per shipment
    cli.fails(2, "receipt", "workorder", "--team", "T2", "--shipment", "S2", now="2026-09-10T12:00")  # not that team's
    # a grace of two days (not in the text) leaves S2 on the road until 09-12
    cli.ok("policy", "set", "receipt.exchange_grace_days", "2", "--reason", "运作部门要求", now="2026-09-10T13:00")
    assert cli.json("receipt", "workorder", "--team", "T1", now="2026-09-11T10:00")["team"] == "T1"
    assert "S2" in cli.fails(1, "receipt", "workorder", "--team", "T1", now="2026-09-12T10:00").stderr


def test_rcpt_4_6_handover_and_archive_sheets(logistics, tmp_path):
    """RCPT-4 (revised 2026-11-28), RCPT-6: only confirmed receipts go back to the client; the others wait."""
    cli = logistics
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "N1",
        "--ship-date",
        "2026-11-03",
        "--team",
        "运作一组",
        "--copies",
        "3",
        now="2026-11-03T09:00",
    )
    cli.ok(
        "receipt",
        "add",
        "--client",
        "南方食品",
        "--shipment",
        "N2",
        "--ship-date",
        "2026-11-05",
        "--team",
        "运作一组",
        now="2026-11-05T09:00",
    )
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "N3",
        "--ship-date",
        "2026-11-06",
        "--team",
        "运作一组",
        now="2026-11-06T09:00",
    )
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "N4",
        "--ship-date",
        "2026-11-07",
        "--team",
        "运作一组",
        now="2026-11-07T09:00",
    )
    cli.fails(2, "receipt", "return", "N2", "--copy-kept", now="2026-11-10T09:00")  # one copy only
    r = cli.json("receipt", "return", "N1", "--copy-kept", "--confirm", now="2026-11-10T09:00")
    assert (r["copy_kept"], r["state"]) == (True, "confirmed")
    cli.ok(
        "receipt", "return", "N3", "--date", "2026-11-09", "--unqualified", "--reason", "未签字", now="2026-11-10T09:00"
    )
    cli.ok("receipt", "return", "N4", "--date", "2026-11-09", now="2026-11-10T09:00")  # back, not checked
    cli.fails(1, "receipt", "handover", "--month", "2026-12", now="2026-12-15T09:00")  # December has not ended
    r = cli("receipt", "handover", "--month", "2026-11", "--format", "json", now="2026-12-15T09:00")
    assert r.exit_code == 0 and "RCPT-4" in r.stderr
    sheet = __import__("json").loads(r.stdout)
    assert {(s["shipment_no"], s["handed_over_on"]) for s in sheet} == {("N1", "2026-12-15")}
    assert cli.json("receipt", "show", "N3", now="2026-12-15T09:00")["handed_over_on"] is None
    out = tmp_path / "handover.xlsx"
    cli.ok(
        "receipt", "handover", "--month", "2026-11", "--format", "xlsx", "--output", str(out), now="2026-12-15T09:00"
    )
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert set(wb.sheetnames) == {"华东电子"}
    assert any("signature" in str(c.value) for row in wb["华东电子"].iter_rows() for c in row)
    # N3 re-signed and confirmed, N4 checked: they go at a later hand-over (January's, covering December and before)
    cli.ok("receipt", "resign", "N3", now="2026-12-16T09:00")
    cli.ok("receipt", "confirm", "N3", now="2026-12-16T09:00")
    cli.ok("receipt", "confirm", "N4", now="2026-12-16T09:00")
    arch = cli.json("receipt", "archive", "--month", "2026-11", now="2026-12-20T09:00")
    assert {s["shipment_no"]: s["archived_on"] for s in arch} == {"N1": "2026-12-20"}
    later = cli.json("receipt", "handover", "--month", "2026-12", now="2027-01-15T09:00")
    assert {s["shipment_no"] for s in later} == {"N3", "N4"}
    assert {cli.json("receipt", "show", n, now="2027-01-15T09:00")["state"] for n in ("N1", "N3", "N4")} == {
        "filed",
        "handed-back",
    }
    cli.fails(1, "receipt", "archive", "--month", "2026-10", now="2027-01-20T09:00")  # nothing handed back for October


def test_rcpt_3_import_streams_in_chunks_and_stays_all_or_nothing(logistics, tmp_path, monkeypatch):
    """RCPT-3, issue 20: chunks of 3 lines; a duplicate in a later chunk of a line of an earlier one,
    a bad line in the last chunk: nothing kept, each named; with --skip-bad the rest goes in."""
    from csops.services import receipt

    monkeypatch.setattr(receipt, "CHUNK", 3)
    cli = logistics
    f = tmp_path / "r.csv"
    rows = [f"C{i},华东电子,2026-11-0{1 + i % 9},运作一组" for i in range(10)]
    rows.insert(7, "C1,华东电子,2026-11-02,运作一组")  # line 9: the same shipment as line 3
    rows.append("C99,华东电子,2026-11-02,=cmd|x")  # line 13: a team that reads as a formula
    f.write_text("shipment_no,client,ship_date,team\n" + "\n".join(rows) + "\n", encoding="utf-8")
    r = cli.fails(2, "receipt", "import", str(f), now=NOW)
    assert "2 bad lines" in r.stderr and "line 9: shipment C1" in r.stderr and "line 13:" in r.stderr
    assert cli("receipt", "overdue", "--count", "--as-of", "2026-12-31", now=NOW).stdout.strip() == "0"
    res = cli.json("receipt", "import", str(f), "--skip-bad", now=NOW)
    assert (res["imported"], res["skipped"]) == (10, 2)
    assert cli("receipt", "overdue", "--count", "--as-of", "2026-12-31", now=NOW).stdout.strip() == "10"


@pytest.mark.parametrize("rebuild_from", [5, 50_000], ids=["indexes-built-at-the-end", "indexes-kept"])
def test_client_6_an_import_reminds_on_the_first_shipment_to_a_changed_consignee_only(
    logistics, tmp_path, monkeypatch, rebuild_from
):
    """CLIENT-6 through `receipt import` (issue 20: the consignees' last shipments are read once,
    before a large import drops the indexes): the first imported shipment to a consignee whose
    details changed after its last shipment carries the reminder, later ones and unchanged
    consignees do not; once shipped after the change, a later import reminds no more."""
    from csops.services import receipt

    monkeypatch.setattr(receipt, "REBUILD_FROM_LINES", rebuild_from)
    monkeypatch.setattr(receipt, "CHUNK", 3)
    cli = logistics
    m = cli.json(
        "consignee", "mismatch", cli.con, "--field", "phone", "--actual", "021-7777", "--reported-by", "ops1",
        user="ops1", now=NOW,
    )  # fmt: skip
    cli.ok("consignee", "confirm", m["id"], now="2026-11-20T11:00")
    f = tmp_path / "r.csv"
    lines = [f"I{i},华东电子,2026-11-20,运作一组,{cli.con if i % 2 else ''}" for i in range(8)]
    f.write_text("shipment_no,client,ship_date,team,consignee_id\n" + "\n".join(lines) + "\n")
    assert cli.json("receipt", "import", str(f), now="2026-11-20T12:00")["reminders"] == 1
    assert [cli.json("receipt", "show", f"I{i}", now="2026-11-20T12:00")["reminder"] for i in (1, 3)] == [True, False]
    f.write_text("shipment_no,client,ship_date,team,consignee_id\n" + f"J1,华东电子,2026-11-21,运作一组,{cli.con}\n")
    assert cli.json("receipt", "import", str(f), now="2026-11-21T12:00")["reminders"] == 0


def test_rcpt_3_importing_a_file_again_with_skip_bad_skips_every_line_on_file(logistics, tmp_path, monkeypatch):
    """RCPT-3: a chunk whose every line is on file already is skipped whole (it was an internal
    error: the empty chunk's first shipment was read)."""
    from csops.services import receipt

    monkeypatch.setattr(receipt, "CHUNK", 2)
    f = tmp_path / "r.csv"
    f.write_text(
        "shipment_no,client,ship_date,team\n" + "".join(f"A{i},华东电子,2026-11-02,运作一组\n" for i in range(5))
    )
    assert logistics.json("receipt", "import", str(f), now=NOW)["imported"] == 5
    again = logistics.json("receipt", "import", str(f), "--skip-bad", now=NOW)
    assert (again["imported"], again["skipped"]) == (0, 5)
    assert "has a receipt on file already" in again["errors"][0]


@pytest.mark.sqlite_only
def test_rcpt_3_a_large_import_builds_the_indexes_once_at_the_end_and_a_failed_one_keeps_them(
    logistics, tmp_path, monkeypatch
):
    """Issue 20: an import at least as long as the table (here: from 5 lines) drops the receipt
    table's secondary indexes and builds them again at the end, in its transaction: afterwards
    every index is there and used; a refused import leaves them all as they were."""
    import sqlite3

    from csops.services import receipt

    monkeypatch.setattr(receipt, "REBUILD_FROM_LINES", 5)
    monkeypatch.setattr(receipt, "CHUNK", 4)
    cli = logistics

    def indexes():
        with sqlite3.connect(os.environ["CSOPS_DB"]) as c:
            return sorted(n for (n,) in c.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'receipt'"))

    on_file = indexes()
    assert {"ix_receipt_hold", "ix_receipt_handover", "ix_receipt_shipment_no"} <= set(on_file)
    f = tmp_path / "r.csv"
    good = [f"B{i},华东电子,2026-11-0{1 + i % 9},运作一组" for i in range(12)]
    f.write_text("shipment_no,client,ship_date,team\n" + "\n".join([*good, "B99,华东电子,2026-02-30,运作一组"]) + "\n")
    cli.fails(2, "receipt", "import", str(f), now=NOW)
    assert indexes() == on_file
    f.write_text("shipment_no,client,ship_date,team\n" + "\n".join(good) + "\n")
    assert cli.json("receipt", "import", str(f), now=NOW)["imported"] == 12
    assert indexes() == on_file
    with sqlite3.connect(os.environ["CSOPS_DB"]) as c:
        assert c.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        plan = c.execute("EXPLAIN QUERY PLAN SELECT count(*) FROM receipt WHERE confirmed_on IS NULL").fetchall()
        assert "ix_receipt_hold" in str(plan)
    held = cli.json("receipt", "hold", now="2026-12-31T10:00")
    assert sum(h["no_receipt"] for h in held) >= 12


@pytest.mark.parametrize(
    "line, says",
    [
        ("X1,华东电子,2026-11-02,运作一组,,²", "Copies must be a whole number from 1 to 99"),
        ("X1,华东电子,2026-11-02,运作一组,,100", "Copies must be a whole number from 1 to 99"),
        ("X1,华东电子,2026-11-02,运作一组,²,1", "The consignee must be a whole number"),
        ("X\x1b[2J,华东电子,2026-11-02,运作一组,,1", "control character"),
        ("=HYPERLINK(1),华东电子,2026-11-02,运作一组,,1", "formula"),
        ("X1,华东电子,0001-01-01,运作一组,,1", "outside 2000-01-01..2099-12-31"),
        ("X1,华东电子,2026-11-02," + "组" * 65 + ",,1", "at most 64"),
    ],
)
def test_rcpt_3_import_refuses_what_add_refuses(logistics, tmp_path, line, says):
    """Issue 14: one check for `receipt add` and each imported line (csops.limits)."""
    f = tmp_path / "r.csv"
    f.write_text("shipment_no,client,ship_date,team,consignee_id,copies\n" + line + "\n", encoding="utf-8")
    r = logistics.fails(2, "receipt", "import", str(f), now=NOW)
    assert says in r.stderr and "Traceback" not in r.stderr


def test_rcpt_3_import_all_or_nothing_names_the_bad_line(logistics, tmp_path):
    """RCPT-3."""
    cli = logistics
    f = tmp_path / "r.csv"
    lines = ["shipment_no,client,ship_date,team,consignee_id,copies"]
    lines += [f"IMP{i:05d},华东电子,2026-11-0{1 + i % 9},运作一组,,1" for i in range(10_000)]
    lines[5001] = "IMP05000,华东电子,2026-02-30,运作一组,,1"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = cli.fails(2, "receipt", "import", str(f), now=NOW)
    assert "line 5002" in r.stderr and "2026-02-30" in r.stderr
    assert cli("receipt", "overdue", "--count", "--as-of", "2026-12-31", now=NOW).stdout.strip() == "0"
    lines[5001] = "IMP05000,华东电子,2026-11-02,运作一组,,1"
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli.json("receipt", "import", str(f), now=NOW)["imported"] == 10_000
    assert cli("receipt", "overdue", "--count", "--as-of", "2026-12-31", now=NOW).stdout.strip() == "10000"
    # the same file again: every line is a duplicate of a receipt on file
    r = cli.fails(2, "receipt", "import", str(f), now=NOW)
    assert "on file already" in r.stderr
    # GBK file with Chinese headers, --skip-bad keeps the good lines
    g = tmp_path / "gbk.csv"
    g.write_bytes(
        "运单号,客户,发货日期,班组\nG1,华东电子,2026-11-10,运作一组\nG2,无此客户,2026-11-10,运作一组\n".encode("gbk")
    )
    res = cli.json("receipt", "import", str(g), "--skip-bad", now=NOW)
    assert res["imported"] == 1 and res["skipped"] == 1 and "line 3" in res["errors"][0]
    bad = tmp_path / "bad.csv"
    bad.write_text("shipment,customer\n1,2\n", encoding="utf-8")
    assert "customer" in cli.fails(2, "receipt", "import", str(bad), now=NOW).stderr
    audit = cli.json("audit", "list", "--entity", "receipt", now=NOW)
    assert any(a["action"] == "receipt.import" and a["after"]["imported"] == 10_000 for a in audit)


def test_rcpt_2_3_the_sql_of_hold_and_overdue_agrees_with_the_rules(logistics):
    """RCPT-2, RCPT-3, RCPT-5: `receipt hold` and `receipt overdue` decide in SQL for speed; on random data they agree
    with rules.receipt.hold_reasons and is_overdue."""
    import random
    from datetime import timedelta

    from csops.rules.receipt import OpenReceipt, hold_reasons, is_overdue, receipt_due_date, receipt_state

    cli = logistics
    rng = random.Random(4)
    truth = []
    now = "2026-11-21T09:00"
    for i in range(60):
        ship = D("2026-10-01") + timedelta(days=rng.randint(0, 51))
        team = rng.choice(["A", "B", "C"])
        cli.ok(
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            f"R{i}",
            "--ship-date",
            ship.isoformat(),
            "--team",
            team,
            now=now,
        )
        returned = qualified = resigned = confirmed = None
        if rng.random() < 0.6:
            returned = ship + timedelta(days=rng.randint(0, 20))
            if returned > D("2026-11-21"):
                returned = None
        if returned:
            qualified = rng.random() < 0.8
            args = ["receipt", "return", f"R{i}", "--date", returned.isoformat()]
            if not qualified:
                args += ["--unqualified", "--reason", "x"]
            cli.ok(*args, now=now)
            if not qualified and rng.random() < 0.5:
                cli.ok("receipt", "resign", f"R{i}", "--date", "2026-11-21", now=now)
                resigned = D("2026-11-21")
            if (qualified or resigned) and rng.random() < 0.5:
                cli.ok("receipt", "confirm", f"R{i}", "--date", "2026-11-21", now=now)
                confirmed = D("2026-11-21")
                qualified = True if qualified else qualified
        state = receipt_state(returned_on=returned, qualified=qualified, resigned_on=resigned, confirmed_on=confirmed)
        truth.append((team, ship, returned, OpenReceipt(f"R{i}", ship, state)))
    as_of = D("2026-11-21")
    expected = {}
    for team, _s, _r, r in truth:
        for _no, why in hold_reasons([r], as_of):
            row = expected.setdefault(team, {"no_receipt": 0, "unconfirmed": 0, "unqualified": 0})
            row[why.replace("-", "_")] += 1
    got = {
        h["team"]: {k: h[k] for k in ("no_receipt", "unconfirmed", "unqualified")}
        for h in cli.json("receipt", "hold", now=now)
    }
    assert got == expected and len(got) >= 2
    over = {o["shipment_no"] for o in cli.json("receipt", "overdue", now=now)}
    assert over == {r.shipment_no for _t, ship, ret, r in truth if is_overdue(receipt_due_date(ship), ret, as_of)}


def test_rcpt_3_overdue_csv_quotes_like_the_csv_module(logistics):
    """RCPT-3: the fast CSV listing (built by the database) equals csv.writer's output of the same rows."""
    import csv
    import io

    cli = logistics
    cli.ok("client", "add", '北方,"日化"', now=NOW)
    for i, (client, team) in enumerate(
        [("华东电子", "运作一组"), ('北方,"日化"', "运作二组"), ("华东电子", "运作 三组")]
    ):
        cli.ok(
            "receipt",
            "add",
            "--client",
            client,
            "--shipment",
            f"Q{i}",
            "--ship-date",
            "2026-10-0" + str(i + 1),
            "--team",
            team,
            now=NOW,
        )
    for bad in (
        ["--shipment", "Q9,x", "--team", "A"],
        ["--shipment", "Q9", "--team", 'team "B"'],
        ["--shipment", "Q9", "--team", "T\nX"],
    ):
        cli.fails(2, "receipt", "add", "--client", "华东电子", "--ship-date", "2026-10-01", *bad, now=NOW)
    fast = cli.ok("receipt", "overdue", "-f", "csv", now=NOW).stdout
    rows = cli.json("receipt", "overdue", now=NOW)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    cols = ["shipment_no", "client", "team", "consignee_id", "ship_date", "due_date", "days_overdue"]
    w.writerow(cols)
    for r in rows:
        w.writerow(["" if r[c] is None else r[c] for c in cols])
    assert fast == buf.getvalue()
    assert list(csv.reader(io.StringIO(fast)))[2][1] == '北方,"日化"'


def test_rcpt_3_overdue_takes_date_like_every_command_and_the_old_as_of_warns(logistics):
    """RCPT-3: one name per meaning (issue 17): --date; --as-of still works for a release, saying so."""
    cli = logistics
    new = cli.ok("receipt", "overdue", "--count", "--date", "2026-12-31", now=NOW)
    old = cli.ok("receipt", "overdue", "--count", "--as-of", "2026-12-31", now=NOW)
    assert new.stdout == old.stdout and "--as-of is now --date" in old.stderr and not new.stderr


def test_rcpt_3_a_new_return_period_changes_show_and_overdue_alike(logistics):
    """RCPT-3 (issue 18): `receipt show` and `receipt overdue` read one due date. The head shortens
    the return period from 12-01: a receipt shipped before keeps 15 days, one shipped after gets
    10, and both commands say so on the same days."""
    cli = logistics

    def add(no, ship):
        cli.ok(
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            no,
            "--ship-date",
            ship,
            "--team",
            "运作一组",
            now=f"{ship}T09:00",
        )

    cli.ok("policy", "set", "receipt.return_within_days", "10", "--from", "2026-12-01", "--reason", "客户要求", now=NOW)
    add("OLD1", "2026-11-25")
    add("NEW1", "2026-12-02")
    assert cli.json("receipt", "show", "OLD1", now="2026-12-02T10:00")["due_date"] == "2026-12-10"
    assert cli.json("receipt", "show", "NEW1", now="2026-12-02T10:00")["due_date"] == "2026-12-12"

    def overdue(day):
        return {r["shipment_no"] for r in cli.json("receipt", "overdue", "--date", day, now="2026-12-20T10:00")}

    assert overdue("2026-12-10") == set() and overdue("2026-12-11") == {"OLD1"}
    assert overdue("2026-12-12") == {"OLD1"} and overdue("2026-12-13") == {"OLD1", "NEW1"}
    assert cli("receipt", "overdue", "--count", "--date", "2026-12-13", now="2026-12-20T10:00").stdout.strip() == "2"
