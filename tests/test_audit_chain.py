"""A tamper-evident audit log (issue 13): a hash chain that `db check` verifies with the
append-only triggers; `audit head` prints the head; deleting an entry, editing one and dropping
a trigger are each caught, on the engine each concerns."""

from __future__ import annotations

import os
import sqlite3

import pytest

from conftest import _admin_conn


def _writes(dept):
    for n in range(4):
        dept.ok("staff", "edit", "rep2", "--email", f"rep2+{n}@example.com")


def test_the_chain_verifies_and_audit_head_names_its_newest_entry(dept):
    _writes(dept)
    head = dept.json("audit", "head")
    entries = dept.json("audit", "list", "--limit", "100000")
    assert head["ok"] is True and head["entries"] == len(entries) and head["head_id"] == entries[-1]["id"]
    assert head["head_hash"] == entries[-1]["hash"] and len(head["head_hash"]) == 64
    dept.ok("db", "check", user=None)
    dept.ok("staff", "edit", "rep2", "--email", "again@example.com")
    assert dept.json("audit", "head")["head_hash"] != head["head_hash"]  # every write moves the head
    dept.fails(1, "audit", "head", user="rep1")  # who may read the log


def _sqlite(sql: str) -> None:
    c = sqlite3.connect(os.environ["CSOPS_DB"])
    try:
        c.executescript(sql)
        c.commit()
    finally:
        c.close()


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    "tamper, says",
    [
        (
            "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 5;",
            ["the entry before #6 is missing", "audit_log_no_delete is missing"],
        ),
        (
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'gm' WHERE id = 4;",
            ["entry #4 was changed", "audit_log_no_update is missing"],
        ),
        ("DROP TRIGGER audit_log_no_update;", ["audit_log_no_update is missing"]),
        (  # a forger who recomputes the edited entry's hash still breaks the next link
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = 'f' || substr(hash, 2) WHERE id = 4;",
            ["entry #4 was changed"],
        ),
    ],
)
def test_sqlite_shell_tampering_is_caught_by_db_check(dept, tamper, says):
    """The attack of issue 13: the sqlite3 shell drops the trigger and edits the log."""
    _writes(dept)
    dept.ok("db", "check", user=None)
    _sqlite(tamper)
    r = dept.fails(1, "db", "check", user=None)
    for text in says:
        assert text in r.output, r.output
    import json

    if any("entry" in text for text in says):  # the chain itself is broken: its head says where
        head = json.loads(dept.fails(1, "audit", "head", "--format", "json").stdout)
        assert head["ok"] is False and head["broken_at"] in (4, 6)


@pytest.mark.sqlite_only
def test_deleting_the_newest_entries_is_seen_against_a_head_kept_earlier(dept):
    """A shorter chain verifies on its own; the head mailed each month is what shows the cut."""
    _writes(dept)
    kept = dept.json("audit", "head")
    _sqlite(
        "DROP TRIGGER audit_log_no_delete; "
        f"DELETE FROM audit_log WHERE id = {kept['head_id']}; "
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
    )
    now = dept.json("audit", "head")
    assert now["ok"] is True and now["entries"] == kept["entries"] - 1 and now["head_hash"] != kept["head_hash"]


@pytest.mark.postgres_only
def test_the_runtime_role_cannot_alter_the_audit_log_or_its_triggers(dept):
    """docs/postgresql.md: csops connects as a role with DML on its tables, none on the audit
    log but INSERT and SELECT, owning nothing: it cannot disable or drop the trigger either."""
    import psycopg

    from conftest import RUNTIME_ROLE, pg_plain_url

    _writes(dept)
    with psycopg.connect(pg_plain_url(os.environ["CSOPS_TEST_DBNAME"], RUNTIME_ROLE), autocommit=True) as c:
        assert c.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
        for sql in (
            "UPDATE audit_log SET actor = 'gm'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "ALTER TABLE audit_log DROP COLUMN hash",
            "CREATE TABLE evil (id int)",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(sql)
    dept.ok("db", "check", user=None)


@pytest.mark.postgres_only
def test_the_owner_disabling_the_trigger_and_editing_is_caught(dept):
    """Whoever owns the tables can go around the trigger; the chain still catches the edit."""
    _writes(dept)
    with _admin_conn(os.environ["CSOPS_TEST_DBNAME"]) as c:
        c.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
    r = dept.fails(1, "db", "check", user=None)
    assert "audit_log_append_only is missing or disabled" in r.output
    with _admin_conn(os.environ["CSOPS_TEST_DBNAME"]) as c:
        c.execute("UPDATE audit_log SET actor = 'gm' WHERE id = 3")
        c.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only")
    r = dept.fails(1, "db", "check", user=None)
    assert "entry #3 was changed" in r.output and "trigger" not in r.output


def test_the_monthly_review_mail_carries_the_chain_head(dept, tmp_path):
    import email
    from email import policy as email_policy

    _writes(dept)
    for login in ("boss", "asst"):
        dept.ok("staff", "edit", login, "--email", f"{login}@example.com")
    dept.ok("cron", "run", now="2026-12-01T08:30", user=None, env={"CSOPS_OUTPUT": str(tmp_path / "reports")})
    mails = [
        email.message_from_bytes(p.read_bytes(), policy=email_policy.default)
        for p in (tmp_path / "outbox").glob("*.eml")
    ]
    review = next(m for m in mails if m["Subject"] == "Department review 2026-11")
    body = review.get_body(("plain",)).get_content()
    assert "Audit chain head: entry #" in body
    head = dept.json("audit", "head", now="2026-12-01T09:00")
    entries = dept.json("audit", "list", "--limit", "100000", now="2026-12-01T09:00")
    mailed = body.split("SHA-256 ")[1].split()[0]
    assert mailed in {e["hash"] for e in entries} and head["ok"]
