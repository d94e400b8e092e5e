"""csops init and csops demo."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from csops.cli.common import OPTS, FormatOpt, fmt_check, show_one
from csops.i18n import N_, _


def register(app: typer.Typer) -> None:
    @app.command("init", help=N_("Create or upgrade the database; the acting OS user becomes the department head unless told otherwise."))
    def init(
        head_login: Annotated[Optional[str], typer.Option("--head-login", help=N_("The head's login."))] = None,
        head_name: Annotated[Optional[str], typer.Option("--head-name", help=N_("The head's name."))] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.services.admin import init_database

        fmt = fmt_check(fmt)
        r = init_database(OPTS, head_login=head_login, head_name=head_name)
        msg = _("Database ready at {db} (schema {schema}).").format(db=r["database"], schema=r["schema"])
        if r["head"]:
            msg += " " + _("{login} is the department head.").format(login=r["head"])
        show_one(r, fmt, msg)

    @app.command("demo", help=N_("Build a realistic sample department and print today's agenda."))
    def demo(
        db: Annotated[Optional[str], typer.Option("--db", help=N_("Where to write it (default: a fresh file in a temporary folder)."))] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.services.demo import build_demo

        fmt = fmt_check(fmt)
        r = build_demo(db or OPTS.db)
        if fmt == "json":
            show_one(r, fmt)
            return
        typer.echo(_("Demo department written to {path}").format(path=r["database"]))
        typer.echo(_("Try: CSOPS_DB={path} CSOPS_USER={head} CSOPS_NOW={now} csops attendance day").format(
            path=r["database"], head=r["head"], now=r["now"]))
        typer.echo("")
        from csops.cli.common import show_rows

        show_rows(r["staff"], "table", columns=["login", "name", "role", "superior", "team"], title=_("Staff"))
        if r.get("agenda"):
            show_rows(r["agenda"], "table", title=_("Today's agenda for the head"))

    @app.command("today", help=N_("Your agenda: what is due or overdue now, with the clause and the command that clears it."))
    def today(
        day: Annotated[Optional[str], typer.Option("--date", help=N_("The day (default: today)."))] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.cli.common import service, show_rows
        from csops.dates import parse_date
        from csops.services.agenda import agenda

        fmt = fmt_check(fmt)
        rows = service(lambda ctx: agenda(ctx, parse_date(day, ctx.today) if day else None), write=False)
        if fmt == "table" and not rows:
            typer.echo(_("Nothing is due."))
            return
        show_rows(rows, fmt, columns=["area", "clause", "who", "text", "command"] if fmt == "table" else None)
