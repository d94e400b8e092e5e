"""The Chinese documentation works as printed (issue 17): every command in a ```sh block of
README.zh-CN.md and docs/zh/*.md runs, in order, on the demo department (`csops demo`) with the
clock of the demo's month, as the login its `CSOPS_USER=` prefix names (else the head)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.zh-CN.md", *sorted((ROOT / "docs" / "zh").glob("*.md"))]
NOW = "2026-11-27T10:00"
HEAD = "wang.fang"


def commands(path: Path) -> list[tuple[str, list[str]]]:
    """(login, argv) of every csops command in the file's ```sh blocks (`export` lines, comments
    and other programs are not commands of csops)."""
    found, block = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            block = line.strip() == "```sh"
            continue
        if not block:
            continue
        for part in line.split(" ; "):
            words = shlex.split(part, comments=True)
            login = HEAD
            while words and re.fullmatch(r"[A-Z_]+=.*", words[0]):
                name, value = words.pop(0).split("=", 1)
                if name == "CSOPS_USER":
                    login = value
            if words and words[0] == "csops":
                found.append((login, words[1:]))
    return found


def test_the_chinese_documentation_exists_and_is_linked():
    names = {p.name for p in DOCS}
    assert {"README.zh-CN.md", "installation.md", "guide.md", "calendar.md", "cron.md"} <= names
    readme = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")
    for doc in ("installation", "guide", "calendar", "cron"):
        assert f"docs/zh/{doc}.md" in readme
    assert "README.zh-CN.md" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert sum(len(commands(p)) for p in DOCS) >= 30


@pytest.mark.sqlite_only  # the demo is a SQLite file
def test_every_command_of_the_chinese_documentation_runs(cli, tmp_path, monkeypatch):
    db = tmp_path / "demo.db"
    monkeypatch.chdir(tmp_path)  # what the commands write (workbooks) lands here
    cli.ok("demo", "--db", str(db), user=None, now=NOW, lang="zh")
    failed = [f for doc in DOCS for f in run(cli, db, doc.name, commands(doc))]
    assert not failed, "\n".join(map(str, failed))


def run(cli, db, name, cmds):
    """Each command on ``db``; what failed, with its message."""
    failed = []
    for login, argv in cmds:
        r = cli("--db", str(db), *argv, user=login, now=NOW, lang="zh")
        if r.exit_code != 0:
            failed.append((name, login, " ".join(argv), r.exit_code, r.stderr.strip()[:300]))
    return failed


def test_a_command_that_fails_is_caught(cli, tmp_path):  # the test above can fail
    db = tmp_path / "csops.db"
    cli.ok("--db", str(db), "init", "--head-login", HEAD, user=None, now=NOW)
    doc = tmp_path / "x.md"
    doc.write_text("```sh\ncsops staff list ; csops leave approve 999\n```\n", encoding="utf-8")
    assert [f[2] for f in run(cli, db, "x.md", commands(doc))] == ["leave approve 999"]
