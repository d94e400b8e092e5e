"""DUTY-1..4: evening work, the next morning's start, weekend on-site rotation. Pure.

Worked example: 吴昊 works on Friday 2026-11-27 until 22:30. DUTY-1: 22:30 >= 20:30,
one dinner allowance. DUTY-2: past 22:00, so he starts at 10:00 on his next working
day, Monday 2026-11-30 (the weekend in between does not move it). Until exactly 22:00
he starts as usual; until 23:01 he has the next morning off and starts at 13:30.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from csops.rules import Verdict


def evening_end(day: date, end: time, tz) -> datetime:
    """DUTY-2: an evening's end as a date-time; an end before 12:00 is after midnight."""
    from datetime import timedelta

    d = day + timedelta(days=1) if end < time(12, 0) else day
    return datetime.combine(d, end, tzinfo=tz)


def meal_allowance(day: date, ends_at: datetime, *, allowance_from: time) -> Verdict:
    """DUTY-1: an evening that ends at or after ``allowance_from`` (20:30) earns one allowance."""
    threshold = datetime.combine(day, allowance_from, tzinfo=ends_at.tzinfo)
    ok = ends_at >= threshold
    return Verdict("DUTY-1", ok, "allowance" if ok else "no-allowance", {"from": allowance_from})


@dataclass(frozen=True)
class NextStart:
    day: date
    start: time
    clause: str
    reason: str  # normal, late-start, morning-off


def next_start(day: date, ends_at: datetime, next_workday: date, base_start: time, *,
               late_start_after: time, late_start_time: time, morning_off_after: time,
               afternoon_start: time) -> NextStart:
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


def weekend_roster(days: list[date], people: list[int], prior: dict[int, int] | None = None,
                   last_day_person: tuple[date, int] | None = None) -> list[tuple[date, int]]:
    """DUTY-4: a fair rotation of on-site staff over weekend days.

    Fewest duties so far first (``prior`` counts earlier duties); never the same person on
    two weekend days in a row unless nobody else is available; ties go by the order of
    ``people``.
    """
    from datetime import timedelta

    if not people:
        return []
    counts = {p: (prior or {}).get(p, 0) for p in people}
    order = {p: i for i, p in enumerate(people)}
    out: list[tuple[date, int]] = []
    prev_day, prev_person = last_day_person if last_day_person else (None, None)
    for d in sorted(days):
        consecutive = prev_day is not None and d - prev_day == timedelta(days=1)
        candidates = [p for p in people if not (consecutive and p == prev_person)] or list(people)
        pick = min(candidates, key=lambda p: (counts[p], order[p]))
        out.append((d, pick))
        counts[pick] += 1
        prev_day, prev_person = d, pick
    return out
