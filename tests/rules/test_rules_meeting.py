"""MEETING-1..7: the rhythm, the audience, points, the minutes' clock and states (pure)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from csops.rules import Verdict
from csops.rules.calendar import WorkCalendar
from csops.rules.meeting import (
    audience,
    collect_check,
    correction_window_end,
    first_weekday_on_or_after,
    meeting_days,
    meeting_kind,
    minutes_due,
    minutes_step,
    outside_breaks,
    points_verdict,
    sent_late,
)

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()
D = date.fromisoformat


def days(slots):
    return [s.day for s in slots]


def test_meeting_1_biweekly_saturdays_and_a_month_with_three():
    """MEETING-1."""
    got = days(meeting_days(D("2026-10-31"), 4))
    assert got == [D("2026-10-31"), D("2026-11-14"), D("2026-11-28"), D("2026-12-12")]
    assert days(meeting_days(D("2026-10-27"), 1)) == [D("2026-10-31")]
    # August 2026 has three biweekly Saturdays: 1, 15, 29
    aug = days(meeting_days(D("2026-08-01"), 3))
    assert [meeting_kind(x, aug) for x in aug] == ["first", "other", "last"]
    assert meeting_kind(D("2026-09-12"), [D("2026-09-12")]) == "last"  # a month's only meeting: everyone
    assert meeting_kind(D("2026-09-12"), [D("2026-09-12"), D("2026-09-26"), D("2026-10-10")]) == "first"
    assert meeting_kind(D("2026-09-26"), [D("2026-09-12"), D("2026-09-26"), D("2026-10-10")]) == "last"


def test_meeting_1_weekday_and_rhythm_are_parameters():
    """MEETING-1: ``meeting.weekday`` and ``meeting.every_weeks``."""
    assert days(meeting_days(D("2026-11-01"), 3, weekday="friday", every_weeks=1)) == [
        D("2026-11-06"),
        D("2026-11-13"),
        D("2026-11-20"),
    ]
    assert days(meeting_days(D("2026-11-01"), 2, every_weeks=3)) == [D("2026-11-07"), D("2026-11-28")]
    assert first_weekday_on_or_after(D("2026-11-28"), "saturday") == D("2026-11-28")
    assert first_weekday_on_or_after(D("2026-11-29"), "saturday") == D("2026-12-05")


def test_meeting_1_no_meeting_in_a_holiday_break():
    """MEETING-1, WORKDAY-1 (revised 2026-11-28): 2026-02-21 is inside the Spring Festival break
    (02-15..02-23): the meeting moves to the next Saturday outside it, and the rhythm goes on from there."""
    slots = meeting_days(D("2026-02-07"), 3, in_break=cal.is_holiday)
    assert [(s.day, s.moved_from) for s in slots] == [
        (D("2026-02-07"), None),
        (D("2026-02-28"), D("2026-02-21")),
        (D("2026-03-14"), None),
    ]
    slots = meeting_days(D("2026-09-19"), 2, in_break=cal.is_holiday)  # 09-19, then 10-03 (National Day)
    assert [(s.day, s.moved_from) for s in slots] == [(D("2026-09-19"), None), (D("2026-10-10"), D("2026-10-03"))]
    assert outside_breaks(D("2026-02-21"), cal.is_holiday) == D("2026-02-28")
    assert outside_breaks(D("2026-11-28"), cal.is_holiday) == D("2026-11-28")


def test_meeting_1_new_meetings_keep_the_rhythm_of_the_last_one():
    """MEETING-1 (revised 2026-11-28): after a meeting on 11-28, `--from 2026-12-01` gives 12-12,
    not 12-05; with the rhythm broken (the head's explicit choice) 12-05."""
    assert days(meeting_days(D("2026-12-01"), 2, anchor=D("2026-11-28"))) == [D("2026-12-12"), D("2026-12-26")]
    assert days(meeting_days(D("2026-12-01"), 1)) == [D("2026-12-05")]
    assert days(meeting_days(D("2026-11-28"), 1, anchor=D("2026-11-28"))) == [D("2026-11-28")]
    assert days(meeting_days(D("2026-12-13"), 1, anchor=D("2026-11-28"))) == [D("2026-12-26")]
    # an anchor after the start: the rhythm runs backwards to the first date on or after the start
    assert days(meeting_days(D("2026-11-01"), 2, anchor=D("2026-11-28"))) == [D("2026-11-14"), D("2026-11-28")]
    assert days(meeting_days(D("2026-11-15"), 1, anchor=D("2026-11-28"))) == [D("2026-11-28")]
    assert days(meeting_days(D("2026-11-14"), 1, anchor=D("2026-11-28"))) == [D("2026-11-14")]  # exactly on the rhythm
    assert days(meeting_days(D("2026-11-30"), 1, anchor=D("2026-11-26"), weekday="saturday")) == [D("2026-12-12")]


@pytest.mark.parametrize(
    "kind,roles",
    [
        ("first", ("head", "supervisor", "rep")),
        ("last", ("head", "supervisor", "rep", "assistant", "onsite")),
        ("other", ("head", "supervisor", "rep", "assistant", "onsite")),
    ],
)
def test_meeting_1_audience(kind, roles):
    """MEETING-1: the first of a month is for the head, supervisors and reps; the last (and a third) for everyone."""
    assert audience(kind) == roles


@pytest.mark.parametrize(
    "present,on_leave,ok,code,deducted",
    [
        (True, False, True, "present", 0),
        (True, True, True, "present", 0),
        (False, True, True, "absent-with-leave", 0),
        (False, False, False, "absent-without-leave", 10),
    ],
)
def test_meeting_2_points_deducted_only_without_leave(present, on_leave, ok, code, deducted):
    """MEETING-2."""
    assert points_verdict(present, on_leave, points=10) == Verdict("MEETING-2", ok, code, {"deducted": deducted})


def test_meeting_2_points_is_a_parameter():
    """MEETING-2: 10 points unless the department says otherwise."""
    assert points_verdict(False, False).detail["deducted"] == 10
    assert points_verdict(False, False, points=5).detail["deducted"] == 5


@pytest.mark.parametrize(
    "kind,role,ok,code,clause",
    [
        ("first", "onsite", True, "from-non-attendee", "MEETING-3"),
        ("first", "assistant", True, "from-non-attendee", "MEETING-3"),
        ("first", "rep", False, "from-attendee", "MEETING-3"),
        ("first", "head", False, "from-attendee", "MEETING-3"),
        ("last", "rep", True, "not-first-meeting", "MEETING-3"),
    ],
)
def test_meeting_3_5_collect_from_non_attendees_of_the_first_meeting(kind, role, ok, code, clause):
    """MEETING-3, MEETING-5."""
    assert collect_check(kind, role) == Verdict(clause, ok, code)


def test_meeting_6_minutes_due_monday_noon_and_late():
    """MEETING-6."""
    assert minutes_due(D("2026-11-14")) == D("2026-11-16")
    assert minutes_due(D("2026-11-16")) == D("2026-11-23")  # a Monday meeting: the next Monday
    # after 10-03 (moved) Monday 10-05 is a holiday → 10-08
    assert minutes_due(D("2026-10-03"), is_workday=cal.is_workday) == D("2026-10-08")
    assert minutes_due(D("2026-11-14"), due=("tuesday", time(10))) == D("2026-11-17")
    assert not sent_late(datetime(2026, 11, 16, 12, 0, tzinfo=TZ), D("2026-11-16"), time(12, 0))
    assert sent_late(datetime(2026, 11, 16, 12, 1, tzinfo=TZ), D("2026-11-16"), time(12, 0))


def test_meeting_7_one_working_day_for_corrections_across_a_holiday():
    """MEETING-7."""
    end = correction_window_end(datetime(2026, 11, 16, 10, 0, tzinfo=TZ), cal.next_workday, time(18, 0))
    assert end == datetime(2026, 11, 17, 18, 0, tzinfo=TZ)
    end = correction_window_end(datetime(2026, 9, 30, 10, 0, tzinfo=TZ), cal.next_workday, time(18, 0))
    assert end == datetime(2026, 10, 8, 18, 0, tzinfo=TZ)  # across National Day
    end = correction_window_end(datetime(2026, 10, 9, 10, 0, tzinfo=TZ), cal.next_workday, time(18, 0))
    assert end == datetime(2026, 10, 10, 18, 0, tzinfo=TZ)  # a make-up Saturday is a working day


@pytest.mark.parametrize(
    "status,action,ok,clause",
    [
        ("draft", "record", True, "MEETING-6"),
        ("sent", "record", False, "MEETING-6"),
        ("draft", "send", True, "MEETING-6"),
        ("sent", "send", False, "MEETING-6"),
        ("sent", "resend", True, "MEETING-6"),
        ("draft", "resend", False, "MEETING-6"),
        ("sent", "feedback", True, "MEETING-7"),
        ("confirmed", "feedback", False, "MEETING-7"),
        ("sent", "print", True, "MEETING-7"),
        ("confirmed", "print", True, "MEETING-7"),
        ("archived", "print", True, "MEETING-7"),
        ("draft", "print", False, "MEETING-7"),
        ("confirmed", "archive", True, "MEETING-7"),
        ("sent", "archive", False, "MEETING-7"),
        ("draft", "archive", False, "MEETING-7"),
    ],
)
def test_meeting_6_7_minutes_states_in_order(status, action, ok, clause):
    """MEETING-6, MEETING-7: draft → sent → confirmed → archived."""
    assert minutes_step(status, action) == Verdict(clause, ok, "ok" if ok else f"{action}-when-{status}")


def test_meeting_1_a_months_meetings_include_those_the_rhythm_will_bring():
    """MEETING-1: held on 11-07 before 11-21 is scheduled, 11-07 is still November's first meeting."""
    from csops.rules.meeting import months_meetings

    assert months_meetings([D("2026-11-07")]) == [D("2026-11-07"), D("2026-11-21")]
    assert meeting_kind(D("2026-11-07"), months_meetings([D("2026-11-07")])) == "first"
    assert months_meetings([D("2026-11-21")]) == [D("2026-11-21")]  # 12-05 is December's
    assert months_meetings([D("2026-08-01")]) == [D("2026-08-01"), D("2026-08-15"), D("2026-08-29")]
    assert months_meetings([D("2026-08-01"), D("2026-08-15")], every_weeks=3) == [D("2026-08-01"), D("2026-08-15")]
    assert months_meetings([]) == []
    # weekly meetings: five in a month that starts on the meeting's weekday (a fourth after the first)
    weekly = months_meetings([D("2026-08-01")], every_weeks=1)
    assert weekly == [D("2026-08-01"), D("2026-08-08"), D("2026-08-15"), D("2026-08-22"), D("2026-08-29")]
    # on the policy's weekday, not Saturday's
    assert months_meetings([D("2026-08-02")], weekday="sunday") == [D("2026-08-02"), D("2026-08-16"), D("2026-08-30")]
    # 2026-09-12: the next, 09-26, falls in 中秋 (09-25..27) and moves to 10-03, then past 国庆 to 10-10: September's only
    assert months_meetings([D("2026-09-12")], in_break=cal.is_holiday) == [D("2026-09-12")]
    assert meeting_kind(D("2026-09-12"), months_meetings([D("2026-09-12")], in_break=cal.is_holiday)) == "last"


def test_meeting_1_6_7_kinds_and_minutes_states_are_fixed():
    """MEETING-1 (first/last/other) and MEETING-6/7 (the minutes' states): the codes views and JSON carry."""
    from csops.rules.meeting import MEETING_KINDS, MINUTES_STATES, MeetingKind, MinutesState

    assert [k.value for k in MeetingKind] == ["first", "last", "other"] and tuple(MeetingKind) == MEETING_KINDS
    assert [s.value for s in MinutesState] == ["draft", "sent", "confirmed", "archived"]
    assert MINUTES_STATES == ("draft", "sent", "confirmed", "archived")
    aug = days(meeting_days(D("2026-08-01"), 3))
    assert {MeetingKind(meeting_kind(x, aug)) for x in aug} == set(MeetingKind)
