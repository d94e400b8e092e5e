"""csops duty (DUTY-1..4)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

if TYPE_CHECKING:
    from csops.services.context import Ctx

app = typer.Typer(help=N_("Evening duty and the weekend on-site rotation (DUTY-*)."), no_args_is_help=True)
comp = typer.Typer(help=N_("Compensatory rest earned by weekend duty (DUTY-4)."), no_args_is_help=True)
app.add_typer(comp, name="comp-rest")


def _date(ctx: Ctx, text: str) -> date:
    from csops.dates import parse_date

    return parse_date(text, ctx.today)


@app.command("log", help=N_("Log an evening's work: prints the meal allowance and the next start time."))
def log(
    staff: Annotated[str, typer.Option("--staff", help=N_("Who worked (login)."))],
    day: Annotated[str, typer.Option("--date", help=N_("The evening's date."))],
    end: Annotated[
        str, typer.Option("--end", help=N_("When the work ended, HH:MM (before 12:00 means after midnight)."))
    ],
    assigned_by: Annotated[
        str | None,
        typer.Option(
            "--assigned-by", help=N_("Who arranged it: a rep, a supervisor or the head (DUTY-3); default yourself.")
        ),
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_time
    from csops.services.duty import log_duty

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: log_duty(ctx, staff_login=staff, day=_date(ctx, day), end=parse_time(end), assigned_by=assigned_by),
        write=True,
    )
    msg = _(
        "Logged {staff}'s evening of {date}. Meal allowance: {allowance} (DUTY-1). Next start: {next} (DUTY-2)."
    ).format(
        staff=row["staff"],
        date=row["date"].isoformat(),
        allowance=_("yes") if row["meal_allowance"] else _("no"),
        next=row["next_start"].strftime("%Y-%m-%d %H:%M"),
    )
    show_one(row, fmt, msg)


@app.command("next-start", help=N_("When a person starts on the working day after an evening (DUTY-2)."))
def next_start(
    staff: Annotated[str, typer.Option("--staff", help=N_("Who (login)."))],
    day: Annotated[str | None, typer.Option("--date", help=N_("The evening's date (default: today)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import next_start_for

    fmt = fmt_check(fmt)
    row = service(lambda ctx: next_start_for(ctx, staff, _date(ctx, day or "today")), write=False)
    show_one(row, fmt)


@app.command("list", help=N_("List evening duties."))
def list_(
    month: Annotated[str | None, typer.Option("--month", help=N_("Only this month."))] = None,
    staff: Annotated[str | None, typer.Option("--staff", help=N_("Only this person."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import list_duties

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: list_duties(ctx, month=month, staff_login=staff), write=False), fmt)


@app.command("mark", help=N_("Mark weekend days that need on-site work (DUTY-4): only these get a duty."))
def mark(
    days: Annotated[list[str], typer.Argument(help=N_("One or more Saturdays or Sundays."))],
    note: Annotated[str | None, typer.Option("--note", help=N_("What needs doing."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import mark_days

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: mark_days(ctx, [_date(ctx, d) for d in days], note=note), write=True), fmt)


@app.command(
    "unmark", help=N_("Unmark weekend days (DUTY-4): a day not yet worked loses its duty and the rest it earned.")
)
def unmark(
    days: Annotated[list[str], typer.Argument(help=N_("One or more marked days."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import mark_days

    fmt = fmt_check(fmt)
    show_rows(
        service(lambda ctx: mark_days(ctx, [_date(ctx, d) for d in days], note=None, unmark=True), write=True), fmt
    )


@app.command(
    "marked", help=N_("The weekend days of a month marked as needing on-site work, and who is on duty (DUTY-4).")
)
def marked(month: Annotated[str, typer.Option("--month", help=N_("The month."))], fmt: FormatOpt = "table") -> None:
    from csops.services.duty import marked_days

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: marked_days(ctx, month), write=False), fmt)


@app.command(
    "roster",
    help=N_("The weekend on-site rotation of a month's marked days (DUTY-4); --write stores the days still open."),
)
def roster(
    month: Annotated[str, typer.Option("--month", help=N_("The month."))],
    write: Annotated[bool, typer.Option("--write", help=N_("Store the roster (head, supervisor, rep)."))] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import roster as svc

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: svc(ctx, month, write=write), write=write), fmt)


@app.command(
    "swap", help=N_("Exchange two weekend days of the roster, or hand one to another on-site person (--staff).")
)
def swap(
    day: Annotated[str, typer.Argument(help=N_("A rostered weekend day."))],
    other: Annotated[str | None, typer.Argument(help=N_("The other rostered day to exchange with."))] = None,
    staff: Annotated[str | None, typer.Option("--staff", help=N_("Give the day to this on-site person."))] = None,
    fmt: FormatOpt = "table",
    to_old: Annotated[str | None, typer.Option("--to", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.cli.common import renamed
    from csops.services.duty import swap as svc

    fmt = fmt_check(fmt)
    to = renamed(staff, to_old, old="--to", new="--staff")
    rows = service(
        lambda ctx: svc(ctx, _date(ctx, day), other_day=_date(ctx, other) if other else None, to_login=to), write=True
    )
    show_rows(rows, fmt)


@comp.command("list", help=N_("Compensatory rest days: earned, taken, left."))
def comp_list(
    staff: Annotated[str | None, typer.Option("--staff", help=N_("Only this person."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import comp_rest_list

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: comp_rest_list(ctx, staff), write=False), fmt)


@comp.command("take", help=N_("Take a compensatory rest day on a working day."))
def comp_take(
    day: Annotated[str, typer.Option("--date", help=N_("The working day to rest."))],
    staff: Annotated[
        str | None, typer.Option("--staff", help=N_("For this person (head, supervisor); default yourself."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.duty import comp_rest_take

    fmt = fmt_check(fmt)
    row = service(lambda ctx: comp_rest_take(ctx, _date(ctx, day), staff), write=True)
    show_one(
        row,
        fmt,
        _("{staff} rests on {date} (earned on {earned}).").format(
            staff=row["staff"], date=row["taken_on"].isoformat(), earned=row["earned_on"].isoformat()
        ),
    )
