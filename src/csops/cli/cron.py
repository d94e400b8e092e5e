"""csops cron: the monthly work and the daily reminders, run from cron."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, service, show_rows, warn
from csops.i18n import N_, _, ngettext

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
            n, m = len(r["files"]), len(r["mailed"])
            msg = {
                "ran": ngettext("{job} ({period}): done; {n} file", "{job} ({period}): done; {n} files", n)
                + ", "
                + (
                    ngettext(
                        "mail for {m} person written to the outbox folder {folder}.",
                        "mail for {m} people written to the outbox folder {folder}.",
                        m,
                    )
                    if r["outbox_folder"]
                    else ngettext("mailed to {m} person.", "mailed to {m} people.", m)
                ),
                "undelivered": _("{job}: {error}"),
                "done-already": _("{job} ({period}): done already, nothing to do."),
                "would-run": _("{job} ({period}): would run."),
                "failed": _("{job} ({period}): FAILED: {error} (it will be retried on the next run)"),
            }[r["status"]]
            typer.echo(
                msg.format(job=r["job"], period=r["period"], n=n, m=m, error=r["error"], folder=r["outbox_folder"])
            )
            if r["status"] == "ran" and r["error"]:
                typer.echo("    " + r["error"])
            for f in r["files"]:
                typer.echo(f"    {f}")
    else:
        show_rows(rows, fmt)
    if any(r["status"] in ("failed", "undelivered") or r["error"] for r in rows):
        raise typer.Exit(1)


@app.command("list", help=N_("The schedule of jobs, and the crontab lines that run them exactly so."))
def list_(fmt: FormatOpt = "table") -> None:
    import os

    from csops.config import config_path, load_config, resolve_database, sqlite_path
    from csops.errors import CsopsError
    from csops.i18n import language
    from csops.rules.policy import PARAMS_BY_KEY
    from csops.services.cron import crontab_lines, output_folder, private_folder, schedule
    from csops.services.keys import csops_command

    fmt = fmt_check(fmt)
    opts = current_options()
    config = load_config(path=opts.config)
    rows = schedule()
    db = resolve_database(opts.db, config)
    db_arg = str(sqlite_path(db).resolve()) if db.startswith("sqlite:///") else db
    cfg = config_path(path=opts.config)
    try:  # the policy's time zone, as the store says (before `csops init`: the default)
        tz = service(lambda ctx: ctx.policy.tz, write=False, actor="optional")
    except CsopsError:
        tz = PARAMS_BY_KEY["timezone"].default
    explicit = opts.config or os.environ.get("CSOPS_CONFIG")
    lines = crontab_lines(
        exe=csops_command(),
        db=db_arg,
        config=cfg.resolve() if (explicit or cfg.exists()) else None,
        lang=language(),
        folder=output_folder(config).resolve(),
        tz=tz,
    )
    private_folder(output_folder(config))  # the line's log goes there: it must exist (owner-only)
    if fmt == "table":
        show_rows(rows, "table")
        typer.echo(_("Output folder: {path}").format(path=output_folder(config)))
        typer.echo(_("Crontab lines (crontab -e):"))
        import sys

        from csops.output import wrap_lines

        for line in lines:  # a comment folds into comment lines; the job's line stays whole, to be copied
            typer.echo(wrap_lines(line, sys.stdout, indent="# ") if line.startswith("#") else line)
    else:
        show_rows(rows, fmt)
        if fmt != "json":
            for line in lines:
                warn(line)
