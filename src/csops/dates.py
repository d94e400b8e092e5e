"""Dates, times and months as users type them (CLI.md "Dates and times").

``2026-12-01``, ``2026-12-01 22:40``, ``22:40`` (today), ``today``/``yesterday``/
``tomorrow``, and the Chinese forms ``2026年12月1日``, ``12月1日``,
``2026年12月1日 22:40``, ``今天``/``明天``/``昨天``. Months: ``2026-11`` and
``2026年11月``. python-dateutil parses what is left. Nothing here reads the
clock: ``now`` is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from csops.errors import BadInput
from csops.i18n import _

_RELATIVE = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1, "tomorrow": 1, "明天": 1}
_CN_DATE = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_TIME = re.compile(r"^(\d{1,2})[:：](\d{2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _bad_date(text: str) -> BadInput:
    return BadInput(_("Not a date: {value!r} (try 2026-12-01, 12月1日 or today)").format(value=text))


_SLASHED = re.compile(r"^\d{1,4}[/.]\d{1,2}([/.]\d{1,4})?$")


def _in_range(d: date) -> date:
    """A date csops keeps (csops.limits: 2000-01-01..2099-12-31), or a refusal."""
    from csops.limits import day, require

    require(day(_("The date"), d))
    return d


def parse_date(text: str, today: date) -> date:
    """A date as users type it, within 2000..2099. Numeric dates with slashes or dots are refused:
    ``11/12/2026`` is 12 November to one reader and 11 December to another."""
    return _in_range(_parse_date(text, today))


def _parse_date(text: str, today: date) -> date:
    s = (text or "").strip()
    if _SLASHED.match(s):
        raise BadInput(
            _(
                "{value!r} is read differently by different people; write 2026-12-01, 2026年12月1日, 12月1日, today/今天 or yesterday/昨天."
            ).format(value=text)
        )
    if not s:
        raise _bad_date(text)
    if s.lower() in _RELATIVE:
        return today + timedelta(days=_RELATIVE[s.lower()])
    m = _CN_DATE.match(s)
    if m:
        y = int(m.group(1)) if m.group(1) else today.year
        try:
            return date(y, int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise _bad_date(text) from None
    m = _ISO_DATE.match(s)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise _bad_date(text) from None
    try:
        from dateutil import parser as du

        dt: datetime = du.parse(s, default=datetime(today.year, today.month, today.day))
    except (ValueError, OverflowError):
        raise _bad_date(text) from None
    if dt.time() != time(0):
        raise _bad_date(text)
    return dt.date()


def parse_time(text: str) -> time:
    s = (text or "").strip()
    m = _TIME.match(s)
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise BadInput(_("Not a time: {value!r} (use HH:MM, e.g. 08:55)").format(value=text))
    return time(int(m.group(1)), int(m.group(2)))


def parse_datetime(text: str, now: datetime) -> datetime:
    """A local date-time in ``now``'s time zone. A bare date means its 00:00."""
    s = (text or "").strip()
    if not s:
        raise BadInput(_("Not a date and time: {value!r} (try 2026-12-01 22:40)").format(value=text))
    tz = now.tzinfo
    if _TIME.match(s):
        return datetime.combine(now.date(), parse_time(s), tzinfo=tz)
    parts = s.split()
    if len(parts) == 2 and _TIME.match(parts[1]):
        d = parse_date(parts[0], now.date())
        return datetime.combine(d, parse_time(parts[1]), tzinfo=tz)
    # 2026年12月1日22:40 without a space
    m = re.match(r"^(.*[日号])\s*(\d{1,2}[:：]\d{2})$", s)
    if m:
        return datetime.combine(parse_date(m.group(1), now.date()), parse_time(m.group(2)), tzinfo=tz)
    try:
        return datetime.combine(parse_date(s, now.date()), time(0), tzinfo=tz)
    except BadInput:
        pass
    try:
        from dateutil import parser as du

        dt: datetime = du.isoparse(s)
    except (ValueError, OverflowError):
        raise BadInput(_("Not a date and time: {value!r} (try 2026-12-01 22:40)").format(value=text)) from None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=tz)
    return dt.astimezone(tz)


def parse_month(text: str, today: date | None = None) -> tuple[int, int]:
    """``2026-11`` or ``2026年11月`` (``this``/``last`` month too) → (year, month)."""
    s = (text or "").strip()
    m = re.match(r"^(\d{4})[-/](\d{1,2})$", s) or re.match(r"^(\d{4})\s*年\s*(\d{1,2})\s*月$", s)
    if m and 1 <= int(m.group(2)) <= 12:
        _in_range(date(int(m.group(1)), int(m.group(2)), 1))
        return int(m.group(1)), int(m.group(2))
    if today is not None and s in ("this", "本月"):
        return today.year, today.month
    if today is not None and s in ("last", "上月", "上个月"):
        first = today.replace(day=1) - timedelta(days=1)
        return first.year, first.month
    raise BadInput(_("Not a month: {value!r} (use 2026-11 or 2026年11月)").format(value=text))


def month_range(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - timedelta(days=1)


def month_label(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def iter_days(first: date, last: date) -> Iterator[date]:
    d = first
    while d <= last:
        yield d
        d += timedelta(days=1)
