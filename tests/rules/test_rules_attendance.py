"""ATTEND-1..6 with LEAVE-1/4/9 and DUTY-2: the expected day and its status (pure)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from csops.rules.attendance import (
    DAY_COLUMNS,
    DayStatus,
    EveningStart,
    Expected,
    LeaveSpan,
    day_column,
    day_status,
    expected_start,
)

TZ = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 12, 1)
BASE = {"base_start": time(9, 0), "day_end": time(18, 0), "tz": TZ}


def dt(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


def exp(**kw):
    return expected_start(DAY, workday=kw.pop("workday", True), **{**BASE, **kw})


def status(e, arrived, away=(), left=None, grace=0, threshold=20, **kw):
    return day_status(
        e,
        None if arrived is None else time.fromisoformat(arrived),
        list(away),
        violation_minutes=threshold,
        left=None if left is None else time.fromisoformat(left),
        early_leave_grace_minutes=grace,
        **kw,
    )


@pytest.mark.parametrize(
    "arrived,st,late,clause",
    [
        ("08:59", "on-time", 0, "ATTEND-3"),
        ("09:00", "on-time", 0, "ATTEND-3"),
        ("09:01", "late", 1, "LEAVE-9"),
        ("09:19", "late", 19, "LEAVE-9"),
        ("09:20", "violation", 20, "LEAVE-9"),
        ("10:30", "violation", 90, "LEAVE-9"),
    ],
)
def test_leave_9_lateness_threshold_20_minutes(arrived, st, late, clause):
    """LEAVE-9: under 20 minutes is late; 20 or more is a violation (违纪)."""
    s = status(exp(), arrived)
    reason = "normal" if st == "on-time" else "late"
    assert s == DayStatus(st, clause, reason, late, 0, 0)


def test_leave_9_a_one_minute_threshold():
    """LEAVE-9: with a threshold of one minute, a day with no time away and an on-time arrival stays on time."""
    assert status(exp(), "09:00", threshold=1) == DayStatus("on-time", "ATTEND-3", "normal", 0, 0, 0)
    assert status(exp(), "09:01", threshold=1).status == "violation"


@pytest.mark.parametrize("arrived,st", [("09:14", "late"), ("09:15", "violation")])
def test_leave_9_threshold_is_a_parameter(arrived, st):
    """LEAVE-9 with a 15-minute threshold."""
    assert status(exp(), arrived, threshold=15).status == st


@pytest.mark.parametrize(
    "away,st,reason",
    [
        ([19], "on-time", "normal"),
        ([20], "violation", "away-from-post"),
        ([10, 15], "on-time", "normal"),
        ([5, 21], "violation", "away-from-post"),
    ],
)
def test_leave_9_away_from_post(away, st, reason):
    """LEAVE-9: away from the post 20 minutes or more at a stretch."""
    s = status(exp(), "08:55", away)
    assert s == DayStatus(st, "LEAVE-9" if st == "violation" else "ATTEND-3", reason, 0, sum(away), 0)


@pytest.mark.parametrize(
    "left,st,early",
    [
        ("18:00", "on-time", 0),
        ("18:30", "on-time", 0),
        ("17:59", "early-leave", 1),
        ("14:00", "early-leave", 240),
    ],
)
def test_leave_1_leaving_early_is_a_breach(left, st, early):
    """LEAVE-1 (revised 2026-11-28): a departure before the end of the working day, not covered by leave."""
    s = status(exp(), "08:55", left=left)
    if st == "early-leave":
        assert s == DayStatus("early-leave", "LEAVE-1", "left-early", 0, 0, early)
    else:
        assert s == DayStatus("on-time", "ATTEND-3", "normal", 0, 0, 0)


@pytest.mark.parametrize("left,st,early", [("17:50", "on-time", 0), ("17:49", "early-leave", 11)])
def test_leave_1_early_leave_grace_is_a_parameter(left, st, early):
    """LEAVE-1: ``attendance.early_leave_grace_minutes`` = 10."""
    s = status(exp(), "08:55", left=left, grace=10)
    assert (s.status, s.early_minutes) == (st, early)
    assert (
        day_status(exp(), time(8, 55), [], violation_minutes=20, left=time(17, 59)).status == "early-leave"
    )  # grace 0 by default


def test_leave_1_an_afternoon_leave_moves_the_end_of_the_day():
    """LEAVE-1: leaving at 14:00 for a leave from 14:00 is no early leave."""
    span = LeaveSpan(3, dt("2026-12-01 14:00"), dt("2026-12-01 18:00"), "approved", False)
    e = exp(leaves=[span])
    assert (e.start, e.end) == (time(9), time(14))
    assert status(e, "08:58", left="14:00").status == "on-time"
    assert status(e, "08:58", left="13:00").status == "early-leave"
    chained = [
        LeaveSpan(4, dt("2026-12-01 16:00"), dt("2026-12-01 18:00"), "approved", False),
        LeaveSpan(5, dt("2026-12-01 15:00"), dt("2026-12-01 16:00"), "approved", False),
    ]
    assert exp(leaves=chained).end == time(15)  # two leaves back to back at the end of the day
    pending_late = LeaveSpan(6, dt("2026-12-01 14:00"), dt("2026-12-01 18:00"), "pending", True)
    assert exp(leaves=[pending_late]).end == time(18)  # LEAVE-4: not in effect until approved


def test_early_leave_and_late_on_one_day():
    """LEAVE-1, LEAVE-9: a violation outranks leaving early, leaving early outranks lateness."""
    assert status(exp(), "09:25", [3], left="17:00") == DayStatus("violation", "LEAVE-9", "late", 25, 3, 60)
    assert status(exp(), "09:05", [3], left="17:00") == DayStatus("early-leave", "LEAVE-1", "left-early", 5, 3, 60)
    assert status(exp(), "09:05", [25], left="17:00") == DayStatus("violation", "LEAVE-9", "away-from-post", 5, 25, 60)
    assert status(exp(), "09:05", [3], left="18:00") == DayStatus("late", "LEAVE-9", "late", 5, 3, 0)
    assert status(exp(), "09:05", [3], left="17:55", grace=10) == DayStatus("late", "LEAVE-9", "late", 5, 3, 0)
    assert status(exp(), "08:58", [3]) == DayStatus("on-time", "ATTEND-3", "normal", 0, 3, 0)
    assert status(exp(), "08:58", [3], left="17:55", grace=10) == DayStatus("on-time", "ATTEND-3", "normal", 0, 3, 0)


def test_attend_2_a_noticed_evening_moves_the_start():
    """ATTEND-2, DUTY-2."""
    e = exp(evenings=[EveningStart(time(10, 0), "late-start", True)])
    assert e == Expected(True, time(10, 0), "DUTY-2", "late-start", end=time(18))
    assert status(e, "10:05").status == "late"
    assert status(e, "09:58").status == "on-time"
    assert status(e, "10:20").status == "violation"


def test_attend_2_the_latest_of_several_evenings_wins():
    """ATTEND-2 (revised 2026-11-28): evening 09-04 until 23:30 and 09-05 until 20:45: Monday 13:30."""
    e = exp(evenings=[EveningStart(time(13, 30), "morning-off", True), EveningStart(time(10, 0), "late-start", True)])
    assert (e.start, e.reason) == (time(13, 30), "morning-off")
    e = exp(evenings=[EveningStart(time(10, 0), "late-start", True), EveningStart(time(13, 30), "morning-off", True)])
    assert e.start == time(13, 30)
    assert status(e, "10:00").status == "on-time"


def test_attend_3_an_evening_recorded_too_late_does_not_excuse():
    """ATTEND-3 (revised 2026-11-28): recorded after the next normal start, the evening is no notice."""
    e = exp(evenings=[EveningStart(time(10, 0), "late-start", False)])
    assert e == Expected(True, time(9, 0), "ATTEND-3", "evening-recorded-late", end=time(18))
    s = status(e, "10:00")
    assert (s.status, s.late_minutes) == ("violation", 60)
    mixed = exp(
        evenings=[EveningStart(time(13, 30), "morning-off", False), EveningStart(time(10, 0), "late-start", True)]
    )
    assert mixed.start == time(10, 0)  # only what the head knew of counts
    assert exp(evenings=[EveningStart(time(9, 0), "normal", True)]) == Expected(
        True, time(9), "ATTEND-3", "normal", end=time(18)
    )
    assert exp(evenings=[EveningStart(time(9, 0), "normal", False)]) == Expected(
        True, time(9), "ATTEND-3", "normal", end=time(18)
    )


def test_attend_3_not_seen_is_absent():
    """ATTEND-3."""
    assert status(exp(), None) == DayStatus("absent", "ATTEND-3", "not-seen")
    assert exp() == Expected(True, time(9), "ATTEND-3", "normal", end=time(18))


def test_attend_4_head_setting_wins():
    """ATTEND-4: the head's confirmed start wins over any evening, noticed or not."""
    e = exp(head_start=time(10, 30), evenings=[EveningStart(time(13, 30), "morning-off", True)])
    assert e == Expected(True, time(10, 30), "ATTEND-4", "set-by-head", end=time(18))
    e = exp(head_start=time(10, 0), evenings=[EveningStart(time(10, 0), "late-start", False)])
    assert status(e, "10:00").status == "on-time"


def test_rest_days_and_comp_rest():
    """WORKDAY-1, DUTY-4."""
    e = exp(workday=False)
    assert e == Expected(False, None, "WORKDAY-1", "rest-day")
    assert status(e, "09:00") == DayStatus("rest", "WORKDAY-1", "rest-day")
    e = exp(comp_rest=True)
    assert e == Expected(False, None, "DUTY-4", "comp-rest")
    assert status(e, None) == DayStatus("rest", "DUTY-4", "comp-rest")


def test_leave_4_late_notice_leave_counts_as_absence_until_approved():
    """LEAVE-4."""
    span = LeaveSpan(1, dt("2026-12-01 09:00"), dt("2026-12-01 18:00"), "pending", True)
    e = exp(leaves=[span])
    assert e.start == time(9, 0)
    assert status(e, None, late_notice_leave_pending=True) == DayStatus(
        "absent", "LEAVE-4", "late-notice-leave-not-approved"
    )
    approved = LeaveSpan(1, dt("2026-12-01 09:00"), dt("2026-12-01 18:00"), "approved", True)
    assert exp(leaves=[approved]) == Expected(True, None, "LEAVE-1", "on-leave", 1, False, True)
    assert status(exp(leaves=[approved]), None) == DayStatus("on-leave", "LEAVE-1", "leave", details={"leave_id": 1})
    in_time = LeaveSpan(2, dt("2026-12-01 09:00"), dt("2026-12-01 18:00"), "pending", False)
    e = exp(leaves=[in_time])
    assert e == Expected(True, None, "LEAVE-1", "on-leave", 2, True, False)
    assert status(e, None) == DayStatus("on-leave", "LEAVE-1", "leave-pending", details={"leave_id": 2})
    longer = LeaveSpan(3, dt("2026-12-01 09:00"), dt("2026-12-02 12:00"), "approved", False)
    assert exp(leaves=[longer]).start is None  # a leave that ends after the day covers it


def test_leave_1_partial_leave_moves_the_start():
    """LEAVE-1."""
    span = LeaveSpan(2, dt("2026-12-01 09:00"), dt("2026-12-01 11:00"), "approved", False)
    e = exp(leaves=[span])
    assert e == Expected(True, time(11), "LEAVE-1", "leave-until", end=time(18))
    assert status(e, "11:10").status == "late"
    assert status(e, "11:00").status == "on-time"
    later = LeaveSpan(3, dt("2026-12-01 09:30"), dt("2026-12-01 11:00"), "approved", False)
    assert exp(leaves=[later]).start == time(9, 0)  # starts after the shift: the start does not move
    ends_exactly = LeaveSpan(4, dt("2026-11-30 09:00"), dt("2026-12-01 09:00"), "approved", False)
    assert exp(leaves=[ends_exactly]) == Expected(True, time(9), "ATTEND-3", "normal", end=time(18))
    starts_at_end = LeaveSpan(5, dt("2026-12-01 18:00"), dt("2026-12-02 18:00"), "approved", False)
    assert exp(leaves=[starts_at_end]).end == time(18)  # a leave from the end of the day does not move the end


@pytest.mark.parametrize(
    "st,column",
    [
        (DayStatus("on-time", "ATTEND-3", "normal"), "days_worked"),
        (DayStatus("late", "LEAVE-9", "late"), "days_worked"),
        (DayStatus("early-leave", "LEAVE-1", "left-early"), "days_worked"),
        (DayStatus("violation", "LEAVE-9", "late"), "days_worked"),
        (DayStatus("on-leave", "LEAVE-1", "leave"), "days_on_leave"),
        (DayStatus("on-leave", "LEAVE-1", "leave-pending"), "days_leave_pending"),
        (DayStatus("absent", "ATTEND-3", "not-seen"), "days_absent"),
        (DayStatus("absent", "LEAVE-4", "late-notice-leave-not-approved"), "days_absent"),
        (DayStatus("rest", "DUTY-4", "comp-rest"), "days_comp_rest"),
        (DayStatus("rest", "WORKDAY-1", "rest-day"), None),
    ],
)
def test_attend_5_every_working_day_lands_in_exactly_one_column(st, column):
    """ATTEND-5 (revised 2026-11-28): a pending leave's day is its own column, never dropped."""
    assert day_column(st) == column
    assert column is None or column in DAY_COLUMNS


LUNCH = (time(12, 0), time(13, 30))


def test_leave_1_9_half_day_leaves_and_the_lunch_break():
    """LEAVE-1, LEAVE-9: a morning leave until 12:00 expects the person at 13:30, an afternoon leave from
    13:30 lets them go at 12:00; minutes late or early are working minutes (lunch does not count)."""
    morning = LeaveSpan(7, dt("2026-12-01 09:00"), dt("2026-12-01 12:00"), "approved", False)
    e = exp(leaves=[morning], lunch=LUNCH)
    assert e == Expected(True, time(13, 30), "LEAVE-1", "leave-until", end=time(18))
    assert status(e, "13:30", lunch=LUNCH) == DayStatus("on-time", "LEAVE-1", "leave-until", 0, 0, 0)
    afternoon = LeaveSpan(8, dt("2026-12-01 13:30"), dt("2026-12-01 18:00"), "approved", False)
    e = exp(leaves=[afternoon], lunch=LUNCH)
    assert e == Expected(True, time(9), "ATTEND-3", "normal", end=time(12))
    assert status(e, "08:55", left="12:00", lunch=LUNCH).status == "on-time"
    assert status(e, "08:55", left="11:50", lunch=LUNCH) == DayStatus("early-leave", "LEAVE-1", "left-early", 0, 0, 10)
    no_leave = exp(lunch=LUNCH)
    assert status(no_leave, "08:55", left="11:00", lunch=LUNCH).early_minutes == 330  # 60 + 270, not 420
    assert status(no_leave, "13:30", lunch=LUNCH).late_minutes == 180  # the morning, not 270
    assert status(no_leave, "12:45", lunch=LUNCH).late_minutes == 180
    assert status(no_leave, "08:55", left="12:30", lunch=LUNCH).early_minutes == 270
    assert status(no_leave, "09:05", lunch=LUNCH).late_minutes == 5
    assert exp(
        leaves=[LeaveSpan(9, dt("2026-12-01 09:00"), dt("2026-12-01 12:30"), "approved", False)], lunch=LUNCH
    ).start == time(13, 30)
    assert exp(
        leaves=[LeaveSpan(9, dt("2026-12-01 09:00"), dt("2026-12-01 11:30"), "approved", False)], lunch=LUNCH
    ).start == time(11, 30)
    assert exp(
        leaves=[LeaveSpan(9, dt("2026-12-01 12:30"), dt("2026-12-01 18:00"), "approved", False)], lunch=LUNCH
    ).end == time(12)
    assert exp(
        leaves=[LeaveSpan(9, dt("2026-12-01 14:00"), dt("2026-12-01 18:00"), "approved", False)], lunch=LUNCH
    ).end == time(14)


def test_working_span_leaves_out_lunch():
    """LEAVE-9."""
    from csops.rules.attendance import working_span

    assert working_span(time(9), time(18), LUNCH) == 450
    assert working_span(time(9), time(18)) == 540
    assert working_span(time(12, 30), time(13)) == 30 and working_span(time(12, 30), time(13), LUNCH) == 0
    assert working_span(time(14), time(13), LUNCH) == 0
    assert working_span(time(11), time(12), LUNCH) == 60 and working_span(time(13, 30), time(14), LUNCH) == 30


def test_day_statuses_are_pinned():
    """ATTEND-1/3, LEAVE-1/4/9: a day's statuses (codes in JSON: a change is a change of the interface)."""
    from csops.rules.attendance import STATUSES, AttendanceStatus

    assert [s.value for s in AttendanceStatus] == [
        "on-time",
        "late",
        "early-leave",
        "violation",
        "absent",
        "on-leave",
        "rest",
    ]
    assert tuple(AttendanceStatus) == STATUSES and all(type(s) is str for s in STATUSES)
