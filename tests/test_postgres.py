"""PostgreSQL itself: identity from the login, the server's clock, the append-only audit log,
the migrations, and `db copy` between SQLite and PostgreSQL (run in the PostgreSQL half)."""

import os
import uuid

import pytest

from conftest import RUNTIME_ROLE, _admin_conn, _invoke, grant_runtime_role, pg_url

pytestmark = pytest.mark.postgres_only


def test_identity_on_postgresql_is_the_service_accounts_to_name(dept, tmp_path):
    """Issue 13: staff hold no database logins; csops connects as the runtime role. On the host the
    acting user is the OS account, and only the service account names another login
    (CSOPS_USER); the clock is the server's (CSOPS_NOW refused)."""
    from csops.cli.app import get_cli

    cli = dept
    assert cli.json("staff", "show", "rep1", user="rep1")["login"] == "rep1"
    url = pg_url(os.environ["CSOPS_TEST_DBNAME"], RUNTIME_ROLE)
    other = tmp_path / "other.toml"
    other.write_text('service_account = "somebody-else"\n', encoding="utf-8")

    def run(env):
        return _invoke(cli.runner, get_cli("en"), ["staff", "list"], {"CSOPS_DB": url, **env}, None)

    res = run({"CSOPS_USER": "boss", "CSOPS_NOW": None, "CSOPS_CONFIG": str(other)})
    assert res.exit_code == 1 and "CSOPS_USER" in res.stderr  # not the service account: refused
    res = run({"CSOPS_USER": None, "CSOPS_NOW": None, "CSOPS_CONFIG": str(other)})
    assert res.exit_code == 1 and "not registered" in res.stderr  # the OS account acts, and is nobody here
    res = run({"CSOPS_USER": "boss", "CSOPS_NOW": "2026-01-01T00:00"})
    assert res.exit_code == 1 and "CSOPS_NOW" in res.stderr
    res = run({"CSOPS_USER": "boss", "CSOPS_NOW": None})
    assert res.exit_code == 0, res.output


def test_audit_log_is_append_only_on_postgresql(dept):
    with _admin_conn(os.environ["CSOPS_TEST_DBNAME"]) as c:
        assert c.execute("SELECT count(*) FROM audit_log").fetchone()[0] > 0
        for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
            with pytest.raises(Exception, match="append-only"):
                c.execute(sql)


def test_migrations_agree_with_models_on_postgresql():
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from csops.db import make_engine
    from csops.models import load_all

    engine = make_engine(os.environ["CSOPS_DB"])
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), load_all()) == []
    engine.dispose()


def test_demo_department_copies_to_postgresql_and_back_identically(tmp_path, cli):
    src = tmp_path / "demo.db"
    r = cli("demo", "--db", src, "--format", "json", user=None, env={"CSOPS_NOW": "2026-11-27T10:00"})
    assert r.exit_code == 0, r.output
    name = f"copy_{uuid.uuid4().hex[:8]}"
    with _admin_conn() as c:
        c.execute(f"CREATE DATABASE {name}")
    try:
        url = pg_url(name)
        there = cli.json("--db", src, "db", "copy", "--target", url, user=None)
        assert there and all(t["identical"] for t in there) and sum(t["rows"] for t in there) > 1000
        back = tmp_path / "back.db"
        again = cli.json("--db", url, "db", "copy", "--target", back, user=None)
        assert [(t["table"], t["rows"], t["checksum"]) for t in again] == [
            (t["table"], t["rows"], t["checksum"]) for t in there
        ]
        r = cli("--db", src, "db", "copy", "--target", url, user=None)  # not empty any more: refused, nothing changed
        assert r.exit_code == 1 and "not empty" in r.stderr
        # the copy works: a new record gets a fresh id on PostgreSQL (with `csops db grants`)
        with _admin_conn(name) as c:
            c.execute("CREATE SCHEMA IF NOT EXISTS csops_clock")
        grant_runtime_role(name)
        from csops.cli.app import get_cli

        res = _invoke(
            cli.runner,
            get_cli("en"),
            ["inquiry", "open", "--client", "北方日化", "--question", "x", "-f", "json"],
            {"CSOPS_DB": pg_url(name, RUNTIME_ROLE), "CSOPS_USER": "wang.fang", "CSOPS_NOW": None},
            None,
        )
        assert res.exit_code == 0, res.output
    finally:
        with _admin_conn() as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
