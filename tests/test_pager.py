"""A pager as git has one (issue 17): on a terminal, output goes through $CSOPS_PAGER/$PAGER
(default `less -FRX`); `--no-pager`, `CSOPS_PAGER=cat` and piped output print directly."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from csops.cli.pager import pager_command

pytestmark = pytest.mark.sqlite_only  # about the terminal, not the store


def _on_a_terminal(args, env):
    """Run csops with its stdout on a pseudo-terminal; return (exit code, what reached the terminal)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([sys.executable, "-m", "csops", *args], stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal's other end closed
            break
        if not chunk:
            break
        seen += chunk
    p.wait()
    os.close(master)
    return p.returncode, seen.decode("utf-8", "replace")


def test_a_terminal_gets_the_pager_and_no_pager_or_a_pipe_does_not(dept, tmp_path):
    paged = tmp_path / "paged.txt"
    env = dict(os.environ, CSOPS_USER="boss", CSOPS_PAGER=f"cat > {paged}", COLUMNS="100")
    code, screen = _on_a_terminal(["staff", "list"], env)
    assert code == 0 and "sup1" in paged.read_text(encoding="utf-8") and "sup1" not in screen
    assert max(len(line) for line in paged.read_text(encoding="utf-8").splitlines()) <= 100  # still fits
    paged.unlink()
    code, screen = _on_a_terminal(["--no-pager", "staff", "list"], env)
    assert code == 0 and "sup1" in screen and not paged.exists()
    r = subprocess.run([sys.executable, "-m", "csops", "staff", "list"], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and "sup1" in r.stdout and not paged.exists()  # piped: never paged


def test_errors_are_not_paged_and_keep_their_exit_code(dept, tmp_path):
    paged = tmp_path / "paged.txt"
    env = dict(os.environ, CSOPS_USER="boss", CSOPS_PAGER=f"cat > {paged}")
    code, screen = _on_a_terminal(["staff", "show", "ghost"], env)
    assert code == 1 and "ghost" not in paged.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "env,expected",
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"PAGER": "more", "CSOPS_PAGER": "less -S"}, "less -S"),
        ({"CSOPS_PAGER": "cat"}, None),
        ({"CSOPS_PAGER": ""}, None),
        ({"CSOPS_PAGER": "no-such-pager-anywhere"}, None),
    ],
)
def test_which_pager(env, expected, monkeypatch):
    if expected and expected.split()[0] not in ("less", "more"):
        pytest.skip("needs the program")
    import shutil

    if expected and shutil.which(expected.split()[0]) is None:
        expected = None  # not installed here: no pager rather than a broken one
    assert pager_command(env) == expected
