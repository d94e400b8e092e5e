"""EXPENSE-1..3, INQUIRY-1, REPORT-1..4, CLIENT-1..7 and the reporting line as tables of cases (pure)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from csops.rules import Verdict
from csops.rules.calendar import WorkCalendar
from csops.rules.client import FIELDS, STANDARDS, mismatch_check, missing_standards, needs_reminder
from csops.rules.expense import (
    claim_deadline,
    claim_verdict,
    parse_amount,
    report_due,
    report_kind,
    report_month,
    totals,
)
from csops.rules.inquiry import inquiry_state, reply_due
from csops.rules.report import CATEGORIES, category_check, inform_state, route
from csops.rules.staff import EMAIL, LOGIN, creates_cycle, line_above

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()
D = date.fromisoformat


def dt(s):
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


# -- EXPENSE -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day,deadline",
    [
        ("2026-11-27", "2026-12-01"),  # a Friday: Monday, Tuesday
        ("2026-11-25", "2026-11-27"),
        ("2026-09-29", "2026-10-08"),  # before National Day: 09-30, then 10-08
        ("2026-02-12", "2026-02-14"),  # 02-13, then the make-up Saturday 02-14
        ("2026-02-13", "2026-02-24"),  # across Spring Festival: 02-14, then 02-24
        ("2026-10-09", "2026-10-12"),  # a make-up Saturday (10-10) counts: 10-10, then Monday 10-12
    ],
)
def test_expense_1_claim_deadline_on_the_working_calendar(day, deadline):
    """EXPENSE-1: the end of the second working day after the expense."""
    assert claim_deadline(D(day), cal.add_workdays) == D(deadline)


def test_expense_1_the_deadline_minute():
    """EXPENSE-1: 23:59 of the deadline day is on time, 00:00 after it late (accepted, marked)."""
    v = claim_verdict(D("2026-11-27"), dt("2026-12-01 23:59"), cal.add_workdays)
    assert v == Verdict("EXPENSE-1", True, "on-time", {"deadline": D("2026-12-01")})
    v = claim_verdict(D("2026-11-27"), dt("2026-12-02 00:00"), cal.add_workdays)
    assert v == Verdict("EXPENSE-1", False, "late", {"deadline": D("2026-12-01")})


@pytest.mark.parametrize(
    "within,on_time,late", [(1, "2026-11-30 23:59", "2026-12-01 00:00"), (3, "2026-12-02 23:59", "2026-12-03 00:00")]
)
def test_expense_1_the_number_of_working_days_is_a_parameter(within, on_time, late):
    """EXPENSE-1: ``expense.file_within_working_days`` (1 reads 第二天 as the next working day)."""
    assert claim_verdict(D("2026-11-27"), dt(on_time), cal.add_workdays, within=within).ok
    assert not claim_verdict(D("2026-11-27"), dt(late), cal.add_workdays, within=within).ok


@pytest.mark.parametrize(
    "text,ok,amount,code",
    [
        ("350.00", True, "350.00", "ok"),
        ("350", True, "350.00", "ok"),
        ("0.01", True, "0.01", "ok"),
        ("1,280.50", True, "1280.50", "ok"),
        (" 12.5 ", True, "12.50", "ok"),
        ("9999999.99", True, "9999999.99", "ok"),
        ("0", False, None, "not-positive"),
        ("0.00", False, None, "not-positive"),
        ("-5", False, None, "bad-format"),
        ("-0.00", False, None, "bad-format"),
        ("12.345", False, None, "bad-format"),
        ("1e9", False, None, "bad-format"),
        ("abc", False, None, "bad-format"),
        ("", False, None, "bad-format"),
        ("99999999", False, None, "bad-format"),
        (None, False, None, "bad-format"),
    ],
)
def test_expense_1_amounts(text, ok, amount, code):
    """EXPENSE-1: a positive amount with at most two decimals."""
    v = parse_amount(text)
    assert v == Verdict("EXPENSE-1", ok, code, {"amount": Decimal(amount)} if ok else {})
    if ok:
        assert str(v.detail["amount"]) == amount


def test_expense_2_3_totals_to_the_fen():
    """EXPENSE-2, EXPENSE-3."""
    t = totals([("A", "r1", Decimal("0.10")), ("A", "r2", Decimal("0.20")), ("B", "r1", Decimal("100.33"))])
    assert t["total"] == Decimal("100.63") and t["by_client"] == {"A": Decimal("0.30"), "B": Decimal("100.33")}
    assert t["by_rep"] == {"r1": Decimal("100.43"), "r2": Decimal("0.20")}
    assert totals([])["total"] == Decimal("0.00")


@pytest.mark.parametrize(
    "day,month,due",
    [
        ("2026-12-05", (2026, 11), True),
        ("2026-12-04", (2026, 11), False),
        ("2026-12-31", (2026, 11), True),
        ("2027-01-05", (2026, 12), True),
        ("2027-01-01", (2026, 12), False),
    ],
)
def test_expense_3_the_previous_month_is_reported_from_the_5th(day, month, due):
    """EXPENSE-3."""
    assert report_month(D(day)) == month
    assert report_due(D(day)) is due


def test_expense_3_a_claim_after_the_report_goes_as_an_addendum():
    """EXPENSE-3 (revised 2026-11-28)."""
    assert report_kind(False) == "report" and report_kind(True) == "addendum"


# -- INQUIRY -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opened,due",
    [
        ("2026-11-27 09:00", "2026-11-27 11:00"),
        ("2026-11-27 10:00", "2026-11-27 12:00"),  # due exactly at lunch: 12:00, not 13:30
        ("2026-11-27 11:30", "2026-11-27 15:00"),  # spans lunch
        ("2026-11-27 17:30", "2026-11-30 10:30"),  # spans the night and the weekend
        ("2026-11-27 12:30", "2026-11-27 15:30"),  # asked during lunch
        ("2026-09-30 17:00", "2026-10-08 10:00"),  # before National Day
    ],
)
def test_inquiry_1_reply_deadline_in_working_minutes(opened, due):
    """INQUIRY-1: two working hours."""
    assert reply_due(dt(opened), cal.add_working_minutes) == dt(due)


def test_inquiry_1_hours_is_a_parameter():
    """INQUIRY-1."""
    assert reply_due(dt("2026-11-27 09:00"), cal.add_working_minutes, hours=4) == dt("2026-11-27 14:30")


@pytest.mark.parametrize(
    "answered,now,ok,code",
    [
        (None, "2026-11-27 15:00", True, "open"),
        (None, "2026-11-27 15:01", False, "overdue"),
        ("2026-11-27 15:00", "2026-11-28 09:00", True, "answered"),
        ("2026-11-27 15:01", "2026-11-28 09:00", False, "answered-late"),
    ],
)
def test_inquiry_1_states(answered, now, ok, code):
    """INQUIRY-1."""
    assert inquiry_state(dt("2026-11-27 15:00"), dt(answered) if answered else None, dt(now)) == Verdict(
        "INQUIRY-1", ok, code
    )


def test_inquiry_1_states_are_fixed():
    """INQUIRY-1: the codes views and JSON carry."""
    from csops.rules.inquiry import INQUIRY_STATES, InquiryState

    assert [s.value for s in InquiryState] == ["answered", "answered-late", "open", "overdue"]
    assert tuple(InquiryState) == INQUIRY_STATES


# -- REPORT --------------------------------------------------------------------------

SUP = {1: None, 2: 1, 3: 2, 4: 3, 5: 3, 6: 2}  # 1 manager, 2 head, 3 supervisor, 4/5 reps, 6 other supervisor


@pytest.mark.parametrize("cat", CATEGORIES)
def test_report_1_2_3_categories(cat):
    """REPORT-1, REPORT-2, REPORT-3."""
    assert category_check(cat) == Verdict("REPORT-3", True, "ok")


def test_report_3_an_unknown_category_is_refused():
    """REPORT-3."""
    assert category_check("gossip") == Verdict("REPORT-3", False, "bad-category")
    assert CATEGORIES == (
        "problem",
        "leak",
        "major-error",
        "accident",
        "violation",
        "beyond-scope",
        "obstruction",
        "exception",
    )


@pytest.mark.parametrize(
    "to,emergency,ok,code,recipient,inform",
    [
        (None, False, True, "direct", 3, None),
        (3, False, True, "direct", 3, None),
        (3, True, True, "direct", 3, None),
        (2, False, False, "skips-a-level", None, None),
        (2, True, True, "emergency", 2, 3),
        (1, True, True, "emergency", 1, 3),
        (6, True, False, "outside-line", None, None),  # another supervisor: not in the reporter's line
        (5, True, False, "outside-line", None, None),
    ],
)
def test_report_4_level_by_level_and_emergencies(to, emergency, ok, code, recipient, inform):
    """REPORT-4."""
    r = route(4, SUP, to=to, emergency=emergency, filed_at=dt("2026-11-27 10:00"))
    assert (r.verdict, r.recipient, r.inform) == (Verdict("REPORT-4", ok, code), recipient, inform)
    assert r.inform_due == (dt("2026-11-28 10:00") if inform else None)


def test_report_4_inform_hours_is_a_parameter():
    """REPORT-4."""
    r = route(4, SUP, to=2, emergency=True, filed_at=dt("2026-11-27 10:00"), inform_hours=2)
    assert r.inform_due == dt("2026-11-27 12:00")


def test_report_4_inform_afterwards_state():
    """REPORT-4: exactly at 24 h is still in time."""
    due = dt("2026-11-28 10:00")
    assert inform_state(due, None, dt("2026-11-28 10:00")) == Verdict("REPORT-4", True, "inform-pending")
    assert inform_state(due, None, dt("2026-11-28 10:01")) == Verdict("REPORT-4", False, "inform-overdue")
    assert inform_state(due, dt("2026-11-28 10:00"), dt("2026-11-29 09:00")) == Verdict("REPORT-4", True, "informed")
    assert inform_state(due, dt("2026-11-28 10:01"), dt("2026-11-29 09:00")) == Verdict(
        "REPORT-4", True, "informed-late"
    )
    assert inform_state(None, None, dt("2026-11-28 10:00")) == Verdict("REPORT-4", True, "none")
    r = route(1, SUP, to=None, emergency=False, filed_at=due)
    assert (r.verdict, r.recipient, r.inform, r.inform_due) == (
        Verdict("REPORT-4", False, "no-superior"),
        None,
        None,
        None,
    )


def test_report_3_4_categories_and_inform_states_are_fixed():
    """REPORT-3 (categories) and REPORT-4 (inform states): the codes views and JSON carry."""
    from csops.rules.report import INFORM_STATES, InformState, ReportCategory

    assert tuple(c.value for c in ReportCategory) == CATEGORIES
    assert [s.value for s in InformState] == ["none", "informed", "informed-late", "inform-pending", "inform-overdue"]
    assert tuple(InformState) == INFORM_STATES


# -- CLIENT --------------------------------------------------------------------------


def test_client_1_2_standards():
    """CLIENT-1: the file exists to avoid consignee errors; CLIENT-2: four standards."""
    assert STANDARDS == ("receiving", "damage", "stacking", "signing")
    assert missing_standards({"receiving": "整箱", "damage": "", "stacking": None, "signing": "盖章"}) == [
        "damage",
        "stacking",
    ]
    assert missing_standards({"receiving": " ", "damage": "x", "stacking": "x", "signing": "x"}) == ["receiving"]
    assert missing_standards(dict.fromkeys(STANDARDS, "x")) == []


@pytest.mark.parametrize(
    "field,on_file,actual,ok,code",
    [
        ("address", "上海市A路1号", "上海市B路2号", True, "recorded"),
        ("address", "上海市A路1号", "上海市A路1号", False, "same-as-file"),
        ("address", "上海市A路1号", " 上海市A路1号 ", False, "same-as-file"),
        ("name", None, "新名字", True, "recorded"),
        ("email", "", "x", False, "bad-field"),
        ("phone", "1", " ", False, "empty"),
    ],
)
def test_client_3_7_mismatch_checks(field, on_file, actual, ok, code):
    """CLIENT-3, CLIENT-7."""
    assert mismatch_check(field, on_file, actual) == Verdict("CLIENT-3", ok, code)
    assert FIELDS == ("name", "address", "phone")


def test_client_4_5_6_reminder_once_after_a_change():
    """CLIENT-4, CLIENT-5 (confirmed changes), CLIENT-6 (remind operations at the first shipment)."""
    t = lambda h: datetime(2026, 11, 20, h, tzinfo=UTC)  # noqa: E731
    cases = [(None, None, True), (t(10), None, False), (t(10), t(9), False), (t(10), t(10), True), (t(10), t(11), True)]
    for changed, shipped, ok in cases:
        assert needs_reminder(changed, shipped) == Verdict("CLIENT-6", ok, "no-reminder" if ok else "remind")


def test_client_2_3_5_standards_fields_and_mismatch_states_are_fixed():
    """CLIENT-2 (standards), CLIENT-3 (fields of a mismatch), CLIENT-3/5 (its states): the codes views and JSON carry."""
    from csops.rules.client import ConsigneeField, MismatchStatus, Standard

    assert tuple(s.value for s in Standard) == STANDARDS
    assert tuple(f.value for f in ConsigneeField) == FIELDS
    assert [s.value for s in MismatchStatus] == ["open", "confirmed"]


# -- the reporting line (LEAVE-5, REPORT-4) ---------------------------------------------------


def test_leave_5_report_4_the_line_above_and_cycles():
    """LEAVE-5, REPORT-4: the line goes up one level at a time and never round in a circle."""
    assert line_above(4, SUP) == [3, 2, 1]
    assert line_above(1, SUP) == []
    assert line_above(1, {1: 2, 2: 1}) == [2]  # a loop stops
    assert line_above(1, {1: 1}) == []
    assert creates_cycle(2, 4, SUP) and creates_cycle(3, 3, SUP) and not creates_cycle(4, 6, SUP)
    assert not creates_cycle(4, None, SUP)
    assert LOGIN.match("liu.yang") and not LOGIN.match("liu yang") and not LOGIN.match("a" * 65)
    assert EMAIL.match("a@b.cn") and not EMAIL.match("a@b")
