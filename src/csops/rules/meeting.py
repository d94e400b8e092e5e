"""MEETING-1..7: the biweekly Saturday meeting, its audience, points, and the minutes' clock. Pure.

Worked example: meetings every two weeks from Saturday 2026-11-07: 11-07 (the month's
first: head, supervisors, representatives), 11-21 (the last: everyone), 12-05 (first),
12-19 (last). The minutes of 11-21 are due Monday 11-23 at 12:00; sent then, corrections
are taken until the end of Tuesday 11-24; then the head signs and the assistant files them.
From 2026-02-07 the next is 02-21, inside the Spring Festival break (02-15..02-23): it moves
to 02-28, and the rhythm goes on from there (03-14). Once 11-07 is held (signed in), it stays
the month's first whatever is scheduled later (MEETING-1).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from csops.rules import Verdict
from csops.rules.staff import DEPARTMENT_ROLES


class MeetingKind(StrEnum):
    """MEETING-1: a meeting's place in its month (it decides who attends)."""

    FIRST = "first"
    LAST = "last"
    OTHER = "other"


class MinutesState(StrEnum):
    """MEETING-6/7: the minutes' life: draft → sent → confirmed → archived."""

    DRAFT = "draft"
    SENT = "sent"
    CONFIRMED = "confirmed"
    ARCHIVED = "archived"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FIRST_AUDIENCE = ("head", "supervisor", "rep")
EVERYONE = DEPARTMENT_ROLES
MEETING_KINDS = tuple(MeetingKind)
MINUTES_STATES = tuple(MinutesState)


@dataclass(frozen=True)
class Slot:
    day: date
    moved_from: date | None = None


def first_weekday_on_or_after(d: date, weekday: str) -> date:
    return d + timedelta(days=(WEEKDAYS.index(weekday) - d.weekday()) % 7)


def outside_breaks(d: date, in_break: Callable[[date], bool]) -> date:
    """MEETING-1: no meeting on a day of a holiday break (WORKDAY-1): the same weekday of the
    next week outside the break."""
    for _ in range(60):
        if not in_break(d):
            return d
        d += timedelta(weeks=1)
    raise ValueError("no day outside a holiday break within a year")  # pragma: no cover


def meeting_days(
    start: date,
    count: int,
    *,
    anchor: date | None = None,
    weekday: str = "saturday",
    every_weeks: int = 2,
    in_break: Callable[[date], bool] = lambda d: False,
) -> list[Slot]:
    """MEETING-1: ``count`` meetings every ``every_weeks`` weeks on ``weekday``, on or after
    ``start``.

    The rhythm is counted from ``anchor`` (the last meeting held or scheduled before
    ``start``, else the first after it): the meetings are the rhythm dates on or after
    ``start``; with no anchor (or to break the rhythm, which the head must ask for) the first
    is the first ``weekday`` on or after ``start``.
    A meeting that falls in a holiday break moves to the next ``weekday`` outside it; the
    next one follows ``every_weeks`` weeks after the moved one.
    """
    step = timedelta(weeks=every_weeks)
    if anchor is None:
        planned = first_weekday_on_or_after(start, weekday)
    else:
        planned = first_weekday_on_or_after(anchor, weekday)
        while planned < start:
            planned += step
        while planned - step >= start:
            planned -= step
    out: list[Slot] = []
    for _ in range(count):
        day = outside_breaks(planned, in_break)
        out.append(Slot(day, planned if day != planned else None))
        planned = day + step
    return out


def months_meetings(
    scheduled: list[date],
    *,
    weekday: str = "saturday",
    every_weeks: int = 2,
    in_break: Callable[[date], bool] = lambda d: False,
) -> list[date]:
    """MEETING-1: a month's meetings: those scheduled, and after the last of them the ones the
    rhythm will still bring into that month, scheduled or not yet (so the first meeting of a
    month is its first even when the next is not on the calendar yet)."""
    if not scheduled:
        return []
    last = max(scheduled)
    coming = meeting_days(  # five slots reach past any month's end, weekly meetings included
        last + timedelta(days=1), 5, anchor=last, weekday=weekday, every_weeks=every_weeks, in_break=in_break
    )
    return sorted(set(scheduled) | {s.day for s in coming if (s.day.year, s.day.month) == (last.year, last.month)})


def meeting_kind(day: date, days_in_month: list[date]) -> str:
    """MEETING-1: ``first``, ``last`` or ``other`` meeting of its month. A month's only
    meeting counts as its last (everyone attends)."""
    same = sorted(d for d in days_in_month if (d.year, d.month) == (day.year, day.month))
    if len(same) <= 1 or day == same[-1]:
        return "last"
    if day == same[0]:
        return "first"
    return "other"


def audience(kind: str) -> tuple[str, ...]:
    """MEETING-1: the roles that must attend: the first meeting of a month is for the head,
    supervisors and representatives; the last (and any other) is for everyone."""
    return FIRST_AUDIENCE if kind == "first" else EVERYONE


def points_verdict(present: bool, on_leave: bool, *, points: int = 10) -> Verdict:
    """MEETING-2: absent with leave: no deduction; absent without leave: all points deducted."""
    if present:
        return Verdict("MEETING-2", True, "present", {"deducted": 0})
    if on_leave:
        return Verdict("MEETING-2", True, "absent-with-leave", {"deducted": 0})
    return Verdict("MEETING-2", False, "absent-without-leave", {"deducted": points})


def collect_check(kind: str, collected_from_role: str) -> Verdict:
    """MEETING-3/5: before (and after) the month's first meeting, representatives collect issues
    from those who do not attend it, and pass decisions back to them."""
    if kind != "first":
        return Verdict("MEETING-3", True, "not-first-meeting")
    ok = collected_from_role not in FIRST_AUDIENCE
    return Verdict("MEETING-3", ok, "from-non-attendee" if ok else "from-attendee")


def minutes_due(
    day: date, *, due: tuple[str, time] = ("monday", time(12, 0)), is_workday: Callable[[date], bool] = lambda d: True
) -> date:
    """MEETING-6: the minutes are sent the Monday (morning) after the meeting; if that Monday is
    not a working day, the next working day. Returns the due date (the time is ``due[1]``)."""
    wd = WEEKDAYS.index(due[0])
    d = day + timedelta(days=(wd - day.weekday()) % 7 or 7)
    for _ in range(30):
        if is_workday(d):
            return d
        d += timedelta(days=1)
    return d  # pragma: no cover


def sent_late(sent_at: datetime, due_day: date, due_time: time) -> bool:
    """MEETING-6: later than the due day's due time is late."""
    return sent_at > datetime.combine(due_day, due_time, tzinfo=sent_at.tzinfo)


def correction_window_end(sent_at: datetime, next_workday: Callable[[date], date], day_end: time) -> datetime:
    """MEETING-7: everyone has one working day after the minutes are sent to report omissions:
    until the end of the first working day after the day they were sent."""
    return datetime.combine(next_workday(sent_at.date()), day_end, tzinfo=sent_at.tzinfo)


def minutes_step(status: str, action: str) -> Verdict:
    """MEETING-6/7: the minutes' states: draft → sent → confirmed → archived; each step in order."""
    need = {
        "record": ("draft",),
        "send": ("draft",),
        "resend": ("sent",),
        "feedback": ("sent",),
        "print": ("sent", "confirmed", "archived"),
        "archive": ("confirmed",),
    }[action]
    ok = status in need
    return Verdict(
        "MEETING-7" if action in ("feedback", "print", "archive") else "MEETING-6",
        ok,
        "ok" if ok else f"{action}-when-{status}",
    )
