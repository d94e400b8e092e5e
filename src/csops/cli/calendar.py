"""csops calendar: the working calendar (WORKDAY-1)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows, warn
from csops.i18n import N_, _

if TYPE_CHECKING:
    from csops.services.calendar import CalendarDayView
    from csops.services.context import Ctx

R = TypeVar("R", bound=Mapping[str, Any])

app = typer.Typer(
    help=N_("The working calendar: public holidays, make-up days, company overrides."), no_args_is_help=True
)


def draw_grid(rows: Sequence[R], title: str, mark: Callable[[R], tuple[str, str]] | None = None) -> None:
    """Print a month as a Monday-first grid; ``mark(row)`` gives (text, style) per day."""
    from rich.console import Console
    from rich.table import Table

    heads = [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]
    table = Table(title=title, show_lines=True)
    for h in heads:
        table.add_column(h, justify="center")
    week = [""] * rows[0]["date"].weekday()
    for r in rows:
        text, style = mark(r) if mark else (str(r["date"].day), "")
        week.append(f"[{style}]{text}[/]" if style else text)
        if len(week) == 7:
            table.add_row(*week)
            week = []
    if week:
        table.add_row(*(week + [""] * (7 - len(week))))
    Console().print(table)


def _day_mark(r: Mapping[str, Any]) -> tuple[str, str]:
    d = str(r["date"].day)
    if r["kind"] == "holiday":
        return f"{d}\n{_('off')}", "bold red"
    if r["kind"] == "makeup":
        return f"{d}\n{_('make-up')}", "bold yellow"
    if r["kind"] == "weekend":
        return d, "dim"
    return d, ""


@app.command("show", help=N_("Draw a month: holidays, make-up working days (调休), weekends."))
def show(
    month: Annotated[str, typer.Option("--month", help=N_("The month, e.g. 2026-10 or 2026年10月."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_month
    from csops.services.calendar import month_days, provisional_warning

    fmt = fmt_check(fmt)

    def run(ctx: Ctx) -> tuple[int, int, list[CalendarDayView]]:
        y, m = parse_month(month, ctx.today)
        return y, m, month_days(ctx, y, m)

    y, m, rows = service(run, write=False)
    if rows and rows[0]["provisional"]:
        warn(provisional_warning(y))
    if fmt != "table":
        show_rows(rows, fmt)
        return
    draw_grid(rows, f"{y}-{m:02d}", _day_mark)
    for r in rows:
        if r["kind"] in ("holiday", "makeup") and r["name"]:
            typer.echo(f"  {r['date'].isoformat()}  {r['name']}")


@app.command("set", help=N_("Make a date a working day or a holiday for the company (head, assistant)."))
def set_(
    day: Annotated[str, typer.Argument(help=N_("The date."))],
    kind: Annotated[str, typer.Argument(help=N_("workday or holiday."))],
    name: Annotated[str | None, typer.Option("--name", help=N_("A name for the day, e.g. 公司年会."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.rules.calendar import DayKind
    from csops.services.calendar import KIND_WORDS, set_day

    fmt = fmt_check(fmt)
    r = service(lambda ctx: set_day(ctx, parse_date(day, ctx.today), kind, name), write=True)
    # the kind asked for (a working day set on a weekend is a make-up day), in the area's words
    show_one(r, fmt, _("{date} is now a {kind}.").format(date=r.date.isoformat(), kind=_(KIND_WORDS[DayKind(kind)])))


@app.command("import", help=N_("Import an official schedule in holiday-cn's JSON layout; completes its year."))
def import_(file: Annotated[Path, typer.Argument(help=N_("The JSON file."))], fmt: FormatOpt = "table") -> None:
    from csops.services.calendar import import_schedule

    fmt = fmt_check(fmt)
    r = service(lambda ctx: import_schedule(ctx, file), write=True)
    show_one(
        r, fmt, _("Imported {days} days for {years}.").format(days=r["days"], years=", ".join(map(str, r["years"])))
    )
