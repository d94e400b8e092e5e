"""WORKDAY-1: the working calendar of mainland China plus the company's overrides.

Public holidays and make-up working days (调休) come from python-holidays
(``zh_CN`` names). The library knows make-up days only for years whose official
State Council schedule it has seen; for any other year the calendar is computed from
the statutory holidays alone and marked *provisional* until the company completes it
(``csops calendar set`` or ``csops calendar import``).

Worked example (2026, official): Sat 2026-02-14 and Sat 2026-02-28 are make-up
working days; 2026-02-15..23 are days off for Spring Festival. So the working day
after Fri 2026-02-13 is Sat 2026-02-14, and the one after that is Tue 2026-02-24.

A *holiday break* is the whole run of consecutive days off that contains a public holiday,
weekends inside it included, as the State Council's notice states each break: the library
lists 02-16..02-20 and 02-23 as days off, the break is 02-15..02-23 (Sunday 02-15 and the
weekend 02-21/22 are inside it). Where the policy says 节假日 (LEAVE-8, meetings) it means
every day of a break.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csops.rules.policy import Policy


class DayKind(StrEnum):
    """WORKDAY-1: what kind of day a date is."""

    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP = "makeup"  # a make-up working day (调休上班)


@dataclass(frozen=True)
class DayInfo:
    day: date
    workday: bool
    kind: str  # workday, weekend, holiday, makeup
    name: str
    provisional: bool
    holiday_break: str = ""  # the name of the holiday break the day belongs to ("" if none)


@dataclass(frozen=True)
class HolidayBreak:
    """WORKDAY-1: a run of consecutive days off containing a public holiday."""

    first: date
    last: date
    name: str


MAX_BREAK_DAYS = 31  # a longer run of days off is not a holiday break the calendar knows


Official = tuple[dict[date, str], frozenset[date]]


@lru_cache(maxsize=64)
def official_year(year: int) -> Official:
    """WORKDAY-1: mainland China's public days off (with their 中文 names) and make-up working
    days of ``year``, as python-holidays knows them."""
    import holidays

    cn = holidays.China(years=year, language="zh_CN")  # type: ignore[attr-defined]  # not re-exported for mypy
    days = {d: n for d, n in cn.items() if d.year == year}
    makeup = frozenset(d for d in getattr(cn, "weekend_workdays", ()) if d.year == year)
    return days, makeup


def library_knows(year: int, official: Callable[[int], Official] = official_year) -> bool:
    """WORKDAY-1: whether python-holidays has the official schedule (make-up days) of ``year``."""
    return bool(official(year)[1])


def break_name(names: list[str]) -> str:
    """WORKDAY-1: a break's name: its most frequent holiday name, without the library's
    notes ("国庆节（补假）" is 国庆节) and not a swapped rest day ("休息日（由 ... 调休）")."""
    import re

    plain = [re.sub(r"[（(].*$", "", n).strip() for n in names]
    named = [n for n in plain if n and not n.startswith("休息日")]
    if not named:
        return plain[0] if plain and plain[0] else "节假日"
    return max(dict.fromkeys(named), key=named.count)


class WorkCalendar:
    """WORKDAY-1: working days and working hours.

    ``overrides`` maps a date to ``(kind, name)`` with kind ``workday`` or
    ``holiday`` (company settings and imported official schedules);
    ``complete_years`` are years whose schedule the company imported.
    """

    def __init__(
        self,
        overrides: dict[date, tuple[str, str]] | None = None,
        complete_years: set[int] | frozenset[int] = frozenset(),
        *,
        start: time = time(9, 0),
        lunch_start: time = time(12, 0),
        afternoon_start: time = time(13, 30),
        end: time = time(18, 0),
        official: Callable[[int], Official] | None = None,
    ) -> None:
        self._official_source = official or official_year
        self._years: dict[int, Official] = {}
        self.overrides = dict(overrides or {})
        self.complete_years = frozenset(complete_years)
        self.start, self.lunch_start, self.afternoon_start, self.end = start, lunch_start, afternoon_start, end
        self._breaks: dict[date, HolidayBreak | None] = {}

    @classmethod
    def from_policy(
        cls,
        policy: Policy,
        overrides: dict[date, tuple[str, str]] | None = None,
        complete_years: set[int] | frozenset[int] = frozenset(),
        official: Callable[[int], Official] | None = None,
    ) -> WorkCalendar:
        return cls(
            overrides,
            complete_years,
            start=policy["workday.start"],
            lunch_start=policy["workday.lunch_start"],
            afternoon_start=policy["workday.afternoon_start"],
            end=policy["workday.end"],
            official=official,
        )

    def _official(self, year: int) -> Official:
        if year not in self._years:
            self._years[year] = self._official_source(year)
        return self._years[year]

    # -- days -------------------------------------------------------------
    def is_provisional(self, year: int) -> bool:
        """WORKDAY-1: a year neither the library nor the company has the official schedule of."""
        return year not in self.complete_years and not self._official(year)[1]

    def day(self, d: date) -> DayInfo:
        """WORKDAY-1: what kind of day ``d`` is, and the holiday break it belongs to."""
        info = self._day(d)
        if info.workday:
            return info
        brk = self.holiday_break(d)
        return DayInfo(info.day, info.workday, info.kind, info.name, info.provisional, brk.name if brk else "")

    def _day(self, d: date) -> DayInfo:
        prov = self.is_provisional(d.year)
        if d in self.overrides:
            kind, name = self.overrides[d]
            if kind == "workday":
                return DayInfo(d, True, "makeup" if d.weekday() >= 5 else "workday", name, prov)
            return DayInfo(d, False, "holiday", name, prov)
        official, makeup = self._official(d.year)
        if d in makeup:
            return DayInfo(d, True, "makeup", "调休上班", prov)
        if d in official:
            return DayInfo(d, False, "holiday", official[d], prov)
        if d.weekday() >= 5:
            return DayInfo(d, False, "weekend", "", prov)
        return DayInfo(d, True, "workday", "", prov)

    def is_workday(self, d: date) -> bool:
        """WORKDAY-1: whether ``d`` is a working day."""
        return self._day(d).workday

    def is_public_holiday(self, d: date) -> bool:
        """WORKDAY-1: a day the official schedule (or the company) lists as a holiday."""
        return self._day(d).kind == "holiday"

    def holiday_break(self, d: date) -> HolidayBreak | None:
        """WORKDAY-1: the holiday break ``d`` belongs to: the whole run of consecutive days off
        around ``d``, if that run contains a public holiday (None for a working day or an
        ordinary weekend)."""
        if d in self._breaks:
            return self._breaks[d]
        if self.is_workday(d):
            return None
        first = last = d
        while not self.is_workday(first - timedelta(days=1)) and (d - first).days < MAX_BREAK_DAYS:
            first -= timedelta(days=1)
        while not self.is_workday(last + timedelta(days=1)) and (last - d).days < MAX_BREAK_DAYS:
            last += timedelta(days=1)
        run = [first + timedelta(days=i) for i in range((last - first).days + 1)]
        names = [self._day(x).name for x in run if self.is_public_holiday(x)]
        brk = HolidayBreak(first, last, break_name(names)) if names else None
        for x in run:
            self._breaks[x] = brk
        return brk

    def is_holiday(self, d: date) -> bool:
        """WORKDAY-1: a day of a holiday break (节假日 in the policy: LEAVE-8, meetings), weekends
        inside the break included; an ordinary weekend is not."""
        return self.holiday_break(d) is not None

    def next_workday(self, d: date) -> date:
        """WORKDAY-1: the first working day strictly after ``d``."""
        return self.add_workdays(d, 1)

    def add_workdays(self, d: date, n: int) -> date:
        """WORKDAY-1: the ``n``-th working day after ``d`` (``n`` >= 1)."""
        if n < 1:
            raise ValueError("n must be >= 1")
        cur = d
        for _ in range(3660):
            cur += timedelta(days=1)
            if self.is_workday(cur):
                n -= 1
                if n == 0:
                    return cur
        raise ValueError("no working day within ten years")  # pragma: no cover

    def workdays_between(self, first: date, last: date) -> list[date]:
        """WORKDAY-1: the working days from ``first`` to ``last``, both included."""
        out = []
        d = first
        while d <= last:
            if self.is_workday(d):
                out.append(d)
            d += timedelta(days=1)
        return out

    # -- hours ------------------------------------------------------------
    def working_periods(self, d: date) -> list[tuple[time, time]]:
        """WORKDAY-1: the working hours of a day: start to lunch and afternoon start to end."""
        if not self.is_workday(d):
            return []
        return [(self.start, self.lunch_start), (self.afternoon_start, self.end)]

    @property
    def minutes_per_day(self) -> int:
        def mins(a: time, b: time) -> int:
            return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)

        return mins(self.start, self.lunch_start) + mins(self.afternoon_start, self.end)

    def working_minutes(self, start: datetime, end: datetime) -> int:
        """WORKDAY-1: working minutes between two local date-times (lunch and nights out)."""
        if end <= start:
            return 0
        tz = start.tzinfo
        total = 0.0
        d = start.date()
        while d <= end.date():
            for a, b in self.working_periods(d):
                pa = datetime.combine(d, a, tzinfo=tz)
                pb = datetime.combine(d, b, tzinfo=tz)
                lo, hi = max(pa, start), min(pb, end)
                if hi > lo:
                    total += (hi - lo).total_seconds() / 60
            d += timedelta(days=1)
        return int(total)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """WORKDAY-1: the moment ``minutes`` working minutes after ``start``."""
        tz = start.tzinfo
        remaining: float = minutes
        d = start.date()
        for _ in range(3660):
            for a, b in self.working_periods(d):
                pa = max(datetime.combine(d, a, tzinfo=tz), start)
                pb = datetime.combine(d, b, tzinfo=tz)
                if pb <= pa:
                    continue
                avail = (pb - pa).total_seconds() / 60
                if remaining <= avail:
                    return pa + timedelta(minutes=remaining)
                remaining -= avail
            d += timedelta(days=1)
        raise ValueError("beyond ten years")  # pragma: no cover
