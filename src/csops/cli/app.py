"""The root command: global options, error handling, and the groups mounted."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from csops import __version__
from csops.cli import _click as click
from csops.cli import common
from csops.cli.words import MULTILINE_OPTIONS  # which options may hold line breaks (the edge checks)
from csops.config import configured_language
from csops.i18n import N_, _, detect_language, set_language


class CsopsGroup(TyperGroup):
    """Turns every CsopsError into ``Error: ...`` on stderr and its exit code; click's own usage
    errors are said in the reader's language (csops.cli.words)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        from csops.cli import words

        words.run(super().main, args, prog_name=prog_name, complete_var=complete_var, **extra)

    def invoke(self, ctx: click.Context) -> Any:
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


def _completing() -> bool:
    """A shell asks for completions (``_CSOPS_COMPLETE=...``, set by the script that
    ``csops --install-completion`` installs), or for that script itself."""
    import os

    return bool(os.environ.get("_CSOPS_COMPLETE"))


def _root_typer() -> typer.Typer:
    return typer.Typer(
        cls=CsopsGroup,
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        # --install-completion / --show-completion (bash, zsh, fish, PowerShell); the completion
        # machinery is loaded only when a shell asks, so `csops --help` stays as fast as before
        add_completion=_completing() or "--install-completion" in sys.argv or "--show-completion" in sys.argv,
        context_settings={"help_option_names": ["-h", "--help"]},
        help=N_("csops: the customer-service department's rules (客服部管理制度), enforced from the command line."),
    )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"csops {__version__}")
        raise typer.Exit()


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
    wide: Annotated[
        bool, typer.Option("--wide", help=N_("Tables at their full width, never folded to the terminal's."))
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help=N_("Print to the terminal directly, not through the pager ($CSOPS_PAGER, $PAGER, less).")
        ),
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help=N_("Show the version and exit."))
    ] = False,
) -> None:
    opts = ctx.ensure_object(common.Options)  # `csops remote-shell` hands one in, from the key line
    if db is not None:
        opts.db = db
    opts.debug = bool(debug)
    if wide:
        import os

        os.environ["CSOPS_WIDE"] = "1"  # read by csops.output.table_width_limit
    if lang and lang not in ("en", "zh"):
        raise typer.BadParameter(_("use en or zh"), param_hint="--lang")
    set_language(lang or detect_language([], configured=configured_language()))
    if ctx.invoked_subcommand and not ctx.resilient_parsing:
        from csops.cli import pager

        pager.start(wanted=not no_pager)


TOP = ("init", "demo", "today", "remote")  # the modules of the top-level commands
TOP_COMMANDS = ("init", "demo", "today", "remote-shell")
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


def build_app(only: str | None = None) -> typer.Typer:
    """The root command with what this command line needs (start-up stays fast: a group's module is
    imported, and its annotations read, only when the command line names it):

    - ``only`` a group: that group, whole; ``"top"``: the top-level commands (init, demo, today,
      remote-shell);
    - ``"-"`` (the root's help, or a word that is no command): every group as a name and its one
      line of help (csops.cli.groups), nothing imported;
    - None: everything (the reference, the tests that walk the whole tree)."""
    import importlib

    from csops.cli.groups import GROUP_HELP

    root_app = _root_typer()
    root_app.callback()(root)
    if only in (None, "top", "-"):
        for name in TOP:
            importlib.import_module(f"csops.cli.{name}").register(root_app)
    for name in GROUPS:
        if only == "-":
            root_app.add_typer(typer.Typer(help=GROUP_HELP[name]), name=name)
        elif only is None or only == name:
            root_app.add_typer(importlib.import_module(f"csops.cli.{name}").app, name=name)
    return root_app


def _group_in(argv: list[str]) -> str:
    """What a command line needs of the tree: a group's name, ``top`` for a top-level command,
    ``-`` for the root's help or a word that is no command."""
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
        if a in GROUPS:
            return a
        return "top" if a in TOP_COMMANDS else "-"
    return "-"


def _translate(cmd: click.Command) -> None:
    if cmd.help:
        cmd.help = _(cmd.help)
    short_help = getattr(cmd, "short_help", None)
    if short_help:
        cmd.short_help = _(short_help)
    for p in cmd.params:
        if getattr(p, "help", None):
            p.help = _(p.help)  # type: ignore[attr-defined]  # click.Option and typer's TyperArgument have one
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _translate(sub)


def get_cli(lang: str | None = None, argv: list[str] | None = None) -> click.Command:
    from csops.cli import words

    """The click command tree with help texts in the chosen language (``argv``: only what it needs)."""
    set_language(lang or detect_language(sys.argv[1:] if argv is None else argv, configured=configured_language()))
    cmd = typer.main.get_command(build_app(_group_in(argv) if argv is not None else None))
    _translate(cmd)
    words.apply(cmd)
    _verbatim_strings(cmd)
    _edge_limits(cmd)
    return cmd


WHOLE_NUMBER = (-(2**31), 2**31 - 1)


def _edge_limits(cmd: click.Command) -> None:
    """Every command's text and whole-number values checked as they are read (issue 14), before
    any command runs: text without control characters (multi-line options may have newlines and
    tabs), a required text not empty, whole numbers within 32 bits (an id above 2^63 would
    overflow the driver). What reaches the store is checked again by its column
    (csops.limits.stored_row_problem)."""
    from csops.cli._click import BadParameter
    from csops.limits import control_character

    def check(p: Any, value: object) -> None:  # a typer parameter (click's BadParameter is typed for them)
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, bool):
                continue
            if isinstance(v, str):
                ch = control_character(v, multiline=p.name in MULTILINE_OPTIONS)
                if ch is not None:
                    raise BadParameter(
                        _("contains a control character (U+{code:04X}); use plain text.").format(code=ord(ch)),
                        param=p,
                    )
                if p.required and not v.strip():
                    raise BadParameter(_("cannot be empty."), param=p)
            elif isinstance(v, int) and not WHOLE_NUMBER[0] <= v <= WHOLE_NUMBER[1]:
                raise BadParameter(
                    _("must be a whole number from {low} to {high}.").format(low=WHOLE_NUMBER[0], high=WHOLE_NUMBER[1]),
                    param=p,
                )

    def walk(c: click.Command) -> None:
        for p in c.params:
            desc = getattr(p, "type_descriptor", None)
            if desc is None or desc.annotation is bool:
                continue
            original = p.process_value

            def process(ctx: click.Context, value: object, _p: click.Parameter = p, _orig: Any = original) -> object:
                value = _orig(ctx, value)
                check(_p, value)
                return value

            p.process_value = process  # type: ignore[method-assign]
        for sub in getattr(c, "commands", {}).values():
            walk(sub)

    walk(cmd)


class _Verbatim:
    """A root option's value as given (text, or a flag: True when given). Typer (0.20+) coerces
    every value through a pydantic adapter it builds on first use; for the root's options that
    would import pydantic before `csops --help` or `csops GROUP --help` could answer."""

    def coerce(self, value: object, param: object = None, ctx: object = None) -> object:
        return value


def _verbatim_strings(cmd: click.Command) -> None:
    """The root's options and the help flags of the root and its groups take their value as given."""
    params = list(cmd.params)
    for group in [cmd, *getattr(cmd, "commands", {}).values()]:
        helper = group.get_help_option(click.Context(group))  # made once per command, then kept
        if helper is not None:
            params.append(helper)
    for p in params:
        desc = getattr(p, "type_descriptor", None)
        if desc is not None and desc.annotation in (str, bool) and hasattr(p, "_runtime_param"):
            p._runtime_param = _Verbatim()  # noqa: SLF001 - see _Verbatim


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
    import os

    argv = sys.argv[1:]
    asked = os.environ.get("_CSOPS_COMPLETE", "")
    if asked.endswith("_source"):  # click's spelling (bash_source) for typer's (source_bash)
        os.environ["_CSOPS_COMPLETE"] = "source_" + asked[: -len("_source")]
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
    cli = get_cli(argv=None if _completing() else argv)  # completing: the whole tree
    cli.main(args=argv, prog_name="csops")
