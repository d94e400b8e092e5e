"""DUTY-1..4 and the evening side of ATTEND-2/3 as tables of cases (pure)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from csops.rules import Verdict
from csops.rules.calendar import WorkCalendar
from csops.rules.duty import (
    NextStart,
    arranged_by,
    evening_end,
    latest_start,
    markable,
    meal_allowance,
    next_start,
    start_noticed,
    weekend_roster,
)

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


def d(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(
    "end,allowance",
    [
        ("20:29", False),
        ("20:30", True),
        ("22:00", True),
        ("00:30", True),
        ("11:59", True),
        ("12:00", False),
        ("19:00", False),
    ],
)
def test_duty_1_meal_allowance_from_2030(end, allowance):
    """DUTY-1: an evening that ends at or after 20:30 earns one allowance."""
    day = d("2026-11-26")
    e = evening_end(day, time.fromisoformat(end), TZ)
    assert meal_allowance(day, e, allowance_from=time(20, 30)) == Verdict(
        "DUTY-1", allowance, "allowance" if allowance else "no-allowance"
    )


def test_duty_1_the_threshold_is_a_parameter():
    """DUTY-1."""
    day = d("2026-11-26")
    assert not meal_allowance(day, evening_end(day, time(20, 45), TZ), allowance_from=time(21, 0)).ok
    assert meal_allowance(day, evening_end(day, time(21, 0), TZ), allowance_from=time(21, 0)).ok


@pytest.mark.parametrize(
    "end,next_day", [("23:59", "2026-11-26"), ("00:00", "2026-11-27"), ("11:59", "2026-11-27"), ("12:00", "2026-11-26")]
)
def test_duty_2_an_end_before_noon_is_after_midnight(end, next_day):
    """DUTY-2: an evening's end before 12:00 is the next calendar day."""
    e = evening_end(d("2026-11-26"), time.fromisoformat(end), TZ)
    assert e == datetime.combine(d(next_day), time.fromisoformat(end), tzinfo=TZ)


P = {
    "late_start_after": time(22, 0),
    "late_start_time": time(10, 0),
    "morning_off_after": time(23, 0),
    "afternoon_start": time(13, 30),
}


@pytest.mark.parametrize(
    "day,end,next_day,start,reason",
    [
        ("2026-11-25", "22:00", "2026-11-26", "09:00", "normal"),  # exactly 22:00 is not past it
        ("2026-11-25", "22:01", "2026-11-26", "10:00", "late-start"),
        ("2026-11-25", "23:00", "2026-11-26", "10:00", "late-start"),  # exactly 23:00
        ("2026-11-25", "23:01", "2026-11-26", "13:30", "morning-off"),
        ("2026-11-25", "00:30", "2026-11-26", "13:30", "morning-off"),  # after midnight
        ("2026-11-27", "22:30", "2026-11-30", "10:00", "late-start"),  # Friday night: Monday
        ("2026-09-30", "22:30", "2026-10-08", "10:00", "late-start"),  # night before National Day
        ("2026-10-09", "23:30", "2026-10-10", "13:30", "morning-off"),  # make-up Saturday is the next working day
    ],
)
def test_duty_2_next_start(day, end, next_day, start, reason):
    """DUTY-2."""
    dd = d(day)
    ns = next_start(dd, evening_end(dd, time.fromisoformat(end), TZ), cal.next_workday(dd), time(9, 0), **P)
    assert ns == NextStart(d(next_day), time.fromisoformat(start), "DUTY-2", reason)


def test_duty_2_a_later_usual_start_is_kept():
    """DUTY-2: a person who starts at 11:00 anyway keeps 11:00 after a late evening (never earlier)."""
    dd = d("2026-11-25")
    ns = next_start(dd, evening_end(dd, time(22, 30), TZ), d("2026-11-26"), time(11, 0), **P)
    assert (ns.start, ns.reason) == (time(11, 0), "late-start")
    ns = next_start(dd, evening_end(dd, time(23, 30), TZ), d("2026-11-26"), time(14, 0), **P)
    assert (ns.start, ns.reason) == (time(14, 0), "morning-off")


def test_duty_2_thresholds_are_parameters():
    """DUTY-2: with 21:30/09:45/22:30/13:00, the same evening gives other starts."""
    dd = d("2026-11-25")
    q = {
        "late_start_after": time(21, 30),
        "late_start_time": time(9, 45),
        "morning_off_after": time(22, 30),
        "afternoon_start": time(13, 0),
    }
    assert next_start(dd, evening_end(dd, time(21, 45), TZ), d("2026-11-26"), time(9), **q).start == time(9, 45)
    assert next_start(dd, evening_end(dd, time(21, 30), TZ), d("2026-11-26"), time(9), **q).start == time(9, 0)
    assert next_start(dd, evening_end(dd, time(22, 31), TZ), d("2026-11-26"), time(9), **q).start == time(13, 0)
    assert next_start(dd, evening_end(dd, time(22, 30), TZ), d("2026-11-26"), time(9), **q).start == time(9, 45)


@pytest.mark.parametrize(
    "role,ok",
    [
        ("rep", True),
        ("supervisor", True),
        ("head", True),
        ("assistant", False),
        ("onsite", False),
        ("manager", False),
        ("ops", False),
    ],
)
def test_duty_3_who_arranges_evenings(role, ok):
    """DUTY-3 (revised 2026-11-28): a representative, the head, or a supervisor between them."""
    assert arranged_by(role) == Verdict("DUTY-3", ok, "arranger" if ok else "not-an-arranger")


def test_attend_2_the_latest_start_wins():
    """ATTEND-2 / DUTY-2 (revised 2026-11-28): one evening never cancels another's later start."""
    a = NextStart(d("2026-09-07"), time(13, 30), "DUTY-2", "morning-off")
    b = NextStart(d("2026-09-07"), time(9, 0), "DUTY-2", "normal")
    c = NextStart(d("2026-09-07"), time(10, 0), "DUTY-2", "late-start")
    assert latest_start([b, a, c]) is a
    assert latest_start([c, b]) is c
    assert latest_start([]) is None


@pytest.mark.parametrize(
    "recorded,ok,clause",
    [
        ("2026-09-04 23:45", True, "ATTEND-2"),
        ("2026-09-07 08:59", True, "ATTEND-2"),
        ("2026-09-07 09:00", False, "ATTEND-3"),  # at the normal start: too late to be notice
        ("2026-09-07 09:30", False, "ATTEND-3"),
    ],
)
def test_attend_2_3_an_evening_recorded_before_the_next_normal_start_is_notice(recorded, ok, clause):
    """ATTEND-2, ATTEND-3 (revised 2026-11-28)."""
    v = start_noticed(datetime.fromisoformat(recorded).replace(tzinfo=TZ), d("2026-09-07"), time(9, 0))
    assert v == Verdict(clause, ok, "noticed" if ok else "recorded-too-late")


@pytest.mark.parametrize(
    "day,workday,ok,code",
    [
        ("2026-11-28", False, True, "weekend-day"),  # Saturday
        ("2026-11-29", False, True, "weekend-day"),  # Sunday
        ("2026-10-10", True, False, "working-day"),  # a make-up Saturday is worked as usual
        ("2026-10-01", False, False, "not-a-weekend-day"),  # a holiday on a Thursday
        ("2026-11-27", True, False, "working-day"),
    ],
)
def test_duty_4_only_weekend_days_off_can_be_marked(day, workday, ok, code):
    """DUTY-4 (revised 2026-11-28)."""
    assert markable(d(day), workday) == Verdict("DUTY-4", ok, code)


def test_duty_4_roster_is_fair_and_never_two_days_in_a_row():
    """DUTY-4: fewest duties first, never two weekend days in a row unless nobody else is there."""
    days = [d(f"2026-12-{n:02d}") for n in (5, 6, 12, 13, 19, 20, 26, 27)]
    plan = weekend_roster(days, [1, 2, 3])
    assert plan == [
        (days[0], 1),
        (days[1], 2),
        (days[2], 3),
        (days[3], 1),
        (days[4], 2),
        (days[5], 3),
        (days[6], 1),
        (days[7], 2),
    ]
    # fewest duties so far first
    assert weekend_roster([d("2026-12-05")], [1, 2, 3], {1: 4, 2: 1, 3: 2})[0][1] == 2
    assert weekend_roster([d("2026-12-05")], [1, 2, 3], {1: 1, 2: 1, 3: 1})[0][1] == 1  # a tie: the order of people
    # only one person: allowed on consecutive days
    assert [p for _d, p in weekend_roster(days[:2], [7])] == [7, 7]
    assert weekend_roster(days, []) == []


def test_duty_4_roster_respects_days_already_taken_on_both_sides():
    """DUTY-4: filling a newly marked Saturday next to a written Sunday picks someone else."""
    taken = {d("2026-12-06"): 1}  # Sunday written to person 1
    assert weekend_roster([d("2026-12-05")], [1, 2], {1: 0, 2: 5}, taken) == [(d("2026-12-05"), 2)]
    taken = {d("2026-12-04"): 2}  # a Friday duty is no weekend neighbour issue for the roster itself
    assert weekend_roster([d("2026-12-05")], [1, 2], {1: 3, 2: 0}, taken) == [(d("2026-12-05"), 1)]
    # continuity with the previous month: Sunday 11-01 after Saturday 10-31
    assert weekend_roster([d("2026-11-01")], [1, 2], {}, {d("2026-10-31"): 1})[0][1] == 2
    # counts grow as the plan goes, one duty at a time
    assert weekend_roster([d("2026-12-05"), d("2026-12-12")], [1, 2], {1: 0, 2: 0}) == [
        (d("2026-12-05"), 1),
        (d("2026-12-12"), 2),
    ]
    three = [d("2026-12-05"), d("2026-12-12"), d("2026-12-19")]
    assert [p for _d, p in weekend_roster(three, [1, 2], {1: 0, 2: 1})] == [1, 1, 2]
    # someone missing from the counts has had none
    assert weekend_roster([d("2026-12-05")], [1, 2], {1: 1}) == [(d("2026-12-05"), 2)]
    # two new days in a row within the plan: not the same person, whatever the counts
    assert weekend_roster([d("2026-12-05"), d("2026-12-06")], [1, 2], {1: 0, 2: 5}) == [
        (d("2026-12-05"), 1),
        (d("2026-12-06"), 2),
    ]


def test_start_reasons_and_roles_are_pinned():
    """DUTY-2: the reasons a next start gives; DUTY-3 and LEAVE-5: the roles (codes kept in the
    store and in JSON: a change is a migration, not an edit)."""
    from csops.rules.duty import ARRANGERS, StartReason
    from csops.rules.staff import DEPARTMENT_ROLES, ROLES, Role

    assert [r.value for r in StartReason] == ["normal", "late-start", "morning-off"]
    ends = (time(20), time(22, 30), time(23, 30))
    starts = [
        next_start(
            d("2026-12-01"),
            datetime.combine(d("2026-12-01"), e, tzinfo=TZ),
            d("2026-12-02"),
            time(9),
            late_start_after=time(22),
            late_start_time=time(10),
            morning_off_after=time(23),
            afternoon_start=time(13, 30),
        )
        for e in ends
    ]
    assert [s.reason for s in starts] == list(StartReason)
    assert [r.value for r in Role] == [
        "head",
        "supervisor",
        "rep",
        "assistant",
        "onsite",
        "frontdesk",
        "ops",
        "manager",
    ]
    assert tuple(Role) == ROLES and all(type(r) is str for r in ROLES)  # plain codes for the store
    assert set(DEPARTMENT_ROLES) <= set(Role) and set(ARRANGERS) <= set(Role)
