"""DUTY-1..4: evening work, the next morning's start, weekend on-site rotation. Pure.

Worked example: 吴昊 works on Friday 2026-11-27 until 22:30. DUTY-1: 22:30 >= 20:30,
one dinner allowance. DUTY-2: past 22:00, so he starts at 10:00 on his next working
day, Monday 2026-11-30 (the weekend in between does not move it). Until exactly 22:00
he starts as usual; until 23:01 he has the next morning off and starts at 13:30.
Had he also worked on Saturday until 20:45 (a normal start), Monday still starts at 10:00:
the latest start wins (ATTEND-2). Recorded in csops on Monday at 09:30, after his normal
start, the evening is no notice to the head: ATTEND-3 applies unless the head confirms the
start (ATTEND-4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from enum import StrEnum

from csops.rules import Verdict


class StartReason(StrEnum):
    """DUTY-2: why a person starts when they do on the working day after an evening."""

    NORMAL = "normal"
    LATE_START = "late-start"
    MORNING_OFF = "morning-off"


def evening_end(day: date, end: time, tz: tzinfo | None) -> datetime:
    """DUTY-2: an evening's end as a date-time; an end before 12:00 is after midnight."""
    from datetime import timedelta

    d = day + timedelta(days=1) if end < time(12, 0) else day
    return datetime.combine(d, end, tzinfo=tz)


def meal_allowance(day: date, ends_at: datetime, *, allowance_from: time) -> Verdict:
    """DUTY-1: an evening that ends at or after ``allowance_from`` (20:30) earns one allowance."""
    threshold = datetime.combine(day, allowance_from, tzinfo=ends_at.tzinfo)
    ok = ends_at >= threshold
    return Verdict("DUTY-1", ok, "allowance" if ok else "no-allowance")


@dataclass(frozen=True)
class NextStart:
    day: date
    start: time
    clause: str
    reason: str  # normal, late-start, morning-off


def next_start(
    day: date,
    ends_at: datetime,
    next_workday: date,
    base_start: time,
    *,
    late_start_after: time,
    late_start_time: time,
    morning_off_after: time,
    afternoon_start: time,
) -> NextStart:
    """DUTY-2: the start time on the person's next working day after an evening's work.

    Past (strictly after) ``late_start_after`` (22:00) → ``late_start_time`` (10:00);
    past ``morning_off_after`` (23:00) → the morning off, start at ``afternoon_start``.
    Exactly 22:00 is not past 22:00.
    """
    tz = ends_at.tzinfo
    if ends_at > datetime.combine(day, morning_off_after, tzinfo=tz):
        return NextStart(next_workday, max(afternoon_start, base_start), "DUTY-2", "morning-off")
    if ends_at > datetime.combine(day, late_start_after, tzinfo=tz):
        return NextStart(next_workday, max(late_start_time, base_start), "DUTY-2", "late-start")
    return NextStart(next_workday, base_start, "DUTY-2", "normal")


ARRANGERS = ("rep", "supervisor", "head")


def arranged_by(role: str) -> Verdict:
    """DUTY-3: evenings are arranged by a representative, the head, or anyone between them in
    the line (a supervisor); nobody else."""
    ok = role in ARRANGERS
    return Verdict("DUTY-3", ok, "arranger" if ok else "not-an-arranger")


def latest_start(starts: list[NextStart]) -> NextStart | None:
    """ATTEND-2/DUTY-2: several evenings giving a person a later start on the same day: the
    latest start wins; one evening never cancels another's."""
    return max(starts, key=lambda s: s.start, default=None)


def start_noticed(recorded_at: datetime, start_day: date, normal_start: time) -> Verdict:
    """ATTEND-2/3: the later start needs the head to know. An evening recorded in csops before
    the next working day's normal start is that notice; recorded at or after it, it does not
    excuse the arrival (ATTEND-3) unless the head confirms the start (ATTEND-4)."""
    deadline = datetime.combine(start_day, normal_start, tzinfo=recorded_at.tzinfo)
    ok = recorded_at < deadline
    return Verdict("ATTEND-2" if ok else "ATTEND-3", ok, "noticed" if ok else "recorded-too-late")


def markable(day: date, workday: bool) -> Verdict:
    """DUTY-4: only a Saturday or Sunday that is not a working day (a make-up Saturday is worked
    as usual) can be marked as needing on-site work."""
    ok = day.weekday() >= 5 and not workday
    return Verdict("DUTY-4", ok, "weekend-day" if ok else ("working-day" if workday else "not-a-weekend-day"))


def weekend_roster(
    days: list[date], people: list[int], counts: dict[int, int] | None = None, taken: dict[date, int] | None = None
) -> list[tuple[date, int]]:
    """DUTY-4: a fair rotation of on-site staff over the marked weekend days ``days``.

    Fewest duties so far first (``counts``: the duties each has had, this month's written
    ones included); never the same person on two weekend days in a row (a neighbouring day
    in ``taken`` or already picked) unless nobody else is available; ties go by the order of
    ``people``.
    """
    from datetime import timedelta

    if not people:
        return []
    count = {p: (counts or {}).get(p, 0) for p in people}
    order = {p: i for i, p in enumerate(people)}
    assigned = dict(taken or {})
    out: list[tuple[date, int]] = []
    for d in sorted(days):
        neighbours = {assigned.get(d - timedelta(days=1)), assigned.get(d + timedelta(days=1))}
        candidates = [p for p in people if p not in neighbours] or list(people)
        pick = min(candidates, key=lambda p: (count[p], order[p]))
        out.append((d, pick))
        assigned[d] = pick
        count[pick] += 1
    return out
