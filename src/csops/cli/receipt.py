"""csops receipt (RCPT-1..6)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, renamed, service, show_one, show_rows, warn
from csops.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from csops.services.context import Ctx
    from csops.services.receipt import HoldLine, HoldView

app = typer.Typer(
    help=N_("Signed delivery receipts (回单): add, import, return, overdue, holds, month-end sheets (RCPT-*)."),
    no_args_is_help=True,
)
ShipmentNo = Annotated[str, typer.Argument(help=N_("The shipment number."))]


def _date(ctx: Ctx, text: str | None) -> date | None:
    from csops.dates import parse_date

    return parse_date(text, ctx.today) if text else None


@app.command("add", help=N_("Put a shipment's receipt on file: due back 15 days after shipping (RCPT-3)."))
def add(
    client: Annotated[str, typer.Option("--client", help=N_("The client (name or id)."))],
    shipment: Annotated[str, typer.Option("--shipment", help=N_("The shipment number."))],
    ship_date: Annotated[str, typer.Option("--ship-date", help=N_("The ship date."))],
    team: Annotated[str, typer.Option("--team", help=N_("The operations team that delivers it."))],
    consignee: Annotated[int | None, typer.Option("--consignee", help=N_("The consignee's id."))] = None,
    copies: Annotated[int, typer.Option("--copies", help=N_("How many copies the receipt has."))] = 1,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.services.receipt import add_receipt

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: add_receipt(
            ctx,
            client=client,
            shipment_no=shipment,
            ship_date=parse_date(ship_date, ctx.today),  # required: an empty value is not a date
            team=team,
            consignee_id=consignee,
            copies=copies,
        ),
        write=True,
    )
    show_one(
        row,
        fmt,
        _("Receipt of {no} on file; due back by {due}.").format(no=row.shipment_no, due=row.due_date.isoformat()),
    )


@app.command(
    "import",
    help=N_(
        "Import receipts from a CSV (shipment_no, client, ship_date, team[, consignee_id, copies]); all or nothing."
    ),
)
def import_(
    file: Annotated[Path, typer.Argument(help=N_("The CSV file (UTF-8 or GBK)."))],
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help=N_("Import the good lines and report the bad ones."))
    ] = False,
    fmt: FormatOpt = "table",
) -> None:
    import sys

    from csops.services.receipt import import_receipts

    fmt = fmt_check(fmt)
    progress: Callable[[int, int], None] | None = None
    bar = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task(_("Importing"), total=None)
        bar.start()

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

    try:
        row = service(lambda ctx: import_receipts(ctx, file, skip_bad=skip_bad, progress=progress), write=True)
    finally:
        if bar is not None:
            bar.stop()
    if fmt == "table":
        typer.echo(
            ngettext("Imported {n} receipt from {file}.", "Imported {n} receipts from {file}.", row.imported).format(
                n=row.imported, file=file
            )
        )
        for e in row.errors:
            warn(_("skipped {line}").format(line=e))
    else:
        show_one(row, fmt)


@app.command(
    "show",
    help=N_(
        "One receipt: its state (expected, returned, unqualified, re-signed, confirmed, handed back, filed) and dates."
    ),
)
def show(shipment: ShipmentNo, fmt: FormatOpt = "table") -> None:
    from csops.services.receipt import show_receipt

    fmt = fmt_check(fmt)
    show_one(service(lambda ctx: show_receipt(ctx, shipment), write=False), fmt)


@app.command(
    "return",
    help=N_(
        "A receipt came back: on time or late (RCPT-3); it waits to be checked (RCPT-2) unless --confirm; "
        "--unqualified files an exception notice (RCPT-5), also for one back but not yet checked."
    ),
)
def return_(
    shipment: ShipmentNo,
    day: Annotated[str | None, typer.Option("--date", help=N_("When it came back (default: today)."))] = None,
    unqualified: Annotated[
        bool, typer.Option("--unqualified", help=N_("It is not acceptable and goes back for re-signing."))
    ] = False,
    reason: Annotated[str | None, typer.Option("--reason", help=N_("What is wrong with it."))] = None,
    copy_kept: Annotated[bool, typer.Option("--copy-kept", help=N_("One copy was kept on file (RCPT-6)."))] = False,
    confirm: Annotated[
        bool, typer.Option("--confirm", help=N_("Checked on the spot and found correct (核对无误)."))
    ] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.receipt import STATE_WORDS, return_receipt

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: return_receipt(
            ctx,
            shipment,
            on=_date(ctx, day),
            unqualified=unqualified,
            reason=reason,
            copy_kept=copy_kept,
            confirm=confirm,
        ),
        write=True,
    )
    assert row.returned_on is not None  # a receipt just returned has its date
    show_one(
        row,
        fmt,
        _("Receipt of {no} back on {date}: {state}.").format(
            no=row.shipment_no, date=row.returned_on.isoformat(), state=_(STATE_WORDS[row.state])
        ),
    )


@app.command(
    "confirm",
    help=N_(
        "Customer service checked a receipt and found it correct (核对无误): it no longer holds its team (RCPT-2) "
        "and goes back to the client at the next hand-over (RCPT-4)."
    ),
)
def confirm(
    shipment: ShipmentNo,
    day: Annotated[str | None, typer.Option("--date", help=N_("When (default: today)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.receipt import confirm_receipt

    fmt = fmt_check(fmt)
    row = service(lambda ctx: confirm_receipt(ctx, shipment, _date(ctx, day)), write=True)
    show_one(row, fmt, _("Receipt of {no} confirmed.").format(no=row["shipment_no"]))


@app.command(
    "resign", help=N_("An unqualified receipt was re-signed (RCPT-5); once checked and confirmed the hold lifts.")
)
def resign(
    shipment: ShipmentNo,
    day: Annotated[str | None, typer.Option("--date", help=N_("When (default: today)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.receipt import resign_receipt

    fmt = fmt_check(fmt)
    row = service(lambda ctx: resign_receipt(ctx, shipment, _date(ctx, day)), write=True)
    show_one(row, fmt, _("Receipt of {no} re-signed.").format(no=row["shipment_no"]))


@app.command("overdue", help=N_("Receipts not back by their due date (RCPT-3), oldest first."))
def overdue(
    day: Annotated[str | None, typer.Option("--date", help=N_("As of this date (default: today)."))] = None,
    client: Annotated[str | None, typer.Option("--client", help=N_("Only this client."))] = None,
    team: Annotated[str | None, typer.Option("--team", help=N_("Only this team."))] = None,
    count: Annotated[bool, typer.Option("--count", help=N_("Print only how many."))] = False,
    fmt: FormatOpt = "table",
    as_of_old: Annotated[str | None, typer.Option("--as-of", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.output import render_stream
    from csops.services.receipt import OVERDUE_COLUMNS, overdue_chunks, overdue_count, overdue_csv_chunks, overdue_rows

    fmt = fmt_check(fmt)
    as_of = renamed(day, as_of_old, old="--as-of", new="--date")

    def run(ctx: Ctx) -> None:
        d = _date(ctx, as_of) or ctx.today
        if count:
            n = overdue_count(ctx, d, client, team)
            typer.echo(f'{{"overdue": {n}}}' if fmt == "json" else str(n))
            return
        if fmt == "csv":  # a million rows: SQLite writes the lines, or whole lists go to the csv module's C loop
            import csv
            import sys

            out = sys.stdout
            out.write(",".join(OVERDUE_COLUMNS) + "\n")
            if ctx.engine.dialect.name == "sqlite":
                for lines in overdue_csv_chunks(ctx, d, client, team):
                    out.write("\n".join(lines) + "\n")
            else:
                w = csv.writer(out, lineterminator="\n")
                for chunk in overdue_chunks(ctx, d, client, team):
                    w.writerows(chunk)
            return
        render_stream(overdue_rows(ctx, d, client, team), fmt, columns=OVERDUE_COLUMNS)

    service(run, write=False)


@app.command(
    "hold", help=N_("Which operations teams get no new work order, and which receipts hold each and why (RCPT-2).")
)
def hold(
    team: Annotated[str | None, typer.Option("--team", help=N_("Only this team."))] = None,
    limit: Annotated[
        int, typer.Option("--limit", help=N_("List at most this many receipts per team."), min=1, max=10_000)
    ] = 10,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.receipt import holds

    fmt = fmt_check(fmt)

    held = service(lambda ctx: holds(ctx, team, limit=limit), write=False)
    if fmt == "table" and not held:
        typer.echo(_("No team is on hold."))
        return
    rows: list[HoldView] | list[HoldLine] = held
    if fmt != "json":  # each receipt that holds the team as "NO (reason)", in one cell
        rows = [r.line() for r in held]
    show_rows(rows, fmt)


@app.command(
    "workorder",
    help=N_(
        "Issue a work order to a team for a shipment: refused while any earlier shipment of the team "
        "has no receipt back and confirmed (RCPT-2)."
    ),
)
def workorder(
    team: Annotated[str, typer.Option("--team", help=N_("The operations team."))],
    shipment: Annotated[
        str | None,
        typer.Option("--shipment", help=N_("The shipment the work order is for (its own receipt does not hold it).")),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help=N_("A note."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.receipt import issue_work_order

    fmt = fmt_check(fmt)
    row = service(lambda ctx: issue_work_order(ctx, team, note, shipment), write=True)
    show_one(row, fmt, _("Work order #{id} issued to {team}.").format(id=row["id"], team=row["team"]))


def _sheet(month: str, client: str | None, fmt: str, output: Path | None, mark: str) -> None:
    from csops.cli.common import export
    from csops.dates import parse_month
    from csops.services.receipt import sign_off_sheet

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))
    sheet = service(lambda ctx: sign_off_sheet(ctx, *parse_month(month, ctx.today), client, task=mark), write=True)
    kept = sheet.kept_back
    if kept:
        from csops.services.receipt import hold_word

        warn(
            _("Kept back with customer service (RCPT-4: only receipts checked and confirmed go back): {list}.").format(
                list=", ".join(f"{n} {hold_word(why)}" for why, n in sorted(kept.items()))
            )
        )
    from csops.services.receipt import SIGNED_SHEET_ONE_PAGE, sign_off_paper

    title, footer = sign_off_paper(mark, month)
    export(sheet.rows, fmt, output, sheet_by="client", title=title, footer=footer, one_page_up_to=SIGNED_SHEET_ONE_PAGE)


@app.command(
    "handover",
    help=N_(
        "The 15th: hand a month's confirmed receipts (and earlier ones confirmed since) back to each client "
        "against signature (RCPT-4)."
    ),
)
def handover(
    month: Annotated[
        str, typer.Option("--month", help=N_("The month the receipts were shipped in (usually last month)."))
    ],
    client: Annotated[str | None, typer.Option("--client", help=N_("Only this client."))] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    _sheet(month, client, fmt, output, "handover")


@app.command("archive", help=N_("The 20th: file the clients' sign-off records with the assistant (RCPT-4)."))
def archive(
    month: Annotated[
        str, typer.Option("--month", help=N_("The month the receipts were shipped in (usually last month)."))
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    _sheet(month, None, fmt, output, "archive")
