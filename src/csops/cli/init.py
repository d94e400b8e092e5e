"""csops init: create or upgrade the database."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, show_one
from csops.i18n import N_, _


def register(app: typer.Typer) -> None:
    @app.command(
        "init",
        help=N_(
            "Create or upgrade the database; the acting OS user becomes the department head unless told otherwise."
        ),
    )
    def init(
        head_login: Annotated[str | None, typer.Option("--head-login", help=N_("The head's login."))] = None,
        head_name: Annotated[str | None, typer.Option("--head-name", help=N_("The head's name."))] = None,
        fmt: FormatOpt = "table",
    ) -> None:
        from csops.services.db import init_database

        fmt = fmt_check(fmt)
        r = init_database(current_options(), head_login=head_login, head_name=head_name)
        msg = _("Database ready at {db} (schema {schema}).").format(db=r["database"], schema=r["schema"])
        if r["head"]:
            msg += " " + _("{login} is the department head.").format(login=r["head"])
        show_one(r, fmt, msg)
