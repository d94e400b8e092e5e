"""csops mail: the outbox (mail and report files wait there until delivered), retries, a test message."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_rows, warn
from csops.i18n import N_, _

app = typer.Typer(help=N_("Mail: what waits in the outbox, sending it again, a test message."), no_args_is_help=True)


@app.command("outbox", help=N_("Mail and report files not delivered yet (head, assistant, service account)."))
def outbox(
    all_: Annotated[bool, typer.Option("--all", help=N_("Delivered ones too."))] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.mail import outbox as svc

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: svc(ctx, all_=all_), write=False, actor="optional")
    if fmt == "table" and not rows:
        typer.echo(_("Nothing waits in the outbox."))
        return
    show_rows(rows, fmt)


@app.command(
    "retry",
    help=N_(
        "Deliver what waits in the outbox now (the next `cron run` does it too); --uncertain also sends again "
        "what a crash left half-sent."
    ),
)
def retry(
    uncertain: Annotated[
        bool,
        typer.Option("--uncertain", help=N_("Also messages whose sending was interrupted (they may arrive twice).")),
    ] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.mail import deliver, outbox, summary_lines

    fmt = fmt_check(fmt)
    where = service(lambda ctx: (outbox(ctx), ctx.config, ctx.url)[1:], write=False, actor="optional")
    views = deliver(where[0], where[1], None, uncertain=uncertain)
    if fmt == "table":
        if not views:
            typer.echo(_("Nothing waits in the outbox."))
        for line in summary_lines(views):
            typer.echo(line)
    else:
        show_rows(views, fmt)
    if any(v.status == "failed" for v in views):
        raise typer.Exit(1)


@app.command("test", help=N_("Send one test message to a person and say how the SMTP conversation went."))
def test(
    recipient: Annotated[
        str | None, typer.Option("--recipient", help=N_("The person (login) to send it to (required)."))
    ] = None,
    to_old: Annotated[str | None, typer.Option("--to", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.cli.common import renamed
    from csops.services.mail import test_message

    login = renamed(recipient, to_old, old="--to", new="--recipient", required=True)
    assert login is not None

    service(lambda ctx: test_message(ctx, login), write=True)  # delivered after the commit; says how it went
    warn(_("Test message to {login} delivered.").format(login=login))
