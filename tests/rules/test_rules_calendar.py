"""WORKDAY-1: the working calendar of mainland China, the company's overrides, holiday breaks
and working hours (pure: no database)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from csops.rules.calendar import DayInfo, WorkCalendar, break_name, library_knows, official_year

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


def d(s: str) -> date:
    return date.fromisoformat(s)


def at(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=TZ)


@pytest.mark.parametrize("day", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_workday_1_2026_make_up_days_are_working_days(day):
    """WORKDAY-1: the 2026 make-up Saturdays and Sundays (调休) are worked."""
    info = cal.day(d(day))
    assert info.workday and info.kind == "makeup" and not info.provisional and info.holiday_break == ""
    assert info.name == "调休上班"


@pytest.mark.parametrize("day", [f"2026-02-{n}" for n in range(15, 24)] + [f"2026-10-0{n}" for n in range(1, 8)])
def test_workday_1_2026_spring_festival_and_national_day_are_days_off(day):
    """WORKDAY-1."""
    assert not cal.is_workday(d(day))
    assert cal.is_holiday(d(day))  # every day of the break, weekends inside included


@pytest.mark.parametrize(
    "first,last,name",
    [
        ("2026-01-01", "2026-01-03", "元旦"),
        ("2026-02-15", "2026-02-23", "春节"),
        ("2026-04-04", "2026-04-06", "清明节"),
        ("2026-05-01", "2026-05-05", "劳动节"),
        ("2026-06-19", "2026-06-21", "端午节"),
        ("2026-09-25", "2026-09-27", "中秋节"),
        ("2026-10-01", "2026-10-07", "国庆节"),
    ],
)
def test_workday_1_holiday_breaks_are_the_whole_runs_of_days_off(first, last, name):
    """WORKDAY-1 (revised 2026-11-28): a holiday break is the whole run of consecutive days off
    that contains a public holiday, as the State Council's notice states it."""
    c = WorkCalendar()
    for day in (first, last):
        brk = c.holiday_break(d(day))
        assert (brk.first, brk.last, brk.name) == (d(first), d(last), name)
        assert c.is_holiday(d(day)) and c.day(d(day)).holiday_break == name
    assert not c.is_holiday(date.fromordinal(d(first).toordinal() - 1))
    assert not c.is_holiday(date.fromordinal(d(last).toordinal() + 1))


@pytest.mark.parametrize(
    "day,public,in_break,kind",
    [
        ("2026-02-15", False, True, "weekend"),  # Sunday inside the Spring Festival break
        ("2026-02-21", False, True, "weekend"),  # Saturday inside it (the meeting of issue 12 #3)
        ("2026-02-16", True, True, "holiday"),
        ("2026-10-04", False, True, "weekend"),
        ("2026-11-28", False, False, "weekend"),  # an ordinary weekend is not 节假日
        ("2026-10-10", False, False, "makeup"),
        ("2026-11-27", False, False, "workday"),
    ],
)
def test_workday_1_break_days_versus_public_holidays(day, public, in_break, kind):
    """WORKDAY-1: 节假日 means every day of a break, not only the library's statutory days."""
    assert cal.is_public_holiday(d(day)) is public
    assert cal.is_holiday(d(day)) is in_break
    assert cal.day(d(day)).kind == kind
    assert (cal.holiday_break(d(day)) is not None) is in_break


def test_workday_1_a_company_holiday_next_to_a_weekend_makes_a_break():
    """WORKDAY-1: the company's own holiday (an override) is a public holiday of its calendar."""
    c = WorkCalendar({d("2026-11-27"): ("holiday", "公司年会"), d("2026-11-30"): ("holiday", "")})
    brk = c.holiday_break(d("2026-11-28"))
    assert (brk.first, brk.last, brk.name) == (d("2026-11-27"), d("2026-11-30"), "公司年会")
    assert c.is_holiday(d("2026-11-29")) and not c.is_holiday(d("2026-12-01"))
    only_workday = WorkCalendar({d("2026-11-28"): ("workday", "加班")})
    assert only_workday.day(d("2026-11-28")).kind == "makeup" and only_workday.day(d("2026-11-27")).kind == "workday"
    weekday_override = WorkCalendar({d("2026-11-26"): ("workday", "")})
    assert weekday_override.day(d("2026-11-26")).kind == "workday"


def test_workday_1_break_names():
    """WORKDAY-1: a break is named after its holiday, not after a swapped rest day."""
    assert break_name(["农历除夕", "春节", "春节", "春节", "休息日（由 2026-02-14 调休）"]) == "春节"
    assert break_name(["国庆节（补假）", "国庆节", "休息日（由 2026-09-20 调休）"]) == "国庆节"
    assert break_name(["休息日（由 2026-01-04 调休）"]) == "休息日"
    assert break_name([""]) == "节假日"
    assert break_name([]) == "节假日"
    assert break_name(["休息日（由 X 调休）", "端午节"]) == "端午节"
    assert break_name(["中秋节", "国庆节", "国庆节"]) == "国庆节"  # the most frequent, not the last or the largest
    assert break_name(["国庆节", "中秋节", "中秋节"]) == "中秋节"


def test_workday_1_a_long_run_of_days_off_is_bounded():
    """WORKDAY-1: a run longer than a month is not scanned without end."""
    off = {date.fromordinal(d("2026-03-01").toordinal() + k): ("holiday", "停工") for k in range(80)}
    c = WorkCalendar(off)
    brk = c.holiday_break(d("2026-04-10"))
    assert brk is not None and (d("2026-04-10") - brk.first).days == 31 and (brk.last - d("2026-04-10")).days == 31


@pytest.mark.parametrize(
    "day,info",
    [
        ("2026-11-27", DayInfo(date(2026, 11, 27), True, "workday", "", False, "")),
        ("2026-11-28", DayInfo(date(2026, 11, 28), False, "weekend", "", False, "")),
        ("2026-10-10", DayInfo(date(2026, 10, 10), True, "makeup", "调休上班", False, "")),
        ("2026-10-01", DayInfo(date(2026, 10, 1), False, "holiday", "国庆节", False, "国庆节")),
        ("2026-10-04", DayInfo(date(2026, 10, 4), False, "weekend", "", False, "国庆节")),
        ("2027-03-01", DayInfo(date(2027, 3, 1), True, "workday", "", True, "")),
        ("2027-03-06", DayInfo(date(2027, 3, 6), False, "weekend", "", True, "")),
    ],
)
def test_workday_1_what_kind_of_day(day, info):
    """WORKDAY-1: each day as the calendar shows it."""
    assert cal.day(d(day)) == info


def test_workday_1_overridden_days_as_shown():
    """WORKDAY-1: the company's overrides, shown with their names and the provisional mark."""
    c = WorkCalendar(
        {
            d("2027-02-20"): ("workday", "春节调休"),
            d("2027-02-19"): ("holiday", "春节"),
            d("2027-03-03"): ("workday", ""),
        },
        set(),
    )
    assert c.day(d("2027-02-20")) == DayInfo(d("2027-02-20"), True, "makeup", "春节调休", True, "")
    assert c.day(d("2027-02-19")) == DayInfo(d("2027-02-19"), False, "holiday", "春节", True, "春节")
    assert c.day(d("2027-03-03")) == DayInfo(d("2027-03-03"), True, "workday", "", True, "")


def test_workday_1_ordinary_days():
    """WORKDAY-1."""
    assert cal.is_workday(d("2026-11-27"))  # Friday
    assert not cal.is_workday(d("2026-11-28"))  # Saturday
    assert cal.day(d("2026-11-28")).kind == "weekend"
    assert cal.holiday_break(d("2026-11-27")) is None


def test_workday_1_next_and_nth_working_day_across_spring_festival():
    """WORKDAY-1."""
    assert cal.next_workday(d("2026-02-13")) == d("2026-02-14")  # make-up Saturday
    assert cal.next_workday(d("2026-02-14")) == d("2026-02-24")
    assert cal.add_workdays(d("2026-02-13"), 2) == d("2026-02-24")
    assert cal.add_workdays(d("2026-02-13"), 3) == d("2026-02-25")
    assert cal.next_workday(d("2026-11-27")) == d("2026-11-30")
    assert cal.workdays_between(d("2026-10-01"), d("2026-10-11")) == [d("2026-10-08"), d("2026-10-09"), d("2026-10-10")]
    assert cal.workdays_between(d("2026-11-27"), d("2026-11-27")) == [d("2026-11-27")]
    with pytest.raises(ValueError, match="^n must be >= 1$"):
        cal.add_workdays(d("2026-11-27"), 0)


def test_workday_1_working_minutes_leave_out_lunch_and_night():
    """WORKDAY-1."""
    assert cal.minutes_per_day == 450
    assert cal.working_minutes(at("2026-11-27 11:00"), at("2026-11-27 14:00")) == 90  # 60 + 30
    assert cal.working_minutes(at("2026-11-27 09:00"), at("2026-11-27 18:00")) == 450
    assert cal.working_minutes(at("2026-11-27 12:00"), at("2026-11-27 13:30")) == 0
    assert cal.working_minutes(at("2026-11-27 14:00"), at("2026-11-27 14:00")) == 0
    assert cal.working_minutes(at("2026-11-27 15:00"), at("2026-11-27 14:00")) == 0
    # Friday 17:00 to Monday 10:00: one hour Friday, one hour Monday
    assert cal.working_minutes(at("2026-11-27 17:00"), at("2026-11-30 10:00")) == 120
    assert cal.working_periods(d("2026-11-28")) == []
    assert cal.working_periods(d("2026-11-27")) == [(time(9), time(12)), (time(13, 30), time(18))]


@pytest.mark.parametrize(
    "start,minutes,due",
    [
        ("2026-11-27 11:30", 60, "2026-11-27 14:00"),
        ("2026-11-27 11:30", 30, "2026-11-27 12:00"),  # exactly at lunch: due 12:00, not 13:30
        ("2026-11-27 17:30", 120, "2026-11-30 10:30"),
        ("2026-11-27 17:30", 30, "2026-11-27 18:00"),
        ("2026-11-27 12:30", 10, "2026-11-27 13:40"),  # asked in the lunch break
        ("2026-11-27 19:00", 60, "2026-11-30 10:00"),  # asked after hours
        ("2026-11-27 09:00", 0, "2026-11-27 09:00"),
        ("2026-11-27 12:00", 0, "2026-11-27 13:30"),  # at a period's end, nothing left: the next working moment
    ],
)
def test_workday_1_add_working_minutes(start, minutes, due):
    """WORKDAY-1 (and INQUIRY-1's deadline): a deadline exactly at a period's end stays there."""
    assert cal.add_working_minutes(at(start), minutes) == at(due)


def test_workday_1_custom_hours():
    """WORKDAY-1: the working hours are parameters."""
    c = WorkCalendar(start=time(8, 30), lunch_start=time(12, 0), afternoon_start=time(13, 0), end=time(17, 30))
    assert c.minutes_per_day == 210 + 270
    assert c.working_periods(d("2026-11-27")) == [(time(8, 30), time(12)), (time(13), time(17, 30))]


def test_workday_1_2027_is_provisional_until_completed():
    """WORKDAY-1, WORKDAY-2027."""
    assert cal.is_provisional(2027) and not cal.is_provisional(2026)
    assert cal.day(d("2027-03-01")).provisional
    assert library_knows(2026) and not library_knows(2027)
    done = WorkCalendar({d("2027-02-20"): ("workday", "春节调休")}, {2027})
    assert not done.is_provisional(2027)
    assert done.is_workday(d("2027-02-20"))
    days, makeup = official_year(2026)
    assert d("2026-10-01") in days and d("2026-10-10") in makeup and all(x.year == 2026 for x in days)


def test_workday_1_company_overrides_win():
    """WORKDAY-1."""
    c = WorkCalendar({d("2026-11-27"): ("holiday", "公司年会"), d("2026-11-28"): ("workday", "")})
    assert not c.is_workday(d("2026-11-27")) and c.is_public_holiday(d("2026-11-27"))
    assert c.is_workday(d("2026-11-28"))
    assert c.day(d("2026-11-27")).name == "公司年会"


def test_workday_1_from_policy_takes_the_hours():
    """WORKDAY-1."""
    from csops.rules.policy import Policy

    c = WorkCalendar.from_policy(
        Policy(
            {
                "workday.start": "08:00",
                "workday.end": "17:00",
                "workday.lunch_start": "11:30",
                "workday.afternoon_start": "13:00",
            }
        ),
        {d("2026-11-27"): ("holiday", "x")},
        {2027},
        official=lambda y: ({}, frozenset()),
    )
    assert (c.start, c.end, c.lunch_start, c.afternoon_start) == (time(8), time(17), time(11, 30), time(13))
    assert not c.is_workday(d("2026-11-27")) and not c.is_provisional(2027) and c.is_provisional(2026)
    assert c.is_workday(d("2026-10-01"))  # the official data given replaces the library's
    calls = []
    c2 = WorkCalendar(official=lambda y: calls.append(y) or ({}, frozenset()))
    c2.is_workday(d("2026-10-01"))
    c2.is_workday(d("2026-10-02"))
    assert calls == [2026]  # each year's official data is fetched once


def test_day_kinds_are_pinned():
    """WORKDAY-1: the kinds of day (codes in JSON: a change is a change of the interface)."""
    from csops.rules.calendar import DayKind

    assert [k.value for k in DayKind] == ["workday", "weekend", "holiday", "makeup"]
    c = WorkCalendar({d("2026-12-26"): ("workday", "盘点")}, official=lambda y: ({d("2026-12-25"): "x"}, frozenset()))
    kinds = [c.day(x).kind for x in (d("2026-12-24"), d("2026-12-25"), d("2026-12-26"), d("2026-12-27"))]
    assert kinds == ["workday", "holiday", "makeup", "weekend"] and set(kinds) == set(DayKind)
