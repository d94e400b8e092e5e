"""csops consignee (CLIENT-3..7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

app = typer.Typer(help=N_("Consignee files, mismatches, the monthly review (CLIENT-3..7)."), no_args_is_help=True)
ConsigneeId = Annotated[int, typer.Argument(help=N_("The consignee's id."))]


@app.command("add", help=N_("Put a client's consignee on file."))
def add(
    client: Annotated[str, typer.Option("--client", help=N_("The client (name or id)."))],
    name: Annotated[str, typer.Option("--name", help=N_("The consignee's name."))],
    address: Annotated[str, typer.Option("--address", help=N_("Delivery address."))],
    phone: Annotated[str, typer.Option("--phone", help=N_("Phone."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.client import add_consignee

    fmt = fmt_check(fmt)
    row = service(lambda ctx: add_consignee(ctx, client=client, name=name, address=address, phone=phone), write=True)
    show_one(row, fmt, _("Consignee #{id} added.").format(id=row["id"]))


@app.command("list", help=N_("List consignees."))
def list_(
    client: Annotated[str | None, typer.Option("--client", help=N_("Only this client's."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.client import list_consignees

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: list_consignees(ctx, client), write=False), fmt)


@app.command("show", help=N_("Show a consignee with its history and mismatches."))
def show(cid: ConsigneeId, fmt: FormatOpt = "table") -> None:
    from csops.services.client import show_consignee

    fmt = fmt_check(fmt)
    row = service(lambda ctx: show_consignee(ctx, cid), write=False)
    show_one(row, fmt)
    if fmt == "table":
        show_rows(row.history, "table", title=_("History"))
        if row.mismatches:
            show_rows(row.mismatches, "table", title=_("Mismatches"))


@app.command("mismatch", help=N_("Record a difference between the file and reality (CLIENT-3, CLIENT-7)."))
def mismatch(
    cid: ConsigneeId,
    field: Annotated[str, typer.Option("--field", help=N_("name, address or phone."))],
    actual: Annotated[str, typer.Option("--actual", help=N_("The real value."))],
    reported_by: Annotated[
        str | None, typer.Option("--reported-by", help=N_("Who reported it (login), e.g. from operations."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.client import record_mismatch

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: record_mismatch(ctx, cid, field=field, actual=actual, reported_by=reported_by), write=True
    )
    show_one(row, fmt, _("Mismatch #{id} recorded.").format(id=row["id"]))


@app.command("review", help=N_("The monthly review report for the clients to confirm (CLIENT-4)."))
def review(
    month: Annotated[str, typer.Option("--month", help=N_("The month."))],
    client: Annotated[str | None, typer.Option("--client", help=N_("Only this client."))] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    from csops.cli.common import export
    from csops.dates import parse_month
    from csops.services.client import ReviewRowView
    from csops.services.client import review as svc

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))
    rows = service(lambda ctx: svc(ctx, *parse_month(month, ctx.today), client), write=False)
    export(
        rows,
        fmt,
        output,
        sheet_by="client",
        title=_("Consignee review {month}").format(month=month),
        # a workbook shows every key of its rows: keep it to the review's columns, as the table
        columns=ReviewRowView.columns() if fmt == "xlsx" else None,
    )


@app.command(
    "confirm", help=N_("The client confirmed a mismatch: update the consignee, keep the old values (CLIENT-5).")
)
def confirm(mid: Annotated[int, typer.Argument(help=N_("The mismatch's id."))], fmt: FormatOpt = "table") -> None:
    from csops.services.client import confirm_mismatch

    fmt = fmt_check(fmt)
    row = service(lambda ctx: confirm_mismatch(ctx, mid), write=True)
    show_one(row, fmt, _("Consignee #{id} updated.").format(id=row["id"]))


@app.command("check", help=N_("Must operations be reminded before shipping to this consignee? (CLIENT-6)"))
def check(cid: ConsigneeId, fmt: FormatOpt = "table") -> None:
    from csops.services.client import check_consignee

    fmt = fmt_check(fmt)
    row = service(lambda ctx: check_consignee(ctx, cid), write=False)
    msg = (
        _("Remind operations of the changed details (CLIENT-6).") if row.remind_operations else _("No reminder needed.")
    )
    show_one(row, fmt, msg)
