"""csops audit: the append-only log of every write."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_rows
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
    show_rows(
        rows, fmt, columns=["id", "at", "actor", "os_user", "action", "entity", "entity_id"] if fmt == "table" else None
    )
