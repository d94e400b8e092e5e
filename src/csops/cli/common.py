"""What every command module shares: the root options, format option, error path."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from csops.i18n import N_
from csops.options import Options as Options  # re-exported: the root callback's ctx.obj

if TYPE_CHECKING:
    from csops.config import Config
    from csops.services.context import Ctx

T = TypeVar("T")

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


def fmt_check(fmt: str, allowed: Iterable[str] = ("table", "json", "csv")) -> str:
    from csops.output import check_format

    return check_format(fmt, allowed)


def service(fn: Callable[[Ctx], T], *, write: bool, actor: str = "required", **kw: Any) -> T:
    """Run ``fn(ctx)`` inside one transaction of the command's context (retried on a PostgreSQL
    serialization conflict: services.context.transaction); once it has committed, deliver the
    mail and files it queued."""
    from csops.services.context import transaction

    result: T
    result, done = transaction(current_options(), fn, write=write, actor=actor, **kw)
    if done.queued:  # committed: now, and only now, the mail and the files go out
        deliver_after_commit(done.config, done.url, done.queued)
    return result


def deliver_after_commit(config: Config, url: str, ids: list[int]) -> None:
    """Deliver what a committed command queued and say what became of it (stderr); a delivery
    that failed exits 1: the change stands, the mail waits in the outbox."""
    from csops.errors import NotDelivered
    from csops.i18n import _
    from csops.services.mail import deliver, summary_lines

    views = deliver(config, url, ids)
    for line in summary_lines(views):
        warn(line)
    if any(v.status == "failed" for v in views):
        raise NotDelivered(
            _("The change is recorded, but not all of its mail went out: it waits in the outbox (`csops mail outbox`).")
        )


def show_rows(rows: Sequence[Mapping[str, Any]], fmt: str, **kw: Any) -> None:
    from csops.output import render

    render(rows, fmt, **kw)


def show_one(obj: Mapping[str, Any], fmt: str, message: str | None = None) -> None:
    from csops.output import render_one

    render_one(obj, fmt, message=message)


def warn(text: str) -> None:
    sys.stderr.write(text + "\n")


def renamed(new_value: T | None, old_value: T | None, *, old: str, new: str, required: bool = False) -> T | None:
    """An option's old name, kept one release as a hidden alias that warns (issue 17: one name per
    meaning across all groups). ``required``: one of the two must be given."""
    from csops.i18n import _

    if old_value is not None:
        warn(_("{old} is now {new}; {old} goes in the next release.").format(old=old, new=new))
        if new_value is None:
            new_value = old_value
    if required and new_value is None:
        from csops.cli._click import UsageError, get_current_context

        raise UsageError(_("Missing option {name}.").format(name=f"'{new}'"), get_current_context(silent=True))
    return new_value


def export(
    rows: Sequence[Mapping[str, Any]],
    fmt: str,
    output: Path | None,
    *,
    sheet_by: str | None = None,
    title: str | None = None,
    columns: list[str] | None = None,
    footer: list[str] | None = None,
    one_page_up_to: int | None = None,
) -> None:
    """A report as table, JSON, CSV (stdout, or ``output``) or an xlsx workbook (``output`` required);
    ``sheet_by`` puts each value of that key on a sheet of its own (csops.documents.xlsx_bytes for
    ``footer`` and ``one_page_up_to``)."""
    from csops.errors import BadInput
    from csops.i18n import _

    if columns and fmt != "json":
        rows = [{c: r.get(c) for c in columns} for r in rows]
    if fmt == "xlsx":
        if output is None:
            raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
        from csops.documents import write_xlsx

        sheets: dict[str, list[Mapping[str, Any]]] = {}
        for r in rows:
            sheets.setdefault(str(r.get(sheet_by)) if sheet_by else (title or "csops"), []).append(r)
        write_xlsx(output, sheets or {title or "csops": []}, title=title, footer=footer, one_page_up_to=one_page_up_to)
        warn(_("Wrote {path}.").format(path=output))
        return
    if output is not None:
        import io

        from csops.files import write_atomic

        buf = io.StringIO(newline="")
        show_rows(rows, fmt, out=buf, title=title if fmt == "table" else None)
        # a CSV file gets a byte-order mark: Excel on Chinese Windows reads UTF-8 only with one
        write_atomic(output, ("\ufeff" if fmt == "csv" else "") + buf.getvalue())
        warn(_("Wrote {path}.").format(path=output))
        return
    show_rows(rows, fmt, title=title if fmt == "table" else None)
