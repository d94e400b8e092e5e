"""csops today: the agenda of what is due or overdue now."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check
from csops.i18n import N_, _


def register(app: typer.Typer) -> None:
    @app.command(
        "today", help=N_("Your agenda: what is due or overdue now, with the clause and the command that clears it.")
    )
    def today(
        day: Annotated[str | None, typer.Option("--date", help=N_("The day (default: today)."))] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.cli.common import service, show_rows
        from csops.dates import parse_date
        from csops.services.today import agenda

        fmt = fmt_check(fmt)
        rows = service(lambda ctx: agenda(ctx, parse_date(day, ctx.today) if day else None), write=False)
        if fmt == "table" and not rows:
            typer.echo(_("Nothing is due."))
            return
        show_rows(rows, fmt, columns=list(rows[0]) if fmt == "csv" and rows else None)  # CSV: every field
