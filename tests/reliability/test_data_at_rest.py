"""Data at rest: private files, a backup that restores the demo department exactly, and
migrations that keep every row."""

import shutil
import sqlite3

import pytest


@pytest.mark.sqlite_only
def test_backup_and_restore_round_trip_the_demo_department(cli, tmp_path):
    from csops.db import make_engine
    from csops.models import load_all
    from csops.services.db import table_digest

    db = tmp_path / "demo.db"
    assert cli("demo", "--db", db, "-f", "json", user=None).exit_code == 0
    backup = tmp_path / "backups" / "demo-backup.db"
    r = cli("--db", db, "db", "backup", backup, user="wang.fang")
    assert r.exit_code == 0, r.output
    assert db.stat().st_mode & 0o077 == 0 and backup.stat().st_mode & 0o077 == 0  # owner only
    restored = tmp_path / "restored.db"
    shutil.copy(backup, restored)  # a restore is copying the backup file back

    def digests(path):
        e = make_engine(f"sqlite:///{path}")
        with e.connect() as c:
            out = {t.name: table_digest(c, t) for t in load_all().sorted_tables}
        e.dispose()
        return out

    original, copy = digests(db), digests(restored)
    assert original == copy and sum(n for n, _h in original.values()) > 1000
    assert cli("--db", restored, "db", "check", user="wang.fang").exit_code == 0


@pytest.mark.sqlite_only
def test_a_migration_from_every_released_schema_keeps_every_row(tmp_path):
    """Each released schema, with rows in the tables it has, upgraded to head: every row is still there."""
    from alembic import command

    from csops.db import alembic_config, make_engine, upgrade
    from csops.migrations import HEAD, REVISIONS

    rows_at = {
        "0001": [
            "INSERT INTO staff (id, login, name, role, active, created_at) VALUES (1, 'boss', '王芳', 'head', 1, '2026-11-27 02:00:00')",
            "INSERT INTO audit_log (at, actor, action, entity) VALUES ('2026-11-27 02:00:00', 'boss', 'x', 'staff')",
            "INSERT INTO calendar_day (day, kind, name, source) VALUES ('2026-12-31', 'holiday', '年会', 'company')",
        ],
        "0002": [
            "INSERT INTO client (id, name, created_at) VALUES (1, '华东电子', '2026-11-27 02:00:00')",
            "INSERT INTO receipt (shipment_no, client_id, team, ship_date, due_date, copies, copy_kept, reminder, created_at) "
            "VALUES ('S1', 1, '运作一组', '2026-11-01', '2026-11-16', 1, 0, 0, '2026-11-27 02:00:00')",
        ],
        "0003": [
            "INSERT INTO meeting (id, day, start, created_at) VALUES (1, '2026-11-07', '09:30:00', '2026-11-27 02:00:00')"
        ],
        "0004": [
            "INSERT INTO expense (staff_id, client_id, guests, amount, day, filed_at, late) VALUES "
            "(1, 1, '王经理', 35010, '2026-11-26', '2026-11-27 02:00:00', 0)"
        ],
    }
    for i, rev in enumerate(REVISIONS[:-1]):
        path = tmp_path / f"at-{rev}.db"
        engine = make_engine(f"sqlite:///{path}", create=True)
        command.upgrade(alembic_config(engine), rev)
        conn = sqlite3.connect(path)
        for r in REVISIONS[: i + 1]:
            for sql in rows_at.get(r, []):
                conn.execute(sql)
        conn.commit()
        before = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")
        }
        conn.close()
        assert upgrade(engine)[1] == HEAD
        engine.dispose()
        conn = sqlite3.connect(path)
        after = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in before}
        conn.close()
        assert after == before and sum(before.values()) >= 3, rev
