"""The command surface of CLI.md exists, every command is documented, and help is bilingual."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Every command CLI.md names (the contract scripts, cron lines and docs rely on).
CLI_MD = """
init demo today
staff add|staff list|staff show|staff edit|staff deactivate
leave request|leave approve|leave reject|leave cancel|leave back|leave list|leave show
duty log|duty next-start|duty list|duty roster|duty swap|duty comp-rest list|duty comp-rest take
attendance record|attendance away|attendance start|attendance day|attendance summary|attendance calendar
expense add|expense record|expense list|expense report
meeting schedule|meeting signin|meeting attendance|meeting item|meeting items|meeting item-done|meeting minutes|meeting feedback|meeting archive
receipt add|receipt import|receipt return|receipt resign|receipt overdue|receipt hold|receipt workorder|receipt handover|receipt archive
client add|client list|client show|client edit
consignee add|consignee list|consignee show|consignee mismatch|consignee review|consignee confirm|consignee check
inquiry open|inquiry answer|inquiry list
report file|report list|report inform|report close
summary month|cron run|cron list
db upgrade|db backup|db check|policy show|calendar show|calendar set|audit list
"""


def _all_commands():
    from csops.cli.app import get_cli

    def walk(cmd, path=()):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                yield from walk(sub, path + (name,))
        else:
            yield " ".join(path)

    return set(walk(get_cli("en", None)))


def test_every_command_of_cli_md_exists():
    have = _all_commands()
    wanted = {
        c.strip() for line in CLI_MD.strip().splitlines() for c in (line.split("|") if "|" in line else line.split())
    }
    assert wanted - have == set()


def test_docs_cli_md_lists_every_command_and_is_up_to_date():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [c for c in _all_commands() if f"## csops {c}\n" not in text]
    assert missing == []
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"])
    assert r.returncode == 0, "docs/cli.md is stale: run python scripts/cli_reference.py"


def test_help_in_chinese_for_every_group(cli):
    for group in ("leave", "duty", "attendance", "receipt", "meeting", "expense", "inquiry", "report", "cron"):
        out = cli.ok(group, "--help", lang="zh", user=None).stdout
        assert any("\u4e00" <= ch <= "\u9fff" for ch in out), group


def test_bad_usage_exits_2_and_unknown_command_too(cli):
    cli.ok("init", "--head-login", "boss", user=None)
    assert cli("leave", "frobnicate").exit_code == 2
    assert cli("staff", "add", "--login", "x").exit_code == 2  # missing options
    assert cli("--lang", "fr", "staff", "list").exit_code == 2
    r = cli("staff", "list", "--format", "yaml")
    assert r.exit_code == 2 and "yaml" in r.stderr
