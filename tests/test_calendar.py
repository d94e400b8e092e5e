"""WORKDAY-1: the working calendar of mainland China, with the company's overrides."""

from zoneinfo import ZoneInfo

from csops.rules.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
cal = WorkCalendar()


def test_workday_1_cli_show_set_import(cli, tmp_path):
    """WORKDAY-1."""
    cli.ok("init", "--head-login", "boss", user=None)
    rows = cli.json("calendar", "show", "--month", "2026-10")
    by = {r["date"]: r for r in rows}
    assert by["2026-10-01"]["kind"] == "holiday" and by["2026-10-10"]["kind"] == "makeup"
    r = cli("calendar", "show", "--month", "2027年2月", "--format", "json")
    assert r.exit_code == 0 and "provisional" in r.stderr
    sched = tmp_path / "2027.json"
    sched.write_text(
        '{"year": 2027, "days": [{"name": "春节", "date": "2027-02-20", "isOffDay": false},'
        '{"name": "春节", "date": "2027-02-11", "isOffDay": true}]}',
        encoding="utf-8",
    )
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
