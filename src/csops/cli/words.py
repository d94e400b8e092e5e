"""The command line's own words in the reader's language (issue 17): what click and typer print
themselves (``Usage:``, the option headings, ``[required]``, ``Show this message and exit.``,
their error messages) and the placeholders of every option (``DATE``, ``LOGIN``, ``ID``, the
choices of a closed set) instead of typer's ``<str>``.

Typer vendors click with its words written in English and no gettext, so csops renders them
itself: a help formatter (``Context.formatter_class``) for the help, and the root command's
``main`` for usage errors, whose messages are matched against click's few fixed sentences
(``ERRORS``) and said again from the catalog. Anything not matched is shown as click wrote it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from csops.cli import _click as click
from csops.i18n import N_, _

# -- placeholders ---------------------------------------------------------------------------

DATE, MONTH, WHEN, TIME = N_("DATE"), N_("MONTH"), N_("DATE[ HH:MM]"), N_("HH:MM")
LOGIN, ID, N, TEXT, NAME = N_("LOGIN"), N_("ID"), N_("N"), N_("TEXT"), N_("NAME")
FILE, CLIENT, SHIPMENT, TEAM = N_("FILE"), N_("CLIENT"), N_("SHIPMENT"), N_("TEAM")
KEY, VALUE, AMOUNT, EMAIL, PHONE = N_("KEY"), N_("VALUE"), N_("AMOUNT"), N_("EMAIL"), N_("PHONE")

# the options whose value is free text over lines (reasons, notes, addresses...): line breaks and
# tabs allowed there (cli.app's edge checks), one line everywhere else
MULTILINE_OPTIONS = frozenset(
    {
        "reason",
        "note",
        "text",
        "question",
        "answer",
        "address",
        "actual",
        "guests",
        "receiving",
        "damage",
        "stacking",
        "signing",
    }
)

METAVARS: dict[str, str] = {
    # what a value of this name is, wherever it appears (a parameter's Python name)
    **dict.fromkeys(("day", "days", "since", "ship_date", "other"), DATE),
    **dict.fromkeys(("month", "month_"), MONTH),
    **dict.fromkeys(("time_in", "time_out"), TIME),
    **dict.fromkeys(
        ("staff", "owner", "assigned_by", "signed_by", "reported_by", "superior", "login", "head_login"), LOGIN
    ),
    "collected_from": LOGIN,
    "recipient": LOGIN,
    **dict.fromkeys(("cid", "eid", "iid", "item_id", "leave_id", "mid", "rid", "meeting", "consignee", "id_"), ID),
    **dict.fromkeys(("limit", "copies"), N),
    **dict.fromkeys(MULTILINE_OPTIONS | {"contact"}, TEXT),
    **dict.fromkeys(("name", "head_name"), NAME),
    **dict.fromkeys(("file", "output", "config"), FILE),
    "client": CLIENT,
    "shipment": SHIPMENT,
    "team": TEAM,
    "key": KEY,
    "value": VALUE,
    "amount": AMOUNT,
    "email": EMAIL,
    "phone": PHONE,
    "clause": N_("CLAUSE"),
    "proposals": N_("KEY=VALUE"),
    "entity": N_("KIND"),
    "fingerprint": N_("FINGERPRINT"),
    "db": N_("DATABASE"),
    "database": N_("DATABASE"),
    "runtime": N_("ROLE"),
    "remote": N_("USER@HOST"),
    "as_of_old": DATE,
}

BY_COMMAND: dict[tuple[str, str], str] = {
    # the same name meaning something else in one command: (command path, parameter) -> placeholder
    ("staff add", "start"): TIME,
    ("staff edit", "start"): TIME,
    ("leave request", "start"): WHEN,
    ("leave request", "end"): WHEN,
    ("attendance away", "start"): WHEN,
    ("attendance away", "end"): WHEN,
    ("leave back", "at"): WHEN,
    ("attendance start", "at"): TIME,
    ("duty log", "end"): TIME,
    ("db copy", "target"): N_("DATABASE"),
    ("keys add", "key"): N_("PUBLIC-KEY"),
}
DATE_LIKE = ("start", "end", "at")  # elsewhere these are dates (policy, meetings, what-if)


def _choices(name: str, help_text: str) -> Sequence[str] | None:
    """The closed set a parameter takes, from the code that defines it."""
    if name == "fmt":  # the commands that write workbooks say so in their help
        from csops.options import FORMATS

        return (*FORMATS, "xlsx") if "xlsx" in help_text else FORMATS
    if name == "lang":
        return ("en", "zh")
    if name == "type_":
        from csops.rules.leave import LEAVE_TYPES

        return [str(t) for t in LEAVE_TYPES]
    if name == "role":
        from csops.rules.staff import ROLES

        return ROLES
    if name == "category":
        from csops.rules.report import CATEGORIES

        return [str(c) for c in CATEGORIES]
    if name == "channel":
        from csops.rules.inquiry import CHANNELS

        return CHANNELS
    if name == "field":
        from csops.rules.client import FIELDS

        return [str(f) for f in FIELDS]
    if name == "kind":
        return ("workday", "holiday")
    return None


def placeholder(path: str, p: click.Parameter) -> str | None:
    """What ``p`` of the command ``path`` shows for its value (None: a flag, or nothing known)."""
    name = p.name or ""
    desc = getattr(p, "type_descriptor", None)
    if desc is not None and desc.annotation is bool:
        return None
    choices = _choices(name, getattr(p, "help", "") or "")
    if choices:
        return "[" + "|".join(choices) + "]"
    key = BY_COMMAND.get((path, name)) or METAVARS.get(name) or (DATE if name in DATE_LIKE else None)
    if key is None:
        return None
    return _(key)


# -- shell completion -------------------------------------------------------------------------

LIVE = {LOGIN: "SELECT login FROM staff WHERE active ORDER BY login", CLIENT: "SELECT name FROM client ORDER BY name"}


def _completer(path: str, p: click.Parameter) -> Callable[..., list[str]] | None:
    """What the shell offers for ``p``'s value: a closed set's choices, or the logins and client
    names on file (read from the database where that is cheap)."""
    name = p.name or ""
    choices = _choices(name, getattr(p, "help", "") or "")
    if choices:
        return lambda _ctx, _param, incomplete: [c for c in choices if c.startswith(incomplete)]
    key = BY_COMMAND.get((path, name)) or METAVARS.get(name)
    if key in LIVE:
        sql = LIVE[key]
        return lambda ctx, _param, incomplete: [v for v in _on_file(ctx, sql) if v.startswith(incomplete)]
    return None


def _on_file(ctx: click.Context, sql: str) -> list[str]:
    """The values a query finds in the database the command line names (``--db``, else the
    usual place); nothing when there is none or it cannot be read: completion never fails."""
    try:
        from csops.config import load_config, resolve_database
        from csops.db import make_engine

        root = ctx.find_root()
        url = resolve_database(root.params.get("db"), load_config())
        engine = make_engine(url)
        try:
            with engine.connect() as conn:
                return [str(v) for (v,) in conn.exec_driver_sql(sql)]
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - a shell asking for completions gets none, never an error
        return []


# -- the help ---------------------------------------------------------------------------------

HEADINGS = {"Options": N_("Options"), "Arguments": N_("Arguments"), "Commands": N_("Commands")}
HELP_LINES = {
    "Show this message and exit.": N_("Show this message and exit."),
    "Install completion for the current shell.": N_("Install completion for the current shell."),
    "Show completion for the current shell, to copy it or customize the installation.": N_(
        "Show completion for the current shell, to copy it or customize the installation."
    ),
}
_TYPE = re.compile(r" <(?:str|int|float|path|Path|list\[str\])>$")
_EXTRA = re.compile(r"^(?P<help>.*?)\s*\[(?P<extra>(?:default|required|env var)[^\]]*)\]$", re.S)


def _extras(text: str) -> str:
    """``[default: 1; required]`` as typer appends it to an option's help, in the reader's words."""
    m = _EXTRA.match(text)
    if not m:
        return text
    parts = []
    for part in m["extra"].split("; "):
        if part == "required":
            parts.append(_("required"))
        elif part.startswith("default: "):
            parts.append(_("default: {default}").format(default=part[len("default: ") :]))
        elif part.startswith("env var: "):
            parts.append(_("env var: {var}").format(var=part[len("env var: ") :]))
        else:
            parts.append(part)
    return f"{m['help']}  [{'; '.join(parts)}]".lstrip()


class Formatter(click.HelpFormatter):
    """click's help formatter, with its own words in the reader's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=_("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(HEADINGS[heading]) if heading in HEADINGS else heading)

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """click's two columns, measured in display columns (a CJK character takes two) so that
        Chinese placeholders and help line up and fold within the width."""
        from csops.text import display_width, fold

        def word(text: str) -> str:
            return _(HELP_LINES[text]) if text in HELP_LINES else _extras(text)

        rows = [(_TYPE.sub("", a), word(b)) for a, b in rows]  # an argument's placeholder says it already
        if not rows:
            return
        first_col = min(max(display_width(a) for a, _b in rows), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        text_width = max(self.width - first_col - 2, 10)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + pad)
            lines = [piece.rstrip() for line in second.splitlines() for piece in fold(line, text_width)] or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{pad}{line}\n")


class Context(click.Context):
    formatter_class = Formatter


def apply(cmd: click.Command, path: str = "") -> None:
    """Give ``cmd`` and every command under it the reader's words: the formatter, the usage
    line's pieces, and a placeholder for every value."""
    cmd.context_class = Context
    cmd.options_metavar = _("[OPTIONS]")
    if hasattr(cmd, "subcommand_metavar"):
        cmd.subcommand_metavar = _("COMMAND [ARGS]...")
    if path in _examples():
        cmd.epilog = "\b\n" + _("Examples:") + "\n" + "\n".join("  " + line for line in _examples()[path])
    for p in cmd.params:
        if p.metavar is None:
            shown = placeholder(path, p)
            if shown is not None:
                p.metavar = shown
        completer = _completer(path, p)
        if completer is not None and getattr(p, "_custom_shell_complete", None) is None:
            p._custom_shell_complete = completer  # typer's parameters have one
    for name, sub in getattr(cmd, "commands", {}).items():
        apply(sub, f"{path} {name}".strip())


def _examples() -> dict[str, tuple[str, ...]]:
    from csops.cli.examples import EXAMPLES

    return EXAMPLES


# -- usage errors -----------------------------------------------------------------------------

ERRORS: tuple[tuple[str, str], ...] = (
    (r"Missing option (?P<name>.+)\.$", N_("Missing option {name}.")),
    (r"Missing argument (?P<name>.+)\.$", N_("Missing argument {name}.")),
    (r"Missing parameter: (?P<name>.+)$", N_("Missing option {name}.")),
    (r"Missing command\.$", N_("Missing command.")),
    (
        r"No such option: (?P<name>\S+) \(Possible options: (?P<possible>.+)\)$",
        N_("No such option: {name} (did you mean {possible}?)"),
    ),
    (r"No such option: (?P<name>.+)$", N_("No such option: {name}")),
    (
        r"No such command (?P<name>'.+')\.\. Did you mean (?P<possible>.+)\?$",
        N_("No such command {name}. Did you mean {possible}?"),
    ),
    (r"No such command (?P<name>'.+')\.$", N_("No such command {name}.")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$", N_("Unexpected extra argument(s): {args}")),
    (r"Option (?P<name>'.+') requires an argument\.$", N_("Option {name} needs a value.")),
    (r"Option (?P<name>'.+') requires (?P<n>\d+) arguments\.$", N_("Option {name} needs {n} values.")),
    (r"Option (?P<name>'.+') does not take a value\.$", N_("Option {name} takes no value.")),
    (r"Argument (?P<name>'.+') takes (?P<n>\d+) values\.$", N_("Argument {name} takes {n} values.")),
    (r"Invalid value for (?P<name>.+?): (?P<reason>.+)$", N_("Invalid value for {name}: {reason}")),
    (r"Invalid value: (?P<reason>.+)$", N_("Invalid value: {reason}")),
    (r"Value (?P<value>.+) is not a valid (?P<kind>\w+)\.$", N_("{value} is not a valid {kind}.")),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.$", N_("{value} is not one of {choices}.")),
    (r"Input should be a valid integer.*$", N_("a whole number is expected.")),
    (r"Input should be a valid number.*$", N_("a number is expected.")),
    (r"Input should be a valid boolean.*$", N_("yes or no is expected.")),
)


def _compiled_errors() -> list[tuple[re.Pattern[str], str]]:
    """ERRORS compiled, on the first usage error (not at every start)."""
    global _ERRORS_COMPILED
    if _ERRORS_COMPILED is None:
        _ERRORS_COMPILED = [(re.compile(p, re.S), msgid) for p, msgid in ERRORS]
    return _ERRORS_COMPILED


_ERRORS_COMPILED: list[tuple[re.Pattern[str], str]] | None = None
KINDS = {"int": N_("whole number"), "float": N_("number"), "integer": N_("whole number")}


def say(message: str) -> str:
    """One of click's or typer's fixed sentences in the reader's language (else as it is)."""
    for pattern, msgid in _compiled_errors():
        m = pattern.match(message)
        if m:
            fields = dict(m.groupdict())
            if "reason" in fields:
                fields["reason"] = say(fields["reason"])
            if "kind" in fields and fields["kind"] in KINDS:
                fields["kind"] = _(KINDS[fields["kind"]])
            return _(msgid).format(**fields)
    return message


def show_error(exc: click.ClickException, echo: Callable[..., Any] = click.echo) -> None:
    """A usage error as click shows it (usage, a hint, the error), in the reader's words."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            echo(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
                + "\n",
                err=True,
            )
    echo(_("Error: {message}").format(message=say(exc.format_message())), err=True)


def run(main: Callable[..., Any], args: Iterable[str] | None, **kw: Any) -> None:
    """Run click's ``main`` without its own error printing, then exit as click would."""
    try:
        rv = main(args=args, standalone_mode=False, **kw)
    except click.Abort:
        click.echo(_("Aborted!"), err=True)
        sys.exit(1)
    except click.NoArgsIsHelpError as exc:  # the help itself, as click shows it
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        show_error(exc)
        sys.exit(exc.exit_code)
    sys.exit(rv if isinstance(rv, int) else 0)
