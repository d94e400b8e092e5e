"""ATTEND-1..6 with LEAVE-1/4/9 and DUTY-2: what was expected of a person on a day, and
what happened. Pure.

Worked example: 刘洋's usual start is 09:00. On Monday he worked until 22:30 (DUTY-2:
start at 10:00 on Tuesday); the evening was recorded that night, before Tuesday's 09:00, so
the head knew (ATTEND-2). He arrives at 10:05 on Tuesday: 5 minutes late → ``late``. Had
he arrived at 10:20 (20 minutes, LEAVE-9) → ``violation``. Leaving at 17:30 without leave
is ``early-leave`` by 30 minutes (LEAVE-1, 早退).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from typing import Any


class AttendanceStatus(StrEnum):
    """ATTEND-1/3, LEAVE-1/4/9: a person's status on a day."""

    ON_TIME = "on-time"
    LATE = "late"
    EARLY_LEAVE = "early-leave"
    VIOLATION = "violation"
    ABSENT = "absent"
    ON_LEAVE = "on-leave"
    REST = "rest"


STATUSES = tuple(s.value for s in AttendanceStatus)
# ATTEND-5: every working day of every person lands in exactly one of these columns
DAY_COLUMNS = ("days_worked", "days_on_leave", "days_leave_pending", "days_absent", "days_comp_rest")


@dataclass(frozen=True)
class Expected:
    """The start (and end) expected of a person on a day and the clause that set the start."""

    working: bool
    start: time | None
    clause: str
    reason: str
    leave_id: int | None = None
    leave_pending: bool = False
    leave_late_notice: bool = False
    end: time | None = None


@dataclass(frozen=True)
class LeaveSpan:
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str  # approved or pending
    late_notice: bool


@dataclass(frozen=True)
class EveningStart:
    """A later start given by an evening's work (DUTY-2), and whether the head knew in time (ATTEND-2)."""

    start: time
    reason: str
    noticed: bool


def expected_start(
    day: date,
    *,
    workday: bool,
    base_start: time,
    day_end: time,
    tz: tzinfo | None,
    head_start: time | None = None,
    evenings: list[EveningStart] | tuple[EveningStart, ...] = (),
    leaves: list[LeaveSpan] | tuple[LeaveSpan, ...] = (),
    comp_rest: bool = False,
    lunch: tuple[time, time] | None = None,
) -> Expected:
    """ATTEND-2/3/4, DUTY-2, LEAVE-1/4: the expected start (and end) of a person on ``day``.

    Order: a non-working day or a comp rest day is ``rest`` (DUTY-4); a head's setting wins
    (ATTEND-4); else the latest later start of the evenings the head knew of in time
    (DUTY-2, ATTEND-2: the latest wins; one recorded too late does not count, ATTEND-3); a
    leave that covers the start moves it to the leave's end, or covers the day (LEAVE-1); a
    leave that covers the end of the day moves the end to the leave's start. A start or end
    that falls in the lunch break (``lunch``: its start and end) is the afternoon's start, or
    the morning's end. A leave that is not approved covers only when asked in time; a
    late-notice leave counts as absenteeism until approved (LEAVE-4).
    """
    if not workday:
        return Expected(False, None, "WORKDAY-1", "rest-day")
    if comp_rest:
        return Expected(False, None, "DUTY-4", "comp-rest")
    noticed = [e for e in evenings if e.noticed and e.start > base_start]
    unnoticed = [e for e in evenings if not e.noticed and e.start > base_start]
    if head_start is not None:
        start, clause, reason = head_start, "ATTEND-4", "set-by-head"
    elif noticed:
        latest = max(noticed, key=lambda e: e.start)
        start, clause, reason = latest.start, "DUTY-2", latest.reason
    elif unnoticed:
        start, clause, reason = base_start, "ATTEND-3", "evening-recorded-late"
    else:
        start, clause, reason = base_start, "ATTEND-3", "normal"
    in_effect = sorted(
        (lv for lv in leaves if not (lv.status == "pending" and lv.late_notice)), key=lambda x: x.starts_at
    )  # LEAVE-4: a late-notice leave is not in effect until approved
    end_of_day = datetime.combine(day, day_end, tzinfo=tz)
    for lv in in_effect:
        shift = datetime.combine(day, start, tzinfo=tz)
        if lv.starts_at <= shift < lv.ends_at:
            if lv.ends_at >= end_of_day:
                return Expected(True, None, "LEAVE-1", "on-leave", lv.id, lv.status == "pending", lv.late_notice)
            start = lv.ends_at.astimezone(tz).time()
            clause, reason = "LEAVE-1", "leave-until"
            if lunch and lunch[0] <= start < lunch[1]:
                start = lunch[1]
    end = end_of_day
    for lv in reversed(in_effect):
        if lv.starts_at < end <= lv.ends_at:
            end = lv.starts_at
    end_time = end.astimezone(tz).time()
    if lunch and lunch[0] < end_time <= lunch[1]:
        end_time = lunch[0]
    return Expected(True, start, clause, reason, end=end_time)


@dataclass(frozen=True)
class DayStatus:
    status: str
    clause: str
    reason: str
    late_minutes: int = 0
    away_minutes: int = 0
    early_minutes: int = 0
    details: dict[str, Any] = field(default_factory=dict)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def working_span(a: time, b: time, lunch: tuple[time, time] | None = None) -> int:
    """Minutes from ``a`` to ``b`` (0 if ``b`` is not later), the lunch break left out."""
    total = max(0, _minutes(b) - _minutes(a))
    if lunch:
        overlap = min(_minutes(b), _minutes(lunch[1])) - max(_minutes(a), _minutes(lunch[0]))
        total -= max(0, overlap)
    return total


def day_status(
    expected: Expected,
    arrived: time | None,
    away_periods: list[int],
    *,
    violation_minutes: int,
    left: time | None = None,
    early_leave_grace_minutes: int = 0,
    late_notice_leave_pending: bool = False,
    lunch: tuple[time, time] | None = None,
) -> DayStatus:
    """LEAVE-9, LEAVE-1, ATTEND-1/3, LEAVE-4: the day's status.

    Late by less than ``violation_minutes`` is ``late``; by that many or more, or away from
    the post for that many minutes at a stretch, is ``violation``; a recorded departure more
    than ``early_leave_grace_minutes`` before the expected end, not covered by leave, is
    ``early-leave`` (早退) with its minutes; not seen at all is ``absent`` (旷工), including
    the days of a late-notice leave not yet approved (LEAVE-4). Minutes late and early are
    working minutes: the lunch break (``lunch``) does not count.
    """
    away = sum(away_periods)
    longest_away = max(away_periods, default=0)
    if not expected.working:
        return DayStatus("rest", expected.clause, expected.reason)
    if expected.start is None:
        return DayStatus(
            "on-leave",
            "LEAVE-1",
            "leave-pending" if expected.leave_pending else "leave",
            details={"leave_id": expected.leave_id},
        )
    if arrived is None:
        if late_notice_leave_pending:
            return DayStatus("absent", "LEAVE-4", "late-notice-leave-not-approved")
        return DayStatus("absent", "ATTEND-3", "not-seen")
    late = working_span(expected.start, arrived, lunch)
    early = 0
    if left is not None and expected.end is not None:
        early = working_span(left, expected.end, lunch)
        if early <= early_leave_grace_minutes:
            early = 0
    if late >= violation_minutes:
        return DayStatus("violation", "LEAVE-9", "late", late, away, early)
    if longest_away >= violation_minutes:
        return DayStatus("violation", "LEAVE-9", "away-from-post", late, away, early)
    if early > 0:
        return DayStatus("early-leave", "LEAVE-1", "left-early", late, away, early)
    if late > 0:
        return DayStatus("late", "LEAVE-9", "late", late, away, early)
    return DayStatus("on-time", expected.clause, expected.reason, 0, away, 0)


def day_column(status: DayStatus) -> str | None:
    """ATTEND-5: the summary column a working day lands in (exactly one): worked, on leave,
    leave not yet approved, absent, or compensatory rest (None: not a working day)."""
    if status.reason == "rest-day":
        return None
    if status.status in ("on-time", "late", "early-leave", "violation"):
        return "days_worked"
    if status.status == "on-leave":
        return "days_leave_pending" if status.reason == "leave-pending" else "days_on_leave"
    if status.status == "absent":
        return "days_absent"
    return "days_comp_rest"
