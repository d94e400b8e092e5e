"""The readings of POLICY.md revised on 2026-11-28, each reproduced with the command line as a new user
would (issue 12), giving the policy's answer. Department of conftest.DEPT: gm (manager) above boss (head);
sup1 (supervisor) above rep1, rep2; sup2 above rep3 and on1..on3 (on-site); asst (assistant); desk
(front desk); ops1 (operations)."""

import json


def test_workday_1_meeting_1_no_meeting_inside_the_spring_festival_break(dept):
    """WORKDAY-1, MEETING-1 (revised): 2026-02-21 is inside the break 02-15..02-23: the meeting moves to 02-28."""
    cli = dept
    r = cli(
        "meeting",
        "schedule",
        "--from",
        "2026-02-07",
        "--limit",
        "2",
        "--format",
        "json",
        user="asst",
        now="2026-02-01T10:00",
    )
    rows = json.loads(r.stdout)
    assert [(m["date"], m["moved_from"], m["kind"]) for m in rows] == [
        ("2026-02-07", None, "first"),
        ("2026-02-28", "2026-02-21", "last"),
    ]
    assert "holiday break" in r.stderr and "2026-02-21" in r.stderr
    cal = {d["date"]: d for d in cli.json("calendar", "show", "--month", "2026-02", now="2026-02-01T10:00")}
    assert cal["2026-02-21"]["holiday_break"] == "春节" and cal["2026-02-14"]["holiday_break"] == ""
    assert cal["2026-02-21"]["kind"] == "weekend" and cal["2026-02-16"]["kind"] == "holiday"


def test_leave_8_no_leave_on_a_weekend_day_of_a_break_nor_across_one(dept):
    """LEAVE-8, WORKDAY-1 (revised): a leave that takes in a day of a holiday break is refused, naming the break."""
    cli = dept
    r = cli.fails(
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
        now="2026-09-20T10:00",
    )
    assert "国庆节 2026-10-01..2026-10-07" in r.stderr and "LEAVE-8" in r.stderr
    cli.ok(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-09-30",
        "--to",
        "2026-09-30",
        user="rep1",
        now="2026-09-20T10:00",
    )
    cli.ok("policy", "set", "leave.holiday_blackout_days", "1", "--reason", "节前节后不批假", now="2026-09-20T10:00")
    r = cli.fails(
        1,
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-10-08",
        "--to",
        "2026-10-08",
        user="rep2",
        now="2026-09-21T10:00",
    )
    assert "within 1 working days" in r.stderr


def test_duty_4_only_marked_weekend_days_get_a_duty(dept):
    """DUTY-4 (revised): October 2026 has eight weekend days; only those marked get a duty (inside National Day too)."""
    cli = dept
    now = "2026-09-28T10:00"
    cli.fails(1, "duty", "roster", "--month", "2026-10", "--write", user="sup1", now=now)  # nothing marked yet
    cli.fails(1, "duty", "mark", "2026-10-10", user="rep1", now=now)  # a make-up Saturday is a working day
    cli.fails(1, "duty", "mark", "2026-10-01", user="rep1", now=now)  # Thursday: not a weekend day
    cli.fails(1, "duty", "mark", "2026-10-17", user="on1", now=now)  # on-site staff do not mark
    cli.fails(1, "duty", "mark", "2026-10-17", user="asst", now=now)
    cli.ok("duty", "mark", "2026-10-04", "2026-10-17", "2026-10-18", user="rep1", now=now)
    cli.fails(1, "duty", "mark", "2026-10-17", user="sup1", now=now)  # marked already
    rows = cli.json("duty", "roster", "--month", "2026-10", "--write", user="sup1", now=now)
    assert [r["date"] for r in rows] == ["2026-10-04", "2026-10-17", "2026-10-18"]
    assert rows[1]["staff"] != rows[2]["staff"]
    rests = cli.json("duty", "comp-rest", "list", now=now)
    assert sorted(r["earned_on"] for r in rests) == ["2026-10-04", "2026-10-17", "2026-10-18"]  # one rest day each
    # the head arranges rest case by case: 0 from November on
    cli.ok(
        "policy", "set", "duty.comp_rest_per_weekend_day", "0", "--from", "2026-11-01", "--reason", "按需安排", now=now
    )
    cli.ok("duty", "mark", "2026-11-07", user="boss", now=now)
    cli.ok("duty", "roster", "--month", "2026-11", "--write", user="boss", now=now)
    assert len(cli.json("duty", "comp-rest", "list", now=now)) == 3
    # unmarking a day not yet worked removes its duty and its rest; a day worked stays
    cli.ok("duty", "unmark", "2026-10-18", user="rep1", now=now)
    assert [r["date"] for r in cli.json("duty", "roster", "--month", "2026-10", now=now)] == [
        "2026-10-04",
        "2026-10-17",
    ]
    cli.fails(1, "duty", "unmark", "2026-10-04", user="rep1", now="2026-10-05T10:00")
    assert [m["date"] for m in cli.json("duty", "marked", "--month", "2026-10", now=now)] == [
        "2026-10-04",
        "2026-10-17",
    ]


def test_duty_2_attend_2_the_latest_start_wins_whatever_the_order(dept):
    """DUTY-2, ATTEND-2 (revised): evening 09-04 until 23:30 (Monday 09-07 at 13:30), then 09-05 until 20:45:
    09-07 still expects 13:30; a later evening never erases an earlier late start."""
    cli = dept
    cli.ok(
        "duty", "log", "--staff", "rep1", "--date", "2026-09-04", "--end", "23:30", user="sup1", now="2026-09-04T23:45"
    )
    cli.ok(
        "duty", "log", "--staff", "rep1", "--date", "2026-09-05", "--end", "20:45", user="sup1", now="2026-09-05T21:00"
    )
    assert (
        cli.json("duty", "next-start", "--staff", "rep1", "--date", "2026-09-05", now="2026-09-06T10:00")["next_start"]
        == "2026-09-07T13:30+08:00"
    )
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-09-07",
        "--staff",
        "rep1",
        "--in",
        "13:35",
        user="desk",
        now="2026-09-07T14:00",
    )
    day = {r["staff"]: r for r in cli.json("attendance", "day", "--date", "2026-09-07", now="2026-09-07T19:00")}
    assert (day["rep1"]["expected_start"], day["rep1"]["status"], day["rep1"]["late_minutes"]) == ("13:30", "late", 5)


def test_attend_2_3_4_an_evening_recorded_after_the_next_start_does_not_excuse(dept):
    """ATTEND-2, ATTEND-3, ATTEND-4 (revised): the head must know before the next normal start."""
    cli = dept
    r = cli.json(
        "duty", "log", "--staff", "rep2", "--date", "2026-09-07", "--end", "22:30", user="sup1", now="2026-09-08T09:30"
    )
    assert r["noticed"] is False and any("ATTEND-4" in n for n in r["notes"])
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-09-08",
        "--staff",
        "rep2",
        "--in",
        "10:00",
        user="desk",
        now="2026-09-08T10:05",
    )
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-09-08", now="2026-09-08T19:00")}
    assert (day["rep2"]["status"], day["rep2"]["clause"], day["rep2"]["reason"]) == ("violation", "LEAVE-9", "late")
    cli.ok("attendance", "start", "--staff", "rep2", "--date", "2026-09-08", "--at", "10:00", now="2026-09-08T12:00")
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-09-08", now="2026-09-08T19:00")}
    assert (day["rep2"]["status"], day["rep2"]["clause"]) == ("on-time", "ATTEND-4")


def test_leave_6_splitting_a_leave_does_not_dodge_the_limit(dept):
    """LEAVE-6 (revised): 09-14→09-16 and 09-17→09-18 touch: one absence of 5 days, beyond the department; the
    pending first part is re-routed; a leave that does not touch stays in the department."""
    cli = dept
    first = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-09-14",
        "--to",
        "2026-09-16",
        user="rep1",
        now="2026-09-01T10:00",
    )
    assert first["chain"] == ["sup1", "boss"]
    cli.ok("leave", "approve", first["id"], user="sup1", now="2026-09-01T11:00")
    second = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-09-17",
        "--to",
        "2026-09-18",
        user="rep1",
        now="2026-09-02T10:00",
    )
    assert second["chain"] == ["sup1", "boss", "gm"] and any("re-routed" in n for n in second["notes"])
    again = cli.json("leave", "show", first["id"], user="rep1", now="2026-09-02T10:00")
    assert again["chain"] == ["sup1", "boss", "gm"] and again["next_approver"] == "boss"
    assert [t["code"] for t in again["trail"]][-1] == "rerouted"
    assert any(t["code"] == "joined" and "#1" in t["text"] for t in second["trail"])
    cli.ok("leave", "approve", first["id"], now="2026-09-02T11:00")
    assert (
        cli.json("leave", "show", first["id"], now="2026-09-02T11:00")["status"] == "pending"
    )  # the manager still decides
    apart = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-09-22",
        "--to",
        "2026-09-22",
        user="rep1",
        now="2026-09-02T10:00",
    )
    assert apart["chain"] == ["sup1", "boss"]  # 09-21 is a working day between


def test_leave_6_how_the_length_is_counted_is_a_parameter(dept):
    """LEAVE-6: calendar days, and "N 天以上" not including N."""
    cli = dept
    cli.ok(
        "policy", "set", "leave.department_max_inclusive", "false", "--reason", "3天以上含3天", now="2026-11-27T09:00"
    )
    r = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-03",
        user="rep1",
        now="2026-11-27T10:00",
    )
    assert r["chain"] == ["sup1", "boss", "gm"]  # exactly 3 days goes above
    cli.ok("policy", "set", "leave.department_max_inclusive", "true", "--reason", "x", now="2026-11-27T11:00")
    cli.ok("policy", "set", "leave.authority_counts", "calendar-days", "--reason", "按自然日", now="2026-11-27T11:00")
    r = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-12-11",
        "--to",
        "2026-12-14",
        user="rep2",
        now="2026-11-27T12:00",
    )
    assert r["working_days"] == "2.00" and r["chain"] == ["sup1", "boss", "gm"]  # Friday to Monday: 4 calendar days


def test_leave_1_leaving_early_is_detected(dept):
    """LEAVE-1 (revised): --in 08:55 --out 14:00 without leave is early-leave with its minutes."""
    cli = dept
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-11-26",
        "--staff",
        "rep1",
        "--in",
        "08:55",
        "--out",
        "14:00",
        "--staff",
        "rep2",
        "--in",
        "08:55",
        "--out",
        "18:00",
        user="desk",
        now="2026-11-26T19:00",
    )
    day = {x["staff"]: x for x in cli.json("attendance", "day", "--date", "2026-11-26", now="2026-11-26T19:00")}
    assert (day["rep1"]["status"], day["rep1"]["early_minutes"], day["rep1"]["clause"]) == (
        "early-leave",
        240,
        "LEAVE-1",
    )
    assert day["rep2"]["status"] == "on-time"
    month = {r["staff"]: r for r in cli.json("attendance", "summary", "--month", "2026-11", now="2026-11-26T19:00")}
    assert (month["rep1"]["early_leave_count"], month["rep1"]["early_minutes"]) == (1, 240)


def test_meeting_1_2_a_held_meeting_keeps_its_audience_and_deductions(dept):
    """MEETING-1, MEETING-2 (revised): 11-14 held as November's first (11-28 follows by the rhythm, not yet
    scheduled); a meeting put on 11-07 afterwards does not turn it into an "other" meeting for everyone."""
    cli = dept
    mid = cli.json("meeting", "schedule", "--from", "2026-11-14", "--limit", "1", user="asst", now="2026-11-01T10:00")[
        0
    ]["id"]
    cli.ok(
        "meeting",
        "signin",
        mid,
        "--staff",
        "boss",
        "--staff",
        "sup1",
        "--staff",
        "rep1",
        user="asst",
        now="2026-11-14T09:40",
    )
    before = {a["staff"]: a["points_deducted"] for a in cli.json("meeting", "attendance", mid, now="2026-11-14T12:00")}
    assert before == {
        "boss": 0,
        "sup1": 0,
        "rep1": 0,
        "sup2": 10,
        "rep2": 10,
        "rep3": 10,
    }  # the first meeting's audience
    cli.ok("meeting", "schedule", "--from", "2026-11-07", "--limit", "1", "--break-rhythm", now="2026-11-15T10:00")
    after = {a["staff"]: a["points_deducted"] for a in cli.json("meeting", "attendance", mid, now="2026-11-15T12:00")}
    assert after == before
    kinds = {m["date"]: m["kind"] for m in cli.json("meeting", "list", now="2026-11-15T12:00")}
    assert kinds == {"2026-11-07": "first", "2026-11-14": "first"}  # 11-14 stays what it was when held
    # a rep sees only their own line
    assert [a["staff"] for a in cli.json("meeting", "attendance", mid, user="rep2", now="2026-11-15T12:00")] == ["rep2"]


def test_meeting_1_new_meetings_keep_the_two_week_rhythm(dept):
    """MEETING-1 (revised): after a meeting on 11-28, `--from 2026-12-01` puts the next on 12-12, saying so; only the
    head breaks the rhythm."""
    cli = dept
    cli.ok("meeting", "schedule", "--from", "2026-11-28", "--limit", "1", user="asst", now="2026-11-20T10:00")
    r = cli(
        "meeting",
        "schedule",
        "--from",
        "2026-12-01",
        "--limit",
        "1",
        "--format",
        "json",
        user="asst",
        now="2026-11-29T10:00",
    )
    assert [m["date"] for m in json.loads(r.stdout)] == ["2026-12-12"] and "rhythm" in r.stderr
    cli.fails(
        1,
        "meeting",
        "schedule",
        "--from",
        "2026-12-01",
        "--limit",
        "1",
        "--break-rhythm",
        user="asst",
        now="2026-11-29T10:00",
    )
    out = cli.json(
        "meeting", "schedule", "--from", "2026-12-01", "--limit", "1", "--break-rhythm", now="2026-11-29T10:00"
    )
    assert [m["date"] for m in out] == ["2026-12-05"]


def test_rcpt_4_the_tasks_stay_on_the_agenda_from_their_day_until_done(dept):
    """RCPT-4 (revised): 2026-11-15 is a Sunday; the hand-over stays on the agenda on the 16th and after, until done."""
    cli = dept
    cli.ok("client", "add", "华东电子", now="2026-10-01T09:00")
    cli.ok(
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        "S1",
        "--ship-date",
        "2026-10-10",
        "--team",
        "T1",
        now="2026-10-10T09:00",
    )
    cli.ok("receipt", "return", "S1", "--confirm", "--date", "2026-10-20", now="2026-10-20T09:00")
    rcpt4 = lambda now: [i for i in cli.json("today", user="rep1", now=now) if i["clause"] == "RCPT-4"]  # noqa: E731
    assert rcpt4("2026-11-14T09:00") == []
    for day in ("2026-11-15T09:00", "2026-11-16T09:00", "2026-11-19T09:00"):
        items = rcpt4(day)
        assert len(items) == 1 and items[0]["command"] == "csops receipt handover --month 2026-10"
    cli.ok("receipt", "handover", "--month", "2026-10", user="rep1", now="2026-11-16T10:00")
    assert rcpt4("2026-11-17T09:00") == []
    assert [i["command"] for i in rcpt4("2026-11-20T09:00")] == ["csops receipt archive --month 2026-10"]
    assert [i["command"] for i in rcpt4("2026-11-23T09:00")] == ["csops receipt archive --month 2026-10"]
    cli.ok("receipt", "archive", "--month", "2026-10", user="asst", now="2026-11-23T10:00")
    assert rcpt4("2026-11-24T09:00") == []


def test_attend_5_a_pending_leave_is_its_own_column(dept):
    """ATTEND-5 (revised): a leave asked in time but never approved lands in "leave not yet approved"."""
    cli = dept
    cli.ok(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-11-23",
        "--to",
        "2026-11-24",
        user="rep1",
        now="2026-11-20T10:00",
    )
    rows = {r["staff"]: r for r in cli.json("attendance", "summary", "--month", "2026-11", now="2026-11-30T19:00")}
    r = rows["rep1"]
    assert (r["days_leave_pending"], r["days_absent"], r["days_worked"], r["days_on_leave"]) == (
        2,
        r["working_days"] - 2,
        0,
        0,
    )
    for row in rows.values():
        assert (
            sum(row[c] for c in ("days_worked", "days_on_leave", "days_leave_pending", "days_absent", "days_comp_rest"))
            == row["working_days"]
        )


def test_expense_3_a_claim_after_the_report_reaches_the_head_as_an_addendum(dept, tmp_path):
    """EXPENSE-3 (revised): a September claim recorded after 10-05 is not lost."""
    import email
    from email import policy as email_policy

    cli = dept
    cli.ok("staff", "edit", "boss", "--email", "boss@example.com")
    cli.ok("client", "add", "华东电子", now="2026-09-01T09:00")
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-09-10",
        "--client",
        "华东电子",
        "--guests",
        "王经理",
        "--amount",
        "300",
        user="rep1",
        now="2026-09-11T10:00",
    )
    cli.ok("expense", "report", "--month", "2026-09", "--send", user="asst", now="2026-10-05T09:00")
    assert not [i for i in cli.json("today", user="asst", now="2026-10-06T09:00") if i["clause"] == "EXPENSE-3"]
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-09-29",
        "--client",
        "华东电子",
        "--guests",
        "林主管",
        "--amount",
        "120",
        user="rep2",
        now="2026-10-09T10:00",
    )
    due = [i for i in cli.json("today", user="asst", now="2026-10-09T11:00") if i["clause"] == "EXPENSE-3"]
    assert [i["command"] for i in due] == ["csops expense report --month 2026-09 --send"]
    rows = cli.json("cron", "run", user=None, now="2026-10-10T08:30")
    add = next(r for r in rows if r["job"] == "expense-addendum")
    assert add["status"] == "ran" and add["mailed"] == ["boss"]
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=email_policy.default)
        for p in (tmp_path / "outbox").glob("*.eml")
    ]
    addendum = [m for m in mails if "addendum" in m["Subject"]]
    assert len(addendum) == 1 and "120.00" in addendum[0].get_body(("plain",)).get_content()
    assert "300.00" not in addendum[0].get_body(("plain",)).get_content()
    assert not [i for i in cli.json("today", user="asst", now="2026-10-10T11:00") if i["clause"] == "EXPENSE-3"]
    cli.fails(
        1, "expense", "report", "--month", "2026-09", "--send", user="asst", now="2026-10-10T11:00"
    )  # nothing new


def test_expense_3_an_empty_month_says_so(dept, tmp_path):
    """EXPENSE-3: an empty report says so in its subject."""
    import email
    from email import policy as email_policy

    cli = dept
    cli.ok("staff", "edit", "boss", "--email", "boss@example.com")
    cli.ok("expense", "report", "--month", "2026-10", "--send", user="asst", now="2026-11-05T09:00")
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=email_policy.default)
        for p in (tmp_path / "outbox").glob("*.eml")
    ]
    assert [m["Subject"] for m in mails] == ["No entertainment expenses in 2026-10"]


def test_leave_5_6_the_trail_says_what_was_decided_not_what_has_not_happened(dept):
    """LEAVE-5, LEAVE-6: a pending leave is routed, not approved."""
    cli = dept
    lv = cli.json(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        user="rep1",
        now="2026-11-27T10:00",
    )
    texts = [t["text"] for t in cli.json("leave", "show", lv["id"], user="rep1", now="2026-11-27T10:00")["trail"]]
    assert any(t.startswith("routed to the department: the head approves last") for t in texts)
    assert not any("approved" in t and "approves" not in t for t in texts)
    zh = [
        t["text"] for t in cli.json("leave", "show", lv["id"], user="rep1", now="2026-11-27T10:00", lang="zh")["trail"]
    ]
    assert any("部门" in t for t in zh)


def test_demo_the_meeting_of_today_is_signed_in(tmp_path):
    """MEETING-2 in the demo: on a meeting's morning, once it began, its sign-in is recorded (no blanket deductions)."""
    from conftest import Cli

    cli = Cli(tmp_path)
    db = tmp_path / "demo.db"
    cli.ok("demo", "--db", db, "--format", "json", user=None, env={"CSOPS_NOW": "2026-11-21T11:00"})
    env = {"CSOPS_NOW": "2026-11-21T11:00"}
    today = [m for m in cli.json("--db", db, "meeting", "list", user="wang.fang", env=env) if m["date"] == "2026-11-21"]
    assert today and today[0]["held"] is True
    att = cli.json("--db", db, "meeting", "attendance", today[0]["id"], user="wang.fang", env=env)
    assert sum(a["points_deducted"] for a in att) <= 10


def test_attend_2_the_head_sees_each_later_start_on_the_agenda(dept):
    """ATTEND-2 (revised): the evening recorded in time is the head's notice: it is on the head's agenda."""
    cli = dept
    cli.ok(
        "duty", "log", "--staff", "rep1", "--date", "2026-11-27", "--end", "23:30", user="sup1", now="2026-11-27T23:45"
    )
    items = [i for i in cli.json("today", now="2026-11-30T08:00") if i["clause"] == "ATTEND-2"]
    assert [(i["who"], i["due"]) for i in items] == [("rep1", "2026-11-30T13:30+08:00")]
    assert not [i for i in cli.json("today", user="rep2", now="2026-11-30T08:00") if i["clause"] == "ATTEND-2"]


def test_expense_3_the_running_month_is_not_reported(dept):
    """EXPENSE-3: the report of a month goes once the month has ended."""
    cli = dept
    cli.ok("staff", "edit", "boss", "--email", "boss@example.com")
    r = cli.fails(1, "expense", "report", "--month", "2026-11", "--send", user="asst", now="2026-11-27T10:00")
    assert "EXPENSE-3" in r.stderr
    cli.ok("client", "add", "华东电子", now="2026-09-01T09:00")
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-09-10",
        "--client",
        "华东电子",
        "--guests",
        "王经理",
        "--amount",
        "300",
        user="rep1",
        now="2026-09-11T10:00",
    )
    late = [i["command"] for i in cli.json("today", user="asst", now="2026-11-27T10:00") if i["clause"] == "EXPENSE-3"]
    assert "csops expense report --month 2026-09 --send" in late  # never sent: still on the agenda in November


def test_duty_4_a_swap_moves_every_rest_day_the_duty_earned(dept):
    """DUTY-4: with two rest days a duty, a swap hands both over."""
    cli = dept
    cli.ok("policy", "set", "duty.comp_rest_per_weekend_day", "2", "--reason", "加倍补休", now="2026-11-20T10:00")
    cli.ok("duty", "mark", "2026-11-28", user="rep1", now="2026-11-20T10:00")
    day = cli.json("duty", "roster", "--month", "2026-11", "--write", user="rep1", now="2026-11-20T10:00")[0]
    other = next(p for p in ("on1", "on2", "on3") if p != day["staff"])
    cli.ok("duty", "swap", "2026-11-28", "--staff", other, user="rep1", now="2026-11-20T10:00")
    rests = cli.json("duty", "comp-rest", "list", now="2026-11-20T10:00")
    assert [r["staff"] for r in rests] == [other, other]


def test_leave_6_an_early_return_gives_its_time_back_to_the_whole_absence(dept):
    """LEAVE-6, LEAVE-1: a first part reported back early counts with the time it used."""
    cli = dept
    first = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-09-14",
        "--to",
        "2026-09-16",
        user="rep1",
        now="2026-09-01T10:00",
    )
    cli.ok("leave", "approve", first["id"], user="sup1", now="2026-09-01T11:00")
    cli.ok("leave", "approve", first["id"], user="boss", now="2026-09-01T11:00")
    cli.ok(
        "leave", "back", first["id"], "--at", "2026-09-15 09:00", user="rep1", now="2026-09-15T09:00"
    )  # one day used
    second = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-09-16",
        "--to",
        "2026-09-17",
        user="rep1",
        now="2026-09-15T10:00",
    )
    assert second["chain"] == ["sup1", "boss"]  # 1 + 2 days: the department decides
