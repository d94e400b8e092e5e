"""csops remote-shell: the forced command of each person's SSH key (docs/shared-use.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.i18n import N_


def register(app: typer.Typer) -> None:
    @app.command(
        "remote-shell",
        help=N_(
            "Run the SSH client's csops command as LOGIN (the forced command in authorized_keys; "
            "`csops keys add` writes it). Not for typing by hand."
        ),
    )
    def remote_shell(
        login: Annotated[str, typer.Argument(help=N_("The login this key belongs to."))],
        config: Annotated[
            str | None,
            typer.Option("--config", help=N_("The host's config file (else the service account's default).")),
        ] = None,
    ) -> None:
        from csops.cli.common import current_options
        from csops.remote import serve

        raise typer.Exit(serve(login, config=config, db=current_options().db))
