"""LEAVE-1..9 as tables of cases (pure: no database)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from csops.rules import Verdict
from csops.rules.calendar import WorkCalendar
from csops.rules.leave import (
    Span,
    absence_length,
    approval_chain,
    holiday_check,
    lifecycle_allows,
    next_approver,
    notice_check,
    overlaps,
    returned_minutes,
    touch,
    whole_absence,
    within_department,
    working_days,
)

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(
    "status,action,ok",
    [
        ("pending", "approve", True),
        ("approved", "approve", False),
        ("rejected", "approve", False),
        ("pending", "reject", True),
        ("cancelled", "reject", False),
        ("pending", "cancel", True),
        ("approved", "cancel", True),
        ("rejected", "cancel", False),
        ("cancelled", "cancel", False),
        ("approved", "back", True),
        ("pending", "back", False),
    ],
)
def test_leave_1_lifecycle(status, action, ok):
    """LEAVE-1: requested → approved | rejected; cancelled; reported back (销假)."""
    assert lifecycle_allows(status, action) == Verdict("LEAVE-1", ok, "ok" if ok else f"not-{action}-when-{status}")


@pytest.mark.parametrize(
    "a,b,result",
    [
        (("09:00", "12:00"), ("11:00", "18:00"), True),
        (("09:00", "12:00"), ("12:00", "18:00"), False),  # back to back: no overlap
        (("13:00", "18:00"), ("09:00", "13:00"), False),
        (("09:00", "18:00"), ("10:00", "11:00"), True),
    ],
)
def test_leave_1_overlaps(a, b, result):
    """LEAVE-1: two leaves of one person may not overlap; back-to-back ones do not."""
    x = [dt(f"2026-12-01 {t}") for t in a]
    y = [dt(f"2026-12-01 {t}") for t in b]
    assert overlaps(x[0], x[1], y[0], y[1]) is result


def test_leave_1_reporting_back_early_gives_the_rest_back():
    """LEAVE-1 (销假)."""
    assert returned_minutes(dt("2026-12-01 13:30"), dt("2026-12-01 18:00"), cal.working_minutes) == 270
    assert returned_minutes(dt("2026-12-01 18:00"), dt("2026-12-01 18:00"), cal.working_minutes) == 0
    assert returned_minutes(dt("2026-12-01 18:30"), dt("2026-12-01 18:00"), cal.working_minutes) == 0
    # the working time between is asked of the calendar only for an early return
    assert returned_minutes(dt("2026-12-01 18:00"), dt("2026-12-01 18:00"), lambda a, b: 99) == 0
    assert returned_minutes(dt("2026-12-01 17:59"), dt("2026-12-01 18:00"), lambda a, b: 99) == 99


NOTICE = {"personal_notice_days": 1, "special_notice_minutes": 60}


@pytest.mark.parametrize(
    "kind,requested,ok,clause",
    [
        ("personal", "2026-11-30 23:59", True, "LEAVE-2"),  # the calendar day before
        ("personal", "2026-12-01 00:00", False, "LEAVE-4"),  # the day itself: late notice
        ("annual", "2026-11-20 10:00", True, "LEAVE-2"),
        ("other", "2026-12-01 08:00", False, "LEAVE-4"),
        ("special", "2026-12-01 07:59", True, "LEAVE-3"),
        ("special", "2026-12-01 08:00", True, "LEAVE-3"),  # exactly one hour before a 09:00 shift
        ("special", "2026-12-01 08:01", False, "LEAVE-4"),
        ("sick", "2026-12-01 08:59", True, "LEAVE-2"),
        ("sick", "2026-12-01 09:00", True, "LEAVE-2"),  # before the shift starts: at the start is still in time
        ("sick", "2026-12-01 09:01", False, "LEAVE-4"),
    ],
)
def test_leave_2_3_4_notice(kind, requested, ok, clause):
    """LEAVE-2, LEAVE-3, LEAVE-4."""
    v = notice_check(kind, dt(requested), dt("2026-12-01 09:00"), dt("2026-12-01 09:00"), **NOTICE)
    rule = "LEAVE-3" if kind == "special" else "LEAVE-2"
    deadline = {"special": dt("2026-12-01 08:00"), "sick": dt("2026-12-01 09:00")}.get(
        kind, dt("2026-11-30 23:59:59.999999")
    )
    assert v == Verdict(clause, ok, "in-time" if ok else "late-notice", {"deadline": deadline, "rule": rule})


@pytest.mark.parametrize("requested,ok", [("2026-11-29 23:59", True), ("2026-11-30 00:00", False)])
def test_leave_2_notice_days_is_a_parameter(requested, ok):
    """LEAVE-2: with two days' notice, the day before is late."""
    v = notice_check(
        "personal",
        dt(requested),
        dt("2026-12-01 09:00"),
        dt("2026-12-01 09:00"),
        personal_notice_days=2,
        special_notice_minutes=60,
    )
    assert v.ok is ok
    assert v.detail["deadline"] == dt("2026-11-29 23:59:59.999999")


@pytest.mark.parametrize("requested,ok", [("2026-12-01 07:30", True), ("2026-12-01 07:31", False)])
def test_leave_3_notice_minutes_is_a_parameter(requested, ok):
    """LEAVE-3: 90 minutes before a 09:00 shift."""
    v = notice_check(
        "special",
        dt(requested),
        dt("2026-12-01 09:00"),
        dt("2026-12-01 09:00"),
        personal_notice_days=1,
        special_notice_minutes=90,
    )
    assert v.ok is ok and v.detail["deadline"] == dt("2026-12-01 07:30")


def test_leave_3_uses_that_persons_shift():
    """LEAVE-3."""
    v = notice_check("special", dt("2026-12-01 08:30"), dt("2026-12-01 10:00"), dt("2026-12-01 10:00"), **NOTICE)
    assert v.ok  # shift at 10:00: 08:30 is 90 minutes before


SUP = {
    0: None,
    1: 0,
    2: 1,
    3: 2,
    4: 3,
    5: 3,
    6: 2,
    7: None,
}  # 0 general manager, 1 manager, 2 head, 3 supervisor, 4/5 rep, 6 assistant, 7 frontdesk
ROLE = {0: "manager", 1: "manager", 2: "head", 3: "supervisor", 4: "rep", 5: "rep", 6: "assistant", 7: "frontdesk"}


@pytest.mark.parametrize(
    "who,beyond,chain,clause,code",
    [
        (4, False, (3, 2), "LEAVE-5", "routed-department"),  # rep: supervisor then head
        (4, True, (3, 2, 1), "LEAVE-6", "routed-beyond"),  # beyond: the level above the head too
        (3, False, (2,), "LEAVE-5", "routed-department"),  # supervisor: the head
        (6, True, (2, 1), "LEAVE-6", "routed-beyond"),
        (2, False, (1,), "LEAVE-5", "routed-department"),  # the head's own leave goes to the head's superior only
        (2, True, (1,), "LEAVE-6", "routed-beyond"),
    ],
)
def test_leave_5_6_approval_chain(who, beyond, chain, clause, code):
    """LEAVE-5, LEAVE-6: up the requester's own line, level by level, to the head or to the level
    above it (never further, though the line goes on to a general manager)."""
    c = approval_chain(who, SUP, ROLE, beyond=beyond)
    assert (c.verdict, c.approvers) == (Verdict(clause, True, code), chain)


def test_leave_5_6_chain_refusals():
    """LEAVE-5, LEAVE-6."""
    assert approval_chain(0, SUP, ROLE, beyond=False).verdict == Verdict("LEAVE-5", False, "no-superior")
    assert approval_chain(0, SUP, ROLE, beyond=False).approvers == ()
    no_manager = {2: None, 3: 2, 4: 3}
    c = approval_chain(4, no_manager, ROLE, beyond=True)
    assert (c.verdict, c.approvers) == (Verdict("LEAVE-6", False, "nobody-above-head"), (3, 2))
    c = approval_chain(3, no_manager, ROLE, beyond=True)  # a supervisor's long leave: the head has nobody above
    assert (c.verdict, c.approvers) == (Verdict("LEAVE-6", False, "nobody-above-head"), (2,))
    ok = approval_chain(4, no_manager, ROLE, beyond=False)
    assert (ok.verdict, ok.approvers) == (Verdict("LEAVE-5", True, "routed-department"), (3, 2))


def test_leave_5_a_line_without_a_head_goes_all_the_way_up():
    """LEAVE-5: someone outside the department's line (no head above) goes up their own line."""
    c = approval_chain(8, {8: 7, 7: 9, 9: None}, {8: "ops", 7: "frontdesk", 9: "manager"}, beyond=True)
    assert (c.verdict, c.approvers) == (Verdict("LEAVE-6", True, "routed-beyond"), (7, 9))


def test_leave_5_next_approver_goes_one_level_at_a_time():
    """LEAVE-5."""
    assert next_approver((3, 2), {}) == 3
    assert next_approver((3, 2), {1: "approved"}) == 2
    assert next_approver((3, 2), {1: "rejected"}) == 3
    assert next_approver((3, 2), {1: "approved", 2: "approved"}) is None


@pytest.mark.parametrize(
    "days,limit,inclusive,within",
    [
        ("3.00", 3, True, True),  # exactly the department's limit, "N 天以上" read as more than N
        ("3.01", 3, True, False),
        ("2.99", 3, False, True),
        ("3.00", 3, False, False),  # "N 天以上" read as N or more: N goes above
        ("0.50", 0, True, False),
        ("0.00", 0, True, True),
    ],
)
def test_leave_6_department_limit_and_whether_it_includes_n(days, limit, inclusive, within):
    """LEAVE-6: up to N days the department approves; whether N itself is included is a parameter."""
    assert within_department(Decimal(days), department_max_days=limit, inclusive=inclusive) is within
    if inclusive:
        assert within_department(Decimal(days), department_max_days=limit) is within  # N itself included by default


def test_leave_6_working_days_count_half_days_and_hours():
    """LEAVE-6."""
    assert working_days(450, 450) == Decimal("1.00")
    assert working_days(180, 450) == Decimal("0.40")  # morning 09:00-12:00
    assert working_days(120, 450) == Decimal("0.27")  # a two-hour special leave
    assert working_days(3, 450) == Decimal("0.01")  # rounded half up
    assert working_days(2, 450) == Decimal("0.00")
    assert working_days(100, 0) == Decimal("0.00")
    assert working_days(5, 1) == Decimal("5.00")
    assert working_days(100, 800) == Decimal("0.13")  # 0.125: half up, not to even


def sp(i, start, end, days):
    return Span(i, dt(start), dt(end), Decimal(days))


@pytest.mark.parametrize(
    "a,b,result",
    [
        (("2026-09-14 09:00", "2026-09-16 18:00"), ("2026-09-17 09:00", "2026-09-18 18:00"), True),  # the next day
        (("2026-09-17 09:00", "2026-09-18 18:00"), ("2026-09-14 09:00", "2026-09-16 18:00"), True),  # either order
        (("2026-11-27 09:00", "2026-11-27 18:00"), ("2026-11-30 09:00", "2026-11-30 18:00"), True),  # Friday and Monday
        (
            ("2026-11-24 09:00", "2026-11-24 18:00"),
            ("2026-11-26 09:00", "2026-11-26 18:00"),
            False,
        ),  # Wednesday between
        (("2026-11-24 09:00", "2026-11-24 12:00"), ("2026-11-24 13:30", "2026-11-24 18:00"), True),  # the same day
        (("2026-11-24 09:00", "2026-11-25 12:00"), ("2026-11-25 10:00", "2026-11-25 18:00"), True),  # overlapping
        (
            ("2026-09-30 09:00", "2026-09-30 18:00"),
            ("2026-10-08 09:00", "2026-10-08 18:00"),
            True,
        ),  # across National Day
        (("2026-09-29 09:00", "2026-09-29 18:00"), ("2026-10-08 09:00", "2026-10-08 18:00"), False),
    ],
)
def test_leave_6_leaves_that_touch(a, b, result):
    """LEAVE-6 (revised 2026-11-28): leaves touch when no working day of the person lies between them."""
    assert touch(sp(1, *a, "1"), sp(2, *b, "1"), cal.is_workday) is result


def test_leave_6_a_day_off_of_the_person_is_not_a_working_day_between():
    """LEAVE-6: a comp rest day between two leaves is not a working day of that person."""
    a, b = sp(1, "2026-11-24 09:00", "2026-11-24 18:00", "1"), sp(2, "2026-11-26 09:00", "2026-11-26 18:00", "1")
    assert touch(a, b, lambda x: cal.is_workday(x) and x != d("2026-11-25"))


def test_leave_6_the_whole_absence_and_its_length():
    """LEAVE-6: splitting a long absence into short requests does not keep it in the department."""
    first = sp(1, "2026-11-23 09:00", "2026-11-25 18:00", "3.00")
    second = sp(None, "2026-11-26 09:00", "2026-11-27 18:00", "2.00")
    far = sp(3, "2026-12-03 09:00", "2026-12-03 18:00", "1.00")
    chain_link = sp(4, "2026-11-30 09:00", "2026-12-01 18:00", "2.00")  # Monday-Tuesday: touches the second
    whole = whole_absence(second, [first, far], cal.is_workday)
    assert [s.id for s in whole] == [1, None]
    assert absence_length(whole) == Decimal("5.00")
    assert absence_length(whole, counts="calendar-days") == Decimal(5)
    assert not within_department(absence_length(whole), department_max_days=3)
    whole = whole_absence(second, [far, chain_link, first], cal.is_workday)
    assert [s.id for s in whole] == [1, None, 4]  # 4 touches the second over the weekend
    assert absence_length(whole) == Decimal("7.00")
    assert absence_length(whole, counts="calendar-days") == Decimal(9)  # 11-23 to 12-01
    assert [s.id for s in whole_absence(far, [first], cal.is_workday)] == [3]
    assert str(absence_length([])) == "0.00"
    # transitively: the new leave touches only 4, and 4 touches 1
    bridge = whole_absence(
        sp(None, "2026-12-02 09:00", "2026-12-02 18:00", "1"),
        [sp(5, "2026-11-26 09:00", "2026-11-26 18:00", "1"), sp(6, "2026-11-27 09:00", "2026-12-01 18:00", "3")],
        cal.is_workday,
    )
    assert [s.id for s in bridge] == [5, 6, None]


def test_leave_6_the_make_up_sunday_is_a_working_day_between():
    """LEAVE-6: 2026-09-20 (Sunday) is a make-up working day: leaves on 09-18 and 09-21 do not touch."""
    assert not touch(
        sp(1, "2026-09-18 09:00", "2026-09-18 18:00", "1"),
        sp(2, "2026-09-21 09:00", "2026-09-21 18:00", "1"),
        cal.is_workday,
    )


@pytest.mark.parametrize(
    "first,last,ok,code",
    [
        ("2026-09-30", "2026-09-30", True, "no-holiday"),
        ("2026-09-30", "2026-10-08", False, "holiday"),  # National Day inside
        ("2026-10-08", "2026-10-09", True, "no-holiday"),
        ("2026-11-28", "2026-11-30", True, "no-holiday"),  # an ordinary weekend inside is fine
        ("2026-02-21", "2026-02-21", False, "holiday"),  # a Saturday inside the Spring Festival break
        ("2026-10-04", "2026-10-04", False, "holiday"),  # a Sunday inside National Day
        ("2026-09-28", "2026-09-29", True, "no-holiday"),
        ("2026-09-30", "2026-10-01", False, "holiday"),  # only the second day is in the break
        ("2026-09-24", "2026-09-25", False, "holiday"),
    ],
)
def test_leave_8_no_leave_on_any_day_of_a_holiday_break(first, last, ok, code):
    """LEAVE-8 (WORKDAY-1 revised 2026-11-28): 节假日 is every day of a holiday break."""
    v = holiday_check(d(first), d(last), cal.is_holiday, cal.is_workday)
    assert (v.ok, v.clause, v.code) == (ok, "LEAVE-8", code)
    if ok:
        assert v == Verdict("LEAVE-8", True, "no-holiday")


@pytest.mark.parametrize(
    "first,last,n,ok,day",
    [
        ("2026-09-30", "2026-09-30", 1, False, "2026-09-30"),  # the working day before the break
        ("2026-09-29", "2026-09-29", 1, True, None),
        ("2026-09-29", "2026-09-29", 2, False, "2026-09-29"),  # two working days before
        ("2026-10-08", "2026-10-08", 1, False, "2026-10-08"),  # the working day after: both ways
        ("2026-10-09", "2026-10-09", 1, True, None),
        ("2026-10-09", "2026-10-09", 2, False, "2026-10-09"),
        ("2026-10-12", "2026-10-12", 2, True, None),  # make-up Saturday 10-10 counts as a working day
        ("2026-09-28", "2026-09-28", 1, False, "2026-09-28"),  # Monday before the Mid-Autumn break 09-25..27
        ("2026-11-27", "2026-11-30", 1, True, None),  # an ordinary weekend is passed over, not a break
    ],
)
def test_leave_8_blackout_days_around_a_break(first, last, n, ok, day):
    """LEAVE-8: ``leave.holiday_blackout_days`` working days before and after each break."""
    v = holiday_check(d(first), d(last), cal.is_holiday, cal.is_workday, blackout_days=n)
    assert v.ok is ok
    if not ok:
        near = v.detail["holiday"]
        assert v == Verdict("LEAVE-8", False, "near-holiday", {"day": d(day), "holiday": near})
        assert cal.is_holiday(near)


def test_leave_8_blackout_walks_over_plain_weekends():
    """LEAVE-8: the working days are counted; a plain weekend between them is passed over."""
    c = WorkCalendar({d("2026-12-07"): ("holiday", "公司假日")})  # Monday; the weekend before joins the break
    assert c.holiday_break(d("2026-12-05")).first == d("2026-12-05")
    v = holiday_check(d("2026-12-04"), d("2026-12-04"), c.is_holiday, c.is_workday, blackout_days=1)
    assert not v.ok and v.detail["holiday"] == d("2026-12-05")
    c2 = WorkCalendar({d("2026-12-09"): ("holiday", "公司假日")})  # Wednesday alone
    v = holiday_check(d("2026-12-04"), d("2026-12-04"), c2.is_holiday, c2.is_workday, blackout_days=3)
    assert not v.ok and v.detail["holiday"] == d("2026-12-09")  # Fri → (weekend) → Mon, Tue: 2 working days between
    assert holiday_check(d("2026-12-04"), d("2026-12-04"), c2.is_holiday, c2.is_workday, blackout_days=2).ok
    both = WorkCalendar({d("2026-12-07"): ("holiday", "一"), d("2026-12-11"): ("holiday", "二")})  # Monday and Friday
    v = holiday_check(d("2026-12-09"), d("2026-12-09"), both.is_holiday, both.is_workday, blackout_days=2)
    assert v == Verdict(
        "LEAVE-8", False, "near-holiday", {"day": d("2026-12-09"), "holiday": d("2026-12-11")}
    )  # after first


def test_leave_8_a_day_of_the_break_names_itself():
    """LEAVE-8."""
    v = holiday_check(d("2026-10-04"), d("2026-10-05"), cal.is_holiday, cal.is_workday)
    assert v == Verdict("LEAVE-8", False, "holiday", {"day": d("2026-10-04"), "holiday": d("2026-10-04")})
