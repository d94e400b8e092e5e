"""The root command: global options, error handling, and the groups mounted."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from csops import __version__
from csops.cli import _click as click
from csops.cli import common
from csops.config import configured_language
from csops.i18n import N_, _, detect_language, set_language


class CsopsGroup(TyperGroup):
    """Turns every CsopsError into ``Error: ...`` on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        from csops.errors import CsopsError

        try:
            return super().invoke(ctx)
        except CsopsError as exc:
            if common.current_options().debug:
                raise
            msg = exc.message
            if exc.clause and exc.clause not in msg:
                msg = f"{msg} ({exc.clause})"
            click.echo(_("Error: {message}").format(message=msg), err=True)
            raise click.Exit(exc.exit_code) from None
        except (click.Exit, click.ClickException, click.Abort, KeyboardInterrupt, SystemExit):
            raise
        except BrokenPipeError:  # `csops ... | head`: the reader left; stop quietly
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.Exit(1) from None
        except Exception as exc:  # an internal error: never a traceback unless --debug
            if common.current_options().debug:
                raise
            click.echo(
                _("Error: internal error ({kind}: {reason}); run again with --debug for details.").format(
                    kind=type(exc).__name__, reason=str(exc).splitlines()[0] if str(exc) else ""
                ),
                err=True,
            )
            raise click.Exit(1) from None


app = typer.Typer(
    cls=CsopsGroup,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_("csops: the customer-service department's rules (客服部管理制度), enforced from the command line."),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csops {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help=N_("Database: a file path (SQLite) or postgresql+psycopg://..."))
    ] = None,
    lang: Annotated[str | None, typer.Option("--lang", help=N_("Language of messages: en or zh."))] = None,
    remote: Annotated[
        str | None,
        typer.Option(
            "--remote",
            help=N_("Run on this shared host over SSH (user@host; also $CSOPS_REMOTE): docs/shared-use.md."),
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help=N_("Show a traceback on errors."))] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
) -> None:
    opts = ctx.ensure_object(common.Options)  # `csops remote-shell` hands one in, from the key line
    if db is not None:
        opts.db = db
    opts.debug = debug
    if lang and lang not in ("en", "zh"):
        raise typer.BadParameter(_("use en or zh"), param_hint="--lang")
    set_language(lang or detect_language([], configured=configured_language()))


TOP = ("init", "demo", "today", "remote")
GROUPS = (
    "db",
    "keys",
    "mail",
    "staff",
    "policy",
    "calendar",
    "audit",
    "leave",
    "duty",
    "attendance",
    "receipt",
    "client",
    "consignee",
    "meeting",
    "expense",
    "inquiry",
    "report",
    "summary",
    "cron",
)
_mounted: set[str] = set()


def mount(only: str | None = None) -> None:
    """Mount the command groups: all of them, or only the one this command line uses
    (start-up stays fast: a group's module is imported only when it is needed)."""
    import importlib

    if "top" not in _mounted:  # the top-level commands: init, demo, today
        for name in TOP:
            importlib.import_module(f"csops.cli.{name}").register(app)
        _mounted.add("top")
    for name in GROUPS:
        if name in _mounted or (only is not None and name != only):
            continue
        module = importlib.import_module(f"csops.cli.{name}")
        app.add_typer(module.app, name=name)
        _mounted.add(name)


def _group_in(argv: list[str]) -> str | None:
    """The group a command line names (None when it asks for the root's help, or is unclear)."""
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ("--db", "--lang", "--remote"):
            skip = True
            continue
        if a.startswith("-"):
            continue
        return a if a in GROUPS else "-"
    return None


def _translate(cmd: click.Command) -> None:
    if cmd.help:
        cmd.help = _(cmd.help)
    if getattr(cmd, "short_help", None):
        cmd.short_help = _(cmd.short_help)
    for p in cmd.params:
        if getattr(p, "help", None):
            p.help = _(p.help)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _translate(sub)


def get_cli(lang: str | None = None, argv: list[str] | None = None) -> click.Command:
    """The click command tree with help texts in the chosen language (``argv``: only what it needs)."""
    set_language(lang or detect_language(sys.argv[1:] if argv is None else argv, configured=configured_language()))
    group = _group_in(argv) if argv is not None else None
    mount(group if group not in (None, "-") else None)
    cmd = typer.main.get_command(app)
    _translate(cmd)
    return cmd


def _remote_host(argv: list[str]) -> tuple[str | None, list[str]]:
    """``--remote HOST`` (before the command) or ``$CSOPS_REMOTE``: the host, and the command line
    without the option."""
    import os

    for i, a in enumerate(argv):
        if not a.startswith("-"):
            break
        if a == "--remote" and i + 1 < len(argv):
            return argv[i + 1], argv[:i] + argv[i + 2 :]
        if a.startswith("--remote="):
            return a.split("=", 1)[1], argv[:i] + argv[i + 1 :]
    return os.environ.get("CSOPS_REMOTE") or None, argv


def main() -> None:
    argv = sys.argv[1:]
    host, args = _remote_host(argv)
    if host and not ({"--help", "--version"} & set(args[:1])) and args:
        from csops.errors import CsopsError
        from csops.remote import run_client

        set_language(detect_language(args, configured=configured_language()))
        try:
            sys.exit(run_client(host, args))
        except CsopsError as exc:
            click.echo(_("Error: {message}").format(message=exc.message), err=True)
            sys.exit(exc.exit_code)
    cli = get_cli(argv=argv)
    cli.main(args=argv, prog_name="csops")
