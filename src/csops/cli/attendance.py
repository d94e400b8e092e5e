"""csops attendance (ATTEND-1..6, LEAVE-9)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csops.cli.common import FormatOpt, export, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from csops.services.attendance import DayView, FutureDayView

app = typer.Typer(
    help=N_("Attendance: arrivals, time away, start times, day status, monthly summary (ATTEND-*)."),
    no_args_is_help=True,
)
STATUS_STYLE = {
    "on-time": "green",
    "late": "yellow",
    "violation": "bold red",
    "absent": "red",
    "on-leave": "cyan",
    "rest": "dim",
}


def _read_entries(text: str) -> list[tuple[str, str, str | None]]:
    """Lines of ``login,in[,out]`` (a header line is allowed)."""
    import csv
    import io

    from csops.errors import BadInput

    out, errors = [], []
    for n, rec in enumerate(csv.reader(io.StringIO(text)), 1):
        if not rec or not "".join(rec).strip():
            continue
        if n == 1 and rec[0].strip().lower() in ("login", "staff"):
            continue
        if len(rec) < 2:
            errors.append(_("line {n}: expected login,in[,out]").format(n=n))
            continue
        out.append((rec[0].strip(), rec[1].strip(), rec[2].strip() if len(rec) > 2 and rec[2].strip() else None))
    if errors:
        raise BadInput(_("Nothing was recorded:") + "\n  " + "\n  ".join(errors))
    return out


@app.command(
    "record",
    help=N_("Record arrivals (front desk): repeat --staff L --in HH:MM, or --file CSV (login,in,out; - for stdin)."),
)
def record(
    day: Annotated[str, typer.Option("--date", help=N_("The day (default: today)."))] = "today",
    staff: Annotated[
        list[str] | None, typer.Option("--staff", help=N_("Who arrived (repeat for several people)."))
    ] = None,
    time_in: Annotated[list[str] | None, typer.Option("--in", help=N_("Arrival time HH:MM, one per --staff."))] = None,
    time_out: Annotated[
        list[str] | None, typer.Option("--out", help=N_("Leaving time HH:MM, one per --staff (optional)."))
    ] = None,
    file: Annotated[
        str | None, typer.Option("--file", help=N_("A CSV of login,in[,out] lines; - reads stdin."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    import sys

    from csops.dates import parse_date, parse_time
    from csops.errors import BadInput
    from csops.services.attendance import record_arrivals

    fmt = fmt_check(fmt)
    staff, time_in, time_out = staff or [], time_in or [], time_out or []
    raw: list[tuple[str, str, str | None]] = []
    if staff or time_in:
        if len(staff) != len(time_in) or (time_out and len(time_out) != len(staff)):
            raise BadInput(_("Give one --in (and one --out, if any) for each --staff."))
        raw += [(s, i, time_out[k] if time_out else None) for k, (s, i) in enumerate(zip(staff, time_in, strict=False))]
    if file:
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(_("Cannot read {path}: {reason}").format(path=file, reason=exc)) from None
        raw += _read_entries(text)
    entries = [(s, parse_time(i), parse_time(o) if o else None) for s, i, o in raw]
    rows = service(lambda ctx: record_arrivals(ctx, parse_date(day, ctx.today), entries), write=True)
    if fmt == "table":
        typer.echo(ngettext("Recorded {n} arrival.", "Recorded {n} arrivals.", len(rows)).format(n=len(rows)))
    show_rows(rows, fmt)


@app.command("away", help=N_("Record time away from the post (LEAVE-9)."))
def away(
    staff: Annotated[str, typer.Option("--staff", help=N_("Who (login)."))],
    start: Annotated[str, typer.Option("--from", help=N_("When they left the post."))],
    end: Annotated[str, typer.Option("--to", help=N_("When they came back."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_datetime
    from csops.services.attendance import record_away

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: record_away(ctx, staff, parse_datetime(start, ctx.now), parse_datetime(end, ctx.now)), write=True
    )
    msg = _("{staff} was away {minutes} minutes.").format(staff=row["staff"], minutes=row["away_minutes"])
    if row["violation"]:
        msg += " " + _("That is a breach of discipline (LEAVE-9).")
    show_one(row, fmt, msg)


@app.command("start", help=N_("Set a person's start time for a date (head, ATTEND-4)."))
def start(
    staff: Annotated[str, typer.Option("--staff", help=N_("Who (login)."))],
    day: Annotated[str, typer.Option("--date", help=N_("The date."))],
    at: Annotated[str, typer.Option("--at", help=N_("The start time, HH:MM."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date, parse_time
    from csops.services.attendance import set_start

    fmt = fmt_check(fmt)
    row = service(lambda ctx: set_start(ctx, staff, parse_date(day, ctx.today), parse_time(at)), write=True)
    show_one(
        row,
        fmt,
        _("{staff} starts at {at} on {date} (ATTEND-4).").format(
            staff=row["staff"], at=at, date=row["date"].isoformat()
        ),
    )


@app.command("day", help=N_("Everyone's status on a day: expected start, arrival, status and the clause that decided."))
def day(
    day: Annotated[str, typer.Option("--date", help=N_("The day (default: today)."))] = "today",
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.services.attendance import day_report

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: day_report(ctx, parse_date(day, ctx.today)), write=False)
    show_rows(rows, fmt, columns=list(rows[0]) if fmt == "csv" and rows else None)  # CSV: every field


@app.command("summary", help=N_("The month's attendance per person (ATTEND-5); xlsx with --output."))
def summary(
    month: Annotated[str, typer.Option("--month", help=N_("The month."))],
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    from csops.dates import parse_month
    from csops.errors import BadInput
    from csops.services.attendance import summary as svc

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))
    if fmt == "xlsx" and output is None:
        raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
    rows = service(lambda ctx: svc(ctx, *parse_month(month, ctx.today)), write=False)
    if fmt == "xlsx":
        from csops.documents import write_xlsx

        assert output is not None  # refused above
        write_xlsx(output, {_("Attendance"): rows})
        typer.echo(_("Wrote {path}.").format(path=output))
        return
    export(rows, fmt, output)


@app.command("calendar", help=N_("A person's month as a coloured grid, one cell per day."))
def calendar(
    staff: Annotated[str, typer.Option("--staff", help=N_("Who (login)."))],
    month: Annotated[str, typer.Option("--month", help=N_("The month."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.cli.calendar import draw_grid
    from csops.dates import parse_month
    from csops.services.attendance import STATUS_WORDS, staff_month

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: staff_month(ctx, staff, *parse_month(month, ctx.today)), write=False)
    if fmt != "table":
        show_rows(rows, fmt, columns=list(rows[0]) if fmt == "csv" and rows else None)  # CSV: every field
        return

    def mark(r: DayView | FutureDayView) -> tuple[str, str]:
        st = r.status
        if st is None:
            return str(r.date.day), "dim"
        extra = f"+{r.late_minutes}" if r.late_minutes else ""
        return f"{r.date.day}\n{_(STATUS_WORDS[st])}{extra}", STATUS_STYLE.get(st, "")

    draw_grid(rows, f"{staff} {rows[0]['date'].strftime('%Y-%m')}", mark)
