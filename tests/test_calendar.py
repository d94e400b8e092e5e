"""WORKDAY-1: the working calendar of mainland China, with the company's overrides."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from csops.rules.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


@pytest.mark.parametrize("d", ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_workday_1_2026_make_up_days_are_working_days(d):
    """WORKDAY-1, WORKDAY-2026."""
    info = cal.day(date.fromisoformat(d))
    assert info.workday and info.kind == "makeup" and not info.provisional


@pytest.mark.parametrize("d", [f"2026-02-{n}" for n in range(15, 24)] + [f"2026-10-0{n}" for n in range(1, 8)])
def test_workday_1_2026_spring_festival_and_national_day_are_days_off(d):
    """WORKDAY-1, WORKDAY-2026."""
    assert not cal.is_workday(date.fromisoformat(d))


def test_workday_1_ordinary_days():
    """WORKDAY-1."""
    assert cal.is_workday(date(2026, 11, 27))  # Friday
    assert not cal.is_workday(date(2026, 11, 28))  # Saturday
    assert cal.day(date(2026, 11, 28)).kind == "weekend"
    assert cal.is_holiday(date(2026, 10, 1)) and not cal.is_holiday(date(2026, 11, 28))


def test_workday_1_next_and_nth_working_day_across_spring_festival():
    """WORKDAY-1."""
    assert cal.next_workday(date(2026, 2, 13)) == date(2026, 2, 14)  # make-up Saturday
    assert cal.next_workday(date(2026, 2, 14)) == date(2026, 2, 24)
    assert cal.add_workdays(date(2026, 2, 13), 2) == date(2026, 2, 24)
    assert cal.next_workday(date(2026, 11, 27)) == date(2026, 11, 30)
    assert len(cal.workdays_between(date(2026, 10, 1), date(2026, 10, 11))) == 3  # 8, 9 and make-up 10


def test_workday_1_working_minutes_leave_out_lunch_and_night():
    """WORKDAY-1."""
    a = datetime(2026, 11, 27, 11, 0, tzinfo=TZ)
    assert cal.working_minutes(a, datetime(2026, 11, 27, 14, 0, tzinfo=TZ)) == 90  # 60 + 30
    assert cal.working_minutes(datetime(2026, 11, 27, 9, 0, tzinfo=TZ), datetime(2026, 11, 27, 18, 0, tzinfo=TZ)) == 450
    # Friday 17:00 to Monday 10:00: one hour Friday, one hour Monday
    assert cal.working_minutes(datetime(2026, 11, 27, 17, 0, tzinfo=TZ), datetime(2026, 11, 30, 10, 0, tzinfo=TZ)) == 120
    assert cal.add_working_minutes(datetime(2026, 11, 27, 11, 30, tzinfo=TZ), 60) == datetime(2026, 11, 27, 14, 0, tzinfo=TZ)
    assert cal.add_working_minutes(datetime(2026, 11, 27, 17, 30, tzinfo=TZ), 120) == datetime(2026, 11, 30, 10, 30, tzinfo=TZ)


def test_workday_1_2027_is_provisional_until_completed():
    """WORKDAY-1, WORKDAY-2027."""
    assert cal.is_provisional(2027)
    assert cal.day(date(2027, 3, 1)).provisional
    done = WorkCalendar({date(2027, 2, 20): ("workday", "春节调休")}, {2027})
    assert not done.is_provisional(2027)
    assert done.is_workday(date(2027, 2, 20))


def test_workday_1_company_overrides_win():
    """WORKDAY-1."""
    c = WorkCalendar({date(2026, 11, 27): ("holiday", "公司年会"), date(2026, 11, 28): ("workday", "")})
    assert not c.is_workday(date(2026, 11, 27)) and c.is_holiday(date(2026, 11, 27))
    assert c.is_workday(date(2026, 11, 28))


def test_workday_1_cli_show_set_import(cli, tmp_path):
    """WORKDAY-1."""
    cli.ok("init", "--head-login", "boss", user=None)
    rows = cli.json("calendar", "show", "--month", "2026-10")
    by = {r["date"]: r for r in rows}
    assert by["2026-10-01"]["kind"] == "holiday" and by["2026-10-10"]["kind"] == "makeup"
    r = cli("calendar", "show", "--month", "2027年2月", "--format", "json")
    assert r.exit_code == 0 and "provisional" in r.stderr
    sched = tmp_path / "2027.json"
    sched.write_text('{"year": 2027, "days": [{"name": "春节", "date": "2027-02-20", "isOffDay": false},'
                     '{"name": "春节", "date": "2027-02-11", "isOffDay": true}]}', encoding="utf-8")
    assert cli.json("calendar", "import", str(sched))["years"] == [2027]
    rows = {r["date"]: r for r in cli.json("calendar", "show", "--month", "2027-02")}
    assert rows["2027-02-20"]["workday"] and not rows["2027-02-11"]["workday"] and not rows["2027-02-01"]["provisional"]
    assert cli.json("calendar", "set", "2026-12-31", "holiday", "--name", "公司年会")["workday"] is False
    cli.fails(2, "calendar", "set", "2026-12-31", "maybe")
    cli.fails(2, "calendar", "set", "2026-02-30", "holiday")
    bad = tmp_path / "bad.json"
    bad.write_text('{"days": [{"date": "2027-13-01", "isOffDay": true}]}', encoding="utf-8")
    r = cli.fails(2, "calendar", "import", str(bad))
    assert "day 1" in r.stderr


def test_workday_1_official_data_is_cached_per_library_version(tmp_path):
    """WORKDAY-1."""
    from csops.rules.calendar import official_year
    from csops.services.calendar import cached_official

    first = cached_official(2026)
    files = list((tmp_path / "cache").glob("cn-*-2026.json"))
    assert len(files) == 1
    assert cached_official(2026) == first == official_year(2026)
    files[0].write_text("not json")
    assert cached_official(2026) == first  # a damaged cache is recomputed
