"""csops demo: a sample department, and its head's agenda."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, show_one
from csops.i18n import N_, _


def register(app: typer.Typer) -> None:
    @app.command("demo", help=N_("Build a realistic sample department and print today's agenda."))
    def demo(
        db: Annotated[
            str | None,
            typer.Option("--db", help=N_("Where to write it (default: a fresh file in a temporary folder).")),
        ] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.services.demo import build_demo

        fmt = fmt_check(fmt)
        r = build_demo(db or current_options().db)
        if fmt == "json":
            show_one(r, fmt)
            return
        typer.echo(_("Demo department written to {path}").format(path=r["database"]))
        typer.echo(
            _("Try: CSOPS_DB={path} CSOPS_USER={head} CSOPS_NOW={now} csops attendance day").format(
                path=r["database"], head=r["head"], now=r["now"]
            )
        )
        typer.echo("")
        from csops.cli.common import show_rows

        show_rows(r["staff"], "table", columns=["login", "name", "role", "superior", "team"], title=_("Staff"))
        if r.get("agenda"):
            show_rows(r["agenda"], "table", title=_("Today's agenda for the head"))
