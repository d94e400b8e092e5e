"""Policy parameters: every number of POLICY.md, with its default and its clause.

A company overrides them in the config file's ``[policy]`` table, e.g.::

    [policy]
    "duty.meal_allowance_amount" = "25.00"
    "leave.department_max_days" = 5

Parameters marked ``in_text=False`` are defaults the rulebook leaves blank;
``csops policy show`` marks them so nobody mistakes them for company rules.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class PolicyValueError(ValueError):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


@dataclass(frozen=True)
class Param:
    key: str
    kind: str  # int, time, decimal, weekday, weekday_time, tz
    default: Any
    clauses: tuple[str, ...]
    in_text: bool = True


PARAMS: tuple[Param, ...] = (
    Param("report.inform_after_emergency_hours", "int", 24, ("REPORT-4",), False),
    Param("duty.meal_allowance_from", "time", time(20, 30), ("DUTY-1",)),
    Param("duty.meal_allowance_amount", "decimal", None, ("DUTY-1",), False),
    Param("duty.late_start_after", "time", time(22, 0), ("DUTY-2",)),
    Param("duty.late_start_time", "time", time(10, 0), ("DUTY-2",)),
    Param("duty.morning_off_after", "time", time(23, 0), ("DUTY-2",)),
    Param("leave.personal_notice_days", "int", 1, ("LEAVE-2",)),
    Param("leave.special_notice_minutes", "int", 60, ("LEAVE-3",)),
    Param("leave.department_max_days", "int", 3, ("LEAVE-6",), False),
    Param("leave.holiday_blackout_days", "int", 0, ("LEAVE-8",)),
    Param("attendance.violation_minutes", "int", 20, ("LEAVE-9",)),
    Param("expense.file_within_working_days", "int", 2, ("EXPENSE-1",)),
    Param("meeting.weekday", "weekday", "saturday", ("MEETING-1",)),
    Param("meeting.start", "time", time(9, 30), ("MEETING-1",), False),
    Param("meeting.every_weeks", "int", 2, ("MEETING-1",)),
    Param("meeting.points", "int", 10, ("MEETING-2",), False),
    Param("meeting.minutes_due", "weekday_time", ("monday", time(12, 0)), ("MEETING-6",)),
    Param("receipt.hold_after_days", "int", 15, ("RCPT-2",)),
    Param("receipt.return_within_days", "int", 15, ("RCPT-3",)),
    Param("inquiry.reply_within_working_hours", "int", 2, ("INQUIRY-1",), False),
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
        raise PolicyValueError(key, "expected a time like \"20:30\"")
    return time(int(m.group(1)), int(m.group(2)))


def coerce(param: Param, value: Any) -> Any:
    """Check and convert one configured value; raise PolicyValueError naming the key."""
    key = param.key
    if param.kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise PolicyValueError(key, "expected a whole number >= 0")
        if key == "meeting.every_weeks" and value < 1:
            raise PolicyValueError(key, "expected a whole number >= 1")
        return value
    if param.kind == "time":
        return _parse_time(key, value)
    if param.kind == "decimal":
        if value is None:
            return None
        if isinstance(value, (bool, float)):
            raise PolicyValueError(key, "expected an amount as a string, e.g. \"25.00\"")
        try:
            d = Decimal(str(value))
        except InvalidOperation:
            raise PolicyValueError(key, "expected an amount, e.g. \"25.00\"") from None
        if not d.is_finite() or d < 0 or d.as_tuple().exponent < -2:
            raise PolicyValueError(key, "expected an amount >= 0 with at most two decimals")
        return d.quantize(Decimal("0.01"))
    if param.kind == "weekday":
        if not isinstance(value, str) or value.strip().lower() not in WEEKDAYS:
            raise PolicyValueError(key, "expected a weekday name, e.g. \"Saturday\"")
        return value.strip().lower()
    if param.kind == "weekday_time":
        if isinstance(value, tuple):
            return value
        parts = str(value).split() if isinstance(value, str) else []
        if len(parts) != 2 or parts[0].lower() not in WEEKDAYS:
            raise PolicyValueError(key, "expected a weekday and a time, e.g. \"Monday 12:00\"")
        return (parts[0].lower(), _parse_time(key, parts[1]))
    if param.kind == "tz":
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(value))
        except (ZoneInfoNotFoundError, ValueError):
            raise PolicyValueError(key, "expected a time zone name, e.g. \"Asia/Shanghai\"") from None
        return str(value)
    raise AssertionError(param.kind)  # pragma: no cover


def display(param: Param, value: Any) -> str:
    if value is None:
        return "unset"
    if param.kind == "time":
        return value.strftime("%H:%M")
    if param.kind == "weekday":
        return value.capitalize()
    if param.kind == "weekday_time":
        return f"{value[0].capitalize()} {value[1].strftime('%H:%M')}"
    return str(value)


class Policy:
    """The parameters in force: defaults with the company's overrides."""

    def __init__(self, overrides: dict[str, Any] | None = None) -> None:
        self._values = {p.key: p.default for p in PARAMS}
        self.overridden: set[str] = set()
        for key, value in (overrides or {}).items():
            param = PARAMS_BY_KEY.get(key)
            if param is None:
                raise PolicyValueError(key, "unknown policy parameter")
            self._values[key] = coerce(param, value)
            self.overridden.add(key)

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def items(self):
        return self._values.items()

    @property
    def tz(self) -> str:
        return self._values["timezone"]


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

    @property
    def params(self) -> tuple[Param, ...]:
        return tuple(p for p in PARAMS if self.id in p.clauses)


@lru_cache(maxsize=1)
def clauses() -> tuple[Clause, ...]:
    """Every clause of the rulebook, as extracted from POLICY.md (scripts/extract_policy.py)."""
    data = json.loads(Path(__file__).with_name("clauses.json").read_text(encoding="utf-8"))
    return tuple(Clause(c["id"], c["zh"], c["en"], c["reading"]) for c in data)
