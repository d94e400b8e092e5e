"""Issue 15: each agenda item and reminder goes only to the people whose action it is. Over the
demo department (something of everything due), every item of every person's agenda suggests a
command that person's role may run (csops.permissions), and nobody hears of what is not theirs."""

from __future__ import annotations

import os

import pytest

from csops.permissions import BY_ACTION, READS, action_of

NOW = "2026-11-27T10:00"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from conftest import Cli

    folder = tmp_path_factory.mktemp("audiences")
    db = folder / "demo.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CSOPS_CONFIG", str(folder / "none.toml"))
        (folder / "none.toml").write_text("", encoding="utf-8")
        mp.setenv("CSOPS_OUTBOX", str(folder / "outbox"))
        Cli(folder).ok("demo", "--db", db, "--format", "json", user=None, env={"CSOPS_NOW": NOW, "CSOPS_DB": None})
    return db


@pytest.mark.sqlite_only
def test_every_agenda_item_is_a_command_its_reader_may_run(cli, demo_db):
    people = cli.json("--db", demo_db, "staff", "list", user="wang.fang", now=NOW)
    seen_actions = set()
    for p in people:
        if not p["active"]:
            continue
        items = cli.json("--db", demo_db, "today", user=p["login"], now=NOW)
        for item in items:
            action = action_of(item["command"])
            seen_actions.add(action)
            assert action is None or p["role"] in BY_ACTION[action].roles, (p["login"], p["role"], item)
        if p["role"] in ("ops", "frontdesk", "manager"):  # outside the department's attendance and meetings
            assert not [i for i in items if i["clause"] in ("ATTEND-3", "LEAVE-9", "MEETING-7")], (p["login"], items)
        if p["role"] == "frontdesk":
            assert [i["clause"] for i in items] == ["ATTEND-1"]  # the day sheet
    assert len(seen_actions) >= 6  # the demo has something of everything


def test_reads_are_commands_of_csops():
    """Every command the permission table calls a read exists, and reads nothing it should not."""
    from csops.cli.app import get_cli

    names = set()

    def walk(cmd, path=()):
        for n, sub in (getattr(cmd, "commands", None) or {}).items():
            names.add(" ".join(path + (n,)))
            walk(sub, path + (n,))

    walk(get_cli("en", None))
    assert set(READS) <= names, set(READS) - names
    assert not set(READS) & set(BY_ACTION)
    with pytest.raises(KeyError):
        action_of("csops nonsense do")
    assert os.environ.get("CSOPS_LANG") == "en"
