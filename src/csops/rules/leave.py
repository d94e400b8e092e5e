"""LEAVE-1..9: leave requests, notice, holidays, length and the approval chain. Pure.

Worked example: 张伟 (rep) asks on Mon 2026-11-30 at 17:00 for a personal leave on
Tue 2026-12-01 09:00-18:00. LEAVE-2 wants it by the calendar day before: it is on
time. It counts 450 working minutes (7.5 h: lunch excluded), i.e. 1 working day;
LEAVE-5/6 send it to his supervisor, then to the head (1 day <= 3 days).

Had he asked for Mon 09-14..Wed 09-16 (3 days: the department) and then Thu 09-17..Fri 09-18,
the two touch (no working day between them): the absence is 5 days, beyond the department,
so the second goes up to the manager and the first, if still pending, is re-routed there
too (LEAVE-6).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from csops.rules import Verdict
from csops.rules.staff import line_above


class LeaveType(StrEnum):
    """LEAVE-2/3: the kinds of leave, by their notice rules."""

    PERSONAL = "personal"
    SPECIAL = "special"
    SICK = "sick"
    ANNUAL = "annual"
    OTHER = "other"


class LeaveStatus(StrEnum):
    """LEAVE-1: a leave's life."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


LEAVE_TYPES = tuple(LeaveType)
STATES = tuple(LeaveStatus)


def lifecycle_allows(status: str, action: str) -> Verdict:
    """LEAVE-1: a leave's life: requested → approved | rejected; cancelled; reported back (销假)."""
    allowed = {
        "approve": ("pending",),
        "reject": ("pending",),
        "cancel": ("pending", "approved"),
        "back": ("approved",),
    }[action]
    return Verdict("LEAVE-1", status in allowed, "ok" if status in allowed else f"not-{action}-when-{status}")


def notice_check(
    leave_type: str,
    requested_at: datetime,
    starts_at: datetime,
    shift_start: datetime,
    *,
    personal_notice_days: int,
    special_notice_minutes: int,
) -> Verdict:
    """LEAVE-2/3/4: was the leave asked for in time?

    - ``personal``, ``annual``, ``other`` (LEAVE-2): no later than ``personal_notice_days``
      calendar days before the leave's first day (the day before: any time that day).
    - ``special`` (LEAVE-3): at least ``special_notice_minutes`` before that person's
      shift start on the first day (08:00 for a 09:00 shift is in time; 08:01 is not).
    - ``sick`` (LEAVE-2 "must be requested in advance"): before the shift starts.

    A miss is not a refusal: LEAVE-4 accepts it marked ``late-notice``.
    """
    if leave_type == "special":
        deadline = shift_start - timedelta(minutes=special_notice_minutes)
        clause = "LEAVE-3"
    elif leave_type == "sick":
        deadline = shift_start
        clause = "LEAVE-2"
    else:
        last_day = starts_at.date() - timedelta(days=personal_notice_days)
        deadline = datetime.combine(
            last_day + timedelta(days=1), datetime.min.time(), tzinfo=starts_at.tzinfo
        ) - timedelta(microseconds=1)
        clause = "LEAVE-2"
    ok = requested_at <= deadline
    return Verdict(
        clause if ok else "LEAVE-4", ok, "in-time" if ok else "late-notice", {"deadline": deadline, "rule": clause}
    )


def holiday_check(
    first: date,
    last: date,
    in_break: Callable[[date], bool],
    is_workday: Callable[[date], bool],
    *,
    blackout_days: int = 0,
) -> Verdict:
    """LEAVE-8: no leave on 节假日: no day of the range may be a day of a holiday break
    (WORKDAY-1, weekends inside it included), nor a working day within ``blackout_days``
    working days of one, before or after it."""
    d = first
    while d <= last:
        if in_break(d):
            return Verdict("LEAVE-8", False, "holiday", {"day": d, "holiday": d})
        if blackout_days and is_workday(d):
            for step in (1, -1):
                near = _break_within(d, step, blackout_days, in_break, is_workday)
                if near is not None:
                    return Verdict("LEAVE-8", False, "near-holiday", {"day": d, "holiday": near})
        d += timedelta(days=1)
    return Verdict("LEAVE-8", True, "no-holiday")


def _break_within(
    d: date, step: int, n: int, in_break: Callable[[date], bool], is_workday: Callable[[date], bool]
) -> date | None:
    """The first break day reached from ``d`` in direction ``step`` with fewer than ``n``
    working days in between (days off outside a break are passed over)."""
    between = 0
    cur = d
    for _ in range(366):
        cur += timedelta(days=step)
        if in_break(cur):
            return cur
        if is_workday(cur):
            between += 1
            if between >= n:
                return None
    return None  # pragma: no cover - a year without a working day


def working_days(minutes: int, minutes_per_day: int) -> Decimal:
    """LEAVE-6: working minutes as working days (two decimals; 3.75 h is 0.5 day)."""
    if minutes_per_day <= 0:
        return Decimal("0.00")
    return (Decimal(minutes) / Decimal(minutes_per_day)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def within_department(days: Decimal, *, department_max_days: int, inclusive: bool = True) -> bool:
    """LEAVE-6: whether the department approves an absence of ``days`` (working or calendar
    days, by ``leave.authority_counts``): up to ``department_max_days`` days, that number
    included when ``inclusive`` ("N 天以上" read as "more than N" or as "N or more")."""
    return days <= department_max_days if inclusive else days < department_max_days


@dataclass(frozen=True)
class Span:
    """One leave of a person, for LEAVE-6: its id, start and end and its length in working days."""

    id: int | None
    starts_at: datetime
    ends_at: datetime
    working_days: Decimal


def touch(a: Span, b: Span, is_working_day: Callable[[date], bool]) -> bool:
    """LEAVE-6: two leaves of one person touch when they overlap or no working day of that
    person lies strictly between the last day of the one and the first day of the other."""
    first, second = (a, b) if a.starts_at <= b.starts_at else (b, a)
    if second.starts_at <= first.ends_at:
        return True
    d = first.ends_at.date() + timedelta(days=1)
    while d < second.starts_at.date():
        if is_working_day(d):
            return False
        d += timedelta(days=1)
    return True


def whole_absence(new: Span, others: list[Span], is_working_day: Callable[[date], bool]) -> list[Span]:
    """LEAVE-6: the leaves that make one absence with ``new``: those that touch it, and those
    that touch those (chronological, ``new`` included)."""
    cluster = [new]
    rest = list(others)
    grew = True
    while grew:
        grew = False
        for o in list(rest):
            if any(touch(o, c, is_working_day) for c in cluster):
                cluster.append(o)
                rest.remove(o)
                grew = True
    return sorted(cluster, key=lambda s: s.starts_at)


def absence_length(spans: list[Span], *, counts: str = "working-days") -> Decimal:
    """LEAVE-6: the length that decides authority: the working days of all the leaves
    (``working-days``), or the calendar days from the first day to the last (``calendar-days``)."""
    if counts == "calendar-days":
        first = min(s.starts_at for s in spans).date()
        last = max(s.ends_at for s in spans).date()
        return Decimal((last - first).days + 1)
    return sum((s.working_days for s in spans), Decimal("0.00"))


@dataclass(frozen=True)
class Chain:
    verdict: Verdict
    approvers: tuple[int, ...]


def approval_chain(
    requester: int, superior_of: dict[int, int | None], role_of: dict[int, str], *, beyond: bool
) -> Chain:
    """LEAVE-5/6: who approves, in order.

    Up the requester's own line, one level at a time from the direct superior, ending at
    the department head when the department may approve (``beyond`` False), and at the
    head's own superior beyond that. A head's own leave goes to the head's superior.
    """
    line = line_above(requester, superior_of)
    if not line:
        return Chain(Verdict("LEAVE-5", False, "no-superior"), ())
    chain: list[int] = []
    head_seen = role_of.get(requester) == "head"
    for person in line:
        chain.append(person)
        if head_seen:
            break  # the level above the head
        if role_of.get(person) == "head":
            head_seen = True
            if not beyond:
                break
    else:
        if beyond and role_of.get(chain[-1]) == "head":
            return Chain(Verdict("LEAVE-6", False, "nobody-above-head"), tuple(chain))
    clause = "LEAVE-6" if beyond else "LEAVE-5"
    return Chain(Verdict(clause, True, "routed-beyond" if beyond else "routed-department"), tuple(chain))


def next_approver(chain: tuple[int, ...], decisions: dict[int, str]) -> int | None:
    """LEAVE-5: the first level (by position) that has not approved yet; None when all have."""
    for level, person in enumerate(chain, 1):
        if decisions.get(level) != "approved":
            return person
    return None


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """LEAVE-1: two leaves of one person may not overlap."""
    return a_start < b_end and b_start < a_end


def returned_minutes(
    back_at: datetime, ends_at: datetime, working_minutes_between: Callable[[datetime, datetime], int]
) -> int:
    """LEAVE-1 (销假): an early return gives the unused working time back."""
    if back_at >= ends_at:
        return 0
    return working_minutes_between(back_at, ends_at)
