"""What every command module shares: the root options, format option, error path."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer

from csops.i18n import N_
from csops.services.context import Options

OPTS = Options()  # outside a command line (scripts, tests of services): the defaults


def current_options() -> Options:
    """The options of the running command line: click's ``ctx.obj`` of the root (set by the root
    callback, or by `csops remote-shell` from the key line)."""
    from csops.cli._click import get_current_context

    ctx = get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, Options):
            return ctx.obj
        ctx = ctx.parent
    return OPTS


FormatOpt = Annotated[str, typer.Option("--format", "-f", help=N_("Output format: table, json or csv."))]


def fmt_check(fmt: str, allowed=("table", "json", "csv")) -> str:
    from csops.output import check_format

    return check_format(fmt, allowed)


def service(fn: Callable[..., Any], *, write: bool, actor: str = "required", **kw) -> Any:
    """Run ``fn(ctx)`` inside one transaction of the command's context. On PostgreSQL a
    serialization conflict with another writer rolls everything back and runs the command
    again (up to 8 times); nothing has been printed yet, so that is safe."""
    import random
    import time

    from sqlalchemy.exc import DBAPIError

    from csops.db import is_retryable
    from csops.errors import StoreError
    from csops.i18n import _
    from csops.services.context import open_ctx

    for attempt in range(8):
        try:
            with open_ctx(current_options(), write=write, actor=actor, **kw) as ctx:
                return fn(ctx)
        except DBAPIError as exc:
            if not is_retryable(exc):
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise StoreError(_("Too many people changed the same records at once; nothing was changed. Try again."))


def show_rows(rows, fmt: str, **kw) -> None:
    from csops.output import render

    render(rows, fmt, **kw)


def show_one(obj: dict, fmt: str, message: str | None = None) -> None:
    from csops.output import render_one

    render_one(obj, fmt, message=message)


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def export(
    rows: list[dict],
    fmt: str,
    output,
    *,
    sheet_by: str | None = None,
    title: str | None = None,
    columns: list[str] | None = None,
    footer: list[str] | None = None,
) -> None:
    """A report as table, JSON, CSV (stdout, or ``output``) or an xlsx workbook (``output`` required);
    ``sheet_by`` puts each value of that key on a sheet of its own."""
    from csops.errors import BadInput
    from csops.i18n import _

    if columns and fmt != "json":
        rows = [{c: r.get(c) for c in columns} for r in rows]
    if fmt == "xlsx":
        if output is None:
            raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
        from csops.documents import write_xlsx

        sheets: dict[str, list[dict]] = {}
        for r in rows:
            sheets.setdefault(str(r.get(sheet_by)) if sheet_by else (title or "csops"), []).append(r)
        write_xlsx(output, sheets or {title or "csops": []}, title=title, footer=footer)
        warn(_("Wrote {path}.").format(path=output))
        return
    if output is not None:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            show_rows(rows, fmt, out=fh, title=title if fmt == "table" else None)
        warn(_("Wrote {path}.").format(path=output))
        return
    show_rows(rows, fmt, title=title if fmt == "table" else None)
