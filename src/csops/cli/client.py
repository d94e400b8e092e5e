"""csops client (CLIENT-1, CLIENT-2)."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

app = typer.Typer(help=N_("Client files: basic data and the four standards (CLIENT-2)."), no_args_is_help=True)

Receiving = Annotated[str | None, typer.Option("--receiving", help=N_("Receiving and shipping standard."))]
Damage = Annotated[str | None, typer.Option("--damage", help=N_("Damage standard."))]
Stacking = Annotated[str | None, typer.Option("--stacking", help=N_("Stacking standard."))]
Signing = Annotated[str | None, typer.Option("--signing", help=N_("Signing standard."))]
Contact = Annotated[str | None, typer.Option("--contact", help=N_("Contact person."))]
Phone = Annotated[str | None, typer.Option("--phone", help=N_("Phone."))]
Address = Annotated[str | None, typer.Option("--address", help=N_("Address."))]


@app.command("add", help=N_("Open a client's file."))
def add(
    name: Annotated[str, typer.Argument(help=N_("The client's name."))],
    receiving: Receiving = None,
    damage: Damage = None,
    stacking: Stacking = None,
    signing: Signing = None,
    contact: Contact = None,
    phone: Phone = None,
    address: Address = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.client import add_client

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: add_client(
            ctx,
            name,
            receiving=receiving,
            damage=damage,
            stacking=stacking,
            signing=signing,
            contact=contact,
            phone=phone,
            address=address,
        ),
        write=True,
    )
    show_one(row, fmt, _("Client #{id} {name} added.").format(id=row["id"], name=row["name"]))


@app.command("list", help=N_("List the clients."))
def list_(fmt: FormatOpt = "table") -> None:
    from csops.services.client import ClientView, list_clients

    fmt = fmt_check(fmt)
    show_rows(
        service(list_clients, write=False),
        fmt,
        columns=None if fmt == "table" else [key for key, _how in ClientView.spec()],  # CSV: every field
    )


@app.command("show", help=N_("Show a client's file with its consignees."))
def show(name: Annotated[str, typer.Argument(help=N_("The client's name or id."))], fmt: FormatOpt = "table") -> None:
    from csops.services.client import show_client

    fmt = fmt_check(fmt)
    row = service(lambda ctx: show_client(ctx, name), write=False)
    show_one(row, fmt)
    if fmt == "table" and row.consignees:
        show_rows(row.consignees, "table", title=_("Consignees"))


@app.command("edit", help=N_("Change a client's file."))
def edit(
    name: Annotated[str, typer.Argument(help=N_("The client's name or id."))],
    receiving: Receiving = None,
    damage: Damage = None,
    stacking: Stacking = None,
    signing: Signing = None,
    contact: Contact = None,
    phone: Phone = None,
    address: Address = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.client import edit_client

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: edit_client(
            ctx,
            name,
            receiving=receiving,
            damage=damage,
            stacking=stacking,
            signing=signing,
            contact=contact,
            phone=phone,
            address=address,
        ),
        write=True,
    )
    show_one(row, fmt, _("Client {name} updated.").format(name=row["name"]))
