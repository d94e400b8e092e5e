"""What every command module shares: the root options, format option, error path."""
from __future__ import annotations

import sys
from typing import Annotated, Any, Callable

import typer

from csops.i18n import N_
from csops.services.context import Options

OPTS = Options()

FormatOpt = Annotated[str, typer.Option("--format", "-f", help=N_("Output format: table, json or csv."))]


def fmt_check(fmt: str, allowed=("table", "json", "csv")) -> str:
    from csops.output import check_format

    return check_format(fmt, allowed)


def service(fn: Callable[..., Any], *, write: bool, actor: str = "required", **kw) -> Any:
    """Run ``fn(ctx)`` inside one transaction of the command's context."""
    from csops.services.context import open_ctx

    with open_ctx(OPTS, write=write, actor=actor, **kw) as ctx:
        return fn(ctx)


def show_rows(rows, fmt: str, **kw) -> None:
    from csops.output import render

    render(rows, fmt, **kw)


def show_one(obj: dict, fmt: str, message: str | None = None) -> None:
    from csops.output import render_one

    render_one(obj, fmt, message=message)


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")
