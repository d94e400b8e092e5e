"""csops inquiry (INQUIRY-1)."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

app = typer.Typer(help=N_("Client tracking inquiries with reply deadlines (INQUIRY-1)."), no_args_is_help=True)
InquiryId = Annotated[int, typer.Argument(help=N_("The inquiry's id."))]
# the table's columns, in its order (JSON and CSV: every field of services.inquiry.InquiryView)
COLUMNS = ["id", "client", "shipment_no", "owner", "opened_at", "due_at", "state", "supervisor"]


@app.command("open", help=N_("Record a client's tracking question; the reply is due within working hours."))
def open_(
    client: Annotated[str, typer.Option("--client", help=N_("The client (name or id)."))],
    question: Annotated[str, typer.Option("--question", help=N_("What the client asks."))],
    shipment: Annotated[str | None, typer.Option("--shipment", help=N_("The shipment number asked about."))] = None,
    channel: Annotated[str, typer.Option("--channel", help=N_("phone, email or wechat."))] = "phone",
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.inquiry import open_inquiry

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: open_inquiry(ctx, client=client, shipment=shipment, question=question, channel=channel), write=True
    )
    show_one(
        row,
        fmt,
        _("Inquiry #{id} opened; answer by {due}.").format(id=row.id, due=row.due_at.strftime("%Y-%m-%d %H:%M")),
    )


@app.command("answer", help=N_("Record the answer given to the client."))
def answer(
    iid: InquiryId, text: Annotated[str, typer.Argument(help=N_("The answer."))], fmt: FormatOpt = "table"
) -> None:
    from csops.services.inquiry import answer_inquiry

    fmt = fmt_check(fmt)
    row = service(lambda ctx: answer_inquiry(ctx, iid, text), write=True)
    show_one(row, fmt, _("Inquiry #{id} answered.").format(id=iid))


@app.command("list", help=N_("List inquiries; overdue ones name the representative and the supervisor to tell."))
def list_(
    open_: Annotated[bool, typer.Option("--open", help=N_("Only unanswered ones."))] = False,
    overdue: Annotated[bool, typer.Option("--overdue", help=N_("Only unanswered ones past their deadline."))] = False,
    client: Annotated[str | None, typer.Option("--client", help=N_("Only this client."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.inquiry import InquiryView, list_inquiries

    fmt = fmt_check(fmt)
    show_rows(
        service(lambda ctx: list_inquiries(ctx, open_only=open_, overdue_only=overdue, client=client), write=False),
        fmt,
        columns=COLUMNS if fmt == "table" else [key for key, _how in InquiryView.spec()],  # CSV: every field
    )


@app.command("show", help=N_("Show one inquiry."))
def show(iid: InquiryId, fmt: FormatOpt = "table") -> None:
    from csops.services.inquiry import show_inquiry

    fmt = fmt_check(fmt)
    show_one(service(lambda ctx: show_inquiry(ctx, iid), write=False), fmt)
