"""LEAVE, DUTY and ATTEND through the command line (--format json)."""

NOW = "2026-11-30T17:00"  # Monday


def test_leave_2_5_request_chain_and_approval_flow(dept):
    """LEAVE-2, LEAVE-5."""
    cli = dept
    r = cli.json(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        "--reason",
        "家里有事",
        user="rep1",
        now=NOW,
    )
    assert r["chain"] == ["sup1", "boss"] and r["next_approver"] == "sup1" and r["working_days"] == "1.00"
    assert r["late_notice"] is False and r["status"] == "pending"
    lid = r["id"]
    # LEAVE-5: only the next approver
    assert "sup1" in cli.fails(1, "leave", "approve", lid, user="boss", now=NOW).stderr
    cli.fails(1, "leave", "approve", lid, user="rep1", now=NOW)
    assert cli.json("leave", "approve", lid, user="sup1", now=NOW)["next_approver"] == "boss"
    done = cli.json("leave", "approve", lid, user="boss", now=NOW)
    assert done["status"] == "approved"
    show = cli.json("leave", "show", lid, user="rep1", now=NOW)
    assert {t["clause"] for t in show["trail"]} >= {"LEAVE-7", "LEAVE-2", "LEAVE-8", "LEAVE-5"}
    # overlapping leave refused
    cli.fails(
        1,
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-12-01 14:00",
        "--to",
        "2026-12-01 16:00",
        user="rep1",
        now=NOW,
    )
    # LEAVE-1 report back early: 2026-12-01 13:30 gives the afternoon back
    back = cli.json("leave", "back", lid, "--at", "2026-12-01 13:30", user="rep1", now="2026-12-01T14:00")
    assert back["returned_hours"] == 4.5


def test_leave_4_late_notice_counts_as_absent_until_approved(dept):
    """LEAVE-4."""
    cli = dept
    r = cli.json(
        "leave",
        "request",
        "--type",
        "special",
        "--from",
        "2026-12-01 09:00",
        "--to",
        "2026-12-01 11:00",
        user="rep3",
        now="2026-12-01T08:30",
    )
    assert r["late_notice"] is True and any("LEAVE-4" in n for n in r["notes"])
    assert r["working_hours"] == 2.0
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-12-01", now="2026-12-01T19:00")}
    assert day["rep3"]["status"] == "absent" and day["rep3"]["clause"] == "LEAVE-4"


def test_leave_6_long_leave_goes_above_the_head(dept):
    """LEAVE-6."""
    r = dept.json(
        "leave", "request", "--type", "annual", "--from", "2026-12-07", "--to", "2026-12-10", user="rep1", now=NOW
    )
    assert r["chain"] == ["sup1", "boss", "gm"] and r["working_days"] == "4.00"


def test_leave_7_8_refusals_change_nothing(dept):
    """LEAVE-7, LEAVE-8."""
    cli = dept
    assert (
        "holiday"
        in cli.fails(
            1,
            "leave",
            "request",
            "--type",
            "personal",
            "--from",
            "2026-09-30",
            "--to",
            "2026-10-08",
            user="rep1",
            now="2026-09-01T10:00",
        ).stderr
    )
    cli.fails(
        2, "leave", "request", "--type", "personal", "--from", "2026-12-02", "--to", "2026-12-01", user="rep1", now=NOW
    )
    cli.fails(
        2, "leave", "request", "--type", "holiday", "--from", "2026-12-02", "--to", "2026-12-02", user="rep1", now=NOW
    )
    cli.fails(
        2, "leave", "request", "--type", "personal", "--from", "2026-02-30", "--to", "2026-03-01", user="rep1", now=NOW
    )
    cli.fails(
        1, "leave", "request", "--type", "personal", "--from", "2026-12-02", "--to", "2026-12-02", user="ghost", now=NOW
    )
    # LEAVE-7: there is no option to file for someone else
    cli.fails(
        2,
        "leave",
        "request",
        "--staff",
        "rep2",
        "--type",
        "personal",
        "--from",
        "2026-12-02",
        "--to",
        "2026-12-02",
        user="rep1",
        now=NOW,
    )
    assert cli.json("leave", "list", now=NOW) == []


def test_leave_cancel_rules(dept):
    cli = dept
    lid = cli.json(
        "leave", "request", "--type", "personal", "--from", "2026-12-03", "--to", "2026-12-03", user="rep2", now=NOW
    )["id"]
    cli.fails(1, "leave", "cancel", lid, user="rep1", now=NOW)
    assert cli.json("leave", "cancel", lid, user="rep2", now=NOW)["status"] == "cancelled"
    cli.fails(1, "leave", "approve", lid, user="sup1", now=NOW)


def test_duty_1_2_3_log_and_next_start(dept):
    """DUTY-1, DUTY-2, DUTY-3, ATTEND-2."""
    cli = dept
    night = "2026-11-27T23:50"  # recorded the same night: the head knows before Monday's start (ATTEND-2)
    r = cli.json("duty", "log", "--staff", "on1", "--date", "2026-11-27", "--end", "22:30", user="rep1", now=night)
    assert (r["meal_allowance"], r["next_start"], r["noticed"], r["assigned_by"]) == (
        True,
        "2026-11-30T10:00+08:00",
        True,
        "rep1",
    )
    r = cli.json("duty", "log", "--staff", "on2", "--date", "2026-11-27", "--end", "20:29", user="boss", now=night)
    assert r["meal_allowance"] is False and r["next_start"] == "2026-11-30T09:00+08:00"
    assert (
        "DUTY-3"
        in cli.fails(
            1, "duty", "log", "--staff", "on3", "--date", "2026-11-27", "--end", "21:00", user="on1", now=night
        ).stderr
    )
    assert (
        "DUTY-3"
        in cli.fails(
            1,
            "duty",
            "log",
            "--staff",
            "on3",
            "--date",
            "2026-11-27",
            "--end",
            "21:00",
            "--assigned-by",
            "desk",
            user="sup1",
            now=night,
        ).stderr
    )
    assert (
        "DUTY-3"
        in cli.fails(
            1,
            "duty",
            "log",
            "--staff",
            "on3",
            "--date",
            "2026-11-27",
            "--end",
            "21:00",
            "--assigned-by",
            "asst",
            user="boss",
            now=night,
        ).stderr
    )
    # DUTY-3 (revised): a supervisor arranges evenings too, and is recorded as the one who did
    assert (
        cli.json("duty", "log", "--staff", "on3", "--date", "2026-11-27", "--end", "21:00", user="sup1", now=night)[
            "assigned_by"
        ]
        == "sup1"
    )
    assert (
        cli.json(
            "duty",
            "log",
            "--staff",
            "rep2",
            "--date",
            "2026-11-27",
            "--end",
            "21:00",
            "--assigned-by",
            "sup1",
            user="rep1",
            now=night,
        )["assigned_by"]
        == "sup1"
    )
    assert (
        cli.json(
            "duty",
            "log",
            "--staff",
            "rep3",
            "--date",
            "2026-11-27",
            "--end",
            "21:00",
            "--assigned-by",
            "rep1",
            user="sup1",
            now=night,
        )["assigned_by"]
        == "rep1"
    )
    assert (
        cli.json("duty", "next-start", "--staff", "on1", "--date", "2026-11-27", now=NOW)["next_start"]
        == "2026-11-30T10:00+08:00"
    )
    # ATTEND-2: 10:05 after the late evening is late, not a violation; 09:10 for on2 is late
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-11-30",
        "--staff",
        "on1",
        "--in",
        "10:05",
        "--staff",
        "on2",
        "--in",
        "09:10",
        user="desk",
        now=NOW,
    )
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-11-30", now=NOW)}
    assert (day["on1"]["status"], day["on1"]["late_minutes"], day["on1"]["expected_start"]) == ("late", 5, "10:00")
    assert day["on2"]["status"] == "late"
    assert day["rep1"]["status"] == "absent"


def test_duty_4_roster_write_swap_and_comp_rest(dept):
    """DUTY-4."""
    cli = dept
    assert cli.json("duty", "roster", "--month", "2026-12", now=NOW) == []  # nothing marked: no duty
    cli.ok(
        "duty",
        "mark",
        "2026-12-05",
        "2026-12-06",
        "2026-12-12",
        "2026-12-19",
        "--note",
        "到货高峰",
        user="rep1",
        now=NOW,
    )
    plan = cli.json("duty", "roster", "--month", "2026-12", now=NOW)
    assert [p["date"] for p in plan] == ["2026-12-05", "2026-12-06", "2026-12-12", "2026-12-19"]
    assert plan[0]["staff"] != plan[1]["staff"]  # never two weekend days in a row
    cli.fails(1, "duty", "roster", "--month", "2026-12", "--write", user="on1", now=NOW)
    cli.json("duty", "roster", "--month", "2026-12", "--write", user="sup1", now=NOW)
    cli.fails(1, "duty", "roster", "--month", "2026-12", "--write", user="sup1", now=NOW)  # nothing left open
    first = plan[0]["staff"]
    other = next(p for p in ("on1", "on2", "on3") if p != first)
    assert cli.json("duty", "swap", "2026-12-05", "--staff", other, user="sup1", now=NOW)[0]["staff"] == other
    rests = cli.json("duty", "comp-rest", "list", "--staff", other, now=NOW)
    assert any(r["earned_on"] == "2026-12-05" for r in rests)
    cli.fails(1, "duty", "comp-rest", "take", "--date", "2026-12-06", user=other, now="2026-12-07T08:00")  # a Sunday
    r = cli.json("duty", "comp-rest", "take", "--date", "2026-12-08", user=other, now="2026-12-07T08:00")
    assert r["taken_on"] == "2026-12-08"
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-12-08", now="2026-12-08T19:00")}
    assert day[other]["status"] == "rest"


def test_attend_1_record_many_at_once_all_or_nothing(dept, tmp_path):
    """ATTEND-1."""
    cli = dept
    f = tmp_path / "arrivals.csv"
    f.write_text("login,in,out\nrep1,08:55,18:00\nrep2,09:20,18:00\nghost,09:00,\n", encoding="utf-8")
    r = cli.fails(2, "attendance", "record", "--date", "2026-11-27", "--file", str(f), user="desk", now=NOW)
    assert "ghost" in r.stderr
    assert cli.json("attendance", "day", "--date", "2026-11-27", now=NOW)[0]["arrived"] is None
    f.write_text("login,in,out\nrep1,08:55,18:00\nrep2,09:20,18:00\n", encoding="utf-8")
    assert len(cli.json("attendance", "record", "--date", "2026-11-27", "--file", str(f), user="desk", now=NOW)) == 2
    r = cli.json(
        "attendance", "record", "--date", "2026-11-27", "--file", "-", user="desk", now=NOW, input="rep3,09:00\n"
    )
    assert r[0]["staff"] == "rep3"
    cli.fails(
        1, "attendance", "record", "--date", "2026-11-27", "--staff", "rep1", "--in", "09:00", user="rep1", now=NOW
    )
    cli.fails(
        2, "attendance", "record", "--date", "2026-11-27", "--staff", "rep1", "--in", "25:00", user="desk", now=NOW
    )
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-11-27", now=NOW)}
    assert day["rep2"]["status"] == "violation" and day["rep2"]["late_minutes"] == 20
    a = cli.json(
        "attendance",
        "away",
        "--staff",
        "rep1",
        "--from",
        "2026-11-27 14:00",
        "--to",
        "2026-11-27 14:20",
        user="desk",
        now=NOW,
    )
    assert a["violation"] is True
    assert (
        cli.json("attendance", "day", "--date", "2026-11-27", now=NOW)[
            [x["staff"] for x in cli.json("attendance", "day", "--date", "2026-11-27", now=NOW)].index("rep1")
        ]["status"]
        == "violation"
    )
    cli.ok("attendance", "start", "--staff", "rep3", "--date", "2026-11-30", "--at", "10:30", now=NOW)
    cli.fails(
        1, "attendance", "start", "--staff", "rep3", "--date", "2026-11-30", "--at", "10:30", user="sup1", now=NOW
    )
    # a non-privileged person sees only their own attendance
    assert [x["staff"] for x in cli.json("attendance", "day", "--date", "2026-11-27", user="rep1", now=NOW)] == ["rep1"]


def test_attend_5_scripted_month_summary_by_hand(dept, tmp_path):
    """ATTEND-5, ATTEND-6: a scripted week in December for the department, summed by hand."""
    cli = dept
    now = "2026-12-04T20:00"
    # Mon 1 .. Fri 4 December 2026: four working days
    for d, rep2_in in (
        ("2026-12-01", "09:05"),
        ("2026-12-02", "09:25"),
        ("2026-12-03", "08:50"),
        ("2026-12-04", "09:19"),
    ):
        args = ["attendance", "record", "--date", d, "--staff", "rep1", "--in", "08:55"]
        if d != "2026-12-03":
            args += ["--staff", "rep2", "--in", rep2_in]
        cli.ok(*args, user="desk", now=now)
    cli.ok("duty", "log", "--staff", "rep1", "--date", "2026-12-02", "--end", "21:00", user="boss", now=now)
    rows = {r["staff"]: r for r in cli.json("attendance", "summary", "--month", "2026-12", now=now)}
    assert (
        rows["rep1"]["days_worked"],
        rows["rep1"]["late_count"],
        rows["rep1"]["days_absent"],
        rows["rep1"]["evening_duties"],
        rows["rep1"]["allowances"],
    ) == (4, 0, 0, 1, 1)
    # rep2: 5 late, 25 (violation), absent, 19 late → 3 worked, 3 late (5+25+19 = 49 minutes), 1 violation, 1 absence
    assert (
        rows["rep2"]["days_worked"],
        rows["rep2"]["late_count"],
        rows["rep2"]["late_minutes"],
        rows["rep2"]["violations"],
        rows["rep2"]["days_absent"],
    ) == (3, 3, 49, 1, 1)
    assert rows["rep3"]["days_absent"] == 4 and rows["rep1"]["allowance_amount"] is None
    # line by line, the ten people of the department (manager, front desk and operations are outside it)
    cols = (
        "working_days",
        "days_worked",
        "late_count",
        "late_minutes",
        "violations",
        "days_absent",
        "evening_duties",
        "allowances",
    )
    by_hand = {"rep1": (4, 4, 0, 0, 0, 0, 1, 1), "rep2": (4, 3, 3, 49, 1, 1, 0, 0)}
    for login in ("boss", "sup1", "sup2", "asst", "rep3", "on1", "on2", "on3"):
        by_hand[login] = (4, 0, 0, 0, 0, 4, 0, 0)
    assert {k: tuple(v[c] for c in cols) for k, v in rows.items()} == by_hand
    out = tmp_path / "a.xlsx"
    cli.ok("attendance", "summary", "--month", "2026-12", "--format", "xlsx", "--output", str(out), now=now)
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.cell(1, 1).value == "Staff" and ws.max_row == len(rows) + 1
    # DUTY-1: the head sets the amount from 12-03 on: the evening of 12-02 keeps no money, one of 12-03 gets it
    cli.ok(
        "policy",
        "set",
        "duty.meal_allowance_amount",
        "25.00",
        "--from",
        "2026-12-03",
        "--reason",
        "公司定额",
        now="2026-12-02T23:00",
    )
    cli.ok("duty", "log", "--staff", "rep1", "--date", "2026-12-03", "--end", "20:45", user="boss", now=now)
    rows = {r["staff"]: r for r in cli.json("attendance", "summary", "--month", "2026-12", now=now)}
    assert (rows["rep1"]["allowances"], rows["rep1"]["allowance_amount"]) == (2, "25.00")
