"""The store: pragmas, migrations, schema checks, audit append-only, backup, check."""

import os
import sqlite3
import subprocess
import sys

import pytest

from csops.config import Config, resolve_database


def test_database_resolution_order(tmp_path, monkeypatch):
    monkeypatch.delenv("CSOPS_DB", raising=False)
    cfg = Config(database=str(tmp_path / "cfg.db"))
    assert resolve_database(None, cfg).endswith("cfg.db")
    monkeypatch.setenv("CSOPS_DB", str(tmp_path / "env.db"))
    assert resolve_database(None, cfg).endswith("env.db")
    assert resolve_database(str(tmp_path / "cli.db"), cfg).endswith("cli.db")
    assert resolve_database("postgresql+psycopg://u@localhost/csops", cfg).startswith("postgresql+psycopg://")
    assert resolve_database("postgresql://u@localhost/csops", cfg).startswith("postgresql+psycopg://")
    monkeypatch.delenv("CSOPS_DB")
    assert resolve_database(None, Config()).endswith("csops.db")


@pytest.mark.sqlite_only
def test_pragmas_read_back_from_a_live_connection(cli, tmp_path):
    from csops.db import make_engine

    cli.ok("init", "--head-login", "boss", user=None)
    engine = make_engine(f"sqlite:///{tmp_path / 'csops.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    # write transactions begin IMMEDIATE: a second writer cannot start while the first is open
    with engine.execution_options(csops_write=True).connect() as c1:
        c1.exec_driver_sql("SELECT 1")
        other = sqlite3.connect(str(tmp_path / "csops.db"), timeout=0.1)
        with pytest.raises(sqlite3.OperationalError):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    engine.dispose()


@pytest.mark.sqlite_only
def test_database_file_is_private(cli, tmp_path):
    cli.ok("init", "--head-login", "boss", user=None)
    assert (tmp_path / "csops.db").stat().st_mode & 0o077 == 0


@pytest.mark.sqlite_only
def test_audit_log_refuses_update_and_delete_even_from_sqlite3(cli, tmp_path):
    cli.ok("init", "--head-login", "boss", user=None)
    conn = sqlite3.connect(str(tmp_path / "csops.db"))
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] >= 1
    for sql in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(sql)
    conn.close()


def test_migrations_agree_with_models_and_head_constant(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from csops.db import alembic_config, make_engine, upgrade
    from csops.migrations import HEAD, REVISIONS
    from csops.models import load_all

    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}", create=True)
    assert upgrade(engine) == (None, HEAD)
    script = ScriptDirectory.from_config(alembic_config(engine))
    assert script.get_current_head() == HEAD
    assert [r.revision for r in script.walk_revisions()][::-1] == list(REVISIONS)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), load_all())
    assert diff == []
    engine.dispose()


@pytest.mark.sqlite_only
def test_an_older_or_unknown_schema_is_never_silently_read(cli, tmp_path):
    cli.ok("init", "--head-login", "boss", user=None)
    conn = sqlite3.connect(str(tmp_path / "csops.db"))
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    r = cli.fails(1, "staff", "list")
    assert "newer csops" in r.stderr
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()
    assert "csops init" in cli.fails(1, "staff", "list").stderr


@pytest.mark.sqlite_only
def test_missing_database_says_how_to_create_it(cli):
    assert "csops init" in cli.fails(1, "staff", "list").stderr


@pytest.mark.sqlite_only
def test_db_backup_check_upgrade(cli, tmp_path):
    cli.ok("init", "--head-login", "boss", user=None)
    cli.ok("staff", "add", "--login", "rep1", "--name", "刘洋", "--role", "rep", "--superior", "boss")
    out = tmp_path / "backup.db"
    assert cli.json("db", "backup", str(out))["backup"] == str(out)
    assert out.stat().st_mode & 0o077 == 0
    conn = sqlite3.connect(str(out))
    assert conn.execute("SELECT count(*) FROM staff").fetchone()[0] == 2
    conn.close()
    cli.fails(1, "db", "backup", str(out))  # never overwrites
    assert cli.json("db", "check")["ok"] is True
    from csops.migrations import HEAD

    assert cli.json("db", "upgrade")["schema"] == HEAD
    assert cli.json("--db", str(out), "db", "check")["ok"] is True


def test_init_twice_keeps_data(cli):
    cli.ok("init", "--head-login", "boss", user=None)
    cli.ok("staff", "add", "--login", "rep1", "--name", "刘洋", "--role", "rep")
    cli.ok("init", user=None)
    cli.ok("init", "--head-login", "boss", user=None)  # the same head again: nothing to do
    cli.fails(1, "init", "--head-login", "someone.else", user=None)
    assert len(cli.json("staff", "list")) == 2


@pytest.mark.parametrize("argv", [["--help"], ["receipt", "--help"], ["leave", "--help"], []])
def test_help_loads_no_sqlalchemy_no_pydantic_and_no_other_group(argv):
    """Issue 20: the root's help names the groups without importing them; a group's help imports
    that group only; neither loads SQLAlchemy or pydantic."""
    code = (
        f"import sys; sys.argv=['csops', *{argv!r}]\nfrom csops.cli.app import main\ntry:\n main()\n"
        "except SystemExit: pass\n"
        "print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'pydantic')"
        " or m.startswith('csops.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = eval(out.split("LOADED", 1)[1])  # noqa: S307 - our own output
    assert not [m for m in loaded if not m.startswith("csops.")], loaded
    groups = {m.split(".")[2] for m in loaded} - {
        "app",
        "common",
        "_click",
        "words",
        "examples",
        "pager",
        "groups",
        "init",
        "demo",
        "today",
        "remote",
    }
    assert groups == ({argv[0]} if argv and argv[0] != "--help" else set()), groups


def test_the_root_help_lists_each_group_with_its_own_help():
    import importlib

    from csops.cli.app import GROUPS
    from csops.cli.groups import GROUP_HELP

    assert list(GROUP_HELP) == list(GROUPS)
    for name in GROUPS:
        assert importlib.import_module(f"csops.cli.{name}").app.info.help == GROUP_HELP[name], name


@pytest.mark.sqlite_only
def test_installed_command_runs_end_to_end(tmp_path, monkeypatch):
    import os
    import shutil

    exe = shutil.which("csops") or os.path.join(os.path.dirname(sys.executable), "csops")
    env = dict(os.environ, CSOPS_USER="boss")
    subprocess.run([exe, "init", "--head-login", "boss"], env=env, check=True, capture_output=True)
    r = subprocess.run([exe, "staff", "show", "nobody"], env=env, capture_output=True, text=True)
    assert r.returncode == 1 and r.stderr.startswith("Error:") and "Traceback" not in r.stderr
    r = subprocess.run([exe, "--version"], capture_output=True, text=True)
    assert r.stdout.startswith("csops ")


@pytest.mark.sqlite_only
def test_an_older_schema_is_refused_then_upgraded_with_a_backup_keeping_every_row(cli, tmp_path):
    from alembic import command

    from csops.db import alembic_config, make_engine
    from csops.migrations import HEAD, REVISIONS

    db = tmp_path / "csops.db"
    engine = make_engine(f"sqlite:///{db}", create=True)
    command.upgrade(alembic_config(engine), REVISIONS[0])
    engine.dispose()
    conn = sqlite3.connect(str(db))
    conn.execute(
        "INSERT INTO staff (login, name, role, active, created_at) VALUES ('boss', '王芳', 'head', 1, '2026-11-27 02:00:00')"
    )
    conn.commit()
    conn.close()
    r = cli.fails(1, "staff", "list")
    assert "older csops" in r.stderr and "csops db upgrade" in r.stderr
    out = cli.json("db", "upgrade")
    assert out["schema_before"] == REVISIONS[0] and out["schema"] == HEAD
    assert out["backup"] and (tmp_path / out["backup"]).exists()
    assert [s["login"] for s in cli.json("staff", "list")] == ["boss"]


def test_write_atomic_removes_the_part_file_a_killed_writer_left(tmp_path):
    import os

    from csops.files import write_atomic

    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id that no longer runs
    stale = tmp_path / f".r.xlsx.{gone.pid}.part"
    live = tmp_path / f".r.xlsx.{os.getppid()}.part"  # a live process: perhaps writing right now
    other = tmp_path / f".q.xlsx.{gone.pid}.part"  # another target's: not ours to remove
    for p in (stale, live, other):
        p.write_bytes(b"half")
    write_atomic(tmp_path / "r.xlsx", b"whole")
    assert (tmp_path / "r.xlsx").read_bytes() == b"whole"
    assert not stale.exists() and live.exists() and other.exists()


@pytest.mark.sqlite_only
def test_alembic_ini_upgrades_a_scratch_database_and_finds_the_models_and_migrations_agree(tmp_path):
    """CONTRIBUTING.md's migration workflow: alembic.ini at the repository's root; `alembic check`
    says no new operation is needed once a database is at head."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, CSOPS_DB=str(tmp_path / "scratch.db"))
    for args in (["upgrade", "head"], ["check"]):
        r = subprocess.run(
            [sys.executable, "-m", "alembic", "-c", str(root / "alembic.ini"), *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
    assert "No new upgrade operations detected" in r.stdout + r.stderr


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-27T10:00", "2026-11-27T10:00:00+08:00"),  # no zone: the policy's zone
        ("2026-11-27 10:00:30", "2026-11-27T10:00:30+08:00"),
        ("2026-11-27T02:00Z", "2026-11-27T10:00:00+08:00"),  # UTC, shown in the policy's zone
        ("2026-11-27T10:00+08:00", "2026-11-27T10:00:00+08:00"),
        ("2026-11-27", "2026-11-27T00:00:00+08:00"),
        ("2026-W48-5T10:00", "2026-11-27T10:00:00+08:00"),  # a week date: dateutil's reading
        (" 2026-11-27T10:00 ", "2026-11-27T10:00:00+08:00"),
    ],
)
def test_csops_now_reads_every_iso_8601_form(text, expected):
    from csops.clock import read_now

    assert read_now("Asia/Shanghai", environ={"CSOPS_NOW": text}).isoformat() == expected


@pytest.mark.parametrize("text", ["tomorrow", "2026-13-01T10:00", "2026-11-27T25:00", "27/11/2026"])
def test_csops_now_that_is_not_a_date_time_is_refused(text):
    from csops.clock import read_now
    from csops.errors import BadInput

    with pytest.raises(BadInput, match="CSOPS_NOW"):
        read_now("Asia/Shanghai", environ={"CSOPS_NOW": text})


def test_csops_now_reads_every_form_as_dateutils_isoparse_does():
    """The standard library reads the plain forms only where it agrees with isoparse (which decided
    alone before): over dates, times, fractions and offsets, inside and outside their ranges, the
    two give the same instant or both refuse ("T10.5" is not 10:00:00.5, "+08:60" no offset)."""
    import itertools

    from dateutil import parser as du

    from csops.clock import _iso

    def isoparse(text):
        try:
            return du.isoparse(text)
        except (ValueError, OverflowError):
            return None

    dates = ["2026-11-27", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "9999-12-31", "2026-1-27"]
    times = ["", "T10", "T10:00", "T10:30:30", "T24:00", "T23:59:60", "T10:60", "T10:00:00.5", "T10:00:00.123456"]
    times += ["T10:00:00.1234567", "T10:00:00,5", "T10.5", "T10:30.5", "T1000", "T10:00:00.", " 10:00", "t10:00"]
    offsets = ["", "Z", "z", "+08:00", "-08:00", "+08:60", "+23:59", "+24:00", "+08", "+0800", "+08:00:30", " +08:00"]
    for d, t, o in itertools.product(dates, times, offsets):
        text = d + t + o
        ours, theirs = _iso(text), isoparse(text)
        assert ours == theirs, text
        if ours is not None:
            assert ours.utcoffset() == theirs.utcoffset(), text
