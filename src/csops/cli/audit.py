"""csops audit: the append-only log of every write."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_

app = typer.Typer(help=N_("The audit log: who did what, when."), no_args_is_help=True)


@app.command("list", help=N_("List audit entries (head, assistant, supervisor)."))
def list_(
    entity: Annotated[
        str | None, typer.Option("--entity", help=N_("Only this kind of record, e.g. staff, leave."))
    ] = None,
    id_: Annotated[str | None, typer.Option("--id", help=N_("Only this record's id."))] = None,
    since: Annotated[str | None, typer.Option("--since", help=N_("Only entries from this date on."))] = None,
    limit: Annotated[int, typer.Option("--limit", help=N_("At most this many entries (newest last)."))] = 1000,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.audit import list_audit

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: list_audit(ctx, entity=entity, entity_id=id_, since=since, limit=limit), write=False)
    show_rows(rows, fmt, columns=list(rows[0]) if fmt == "csv" and rows else None)  # CSV: every field


@app.command(
    "head",
    help=N_(
        "The audit chain's head: the newest entry and its hash, after verifying the chain (write it down; "
        "the monthly summary mail carries it)."
    ),
)
def head(fmt: FormatOpt = "table") -> None:
    from csops.services.audit import chain_head

    fmt = fmt_check(fmt)
    view = service(chain_head, write=False)
    show_one(view, fmt)
    if not view.ok:
        raise typer.Exit(1)
