"""csops keys: each person's SSH key for shared use (head, assistant; docs/shared-use.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from csops.cli.common import FormatOpt, current_options, fmt_check, service, show_one, show_rows, warn
from csops.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from csops.services.context import Ctx

T = TypeVar("T")

app = typer.Typer(
    help=N_("SSH keys for shared use: each key runs csops as its person (head, assistant)."), no_args_is_help=True
)


def _pinned() -> tuple[str | None, str | None]:
    """The config and database the key lines pin: those this command runs with (over SSH: the
    ones of the key line it came through), given explicitly (--db, $CSOPS_DB, $CSOPS_CONFIG)."""
    opts = current_options()
    config = opts.config or os.environ.get("CSOPS_CONFIG")
    db = opts.db or os.environ.get("CSOPS_DB")
    if db and "://" not in db:
        db = str(Path(db).expanduser().resolve())
    return (str(Path(config).expanduser().resolve()) if config else None), db


def _write(lines: list[str], path: Path) -> None:
    from csops.services.keys import write_authorized_keys

    write_authorized_keys(path, lines)
    warn(ngettext("Wrote {path} ({n} key).", "Wrote {path} ({n} keys).", len(lines)).format(path=path, n=len(lines)))


def _change(fn: Callable[[Ctx], T]) -> tuple[T, list[str], Path]:
    """Run a change and compute the new key lines in the same transaction; the file is written
    only once the change is committed."""
    from csops.services.keys import authorized_keys_path, key_lines

    config, db = _pinned()

    def run(ctx: Ctx) -> tuple[T, list[str], Path]:
        result = fn(ctx)
        return result, key_lines(ctx, config=config, db=db), authorized_keys_path(ctx)

    return service(run, write=True)


@app.command("add", help=N_("Put a person's public key on file and into authorized_keys."))
def add(
    login: Annotated[str, typer.Argument(help=N_("Whose key it is."))],
    key: Annotated[
        str | None, typer.Argument(help=N_("The public key (the .pub file's one line), or - to read it from stdin."))
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", help=N_("Read the public key from this .pub file."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.errors import BadInput
    from csops.services.keys import add_key

    fmt = fmt_check(fmt)
    if (key is None) == (file is None):
        raise BadInput(_("Give the key, - for stdin, or --file KEY.pub (one of them)."))
    if file is not None:
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(_("Cannot read {path}: {reason}").format(path=file, reason=exc)) from None
    else:
        text = sys.stdin.read() if key == "-" else str(key)
    view, lines, path = _change(lambda ctx: add_key(ctx, login, text))
    _write(lines, path)
    show_one(view, fmt, message=_("Key {fingerprint} of {login} is on file.").format(**view))


@app.command("remove", help=N_("Take a person's keys (or one, by fingerprint) off file and out of authorized_keys."))
def remove(
    login: Annotated[str, typer.Argument(help=N_("Whose keys."))],
    fingerprint: Annotated[
        str | None,
        typer.Option("--fingerprint", help=N_("Only this key (SHA256:..., as `keys list` shows).")),
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.keys import remove_keys

    fmt = fmt_check(fmt)
    views, lines, path = _change(lambda ctx: remove_keys(ctx, login, fingerprint))
    _write(lines, path)
    show_rows(views, fmt)


@app.command("list", help=N_("The keys on file."))
def list_(
    all_: Annotated[bool, typer.Option("--all", help=N_("Removed keys too."))] = False,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.keys import list_keys

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: list_keys(ctx, all_=all_), write=False), fmt)


@app.command("sync", help=N_("Write authorized_keys again from the keys on file (after moving csops, say)."))
def sync() -> None:
    from csops.services.keys import authorized_keys_path, key_lines

    config, db = _pinned()

    def run(ctx: Ctx) -> tuple[list[str], Path]:
        ctx.require("keys add")
        return key_lines(ctx, config=config, db=db), authorized_keys_path(ctx)

    lines, path = service(run, write=False)
    _write(lines, path)
