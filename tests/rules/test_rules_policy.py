"""The policy's parameters: values, checks, history, the clauses of POLICY.md (pure)."""

import dataclasses
import re
from datetime import date, time
from decimal import Decimal

import pytest

from csops.rules import Verdict
from csops.rules.policy import (
    AMOUNT,
    BOOL,
    CHOICE,
    PARAMS,
    PARAMS_BY_KEY,
    TIME,
    TZ,
    UNKNOWN,
    WEEKDAY,
    WEEKDAY_TIME,
    WHOLE,
    Policy,
    PolicyHistory,
    PolicyValueError,
    Setting,
    clauses,
    coerce,
    display,
    flatten,
)

D = date.fromisoformat

# POLICY.md marks these defaults "(not in the text)" / "(none in the text)"; all others are the text's.
NOT_IN_TEXT = {
    "report.inform_after_emergency_hours",
    "duty.meal_allowance_amount",
    "duty.comp_rest_per_weekend_day",
    "leave.department_max_days",
    "leave.authority_counts",
    "leave.department_max_inclusive",
    "attendance.early_leave_grace_minutes",
    "meeting.start",
    "meeting.points",
    "receipt.exchange_grace_days",
    "inquiry.reply_within_working_hours",
    "workday.start",
    "workday.lunch_start",
    "workday.afternoon_start",
    "workday.end",
    "timezone",
}


def test_policy_defaults_not_in_the_text_are_marked_as_policy_md_marks_them():
    """RCPT-2, DUTY-4, LEAVE-1, LEAVE-6: `policy show` never calls a default "in the text" that is not."""
    assert {p.key for p in PARAMS if not p.in_text} == NOT_IN_TEXT


@pytest.mark.parametrize(
    "key,default",
    [
        ("receipt.exchange_grace_days", 0),
        ("duty.comp_rest_per_weekend_day", 1),
        ("attendance.early_leave_grace_minutes", 0),
        ("leave.authority_counts", "working-days"),
        ("leave.department_max_inclusive", True),
        ("leave.department_max_days", 3),
        ("receipt.return_within_days", 15),
        ("attendance.violation_minutes", 20),
        ("duty.meal_allowance_from", time(20, 30)),
    ],
)
def test_policy_revised_parameters_and_their_defaults(key, default):
    """RCPT-2, DUTY-4, LEAVE-1, LEAVE-6 (revised 2026-11-28)."""
    assert Policy()[key] == default
    assert "receipt.hold_after_days" not in PARAMS_BY_KEY


@pytest.mark.parametrize(
    "key,value,expected",
    [
        ("leave.department_max_days", 5, 5),
        ("leave.department_max_days", "5", 5),
        ("leave.department_max_days", "365", 365),
        ("duty.meal_allowance_amount", "25.00", Decimal("25.00")),
        ("duty.meal_allowance_amount", "25", Decimal("25.00")),
        ("duty.meal_allowance_amount", "unset", None),
        ("duty.meal_allowance_amount", None, None),
        ("meeting.weekday", "Sunday", "sunday"),
        ("meeting.minutes_due", "Tuesday 10:00", ("tuesday", time(10))),
        ("meeting.minutes_due", ("monday", time(12)), ("monday", time(12))),
        ("duty.late_start_after", "21:30", time(21, 30)),
        ("duty.late_start_after", time(21, 0), time(21, 0)),
        ("leave.authority_counts", "Calendar-Days", "calendar-days"),
        ("leave.department_max_inclusive", "false", False),
        ("leave.department_max_inclusive", "yes", True),
        ("leave.department_max_inclusive", False, False),
        ("leave.department_max_inclusive", " No ", False),
        ("leave.department_max_inclusive", "TRUE", True),
        ("duty.meal_allowance_amount", "", None),
        ("duty.meal_allowance_amount", " 0 ", Decimal("0.00")),
        ("duty.meal_allowance_amount", "100000", Decimal("100000.00")),
        ("duty.late_start_after", " 9:05 ", time(9, 5)),
        ("duty.late_start_after", "23:59", time(23, 59)),
        ("duty.late_start_after", "00:00", time(0, 0)),
        ("leave.department_max_days", " 0 ", 0),
        ("meeting.weekday", " SATURDAY ", "saturday"),
        ("timezone", "Asia/Urumqi", "Asia/Urumqi"),
        ("attendance.violation_minutes", 1, 1),
    ],
)
def test_policy_values_are_checked_and_converted(key, value, expected):
    assert coerce(PARAMS_BY_KEY[key], value) == expected


@pytest.mark.parametrize(
    "key,value,reason,values",
    [
        ("leave.department_max_days", "three", WHOLE, {"low": 0, "high": 365}),
        ("leave.department_max_days", -1, WHOLE, {"low": 0, "high": 365}),
        ("leave.department_max_days", 366, WHOLE, {"low": 0, "high": 365}),
        ("leave.department_max_days", True, WHOLE, {"low": 0, "high": 365}),
        ("leave.department_max_days", 2.5, WHOLE, {"low": 0, "high": 365}),
        ("leave.department_max_days", "１２", WHOLE, {"low": 0, "high": 365}),
        ("duty.late_start_after", "25:00", TIME, {}),
        ("duty.late_start_after", "24:00", TIME, {}),
        ("duty.late_start_after", "21:60", TIME, {}),
        ("duty.late_start_after", 2130, TIME, {}),
        ("duty.late_start_after", "9.30", TIME, {}),
        ("duty.meal_allowance_amount", 2.5, AMOUNT, {}),
        ("duty.meal_allowance_amount", True, AMOUNT, {}),
        ("duty.meal_allowance_amount", "-1", AMOUNT, {}),
        ("duty.meal_allowance_amount", "1.234", AMOUNT, {}),
        ("duty.meal_allowance_amount", "abc", AMOUNT, {}),
        ("duty.meal_allowance_amount", "NaN", AMOUNT, {}),
        ("duty.meal_allowance_amount", "100000.01", AMOUNT, {}),
        ("timezone", "Mars/Base", TZ, {}),
        ("meeting.every_weeks", 0, WHOLE, {"low": 1, "high": 8}),
        ("meeting.weekday", "Caturday", WEEKDAY, {}),
        ("meeting.weekday", 6, WEEKDAY, {}),
        ("meeting.minutes_due", "Monday", WEEKDAY_TIME, {}),
        ("meeting.minutes_due", "Someday 12:00", WEEKDAY_TIME, {}),
        ("meeting.minutes_due", 12, WEEKDAY_TIME, {}),
        ("leave.authority_counts", "hours", CHOICE, {"choices": "working-days, calendar-days"}),
        ("leave.authority_counts", 1, CHOICE, {"choices": "working-days, calendar-days"}),
        ("leave.department_max_inclusive", "maybe", BOOL, {}),
        ("leave.department_max_inclusive", 1, BOOL, {}),
        ("attendance.violation_minutes", 0, WHOLE, {"low": 1, "high": 1440}),
        ("receipt.return_within_days", 0, WHOLE, {"low": 1, "high": 365}),
        ("expense.file_within_working_days", 0, WHOLE, {"low": 1, "high": 60}),
    ],
)
def test_policy_bad_values_are_refused_naming_the_key(key, value, reason, values):
    with pytest.raises(PolicyValueError) as e:
        Policy({key: value})
    assert (e.value.key, e.value.reason, e.value.values) == (key, reason, values)
    assert str(e.value) == f"{key}: {reason.format(**values)}"


def test_policy_refusal_texts():
    """The reasons people read (translated by the caller)."""
    assert WHOLE.format(low=0, high=3) == "expected a whole number from 0 to 3"
    assert (TIME, BOOL, CHOICE, UNKNOWN) == (
        'expected a time like "20:30"',
        "expected true or false",
        "expected one of: {choices}",
        "unknown policy parameter",
    )
    assert AMOUNT == 'expected an amount from 0 to 100000 with at most two decimals, e.g. "25.00"'
    assert (WEEKDAY, WEEKDAY_TIME, TZ) == (
        'expected a weekday name, e.g. "Saturday"',
        'expected a weekday and a time, e.g. "Monday 12:00"',
        'expected a time zone name, e.g. "Asia/Shanghai"',
    )


def test_policy_unknown_key():
    with pytest.raises(PolicyValueError) as e:
        Policy({"no.such.key": 1})
    assert (e.value.key, e.value.reason, e.value.values) == ("no.such.key", UNKNOWN, {})


@pytest.mark.parametrize("key", [p.key for p in PARAMS])
def test_policy_display_reads_back(key):
    """Every value as `policy show` writes it is read back to the same value (the store keeps that text)."""
    p = PARAMS_BY_KEY[key]
    if p.default is None:
        assert display(p, None) == "unset" and coerce(p, "unset") is None
    else:
        assert coerce(p, display(p, p.default)) == p.default


def test_policy_display_forms():
    assert display(PARAMS_BY_KEY["meeting.weekday"], "saturday") == "Saturday"
    assert display(PARAMS_BY_KEY["meeting.minutes_due"], ("monday", time(12))) == "Monday 12:00"
    assert display(PARAMS_BY_KEY["leave.department_max_inclusive"], False) == "false"
    assert display(PARAMS_BY_KEY["leave.department_max_inclusive"], True) == "true"
    with pytest.raises(PolicyValueError) as e:
        coerce(PARAMS_BY_KEY["meeting.minutes_due"], "Monday 25:00")
    assert (e.value.key, e.value.reason) == ("meeting.minutes_due", TIME)
    assert display(PARAMS_BY_KEY["duty.late_start_after"], time(22)) == "22:00"


def test_policy_history_the_policy_in_force_on_a_day():
    """A verdict about a day uses the policy in force on that day: a change never rewrites past months."""
    h = PolicyHistory(
        [
            Setting("leave.department_max_days", 5, D("2026-12-01")),
            Setting("leave.department_max_days", 4, None),  # since always (an imported old config)
            Setting("attendance.violation_minutes", 15, D("2027-01-01")),
            Setting("attendance.violation_minutes", None, D("2027-02-01")),  # back to the default
        ]
    )
    assert h.on(D("2026-11-30"))["leave.department_max_days"] == 4
    assert h.on(D("2026-12-01"))["leave.department_max_days"] == 5
    assert h.on(D("2026-12-31"))["attendance.violation_minutes"] == 20
    assert h.on(D("2027-01-01"))["attendance.violation_minutes"] == 15
    assert h.on(D("2027-02-01"))["attendance.violation_minutes"] == 20
    assert h.on(D("2027-02-01")).overridden == {"leave.department_max_days"}
    assert h.on(D("2026-12-02")) is h.on(D("2026-12-03"))  # one Policy per distinct set of values
    assert [s.key for s in h.changes_after(D("2026-12-15"))] == [
        "attendance.violation_minutes",
        "attendance.violation_minutes",
    ]
    assert [s.effective_from for s in h.changes_after(D("2027-01-01"))] == [
        D("2027-02-01")
    ]  # in force that day: not a change after it
    assert PolicyHistory().on(D("2026-11-28"))["leave.department_max_days"] == 3


def test_policy_history_the_later_entry_of_one_date_wins():
    h = PolicyHistory([Setting("meeting.points", 5, D("2026-12-01")), Setting("meeting.points", 8, D("2026-12-01"))])
    assert h.on(D("2026-12-01"))["meeting.points"] == 8


def test_policy_replaced_and_tz():
    p = Policy({"meeting.points": 5})
    q = p.replaced({"attendance.violation_minutes": "15"})
    assert (q["meeting.points"], q["attendance.violation_minutes"], p["attendance.violation_minutes"]) == (5, 15, 20)
    assert p.tz == "Asia/Shanghai" and dict(p.items())["meeting.points"] == 5


def test_policy_flatten_reads_tables_and_dotted_keys():
    assert flatten({"duty": {"meal_allowance_amount": "25.00"}, "leave.department_max_days": 5}) == {
        "duty.meal_allowance_amount": "25.00",
        "leave.department_max_days": 5,
    }


def test_policy_clauses_of_policy_md():
    """Every clause of POLICY.md, with its revised readings marked."""
    cs = clauses()
    assert len(cs) == 48 and len({c.id for c in cs}) == 48
    revised = {c.id for c in cs if c.revised}
    assert revised == {
        "DUTY-3",
        "DUTY-4",
        "LEAVE-1",
        "LEAVE-6",
        "EXPENSE-3",
        "MEETING-1",
        "ATTEND-2",
        "ATTEND-5",
        "RCPT-2",
        "RCPT-4",
        "WORKDAY-1",
    }
    duty2 = next(c for c in cs if c.id == "DUTY-2")
    assert {p.key for p in duty2.params} == {
        "duty.late_start_after",
        "duty.late_start_time",
        "duty.morning_off_after",
        "workday.afternoon_start",
    }
    text_params = set()
    for c in cs:
        text_params |= set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)*)`\s*=", c.en + " " + c.reading))
    assert text_params == {p.key for p in PARAMS}  # every parameter of POLICY.md is known, and no other


def test_verdicts_are_frozen_values():
    v = Verdict("LEAVE-1", True, "ok")
    assert v.detail == {} and v == Verdict("LEAVE-1", True, "ok")
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.ok = False  # type: ignore[misc]
