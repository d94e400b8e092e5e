"""csops cron: the monthly work and the daily reminders, run from cron."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, show_rows, warn
from csops.i18n import N_, _

app = typer.Typer(
    help=N_("Jobs due by the policy, run from cron: summaries, the 5th/15th/20th reports, reminders."),
    no_args_is_help=True,
)


@app.command(
    "run", help=N_("Run every job due on the date; a job done for its period is not done again; exit 1 if one failed.")
)
def run(
    day: Annotated[str | None, typer.Option("--date", help=N_("Run as on this date (default: today)."))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=N_("Only say what would run."))] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.cron import run as svc

    fmt = fmt_check(fmt)
    rows = svc(current_options(), day, dry_run=dry_run)
    if fmt == "table":
        if not rows:
            typer.echo(_("Nothing is due."))
        for r in rows:
            msg = {
                "ran": _("{job} ({period}): done; {n} files, mailed to {m} people."),
                "done-already": _("{job} ({period}): done already, nothing to do."),
                "would-run": _("{job} ({period}): would run."),
                "failed": _("{job} ({period}): FAILED: {error} (it will be retried on the next run)"),
            }[r["status"]]
            typer.echo(
                msg.format(job=r["job"], period=r["period"], n=len(r["files"]), m=len(r["mailed"]), error=r["error"])
            )
            for f in r["files"]:
                typer.echo(f"    {f}")
    else:
        show_rows(rows, fmt)
    if any(r["status"] == "failed" for r in rows):
        raise typer.Exit(1)


@app.command("list", help=N_("The schedule of jobs, and a crontab line to run them."))
def list_(fmt: FormatOpt = "table") -> None:
    import shutil
    import sys
    from pathlib import Path

    from csops.config import load_config, resolve_database
    from csops.services.cron import output_folder, schedule

    fmt = fmt_check(fmt)
    config = load_config(path=current_options().config)
    rows = schedule()
    exe = shutil.which("csops") or str(Path(sys.executable).with_name("csops"))
    db = resolve_database(current_options().db, config)
    db_arg = db[len("sqlite:///") :] if db.startswith("sqlite:///") else db
    line = f"30 8 * * * CSOPS_DB={db_arg} {exe} cron run >> {output_folder(config)}/cron.log 2>&1"
    if fmt == "table":
        show_rows(rows, "table")
        typer.echo(_("Output folder: {path}").format(path=output_folder(config)))
        typer.echo(_("Crontab line (crontab -e):"))
        typer.echo(line)
    else:
        show_rows(rows, fmt)
        if fmt != "json":
            warn(line)
