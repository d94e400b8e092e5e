"""csops report (REPORT-1..4)."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

app = typer.Typer(
    help=N_("Requests and reports upward, level by level (REPORT-*); exception notices too."), no_args_is_help=True
)
ReportId = Annotated[int, typer.Argument(help=N_("The report's id."))]
# the table's columns, in its order (JSON and CSV: every field of services.report.ReportView)
COLUMNS = ["ref", "category", "reporter", "to", "emergency", "inform_state", "status", "filed_at", "text"]


@app.command(
    "file",
    help=N_("Report a problem to your direct superior; --emergency --recipient L may skip a level of your own line."),
)
def file(
    text: Annotated[str, typer.Argument(help=N_("What happened."))],
    category: Annotated[
        str,
        typer.Option(
            "--category", help=N_("problem, leak, major-error, accident, violation, beyond-scope or obstruction.")
        ),
    ],
    emergency: Annotated[
        bool, typer.Option("--emergency", help=N_("An emergency: may go to a higher level (REPORT-4)."))
    ] = False,
    recipient: Annotated[
        str | None, typer.Option("--recipient", help=N_("To whom (login); default your direct superior."))
    ] = None,
    fmt: FormatOpt = "table",
    to_old: Annotated[str | None, typer.Option("--to", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.cli.common import renamed
    from csops.services.report import file_report

    fmt = fmt_check(fmt)
    to = renamed(recipient, to_old, old="--to", new="--recipient")
    row = service(lambda ctx: file_report(ctx, category=category, text=text, emergency=emergency, to=to), write=True)
    show_one(row, fmt, _("Report #{id} filed to {to}.").format(id=row.id, to=row.to))


@app.command("list", help=N_("List reports, with the receipts' exception notices as category exception."))
def list_(
    mine: Annotated[bool, typer.Option("--mine", help=N_("Only the ones I filed."))] = False,
    open_: Annotated[bool, typer.Option("--open", help=N_("Only open ones."))] = False,
    category: Annotated[str | None, typer.Option("--category", help=N_("Only this category."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.report import ReportView, list_reports

    fmt = fmt_check(fmt)
    show_rows(
        service(lambda ctx: list_reports(ctx, mine=mine, open_only=open_, category=category), write=False),
        fmt,
        columns=COLUMNS if fmt == "table" else [key for key, _how in ReportView.spec()],  # CSV: every field
    )


@app.command("inform", help=N_("Record that you told your direct superior after an emergency (REPORT-4)."))
def inform(rid: ReportId, fmt: FormatOpt = "table") -> None:
    from csops.services.report import inform as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, rid), write=True)
    show_one(row, fmt, _("Report #{id}: {login} was told.").format(id=rid, login=row.inform))


@app.command("close", help=N_("Close a report (the reporter or the recipient)."))
def close(rid: ReportId, fmt: FormatOpt = "table") -> None:
    from csops.services.report import close as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, rid), write=True)
    show_one(row, fmt, _("Report #{id} closed.").format(id=rid))
