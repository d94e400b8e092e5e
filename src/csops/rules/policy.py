"""Policy parameters: every number of POLICY.md, with its default and its clause.

The parameters are department data: they live in the store with their history (value,
effective-from date, who set it, when, why), set by the head with ``csops policy set``.
A verdict about a day uses the policy in force on that day (:class:`PolicyHistory`), so a
change never rewrites past months.

Parameters marked ``in_text=False`` are defaults the rulebook leaves blank;
``csops policy show`` marks them so nobody mistakes them for company rules.
"""

from __future__ import annotations

import json
import re
from collections.abc import ItemsView, Iterable
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from csops.i18n import N_

# Why a value is refused (English templates; csops.services.policy translates them)
TIME = N_('expected a time like "20:30"')
WHOLE = N_("expected a whole number from {low} to {high}")
BOOL = N_("expected true or false")
CHOICE = N_("expected one of: {choices}")
AMOUNT = N_('expected an amount from 0 to 100000 with at most two decimals, e.g. "25.00"')
WEEKDAY = N_('expected a weekday name, e.g. "Saturday"')
WEEKDAY_TIME = N_('expected a weekday and a time, e.g. "Monday 12:00"')
TZ = N_('expected a time zone name, e.g. "Asia/Shanghai"')
UNKNOWN = N_("unknown policy parameter")

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PolicyValueError(ValueError):
    """A value the policy cannot take: ``reason`` is an English template (translated by the
    caller) filled with ``values``."""

    def __init__(self, key: str, reason: str, **values: Any) -> None:
        super().__init__(f"{key}: {reason.format(**values)}")
        self.key = key
        self.reason = reason
        self.values = values


@dataclass(frozen=True)
class Param:
    key: str
    kind: str  # int, time, decimal, weekday, weekday_time, tz, bool, choice
    default: Any
    clauses: tuple[str, ...]
    in_text: bool = True
    low: int = 0  # int: the smallest value accepted
    high: int = 10_000  # int: the largest value accepted
    choices: tuple[str, ...] = ()  # choice: the values accepted


PARAMS: tuple[Param, ...] = (
    Param("report.inform_after_emergency_hours", "int", 24, ("REPORT-4",), False, high=24 * 30),
    Param("duty.meal_allowance_from", "time", time(20, 30), ("DUTY-1",)),
    Param("duty.meal_allowance_amount", "decimal", None, ("DUTY-1",), False),
    Param("duty.late_start_after", "time", time(22, 0), ("DUTY-2",)),
    Param("duty.late_start_time", "time", time(10, 0), ("DUTY-2",)),
    Param("duty.morning_off_after", "time", time(23, 0), ("DUTY-2",)),
    Param("duty.comp_rest_per_weekend_day", "int", 1, ("DUTY-4",), False, high=3),
    Param("leave.personal_notice_days", "int", 1, ("LEAVE-2",), high=30),
    Param("leave.special_notice_minutes", "int", 60, ("LEAVE-3",), high=24 * 60),
    Param("leave.department_max_days", "int", 3, ("LEAVE-6",), False, high=365),
    Param(
        "leave.authority_counts",
        "choice",
        "working-days",
        ("LEAVE-6",),
        False,
        choices=("working-days", "calendar-days"),
    ),
    Param("leave.department_max_inclusive", "bool", True, ("LEAVE-6",), False),
    Param("leave.holiday_blackout_days", "int", 0, ("LEAVE-8",), high=30),
    Param("attendance.violation_minutes", "int", 20, ("LEAVE-9",), low=1, high=24 * 60),
    Param("attendance.early_leave_grace_minutes", "int", 0, ("LEAVE-1",), False, high=24 * 60),
    Param("expense.file_within_working_days", "int", 2, ("EXPENSE-1",), low=1, high=60),
    Param("meeting.weekday", "weekday", "saturday", ("MEETING-1",)),
    Param("meeting.start", "time", time(9, 30), ("MEETING-1",), False),
    Param("meeting.every_weeks", "int", 2, ("MEETING-1",), low=1, high=8),
    Param("meeting.points", "int", 10, ("MEETING-2",), False, high=1000),
    Param("meeting.minutes_due", "weekday_time", ("monday", time(12, 0)), ("MEETING-6",)),
    Param("receipt.exchange_grace_days", "int", 0, ("RCPT-2",), False, high=365),
    Param("receipt.return_within_days", "int", 15, ("RCPT-3",), low=1, high=365),
    Param("inquiry.reply_within_working_hours", "int", 2, ("INQUIRY-1",), False, low=1, high=24 * 5),
    Param("workday.start", "time", time(9, 0), ("WORKDAY-1",), False),
    Param("workday.lunch_start", "time", time(12, 0), ("WORKDAY-1",), False),
    Param("workday.afternoon_start", "time", time(13, 30), ("WORKDAY-1", "DUTY-2"), False),
    Param("workday.end", "time", time(18, 0), ("WORKDAY-1",), False),
    Param("timezone", "tz", "Asia/Shanghai", ("WORKDAY-1",), False),
)
PARAMS_BY_KEY = {p.key: p for p in PARAMS}


def _parse_time(key: str, value: Any) -> time:
    if isinstance(value, time):
        return value
    m = re.match(r"^(\d{1,2}):(\d{2})$", str(value).strip()) if isinstance(value, str) else None
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise PolicyValueError(key, TIME)
    return time(int(m.group(1)), int(m.group(2)))


def coerce(param: Param, value: Any) -> Any:
    """Check and convert one value (from TOML or from the command line, where everything is
    text); raise PolicyValueError naming the key."""
    key = param.key
    if param.kind == "int":
        if isinstance(value, str) and re.fullmatch(r"[0-9]{1,9}", value.strip()):
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not param.low <= value <= param.high:
            raise PolicyValueError(key, WHOLE, low=param.low, high=param.high)
        return value
    if param.kind == "bool":
        if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            return value.strip().lower() in ("true", "yes")
        if not isinstance(value, bool):
            raise PolicyValueError(key, BOOL)
        return value
    if param.kind == "choice":
        if not isinstance(value, str) or value.strip().lower() not in param.choices:
            raise PolicyValueError(key, CHOICE, choices=", ".join(param.choices))
        return value.strip().lower()
    if param.kind == "time":
        return _parse_time(key, value)
    if param.kind == "decimal":
        if value is None or (isinstance(value, str) and value.strip().lower() in ("", "unset")):
            return None
        if isinstance(value, (bool, float)):
            raise PolicyValueError(key, AMOUNT)
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            raise PolicyValueError(key, AMOUNT) from None
        exponent = d.as_tuple().exponent
        if not d.is_finite() or d < 0 or d > 100_000 or not isinstance(exponent, int) or exponent < -2:
            raise PolicyValueError(key, AMOUNT)
        return d.quantize(Decimal("0.01"))
    if param.kind == "weekday":
        if not isinstance(value, str) or value.strip().lower() not in WEEKDAYS:
            raise PolicyValueError(key, WEEKDAY)
        return value.strip().lower()
    if param.kind == "weekday_time":
        if isinstance(value, tuple):
            return value
        parts = str(value).split() if isinstance(value, str) else []
        if len(parts) != 2 or parts[0].lower() not in WEEKDAYS:
            raise PolicyValueError(key, WEEKDAY_TIME)
        return (parts[0].lower(), _parse_time(key, parts[1]))
    if param.kind == "tz":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise PolicyValueError(key, TZ) from None
        return str(value)
    raise AssertionError(param.kind)  # pragma: no cover


def display(param: Param, value: Any) -> str:
    """A value as written in the store and shown to people (``coerce`` reads it back)."""
    if value is None:
        return "unset"
    if param.kind == "time":
        return str(value.strftime("%H:%M"))
    if param.kind == "weekday":
        return str(value.capitalize())
    if param.kind == "weekday_time":
        return f"{value[0].capitalize()} {value[1].strftime('%H:%M')}"
    if param.kind == "bool":
        return "true" if value else "false"
    return str(value)


class Policy:
    """The parameters in force on one day: defaults with the department's settings."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self._values = {p.key: p.default for p in PARAMS}
        self.overridden: set[str] = set()
        for key, value in (overrides or {}).items():
            param = PARAMS_BY_KEY.get(key)
            if param is None:
                raise PolicyValueError(key, UNKNOWN)
            self._values[key] = coerce(param, value)
            self.overridden.add(key)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def items(self) -> ItemsView[str, Any]:
        return self._values.items()

    def replaced(self, changes: dict[str, Any]) -> Policy:
        """This policy with some values replaced (each checked as ``policy set`` checks it)."""
        values = {k: self._values[k] for k in self.overridden}
        values.update(changes)
        return Policy(values)

    @property
    def tz(self) -> str:
        return str(self._values["timezone"])


@dataclass(frozen=True)
class Setting:
    """One entry of the policy's history: ``value`` (already checked; None resets to the
    default) in force from ``effective_from`` (None: since always) until a later entry."""

    key: str
    value: Any
    effective_from: date | None


class PolicyHistory:
    """The policy over time. ``on(day)`` is the policy in force on ``day``: for each key, the
    entry with the latest ``effective_from`` on or before it (entries of the same date: the
    one given last wins)."""

    def __init__(self, settings: Iterable[Setting] = ()) -> None:
        self.settings = sorted(settings, key=lambda s: s.effective_from or date.min)
        self._cache: dict[tuple[tuple[str, str], ...], Policy] = {}

    def _in_force(self, day: date) -> dict[str, Any]:
        chosen: dict[str, Any] = {}
        for s in self.settings:
            if (s.effective_from or date.min) <= day:
                chosen[s.key] = s.value
        return {k: v for k, v in chosen.items() if v is not None}

    def on(self, day: date) -> Policy:
        values = self._in_force(day)
        sig = tuple(sorted((k, display(PARAMS_BY_KEY[k], v)) for k, v in values.items()))
        if sig not in self._cache:
            self._cache[sig] = Policy(values)
        return self._cache[sig]

    def changes_after(self, day: date) -> list[Setting]:
        """Entries that take effect after ``day`` (scheduled changes)."""
        return [s for s in self.settings if s.effective_from is not None and s.effective_from > day]


def flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """TOML ``[policy.duty] meal_allowance_from = ...`` and quoted dotted keys alike."""
    out: dict[str, Any] = {}
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


@dataclass(frozen=True)
class Clause:
    id: str
    zh: str
    en: str
    reading: str
    revised: str | None = None  # the date of a revised reading (POLICY.md "revised 2026-11-28")

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(p for p in PARAMS if self.id in p.clauses)


@lru_cache(maxsize=1)
def clauses() -> tuple[Clause, ...]:
    """Every clause of the rulebook, as extracted from POLICY.md (scripts/extract_policy.py)."""
    data = json.loads(Path(__file__).with_name("clauses.json").read_text(encoding="utf-8"))
    return tuple(Clause(c["id"], c["zh"], c["en"], c["reading"], c.get("revised")) for c in data)
