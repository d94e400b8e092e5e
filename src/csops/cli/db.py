"""csops db: upgrade, backup, check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, show_one
from csops.i18n import N_, _

app = typer.Typer(help=N_("The database: upgrade, backup, check."), no_args_is_help=True)


@app.command("upgrade", help=N_("Bring the database's schema up to this csops (SQLite: backs up the file first)."))
def upgrade(fmt: FormatOpt = "table") -> None:
    from csops.services.db import upgrade_database

    fmt = fmt_check(fmt)
    r = upgrade_database(current_options())
    msg = _("Schema {before} → {after}.").format(before=r["schema_before"] or "-", after=r["schema"])
    if r["backup"]:
        msg += " " + _("Backup: {path}").format(path=r["backup"])
    show_one(r, fmt, msg)


@app.command("backup", help=N_("Copy the database to FILE (online backup, safe while in use)."))
def backup(
    file: Annotated[Path, typer.Argument(help=N_("The backup file to write."))], fmt: FormatOpt = "table"
) -> None:
    from csops.services.db import backup_database

    fmt = fmt_check(fmt)
    r = backup_database(current_options(), file)
    show_one(r, fmt, _("Backed up to {path}.").format(path=r["backup"]))


@app.command("check", help=N_("Check integrity, foreign keys and the schema version."))
def check(fmt: FormatOpt = "table") -> None:
    from csops.services.db import check_database

    fmt = fmt_check(fmt)
    r = check_database(current_options())
    show_one(r, fmt, _("Database is healthy.") if r["ok"] else _("Database has problems:"))
    if not r["ok"]:
        raise typer.Exit(1)


@app.command(
    "copy",
    help=N_(
        "Copy the whole department into another, empty database (SQLite or PostgreSQL), all or nothing, verified table by table."
    ),
)
def copy(
    target: Annotated[
        str | None,
        typer.Option("--target", help=N_("The target: a file path or postgresql+psycopg://... (required)")),
    ] = None,
    fmt: FormatOpt = "table",
    to_old: Annotated[str | None, typer.Option("--to", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.cli.common import renamed, show_rows
    from csops.services.db import copy_database

    fmt = fmt_check(fmt)
    to = renamed(target, to_old, old="--to", new="--target", required=True)
    assert to is not None
    rows = copy_database(current_options(), to)
    show_rows(rows, fmt)
    if fmt == "table":
        typer.echo(
            _("Copied {n} rows in {t} tables; every table identical.").format(
                n=sum(r["rows"] for r in rows), t=len(rows)
            )
        )


@app.command(
    "grants",
    help=N_(
        "Print the SQL that gives PostgreSQL's runtime role exactly what csops needs (docs/postgresql.md); "
        "the owner runs it after init and after every upgrade."
    ),
)
def grants(
    runtime: Annotated[
        str, typer.Option("--runtime", help=N_("The role csops connects as (owns nothing)."))
    ] = "csops_app",
    database: Annotated[str | None, typer.Option("--database", help=N_("Also grant CONNECT on this database."))] = None,
) -> None:
    from csops.services.db import grant_statements

    typer.echo("\n".join(grant_statements(runtime, database=database)))
