"""Rule tables for LEAVE-1..9, DUTY-1..4 and ATTEND-1..6 (pure, no database)."""
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from csops.rules.attendance import LeaveSpan, day_status, expected_start
from csops.rules.calendar import WorkCalendar
from csops.rules.duty import evening_end, meal_allowance, next_start, weekend_roster
from csops.rules.leave import (approval_chain, holiday_check, lifecycle_allows, next_approver, notice_check,
                               overlaps, returned_minutes, working_days)

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


# -- LEAVE ------------------------------------------------------------------------

def test_leave_1_lifecycle():
    """LEAVE-1."""
    assert lifecycle_allows("pending", "approve").ok
    assert not lifecycle_allows("approved", "approve").ok
    assert lifecycle_allows("approved", "back").ok and not lifecycle_allows("pending", "back").ok
    assert lifecycle_allows("approved", "cancel").ok and not lifecycle_allows("rejected", "cancel").ok
    assert overlaps(dt("2026-12-01 09:00"), dt("2026-12-01 12:00"), dt("2026-12-01 11:00"), dt("2026-12-01 18:00"))
    assert not overlaps(dt("2026-12-01 09:00"), dt("2026-12-01 12:00"), dt("2026-12-01 12:00"), dt("2026-12-01 18:00"))
    assert returned_minutes(dt("2026-12-01 13:30"), dt("2026-12-01 18:00"), cal.working_minutes) == 270
    assert returned_minutes(dt("2026-12-01 18:30"), dt("2026-12-01 18:00"), cal.working_minutes) == 0


NOTICE = dict(personal_notice_days=1, special_notice_minutes=60)


@pytest.mark.parametrize("kind,requested,ok,clause", [
    ("personal", "2026-11-30 23:59", True, "LEAVE-2"),   # the calendar day before
    ("personal", "2026-12-01 00:00", False, "LEAVE-4"),  # the day itself: late notice
    ("annual", "2026-11-20 10:00", True, "LEAVE-2"),
    ("special", "2026-12-01 07:59", True, "LEAVE-3"),
    ("special", "2026-12-01 08:00", True, "LEAVE-3"),    # exactly one hour before a 09:00 shift
    ("special", "2026-12-01 08:01", False, "LEAVE-4"),
    ("sick", "2026-12-01 08:59", True, "LEAVE-2"),
    ("sick", "2026-12-01 09:30", False, "LEAVE-4"),
])
def test_leave_2_3_4_notice(kind, requested, ok, clause):
    """LEAVE-2, LEAVE-3, LEAVE-4."""
    v = notice_check(kind, dt(requested), dt("2026-12-01 09:00"), dt("2026-12-01 09:00"), **NOTICE)
    assert v.ok is ok and v.clause == clause
    assert v.code == ("in-time" if ok else "late-notice")


def test_leave_3_uses_that_persons_shift():
    """LEAVE-3."""
    v = notice_check("special", dt("2026-12-01 08:30"), dt("2026-12-01 10:00"), dt("2026-12-01 10:00"), **NOTICE)
    assert v.ok  # shift at 10:00: 08:30 is 90 minutes before


SUP = {1: None, 2: 1, 3: 2, 4: 3, 5: 3, 6: 2}  # 1 manager, 2 head, 3 supervisor, 4 rep, 5 rep, 6 assistant
ROLE = {1: "manager", 2: "head", 3: "supervisor", 4: "rep", 5: "rep", 6: "assistant"}


@pytest.mark.parametrize("who,days,chain,clause", [
    (4, "1.00", (3, 2), "LEAVE-5"),       # rep: supervisor then head
    (4, "3.00", (3, 2), "LEAVE-5"),       # exactly the department's limit
    (4, "3.50", (3, 2, 1), "LEAVE-6"),    # beyond: the level above the head too
    (3, "0.50", (2,), "LEAVE-5"),         # supervisor: the head
    (6, "5.00", (2, 1), "LEAVE-6"),
    (2, "1.00", (1,), "LEAVE-5"),         # the head's own leave goes to the head's superior
])
def test_leave_5_6_approval_chain(who, days, chain, clause):
    """LEAVE-5, LEAVE-6."""
    c = approval_chain(who, SUP, ROLE, Decimal(days), department_max_days=3)
    assert c.verdict.ok and c.approvers == chain and c.verdict.clause == clause


def test_leave_5_6_chain_refusals():
    """LEAVE-5, LEAVE-6."""
    assert approval_chain(1, SUP, ROLE, Decimal(1), department_max_days=3).verdict.code == "no-superior"
    no_manager = {2: None, 3: 2, 4: 3}
    v = approval_chain(4, no_manager, ROLE, Decimal(5), department_max_days=3).verdict
    assert not v.ok and v.clause == "LEAVE-6"


def test_leave_5_next_approver_goes_one_level_at_a_time():
    """LEAVE-5."""
    assert next_approver((3, 2), {}) == 3
    assert next_approver((3, 2), {1: "approved"}) == 2
    assert next_approver((3, 2), {1: "approved", 2: "approved"}) is None


def test_leave_6_working_days_count_half_days_and_hours():
    """LEAVE-6."""
    assert working_days(450, 450) == Decimal("1.00")
    assert working_days(180, 450) == Decimal("0.40")  # morning 09:00-12:00
    assert working_days(120, 450) == Decimal("0.27")  # a two-hour special leave
    assert cal.working_minutes(dt("2026-12-01 09:00"), dt("2026-12-01 11:00")) == 120


@pytest.mark.parametrize("first,last,ok", [
    ("2026-09-30", "2026-09-30", True),
    ("2026-09-30", "2026-10-08", False),  # National Day inside
    ("2026-10-08", "2026-10-09", True),
    ("2026-11-28", "2026-11-30", True),   # an ordinary weekend inside is fine
])
def test_leave_8_no_leave_on_public_holidays(first, last, ok):
    """LEAVE-8."""
    v = holiday_check(date.fromisoformat(first), date.fromisoformat(last), cal.is_holiday)
    assert v.ok is ok and v.clause == "LEAVE-8"


def test_leave_8_blackout_days():
    """LEAVE-8."""
    assert not holiday_check(date(2026, 9, 30), date(2026, 9, 30), cal.is_holiday, blackout_days=1).ok


# -- DUTY -------------------------------------------------------------------------

@pytest.mark.parametrize("end,allowance", [("20:29", False), ("20:30", True), ("22:00", True), ("00:30", True)])
def test_duty_1_meal_allowance_from_2030(end, allowance):
    """DUTY-1."""
    d = date(2026, 11, 26)
    e = evening_end(d, time.fromisoformat(end), TZ)
    assert meal_allowance(d, e, allowance_from=time(20, 30)).ok is allowance


P = dict(late_start_after=time(22, 0), late_start_time=time(10, 0), morning_off_after=time(23, 0), afternoon_start=time(13, 30))


@pytest.mark.parametrize("day,end,next_day,start,reason", [
    ("2026-11-25", "22:00", "2026-11-26", "09:00", "normal"),      # exactly 22:00 is not past it
    ("2026-11-25", "22:01", "2026-11-26", "10:00", "late-start"),
    ("2026-11-25", "23:00", "2026-11-26", "10:00", "late-start"),  # exactly 23:00
    ("2026-11-25", "23:01", "2026-11-26", "13:30", "morning-off"),
    ("2026-11-25", "00:30", "2026-11-26", "13:30", "morning-off"),  # after midnight
    ("2026-11-27", "22:30", "2026-11-30", "10:00", "late-start"),  # Friday night: Monday
    ("2026-09-30", "22:30", "2026-10-08", "10:00", "late-start"),  # night before National Day
    ("2026-10-09", "23:30", "2026-10-10", "13:30", "morning-off"),  # make-up Saturday is the next working day
])
def test_duty_2_next_start(day, end, next_day, start, reason):
    """DUTY-2."""
    d = date.fromisoformat(day)
    ns = next_start(d, evening_end(d, time.fromisoformat(end), TZ), cal.next_workday(d), time(9, 0), **P)
    assert (ns.day.isoformat(), ns.start.strftime("%H:%M"), ns.reason, ns.clause) == (next_day, start, reason, "DUTY-2")


def test_duty_4_roster_is_fair_and_never_two_days_in_a_row():
    """DUTY-4."""
    days = [date(2026, 12, d) for d in (5, 6, 12, 13, 19, 20, 26, 27)]
    plan = weekend_roster(days, [1, 2, 3])
    counts = {p: sum(1 for _d, q in plan if q == p) for p in (1, 2, 3)}
    assert max(counts.values()) - min(counts.values()) <= 1
    for (d1, p1), (d2, p2) in zip(plan, plan[1:]):
        if (d2 - d1).days == 1:
            assert p1 != p2
    # fewest duties so far first
    assert weekend_roster([date(2026, 12, 5)], [1, 2, 3], {1: 4, 2: 1, 3: 2})[0][1] == 2
    # only one person: allowed on consecutive days
    assert [p for _d, p in weekend_roster(days[:2], [7])] == [7, 7]
    # continuity with the previous month: Sunday after last month's Saturday
    assert weekend_roster([date(2026, 11, 1)], [1, 2], {}, (date(2026, 10, 31), 1))[0][1] == 2


# -- ATTEND / LEAVE-9 ---------------------------------------------------------------

BASE = dict(base_start=time(9, 0), day_end=time(18, 0), tz=TZ)


def exp(**kw):
    return expected_start(date(2026, 12, 1), workday=kw.pop("workday", True), **{**BASE, **kw})


@pytest.mark.parametrize("arrived,status,late", [
    ("08:59", "on-time", 0), ("09:00", "on-time", 0), ("09:01", "late", 1),
    ("09:19", "late", 19), ("09:20", "violation", 20), ("10:30", "violation", 90),
])
def test_leave_9_lateness_threshold_20_minutes(arrived, status, late):
    """LEAVE-9."""
    st = day_status(exp(), time.fromisoformat(arrived), [], violation_minutes=20)
    assert (st.status, st.late_minutes) == (status, late)
    assert st.clause in ("LEAVE-9", "ATTEND-3")


@pytest.mark.parametrize("away,status", [([19], "on-time"), ([20], "violation"), ([10, 15], "on-time")])
def test_leave_9_away_from_post(away, status):
    """LEAVE-9."""
    assert day_status(exp(), time(8, 55), away, violation_minutes=20).status == status


def test_attend_2_duty_moves_the_start_without_notice():
    """ATTEND-2."""
    e = exp(duty_start=(time(10, 0), "late-start"))
    assert (e.start, e.clause) == (time(10, 0), "DUTY-2")
    assert day_status(e, time(10, 5), [], violation_minutes=20).status == "late"
    assert day_status(e, time(9, 58), [], violation_minutes=20).status == "on-time"
    assert day_status(e, time(10, 20), [], violation_minutes=20).status == "violation"


def test_attend_3_not_seen_is_absent():
    """ATTEND-3."""
    st = day_status(exp(), None, [], violation_minutes=20)
    assert (st.status, st.clause) == ("absent", "ATTEND-3")


def test_attend_4_head_setting_wins():
    """ATTEND-4."""
    e = exp(head_start=time(10, 30), duty_start=(time(10, 0), "late-start"))
    assert (e.start, e.clause) == (time(10, 30), "ATTEND-4")


def test_rest_days_and_comp_rest():
    assert day_status(exp(workday=False), None, [], violation_minutes=20).status == "rest"
    e = exp(comp_rest=True)
    assert (day_status(e, None, [], violation_minutes=20).status, e.clause) == ("rest", "DUTY-4")


def test_leave_4_late_notice_leave_counts_as_absence_until_approved():
    """LEAVE-4."""
    span = LeaveSpan(1, dt("2026-12-01 09:00"), dt("2026-12-01 18:00"), "pending", True)
    e = exp(leaves=[span])
    assert e.start == time(9, 0)
    st = day_status(e, None, [], violation_minutes=20, late_notice_leave_pending=True)
    assert (st.status, st.clause) == ("absent", "LEAVE-4")
    approved = LeaveSpan(1, dt("2026-12-01 09:00"), dt("2026-12-01 18:00"), "approved", True)
    assert day_status(exp(leaves=[approved]), None, [], violation_minutes=20).status == "on-leave"


def test_leave_1_partial_leave_moves_the_start():
    """LEAVE-1."""
    span = LeaveSpan(2, dt("2026-12-01 09:00"), dt("2026-12-01 11:00"), "approved", False)
    e = exp(leaves=[span])
    assert (e.start, e.clause) == (time(11, 0), "LEAVE-1")
    assert day_status(e, time(11, 10), [], violation_minutes=20).status == "late"
