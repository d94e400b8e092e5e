"""csops expense (EXPENSE-1..3)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from csops.cli.common import FormatOpt, export, fmt_check, service, show_one, show_rows, warn
from csops.i18n import N_, _

if TYPE_CHECKING:
    from csops.services.context import Ctx
    from csops.services.expense import ExpenseReportView, ReportSent

app = typer.Typer(
    help=N_("Business-entertainment expenses: claims, recording, the monthly report (EXPENSE-*)."), no_args_is_help=True
)
COLUMNS = ["id", "date", "staff", "client", "guests", "amount", "filed_at", "late", "recorded"]


@app.command("add", help=N_("File your claim: due by the second working day after the expense (EXPENSE-1)."))
def add(
    day: Annotated[str, typer.Option("--date", help=N_("The day of the expense."))],
    client: Annotated[str, typer.Option("--client", help=N_("The client entertained."))],
    guests: Annotated[str, typer.Option("--guests", help=N_('The client\'s people, e.g. "王经理, 李主管".'))],
    amount: Annotated[str, typer.Option("--amount", help=N_("The amount in yuan, e.g. 350.00."))],
    note: Annotated[str | None, typer.Option("--note", help=N_("A note."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.services.expense import add_expense

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: add_expense(
            ctx, day=parse_date(day, ctx.today), client=client, guests=guests, amount_text=amount, note=note
        ),
        write=True,
    )
    show_one(row, fmt, _("Expense #{id} filed: {amount} yuan.").format(id=row.id, amount=f"{row.amount:.2f}"))


@app.command("record", help=N_("Record a claim in the department's management report (assistant, head; EXPENSE-2)."))
def record(eid: Annotated[int, typer.Argument(help=N_("The expense's id."))], fmt: FormatOpt = "table") -> None:
    from csops.services.expense import record_expense

    fmt = fmt_check(fmt)
    row = service(lambda ctx: record_expense(ctx, eid), write=True)
    show_one(row, fmt, _("Expense #{id} recorded.").format(id=eid))


@app.command("list", help=N_("List expenses."))
def list_(
    month: Annotated[str | None, typer.Option("--month", help=N_("Only this month."))] = None,
    staff: Annotated[str | None, typer.Option("--staff", help=N_("Only this person."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.expense import list_expenses

    fmt = fmt_check(fmt)
    show_rows(
        service(lambda ctx: list_expenses(ctx, month, staff), write=False),
        fmt,
        columns=COLUMNS if fmt != "json" else None,
    )


@app.command(
    "report",
    help=N_(
        "The month's report for the head, due on the 5th (EXPENSE-3): totals by client and representative; "
        "--send mails it, or, once it went out, the addendum of the claims filed since."
    ),
)
def report(
    month: Annotated[str, typer.Option("--month", help=N_("The month (usually last month)."))],
    send: Annotated[bool, typer.Option("--send", help=N_("Mail it to the department head."))] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    from csops.dates import parse_month
    from csops.files import write_atomic
    from csops.output import to_json
    from csops.services.expense import expense_workbook, month_report, report_text, send_report

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))

    def run(ctx: Ctx) -> tuple[ExpenseReportView, ReportSent | None]:
        y, m = parse_month(month, ctx.today)
        rep = month_report(ctx, y, m)
        sent = None
        if send:
            if rep.report_sent_at is not None:  # the report went out: what is new goes as its addendum
                rep = month_report(ctx, y, m, addendum_only=True)
            sent = send_report(ctx, rep, expense_workbook(rep))
        return rep, sent

    rep, sent = service(run, write=send)
    if fmt == "xlsx":
        from csops.errors import BadInput

        if output is None:
            raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
        write_atomic(output, expense_workbook(rep))
        warn(_("Wrote {path}.").format(path=output))
    elif fmt == "csv":
        export(rep.claims, "csv", output, columns=COLUMNS)
    elif output is not None:
        write_atomic(output, to_json(rep.replace(sent=sent)) + "\n" if fmt == "json" else report_text(rep))
        warn(_("Wrote {path}.").format(path=output))
    elif fmt == "json":
        show_one(rep.replace(sent=sent), "json")
    else:
        typer.echo(report_text(rep), nl=False)
    if sent:
        warn(_("{subject}: to {to}.").format(subject=sent.subject, to=", ".join(sent.to)))
