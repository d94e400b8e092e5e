"""A pager as git has one (issue 17): when stdout is a terminal, what a command prints goes
through ``$CSOPS_PAGER``, else ``$PAGER``, else ``less -FRX`` (``-F``: a page that fits the window
is printed and less quits at once, so short output looks as if no pager ran; ``-R``: colours;
``-X``: the text stays on the screen). ``--no-pager`` (or ``CSOPS_PAGER=cat``, or an empty one)
turns it off; piped or redirected output is never paged. Errors go to stderr, never paged."""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import subprocess
import sys

DEFAULT = "less -FRX"


def pager_command(environ: os._Environ[str] | dict[str, str] | None = None) -> str | None:
    """The pager to run, or None: none configured, ``cat``, or a program that is not installed."""
    env = os.environ if environ is None else environ
    for name in ("CSOPS_PAGER", "PAGER"):
        if name in env:
            cmd = env[name].strip()
            break
    else:
        cmd = DEFAULT
    if not cmd or cmd == "cat":
        return None
    try:
        program = shlex.split(cmd)[0]
    except (ValueError, IndexError):
        return None
    if shutil.which(program) is None:
        return None
    return cmd


def start(*, wanted: bool = True) -> bool:
    """Send the rest of this process's stdout through the pager, if stdout is a terminal and a pager
    is wanted and installed; the pager is waited for at exit. True when it started."""
    if not wanted or not sys.stdout.isatty():
        return False
    cmd = pager_command()
    if cmd is None:
        return False
    # tables still fit the window once stdout is the pager's pipe (csops.output reads $COLUMNS)
    os.environ.setdefault("COLUMNS", str(shutil.get_terminal_size().columns))
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # git's defaults for a pager started without options
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE, env=env)  # noqa: S602 - the user's own pager setting
    except OSError:
        return False
    assert proc.stdin is not None
    os.dup2(proc.stdin.fileno(), sys.stdout.fileno())
    proc.stdin.close()
    atexit.register(_finish, proc)
    return True


def _finish(proc: subprocess.Popen[bytes]) -> None:
    """At exit: end the pager's input, then wait until the reader quits it."""
    try:
        sys.stdout.flush()
    except OSError:  # the reader quit the pager early: nothing more to show
        pass
    try:
        os.close(sys.stdout.fileno())
    except OSError:
        pass
    try:
        proc.wait()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        proc.wait()
