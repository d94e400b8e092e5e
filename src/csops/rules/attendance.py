"""ATTEND-1..6 with LEAVE-4/9 and DUTY-2: what was expected of a person on a day, and
what happened. Pure.

Worked example: 刘洋's usual start is 09:00. On Monday he worked until 22:30 (DUTY-2:
start at 10:00 on Tuesday, ATTEND-2: no notice needed). He arrives at 10:05 on Tuesday:
5 minutes late → ``late``. Had he arrived at 10:20 (20 minutes, LEAVE-9) → ``violation``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

STATUSES = ("on-time", "late", "violation", "absent", "on-leave", "rest")


@dataclass(frozen=True)
class Expected:
    """The start expected of a person on a day and the clause that set it."""

    working: bool
    start: time | None
    clause: str
    reason: str
    leave_id: int | None = None
    leave_pending: bool = False
    leave_late_notice: bool = False


@dataclass(frozen=True)
class LeaveSpan:
    id: int
    starts_at: datetime
    ends_at: datetime
    status: str  # approved or pending
    late_notice: bool


def expected_start(day: date, *, workday: bool, base_start: time, day_end: time, tz,
                   head_start: time | None = None, duty_start: tuple[time, str] | None = None,
                   leaves: list[LeaveSpan] = (), comp_rest: bool = False) -> Expected:
    """ATTEND-2/3/4, DUTY-2, LEAVE-4: the expected start of a person on ``day``.

    Order: a non-working day or a comp rest day is ``rest`` (DUTY-4); a head's setting wins
    (ATTEND-4); else a recorded late evening moves the start (DUTY-2, ATTEND-2); a leave that
    covers the start moves it to the leave's end, or covers the day (LEAVE-1). A leave that
    is not approved covers only when asked in time; a late-notice leave counts as
    absenteeism until approved (LEAVE-4).
    """
    if not workday:
        return Expected(False, None, "WORKDAY-1", "rest-day")
    if comp_rest:
        return Expected(False, None, "DUTY-4", "comp-rest")
    if head_start is not None:
        start, clause, reason = head_start, "ATTEND-4", "set-by-head"
    elif duty_start is not None and duty_start[0] != base_start:
        start, clause, reason = duty_start[0], "DUTY-2", duty_start[1]
    else:
        start, clause, reason = base_start, "ATTEND-3", "normal"
    for lv in sorted(leaves, key=lambda x: x.starts_at):
        if lv.status == "pending" and lv.late_notice:
            continue  # LEAVE-4: not in effect until approved
        shift = datetime.combine(day, start, tzinfo=tz)
        end_of_day = datetime.combine(day, day_end, tzinfo=tz)
        if lv.starts_at <= shift < lv.ends_at:
            if lv.ends_at >= end_of_day:
                return Expected(True, None, "LEAVE-1", "on-leave", lv.id, lv.status == "pending", lv.late_notice)
            start = lv.ends_at.astimezone(tz).time()
            clause, reason = "LEAVE-1", "leave-until"
    return Expected(True, start, clause, reason)


@dataclass(frozen=True)
class DayStatus:
    status: str
    clause: str
    reason: str
    late_minutes: int = 0
    away_minutes: int = 0
    details: dict = field(default_factory=dict)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def day_status(expected: Expected, arrived: time | None, away_periods: list[int], *, violation_minutes: int,
               late_notice_leave_pending: bool = False) -> DayStatus:
    """LEAVE-9, ATTEND-1/3, LEAVE-4: the day's status.

    Late by less than ``violation_minutes`` is ``late``; by that many or more, or away from
    the post for that many minutes at a stretch, is ``violation``; not seen at all is
    ``absent`` (旷工), including the days of a late-notice leave not yet approved (LEAVE-4).
    """
    away = sum(away_periods)
    longest_away = max(away_periods, default=0)
    if not expected.working:
        return DayStatus("rest", expected.clause, expected.reason)
    if expected.start is None:
        return DayStatus("on-leave", "LEAVE-1", "leave-pending" if expected.leave_pending else "leave",
                         details={"leave_id": expected.leave_id})
    if arrived is None:
        if late_notice_leave_pending:
            return DayStatus("absent", "LEAVE-4", "late-notice-leave-not-approved")
        return DayStatus("absent", "ATTEND-3", "not-seen")
    late = max(0, _minutes(arrived) - _minutes(expected.start))
    if late >= violation_minutes:
        return DayStatus("violation", "LEAVE-9", "late", late, away)
    if longest_away >= violation_minutes:
        return DayStatus("violation", "LEAVE-9", "away-from-post", late, away)
    if late > 0:
        return DayStatus("late", "LEAVE-9", "late", late, away)
    return DayStatus("on-time", expected.clause, expected.reason, 0, away)
