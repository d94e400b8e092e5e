"""Shared use over SSH, the way gitolite and borg do it (docs/shared-use.md).

Server side: each person's key in the service account's authorized_keys carries a forced
command, ``csops remote-shell [--config F] [--db URL] LOGIN``. sshd runs it whatever the client
asked for and puts the client's request in ``$SSH_ORIGINAL_COMMAND``; :func:`serve` parses that
with :mod:`shlex` (never a shell), refuses anything that is not a csops command a person may
run from afar, refuses settings the client could have sent (``--db``, ``CSOPS_USER``,
``CSOPS_NOW``, ``CSOPS_CONFIG`` and every other ``CSOPS_*`` but the language), and runs the
command in-process as LOGIN: identity comes from the key line and nothing else.

Files never touch the server's disk at a client's say: a path the client names is refused over
plain ``ssh``. Through the client (:func:`run_client`: ``CSOPS_REMOTE=csops@host csops ...`` or
``csops --remote csops@host ...``), files named on the command line travel with it: input files
are read on the client and sent ahead of stdin, output files (``--output``) are written on the
server into a private temporary folder and streamed back, and the client writes them where the
user said. The client's protocol (``csops-client/1``) frames what comes back::

    {"stream": "stdout", "length": N}\\n <N bytes>
    {"stream": "stderr", "length": N}\\n <N bytes>
    {"file": "NAME", "length": N}\\n <N bytes>          (one per output file)
    {"exit": CODE}\\n
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from csops.errors import BadInput, NotPermitted
from csops.i18n import _

PROTOCOL = "csops-client/1"
ALLOWED_ENV = {"CSOPS_LANG"}  # the language is the reader's; every other CSOPS_* is the host's
ROOT_FLAGS = {"--help", "--version", "--debug", "--wide"}
ROOT_WITH_VALUE = {"--lang"}
HOST_ONLY = {"init", "demo", "remote-shell"}  # run on the host itself, by the service account
DB_OVER_SSH = {"check"}  # of `db`: the rest writes or reads files and databases on the host
MAX_UPLOAD = 64 * 1024 * 1024
MAX_HEADER = 1024 * 1024


# -- what a command line names: its file parameters ----------------------------------------------


def _is_path_param(param: Any) -> bool:
    desc = getattr(param, "type_descriptor", None)
    if desc is not None:  # typer >= 0.20 (vendored click)
        ann = desc.annotation
        return ann is Path or Path in typing.get_args(ann)
    try:  # classic click
        import click

        return isinstance(getattr(param, "type", None), click.Path)
    except ImportError:  # pragma: no cover
        return False


def _walk(cmd: Any) -> Iterator[Any]:
    yield cmd
    for sub in getattr(cmd, "commands", {}).values():
        yield from _walk(sub)


def map_paths(cli: Any, mapper: Callable[[str, str], str]) -> None:
    """Pass every path a command line names through ``mapper(kind, value)`` before the command
    sees it; ``kind`` is ``output`` for ``--output`` and ``input`` for every other path."""
    for cmd in _walk(cli):
        for param in getattr(cmd, "params", []):
            if not _is_path_param(param):
                continue
            kind = "output" if param.name == "output" else "input"
            original = param.process_value

            def process(ctx: Any, value: Any, _orig: Any = original, _kind: str = kind) -> Any:
                if isinstance(value, str) and value != "":
                    value = mapper(_kind, value)
                return _orig(ctx, value)

            param.process_value = process


def _rest(ctx: Any) -> list[str]:
    return [*getattr(ctx, "_protected_args", []), *ctx.args]


def files_named(cli: Any, args: list[str]) -> list[tuple[str, str]]:
    """The paths a command line names, in order, as ``(kind, value)`` (parsed as the command
    will parse them; a line that does not parse names none: the server will say why)."""
    found: list[tuple[str, str]] = []

    def record(kind: str, value: str) -> str:
        found.append((kind, value))
        return value

    map_paths(cli, record)
    try:
        ctx = cli.make_context("csops", list(args), resilient_parsing=True)
        cmd = cli
        while hasattr(cmd, "resolve_command") and _rest(ctx):
            name, sub, rest = cmd.resolve_command(ctx, _rest(ctx))
            if sub is None:
                break
            ctx = sub.make_context(name, rest, parent=ctx, resilient_parsing=True)
            cmd = sub
    except Exception:  # noqa: BLE001 - a bad line is the server's to report
        return []
    return found


# -- the server: `csops remote-shell LOGIN` ------------------------------------------------------


def parse_request(original: str | None) -> tuple[bool, list[str]]:
    """The client's request: ``(framed, args)``. Refuses what is not a csops command line."""
    if not original or not original.strip():
        raise NotPermitted(
            _(
                "This key runs csops commands only: `ssh HOST leave list`, or `csops --remote HOST ...` from your machine."
            )
        )
    try:
        tokens = shlex.split(original)
    except ValueError as exc:
        raise BadInput(_("Cannot read the command line: {reason}.").format(reason=exc)) from None
    framed = bool(tokens) and tokens[0] == PROTOCOL
    if framed:
        tokens = tokens[1:]
    if tokens and tokens[0] in ("csops", "csops.exe"):
        tokens = tokens[1:]
    check_args(tokens)
    return framed, tokens


def check_args(args: list[str]) -> None:
    """Root options a client may give, then a csops command a person may run from afar."""
    from csops.cli.app import GROUPS, TOP

    i = 0
    while i < len(args) and args[i].startswith("-"):
        a = args[i]
        name = a.split("=", 1)[0]
        if name in ROOT_FLAGS:
            i += 1
        elif name in ROOT_WITH_VALUE:
            i += 1 if "=" in a else 2
        else:
            raise NotPermitted(
                _("{option} is the host's to set: over SSH the key decides who you are and which database.").format(
                    option=name
                )
            )
    if i >= len(args):
        return  # the root's help or version
    command = args[i]
    known = set(GROUPS) | set(TOP) | HOST_ONLY
    if command not in known:
        raise NotPermitted(_("Only csops commands run here; {word!r} is not one.").format(word=command[:60]))
    if command in HOST_ONLY or (command == "db" and (len(args) <= i + 1 or args[i + 1] not in DB_OVER_SSH)):
        raise NotPermitted(
            _("`csops {command}` runs on the host itself (by the service account), not over SSH.").format(
                command=" ".join(args[i : i + 2])
            )
        )


def check_environment(environ: typing.Mapping[str, str]) -> None:
    """Refuse csops settings in the environment: over SSH they can only have come from the client
    (AcceptEnv) or a misconfigured host; the key line carries the host's own."""
    sent = sorted(k for k in environ if k.startswith("CSOPS_") and k not in ALLOWED_ENV)
    if sent:
        raise NotPermitted(
            _("{names}: not accepted over SSH (identity, clock and database come from the key line).").format(
                names=", ".join(sent)
            )
        )


def _read_uploads(stdin: BinaryIO, folder: Path) -> dict[str, Path]:
    """The client's input files, sent ahead of stdin."""
    header = stdin.readline(MAX_HEADER + 1)
    try:
        files = json.loads(header.decode("utf-8"))["files"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise BadInput(_("The csops client sent a malformed request.")) from None
    out: dict[str, Path] = {}
    total = 0
    for i, f in enumerate(files):
        n = int(f["length"])
        total += n
        if n < 0 or total > MAX_UPLOAD:
            raise BadInput(_("The files sent are larger than {mb} MB.").format(mb=MAX_UPLOAD // 2**20))
        data = stdin.read(n)
        if len(data) != n:
            raise BadInput(_("The csops client's files arrived incomplete."))
        target = folder / f"in{i}{Path(str(f['name'])).suffix[:16]}"
        target.write_bytes(data)
        out[str(f["name"])] = target
    return out


def serve(login: str, *, config: str | None, db: str | None, environ: typing.Mapping[str, str] | None = None) -> int:
    """Run the client's request as ``login``; returns the exit code."""
    from csops.cli.app import get_cli
    from csops.services.context import Options

    env = os.environ if environ is None else environ
    check_environment(env)
    framed, args = parse_request(env.get("SSH_ORIGINAL_COMMAND"))
    opts = Options(db=db, config=config, login=login, remote=True)
    with tempfile.TemporaryDirectory(prefix="csops-remote-") as tmp:
        folder = Path(tmp)
        os.chmod(folder, 0o700)
        uploads: dict[str, Path] = {}
        outputs: list[tuple[str, Path]] = []
        if framed:
            uploads = _read_uploads(sys.stdin.buffer, folder)

        def mapper(kind: str, value: str) -> str:
            if kind == "input":
                if value == "-":
                    return value
                if value in uploads:
                    return str(uploads[value])
                raise BadInput(
                    _(
                        "{path}: over SSH csops reads only files your machine sends; run it through the csops "
                        "client (CSOPS_REMOTE=user@host csops ...), or give - and pipe the file in."
                    ).format(path=value)
                )
            if not framed:
                raise BadInput(
                    _(
                        "--output {path}: over plain SSH no file is written on the host; run it through the csops "
                        "client (CSOPS_REMOTE=user@host csops ...) to get the file on your machine."
                    ).format(path=value)
                )
            target = folder / f"out{len(outputs)}{Path(value).suffix[:16]}"
            outputs.append((value, target))
            return str(target)

        cli = get_cli(argv=args)
        map_paths(cli, mapper)
        if not framed:
            return _invoke(cli, args, opts)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = _invoke(cli, args, opts)
        replace = [(str(t), v) for v, t in outputs] + [(str(t), v) for v, t in uploads.items()]
        stream = sys.stdout.buffer
        for name, text in (("stdout", out.getvalue()), ("stderr", err.getvalue())):
            for a, b in replace:
                text = text.replace(a, b)
            data = text.encode("utf-8")
            stream.write(json.dumps({"stream": name, "length": len(data)}).encode() + b"\n" + data)
        if code == 0:
            for value, target in outputs:
                if target.exists():
                    data = target.read_bytes()
                    stream.write(json.dumps({"file": value, "length": len(data)}).encode() + b"\n" + data)
        stream.write(json.dumps({"exit": code}).encode() + b"\n")
        stream.flush()
        return code


def _invoke(cli: Any, args: list[str], opts: Any) -> int:
    from csops.cli._click import Abort, ClickException, Exit

    try:
        rv = cli.main(args=args, prog_name="csops", standalone_mode=False, obj=opts)
        return rv if isinstance(rv, int) else 0  # without standalone mode, click returns Exit's code
    except Exit as exc:
        return int(exc.exit_code or 0)
    except ClickException as exc:
        exc.show()
        return exc.exit_code
    except Abort:
        sys.stderr.write(_("Aborted.") + "\n")
        return 1
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1


# -- the client: CSOPS_REMOTE=user@host csops ... ------------------------------------------------


def ssh_command() -> list[str]:
    """``$CSOPS_SSH`` (e.g. ``ssh -p 2222 -i ~/.ssh/csops``), else ``ssh``."""
    return shlex.split(os.environ.get("CSOPS_SSH") or "ssh")


def run_client(host: str, args: list[str]) -> int:
    """Run ``args`` on ``host`` as the key there says; files travel both ways; returns the exit code."""
    from csops.cli.app import get_cli

    for a in args:
        if a == "--db" or a.startswith("--db="):
            raise BadInput(_("--db names a database here; with --remote the host's database is used."))
    named = files_named(get_cli(argv=args), args)
    uploads = []
    for kind, value in named:
        if kind == "input" and value != "-":
            try:
                uploads.append((value, Path(value).expanduser().read_bytes()))
            except OSError as exc:
                raise BadInput(_("Cannot read {path}: {reason}").format(path=value, reason=exc.strerror)) from None
    outputs = {value for kind, value in named if kind == "output"}
    header = json.dumps({"files": [{"name": n, "length": len(d)} for n, d in uploads]}).encode() + b"\n"
    command = [*ssh_command(), "-T", "-o", "BatchMode=yes", "--", host, PROTOCOL + " " + shlex.join(args)]
    try:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except OSError as exc:
        raise BadInput(_("Cannot run ssh: {reason}").format(reason=exc.strerror)) from None
    assert proc.stdin is not None and proc.stdout is not None

    def feed() -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(header)
            for _n, d in uploads:
                proc.stdin.write(d)
            if not sys.stdin.isatty() and any(v == "-" for _k, v in named):
                shutil.copyfileobj(sys.stdin.buffer, proc.stdin)
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    code = _read_frames(proc.stdout, outputs)
    proc.wait()
    feeder.join(timeout=1)
    if code is None:
        sys.stderr.write(
            _("The connection to {host} ended before the command did (ssh exit {code}).").format(
                host=host, code=proc.returncode
            )
            + "\n"
        )
        return proc.returncode if proc.returncode not in (0, None) else 1
    return code


def _read_frames(stream: IO[bytes], outputs: set[str]) -> int | None:
    from csops.files import write_atomic

    while True:
        line = stream.readline(MAX_HEADER + 1)
        if not line:
            return None
        try:
            frame = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            # not the protocol: an older csops, or the host's own message; show it as it is
            sys.stderr.write(line.decode("utf-8", "replace"))
            continue
        if "exit" in frame:
            return int(frame["exit"])
        data = stream.read(int(frame["length"]))
        if "stream" in frame:
            target = sys.stdout if frame["stream"] == "stdout" else sys.stderr
            target.write(data.decode("utf-8", "replace"))
            target.flush()
        elif frame.get("file") in outputs:
            write_atomic(Path(frame["file"]).expanduser(), data)
