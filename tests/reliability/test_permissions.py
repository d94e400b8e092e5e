"""CLI.md "Who may do what", table-driven: every action by every role, allowed or refused as
the table says. Refusals exit 1, name the rule, and change nothing."""

from datetime import date, timedelta

import pytest

from csops.permissions import BY_ACTION, PERMISSIONS

ROLE_USER = {
    "head": "boss",
    "supervisor": "sup1",
    "rep": "rep1",
    "assistant": "asst",
    "onsite": "on1",
    "frontdesk": "desk",
    "ops": "ops1",
    "manager": "gm",
}
NOW = "2026-11-27T10:00"


def _n(role):
    return list(ROLE_USER).index(role)


def _key(kind: str, n: int) -> str:
    """A well-formed ed25519 public key of its own for each role and purpose."""
    import base64
    import hashlib
    import struct

    raw = hashlib.sha256(f"{kind}{n}".encode()).digest()
    blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + raw
    return "ssh-ed25519 " + base64.b64encode(blob).decode()


def _fingerprint(key: str) -> str:
    from csops.services.keys import parse_public_key

    return parse_public_key(key).fingerprint


# For each action of the permission table that a role alone decides: a command line that does it
# (each role gets its own data, so an allowed one succeeds).
COMMANDS = {
    "staff add": lambda r: ["staff", "add", "--login", f"new{_n(r)}", "--name", "新人", "--role", "rep"],
    "staff edit": lambda r: ["staff", "edit", "rep2", "--team", f"T{_n(r)}"],
    "staff deactivate": lambda r: ["staff", "deactivate", f"temp{_n(r)}"],
    "calendar set": lambda r: ["calendar", "set", f"2026-12-{10 + _n(r)}", "holiday"],
    "calendar import": lambda r: ["calendar", "import", "SCHEDULE"],
    "policy set": lambda r: ["policy", "set", "meeting.points", str(10 + _n(r)), "--reason", "x"],
    "policy import": lambda r: ["policy", "import", "POLICYFILE"],
    "duty log": lambda r: [
        "duty",
        "log",
        "--staff",
        "on2",
        "--date",
        f"2026-11-{10 + _n(r)}",
        "--end",
        "21:00",
        "--assigned-by",
        "boss",
    ],
    "duty mark": lambda r: [
        "duty",
        "mark",
        [
            "2026-12-05",
            "2026-12-06",
            "2026-12-12",
            "2026-12-13",
            "2026-12-19",
            "2026-12-20",
            "2026-12-26",
            "2026-12-27",
        ][_n(r)],
    ],
    "duty unmark": lambda r: [
        "duty",
        "unmark",
        [
            "2027-01-02",
            "2027-01-03",
            "2027-01-09",
            "2027-01-10",
            "2027-01-16",
            "2027-01-17",
            "2027-01-23",
            "2027-01-24",
        ][_n(r)],
    ],
    "duty roster --write": lambda r: ["duty", "roster", "--month", f"2027-{3 + _n(r):02d}", "--write"],
    "duty swap": lambda r: ["duty", "swap", "2026-11-07", "--staff", ["on1", "on2", "on3"][_n(r) % 3]],
    "duty comp-rest take --staff": lambda r: [
        "duty",
        "comp-rest",
        "take",
        "--date",
        f"2026-12-0{1 + _n(r)}",
        "--staff",
        "on2",
    ],
    "attendance record": lambda r: [
        "attendance",
        "record",
        "--date",
        f"2026-11-{10 + _n(r)}",
        "--staff",
        "rep2",
        "--in",
        "08:50",
    ],
    "attendance away": lambda r: [
        "attendance",
        "away",
        "--staff",
        "rep2",
        "--from",
        f"2026-11-{10 + _n(r)} 14:00",
        "--to",
        f"2026-11-{10 + _n(r)} 14:05",
    ],
    "attendance start": lambda r: [
        "attendance",
        "start",
        "--staff",
        "rep2",
        "--date",
        f"2026-12-{10 + _n(r)}",
        "--at",
        "10:00",
    ],
    "expense record": lambda r: ["expense", "record", str(1 + _n(r))],
    "expense report": lambda r: ["expense", "report", "--month", "2026-11"],
    "meeting schedule": lambda r: ["meeting", "schedule", "--from", "2026-12-01", "--limit", "1"],
    "meeting schedule --break-rhythm": lambda r: [
        "meeting",
        "schedule",
        "--from",
        "2027-01-02",
        "--limit",
        "1",
        "--break-rhythm",
    ],
    "meeting signin": lambda r: ["meeting", "signin", "1", "--staff", "rep1"],
    "meeting minutes": lambda r: ["meeting", "minutes", "1", "--file", "MINUTES"],
    "meeting item": lambda r: ["meeting", "item", "1", "--owner", "rep1", f"item by {r}"],
    "receipt": lambda r: [
        "receipt",
        "add",
        "--client",
        "华东电子",
        "--shipment",
        f"P{_n(r)}",
        "--ship-date",
        "2026-11-20",
        "--team",
        "运作一组",
    ],
    "client": lambda r: ["client", "add", f"客户{_n(r)}"],
    "consignee add": lambda r: [
        "consignee",
        "add",
        "--client",
        "华东电子",
        "--name",
        f"仓{_n(r)}",
        "--address",
        "地址",
        "--phone",
        "1",
    ],
    "consignee mismatch": lambda r: ["consignee", "mismatch", "1", "--field", "phone", "--actual", f"0{_n(r)}"],
    "inquiry": lambda r: ["inquiry", "open", "--client", "华东电子", "--question", f"q{_n(r)}"],
    "audit list": lambda r: ["audit", "list"],
    "keys add": lambda r: ["keys", "add", f"temp{_n(r)}", _key("add", _n(r))],
    "keys remove": lambda r: ["keys", "remove", "rep2", "--fingerprint", _fingerprint(_key("remove", _n(r)))],
    "keys list": lambda r: ["keys", "list"],
    "summary month": lambda r: ["summary", "month", "--month", "2026-11"],
    "policy what-if": lambda r: ["policy", "what-if", "--month", "2026-11", "--set", "meeting.points=5"],
    "cron run": lambda r: ["cron", "run", "--dry-run"],
    "mail retry": lambda r: ["mail", "outbox"],
    "mail test": lambda r: ["mail", "test", "--recipient", "boss"],
}
# Actions the table gives to more people than finally may: the record decides (the person, the next
# approver, the owner); each is proved by the test named.
DECIDED_BY_THE_RECORD = {
    "leave request": "test_leave_7_nobody_acts_as_another_and_only_the_next_approver_approves",
    "leave approve": "test_leave_7_nobody_acts_as_another_and_only_the_next_approver_approves",
    "leave reject": "test_leave_7_nobody_acts_as_another_and_only_the_next_approver_approves",
    "leave cancel": "tests/test_people_time_cli.py",
    "leave back": "tests/test_people_time_cli.py",
    "duty comp-rest take": "tests/test_people_time_cli.py::test_duty_4_roster_write_swap_and_comp_rest",
    "expense add": "tests/test_expense_inquiry_report.py",
    "meeting archive": "tests/test_meetings.py::test_meeting_6_7_minutes_cycle_through_the_outbox",
    "meeting item-done": "tests/test_meetings.py::test_meeting_3_5_items_and_follow_ups",
    "meeting item-edit": "tests/test_meetings.py::test_meeting_6_7_items_change_while_the_minutes_are_a_draft_and_stand_once_sent",
    "meeting feedback": "tests/test_meetings.py::test_meeting_6_7_minutes_cycle_through_the_outbox",
    "consignee confirm": "tests/test_receipts_clients.py::test_client_3_4_5_6_7_mismatch_review_confirm_reminder",
    "report file": "tests/test_expense_inquiry_report.py",
    "report inform": "tests/test_expense_inquiry_report.py",
    "report close": "tests/test_expense_inquiry_report.py",
    "see the department's records": "test_reading_lists_show_the_department_only_to_those_who_oversee_it",
    "see the day's attendance": "test_reading_lists_show_the_department_only_to_those_who_oversee_it",
}


def test_the_permission_table_is_tested_whole():
    """Every action of csops.permissions is either driven by every role here or decided per record and tested."""
    assert set(COMMANDS) | set(DECIDED_BY_THE_RECORD) == {p.action for p in PERMISSIONS}
    assert not set(COMMANDS) & set(DECIDED_BY_THE_RECORD)


def _build_world(cli, folder):
    """The department, and for each role data of its own to act on (built once per session)."""
    from conftest import build_dept

    build_dept(cli)
    cli.ok("client", "add", "华东电子", now=NOW)
    cli.ok(
        "consignee", "add", "--client", "华东电子", "--name", "上海仓", "--address", "上海", "--phone", "021", now=NOW
    )
    cli.ok("meeting", "schedule", "--from", "2026-11-01", "--limit", "1", now=NOW)
    for i in range(len(ROLE_USER)):
        cli.ok(
            "expense",
            "add",
            "--date",
            "2026-11-26",
            "--client",
            "华东电子",
            "--guests",
            "王经理",
            "--amount",
            f"{10 + i}",
            user="rep1",
            now=NOW,
        )
        cli.ok("staff", "add", "--login", f"temp{i}", "--name", "临时", "--role", "rep", "--superior", "sup1", now=NOW)
    cli.ok(
        "duty",
        "mark",
        "2026-11-07",
        "2026-11-14",
        "2026-11-21",
        "2026-11-28",
        "2026-11-29",
        "2027-01-02",
        "2027-01-03",
        "2027-01-09",
        "2027-01-10",
        "2027-01-16",
        "2027-01-17",
        "2027-01-23",
        "2027-01-24",
        now=NOW,
    )
    cli.ok("duty", "roster", "--month", "2026-11", "--write", now=NOW)
    for i in range(len(ROLE_USER)):  # the second Saturday of each month from March 2027 (no holiday break then)
        first = date(2027, 3 + i, 1)
        cli.ok("duty", "mark", (first + timedelta(days=(5 - first.weekday()) % 7 + 7)).isoformat(), now=NOW)
    (folder / "schedule.json").write_text(
        '{"days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}', encoding="utf-8"
    )
    (folder / "policy.toml").write_text('[policy]\n"meeting.points" = 12\n', encoding="utf-8")
    (folder / "minutes.md").write_text("# 纪要\n- 一项\n", encoding="utf-8")
    from conftest import config_text

    (folder / "csops.toml").write_text(
        config_text(f'[ssh]\nauthorized_keys = "{folder / "authorized_keys"}"\n'), encoding="utf-8"
    )
    for i in range(len(ROLE_USER)):
        cli.ok("keys", "add", "rep2", _key("remove", i), now=NOW)
    cli.ok("staff", "edit", "boss", "--email", "boss@example.com", now=NOW)


@pytest.fixture
def perm_world(cli, templates, tmp_path):
    folder = templates.restore("permissions", _build_world)
    from conftest import config_text

    (tmp_path / "csops.toml").write_text(
        config_text(f'[ssh]\nauthorized_keys = "{tmp_path / "authorized_keys"}"\n'), encoding="utf-8"
    )
    cli.files = {
        "SCHEDULE": str(folder / "schedule.json"),
        "POLICYFILE": str(folder / "policy.toml"),
        "MINUTES": str(folder / "minutes.md"),
    }

    return cli


def audit_count() -> int:
    import os

    from conftest import ON_PG, pg_url
    from csops.config import to_url
    from csops.db import make_engine

    engine = make_engine(pg_url(os.environ["CSOPS_TEST_DBNAME"]) if ON_PG else to_url(os.environ["CSOPS_DB"]))
    with engine.connect() as c:
        n = c.exec_driver_sql("SELECT count(*) FROM audit_log").scalar()
    engine.dispose()
    return n


@pytest.mark.parametrize("action", sorted(COMMANDS))
def test_who_may_do_what(perm_world, action):
    """Every action by every role: allowed as csops.permissions says (exit 0), else refused with exit 1,
    "Not permitted", the rule named, and nothing written."""
    cli = perm_world
    allowed = BY_ACTION[action].roles
    for role, login in ROLE_USER.items():
        before = audit_count()
        args = [cli.files.get(a, a) for a in COMMANDS[action](role)]
        r = cli(*args, user=login, now=NOW)
        if role in allowed:
            assert r.exit_code == 0, (action, role, r.output)
        else:
            assert r.exit_code == 1, (action, role, r.output)
            named = (f"`{action}`", f"`{action.split(' --')[0]}`")  # the action, or the command it refines
            assert "Not permitted" in r.stderr and any(n in r.stderr for n in named), r.stderr
            assert audit_count() == before, (action, role)


def test_reading_lists_show_the_department_only_to_those_who_oversee_it(perm_world):
    """CLI.md: a person without a head/assistant/supervisor role sees their own leave, attendance and
    expenses only; the front desk sees the day's attendance."""
    cli = perm_world
    for role, login in ROLE_USER.items():
        expenses = cli.json("expense", "list", user=login, now=NOW)
        sees_all = role in BY_ACTION["see the department's records"].roles
        assert (len(expenses) == len(ROLE_USER)) if sees_all else all(e["staff"] == login for e in expenses), role
        day = cli.json("attendance", "day", "--date", "2026-11-26", user=login, now=NOW)
        sees_day = role in BY_ACTION["see the day's attendance"].roles
        assert (len({d["staff"] for d in day}) > 1) if sees_day else all(d["staff"] == login for d in day), role


def test_leave_7_nobody_acts_as_another_and_only_the_next_approver_approves(perm_world):
    """LEAVE-7."""
    cli = perm_world
    lid = cli.json(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        user="rep1",
        now="2026-11-30T09:00",
    )["id"]
    for login in ("boss", "asst", "gm", "rep2", "desk", "rep1"):
        r = cli("leave", "approve", lid, user=login, now="2026-11-30T09:00")
        assert r.exit_code == 1 and "LEAVE-5" in r.stderr
    assert cli.json("leave", "approve", lid, user="sup1", now="2026-11-30T09:00")["next_approver"] == "boss"
    r = cli("leave", "reject", lid, "--reason", "x", user="sup1", now="2026-11-30T09:00")
    assert r.exit_code == 1  # sup1 decided already: only the head now
    assert cli.json("leave", "approve", lid, user="boss", now="2026-11-30T09:00")["status"] == "approved"
    # the leave list of a representative shows only their own (and what waits for them)
    assert all(x["staff"] == "rep2" for x in cli.json("leave", "list", user="rep2", now="2026-11-30T09:00"))


def test_nothing_edits_or_deletes_the_audit_log_through_csops(perm_world):
    from csops.cli.app import get_cli

    names = set()

    def walk(cmd, path=()):
        subs = getattr(cmd, "commands", None)
        if subs:
            for n, s in subs.items():
                walk(s, path + (n,))
        else:
            names.add(" ".join(path))

    walk(get_cli("en", None))
    assert sorted(n for n in names if n.startswith("audit")) == ["audit head", "audit list"]  # both only read


def test_docs_permissions_md_is_generated_from_the_table():
    """docs/permissions.md is the table of csops.permissions; regenerate with scripts/permissions_doc.py."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[2] / "scripts" / "permissions_doc.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0, "docs/permissions.md is stale"
