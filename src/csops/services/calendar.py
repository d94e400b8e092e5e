"""WORKDAY-1 in the store: the company's overrides and imported official schedules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from csops.errors import BadInput
from csops.i18n import N_, _
from csops.rules.calendar import DayKind, Official
from csops.services.context import Ctx, audit
from csops.views import WEEKDAY_WORDS, View, shown

# WORKDAY-1: the kinds of day in the reader's words (JSON keeps the codes)
KIND_WORDS: dict[str, str] = {
    DayKind.WORKDAY: N_("workday"),
    DayKind.WEEKEND: N_("weekend"),
    DayKind.HOLIDAY: N_("holiday"),
    DayKind.MAKEUP: N_("makeup"),
}


@dataclass(frozen=True)
class CalendarDayView(View):
    """WORKDAY-1: one day of the working calendar."""

    date: date = shown(N_("Date"), "date")
    weekday: str = shown(N_("Weekday"), "code", words=WEEKDAY_WORDS)
    workday: bool = shown(N_("Working day"), "bool")
    kind: DayKind = shown(N_("Kind"), "code", words=KIND_WORDS)
    name: str = shown(N_("Name"))
    holiday_break: str = shown(N_("Holiday break"))
    provisional: bool = shown(N_("Provisional"), "bool")


@dataclass(frozen=True)
class DaySetView(View):
    """WORKDAY-1: a day the company made a working day or a holiday."""

    date: date = shown(N_("Date"), "date")
    workday: bool = shown(N_("Working day"), "bool")
    kind: DayKind = shown(N_("Kind"), "code", words=KIND_WORDS)
    name: str = shown(N_("Name"))


@dataclass(frozen=True)
class ScheduleImportView(View):
    """WORKDAY-1: an official schedule imported: its years and how many days it listed."""

    years: list[int] = shown(N_("Years"), "list")
    days: int = shown(N_("Days"), "int")


def cached_official(year: int) -> Official:
    """WORKDAY-1 data of python-holidays for ``year``, kept in the user's cache folder per
    library version (computing it loads 300 modules: ~70 ms a command otherwise)."""
    import os
    from importlib.metadata import PackageNotFoundError, version

    from csops.rules.calendar import official_year

    try:
        lib = version("holidays")
        from platformdirs import user_cache_dir

        folder = Path(os.environ.get("CSOPS_CACHE") or user_cache_dir("csops"))
    except (PackageNotFoundError, Exception):  # pragma: no cover - no metadata or no home
        return official_year(year)
    path = folder / f"cn-{lib}-{year}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (
            {date.fromisoformat(k): v for k, v in data["days"].items()},
            frozenset(date.fromisoformat(d) for d in data["makeup"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        pass
    days, makeup = official_year(year)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(
            json.dumps(
                {"days": {d.isoformat(): n for d, n in days.items()}, "makeup": sorted(d.isoformat() for d in makeup)},
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        os.replace(tmp, path)
    except OSError:
        pass
    return days, makeup


def month_days(ctx: Ctx, year: int, month: int) -> list[CalendarDayView]:
    from csops.dates import iter_days, month_range

    cal = ctx.calendar
    rows = []
    for d in iter_days(*month_range(year, month)):
        info = cal.day(d)
        rows.append(
            CalendarDayView(
                date=d,
                weekday=d.strftime("%a"),
                workday=info.workday,
                kind=DayKind(info.kind),
                name=info.name,
                holiday_break=info.holiday_break,
                provisional=info.provisional,
            )
        )
    return rows


def provisional_warning(year: int) -> str:
    return _(
        "The {year} calendar is provisional: python-holidays does not have the official schedule for {year}, "
        "so make-up working days (调休) are missing. Complete it with `csops calendar import FILE.json` "
        "(holiday-cn layout) or `csops calendar set DATE workday|holiday`."
    ).format(year=year)


def set_day(ctx: Ctx, day: date, kind: str, name: str | None) -> DaySetView:
    from csops.models import CalendarDay

    ctx.require("calendar set")
    if kind not in ("workday", "holiday"):
        raise BadInput(_("A day is set to `workday` or `holiday`, not {kind!r}.").format(kind=kind))
    row = ctx.session.get(CalendarDay, day)
    before = None
    if row is None:
        row = CalendarDay(day=day, kind=kind, name=name or "", source="company")
    else:
        before = {"day": row.day.isoformat(), "kind": row.kind, "name": row.name, "source": row.source}
        row.kind, row.name, row.source = kind, name or "", "company"
    ctx.session.add(row)
    audit(
        ctx,
        "calendar.set",
        "calendar_day",
        day.isoformat(),
        before=before,
        after={"day": day.isoformat(), "kind": kind, "name": name or "", "source": "company"},
    )
    ctx._calendar = None
    info = ctx.calendar.day(day)
    return DaySetView(day, info.workday, DayKind(info.kind), info.name)


def parse_schedule(text: str) -> list[tuple[date, bool, str]]:
    """Read an official schedule in holiday-cn's layout: ``{"days": [{"name", "date", "isOffDay"}]}``
    (a bare list of those objects works too)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(_("Not a JSON file: {reason}").format(reason=exc)) from None
    days = data.get("days") if isinstance(data, dict) else data
    if not isinstance(days, list) or not days:
        raise BadInput(_('No days found: expected {"days": [{"name", "date", "isOffDay"}, ...]}.'))
    out, errors = [], []
    for i, item in enumerate(days, 1):
        try:
            d = date.fromisoformat(str(item["date"]))
            off = item["isOffDay"]
            if not isinstance(off, bool):
                raise ValueError("isOffDay must be true or false")
            out.append((d, off, str(item.get("name", ""))))
        except (KeyError, TypeError, ValueError) as exc:
            errors.append(_("day {n}: {reason}").format(n=i, reason=exc))
    if errors:
        raise BadInput(_("The schedule has bad entries; nothing was imported:") + "\n  " + "\n  ".join(errors))
    return out


def import_schedule(ctx: Ctx, path: Path) -> ScheduleImportView:
    from csops.models import CalendarDay, CalendarYear

    ctx.require("calendar import")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(_("Cannot read {path}: {reason}").format(path=path, reason=exc)) from None
    days = parse_schedule(text)
    years = sorted({d.year for d, _off, _n in days})
    for d, off, name in days:
        row = ctx.session.get(CalendarDay, d) or CalendarDay(day=d, kind="", name="")
        row.kind, row.name, row.source = ("holiday" if off else "workday"), name, "import"
        ctx.session.add(row)
    for y in years:
        if ctx.session.get(CalendarYear, y) is None:
            ctx.session.add(CalendarYear(year=y, imported_at=ctx.now))
    audit(
        ctx,
        "calendar.import",
        "calendar_year",
        ",".join(map(str, years)),
        after={"years": years, "days": len(days), "file": Path(path).name},
    )
    return ScheduleImportView(years, len(days))
