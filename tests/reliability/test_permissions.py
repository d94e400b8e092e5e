"""CLI.md "Who may do what", table-driven: every action by every role, allowed or refused as
the table says. Refusals exit 1, name the rule, and change nothing."""
import pytest

ROLE_USER = {"head": "boss", "supervisor": "sup1", "rep": "rep1", "assistant": "asst", "onsite": "on1", "frontdesk": "desk",
             "ops": "ops1", "manager": "gm"}
CS = {"head", "supervisor", "rep", "assistant"}
DEPT = {"head", "supervisor", "rep", "assistant", "onsite"}
NOW = "2026-11-27T10:00"


def _n(role):
    return list(ROLE_USER).index(role)


TABLE = [
    ("staff add", {"head", "assistant"}, lambda r: ["staff", "add", "--login", f"new{_n(r)}", "--name", "新人", "--role", "rep"]),
    ("staff edit", {"head", "assistant"}, lambda r: ["staff", "edit", "rep2", "--team", f"T{_n(r)}"]),
    ("calendar set", {"head", "assistant"}, lambda r: ["calendar", "set", f"2026-12-{10 + _n(r)}", "holiday"]),
    ("duty log", {"head", "supervisor", "rep"}, lambda r: ["duty", "log", "--staff", "on2", "--date", f"2026-11-{10 + _n(r)}",
                                                           "--end", "21:00", "--assigned-by", "boss"]),
    ("attendance record", {"frontdesk", "head"}, lambda r: ["attendance", "record", "--date", f"2026-11-{10 + _n(r)}", "--staff",
                                                            "rep2", "--in", "08:50"]),
    ("attendance away", {"frontdesk", "head"}, lambda r: ["attendance", "away", "--staff", "rep2", "--from", f"2026-11-{10 + _n(r)} 14:00",
                                                          "--to", f"2026-11-{10 + _n(r)} 14:05"]),
    ("attendance start", {"head"}, lambda r: ["attendance", "start", "--staff", "rep2", "--date", f"2026-12-{10 + _n(r)}", "--at", "10:00"]),
    ("meeting schedule", {"assistant", "head"}, lambda r: ["meeting", "schedule", "--from", "2026-12-01", "--count", "1"]),
    ("meeting item", DEPT, lambda r: ["meeting", "item", "1", "--owner", "rep1", f"item by {r}"]),
    ("receipt add", CS, lambda r: ["receipt", "add", "--client", "华东电子", "--shipment", f"P{_n(r)}", "--ship-date", "2026-11-20",
                                   "--team", "运作一组"]),
    ("client add", CS, lambda r: ["client", "add", f"客户{_n(r)}"]),
    ("consignee add", CS, lambda r: ["consignee", "add", "--client", "华东电子", "--name", f"仓{_n(r)}", "--address", "地址", "--phone", "1"]),
    ("consignee mismatch", CS | {"ops"}, lambda r: ["consignee", "mismatch", "1", "--field", "phone", "--actual", f"0{_n(r)}"]),
    ("inquiry open", CS, lambda r: ["inquiry", "open", "--client", "华东电子", "--question", f"q{_n(r)}"]),
    ("expense record", {"assistant", "head"}, lambda r: ["expense", "record", str(1 + _n(r))]),
    ("audit list", {"head", "assistant", "supervisor"}, lambda r: ["audit", "list"]),
    ("summary month", {"head", "assistant", "supervisor"}, lambda r: ["summary", "month", "--month", "2026-11"]),
    ("cron run", set(ROLE_USER), lambda r: ["cron", "run", "--dry-run"]),
]


@pytest.fixture
def perm_world(dept):
    cli = dept
    cli.ok("client", "add", "华东电子", now=NOW)
    cli.ok("consignee", "add", "--client", "华东电子", "--name", "上海仓", "--address", "上海", "--phone", "021", now=NOW)
    cli.ok("meeting", "schedule", "--from", "2026-11-01", "--count", "1", now=NOW)
    for i in range(len(ROLE_USER)):
        cli.ok("expense", "add", "--date", "2026-11-26", "--client", "华东电子", "--guests", "王经理", "--amount", f"{10 + i}",
               user="rep1", now=NOW)
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


@pytest.mark.parametrize("action,allowed,build", TABLE, ids=[t[0] for t in TABLE])
def test_who_may_do_what(perm_world, action, allowed, build):
    cli = perm_world
    for role, login in ROLE_USER.items():
        before = audit_count()
        r = cli(*build(role), user=login, now=NOW)
        if role in allowed:
            assert r.exit_code == 0, (action, role, r.output)
        else:
            assert r.exit_code == 1, (action, role, r.output)
            assert "Not permitted" in r.stderr, r.stderr
            assert audit_count() == before, (action, role)


def test_leave_7_nobody_acts_as_another_and_only_the_next_approver_approves(perm_world):
    """LEAVE-7."""
    cli = perm_world
    lid = cli.json("leave", "request", "--type", "personal", "--from", "2026-12-01", "--to", "2026-12-01", user="rep1",
                   now="2026-11-30T09:00")["id"]
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
    assert [n for n in names if n.startswith("audit")] == ["audit list"]
