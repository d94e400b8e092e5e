"""Migration 0005 (the readings revised on 2026-11-28) carries a populated database over: returned receipts
become confirmed or unchecked as their data says, held meetings keep their audience, evenings keep their
notice, weekend duties their marks, reports sent their claims (RCPT-2, RCPT-4, MEETING-1, ATTEND-2, DUTY-4,
EXPENSE-3)."""

import os
from datetime import UTC, date, datetime, time

import pytest

from conftest import ON_PG, _admin_conn, pg_url
from csops.migrations import HEAD


def _fresh_engine(tmp_path):
    from csops.config import to_url
    from csops.db import make_engine

    if ON_PG:
        name = os.environ["CSOPS_TEST_DBNAME"]
        with _admin_conn() as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            c.execute(f"CREATE DATABASE {name}")
        return make_engine(pg_url(name).split("?")[0])  # migrations are the owner's
    return make_engine(to_url(str(tmp_path / "csops.db")), create=True)


def utc(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


@pytest.fixture
def db_0004(tmp_path):
    import sqlalchemy as sa
    from alembic import command

    from csops.db import alembic_config

    engine = _fresh_engine(tmp_path)
    command.upgrade(alembic_config(engine), "0004")
    md = sa.MetaData()
    with engine.begin() as conn:
        md.reflect(conn)
        t = md.tables
        ins = lambda table, **row: conn.execute(t[table].insert().values(**row)).inserted_primary_key[0]  # noqa: E731
        staff = {}
        for login, role, sup in (
            ("boss", "head", None),
            ("asst", "assistant", "boss"),
            ("rep1", "rep", "boss"),
            ("on1", "onsite", "boss"),
            ("gone", "onsite", "boss"),
        ):
            staff[login] = ins(
                "staff",
                login=login,
                name=login,
                role=role,
                superior_id=staff.get(sup),
                active=login != "gone",
                created_at=utc("2026-09-01 00:00"),
            )
        client = ins("client", name="华东电子", created_at=utc("2026-09-01 00:00"))
        rows = {  # shipment: (returned_on, qualified, resigned_on, handed_over_on)
            "Q": (date(2026, 9, 5), True, None, date(2026, 10, 15)),
            "U": (date(2026, 9, 6), False, None, None),
            "H": (date(2026, 9, 6), False, None, date(2026, 10, 15)),  # unqualified, yet handed over by the old csops
            "R": (date(2026, 9, 6), False, date(2026, 9, 9), None),
            "N": (None, None, None, None),
        }
        for no, (ret, qual, res, handed) in rows.items():
            ins(
                "receipt",
                shipment_no=no,
                client_id=client,
                team="T1",
                ship_date=date(2026, 9, 1),
                due_date=date(2026, 9, 16),
                copies=1,
                returned_on=ret,
                qualified=qual,
                resigned_on=res,
                copy_kept=False,
                reminder=False,
                handed_over_on=handed,
                created_at=utc("2026-09-01 01:00"),
            )
        held = ins("meeting", day=date(2026, 11, 7), start=time(9, 30), created_at=utc("2026-10-30 01:00"))
        ins("meeting", day=date(2026, 11, 21), start=time(9, 30), created_at=utc("2026-10-30 01:00"))
        ins(
            "meeting_signin",
            meeting_id=held,
            staff_id=staff["boss"],
            signed_at=utc("2026-11-07 01:35"),
            recorded_by_id=staff["asst"],
        )
        duty = ins(
            "evening_duty",
            staff_id=staff["rep1"],
            day=date(2026, 11, 5),
            ends_at=utc("2026-11-05 14:30"),
            assigned_by_id=staff["boss"],
        )
        ins(
            "audit_log",
            at=utc("2026-11-06 02:00"),
            actor="boss",
            action="duty.log",
            entity="evening_duty",
            entity_id=str(duty),
        )
        ins("weekend_duty", day=date(2026, 11, 14), staff_id=staff["on1"])
        for day, filed in ((date(2026, 10, 10), "2026-10-11 02:00"), (date(2026, 10, 20), "2026-11-07 02:00")):
            ins(
                "expense",
                staff_id=staff["rep1"],
                client_id=client,
                guests="王经理",
                amount=10050,
                day=day,
                filed_at=utc(filed),
                late=False,
            )
        ins(
            "audit_log",
            at=utc("2026-11-05 01:00"),
            actor="asst",
            action="expense.report_send",
            entity="expense_report",
            entity_id="2026-10",
        )
    yield engine
    engine.dispose()


def test_migration_0006_chains_the_audit_entries_on_file(db_0004):
    """Issue 13: the entries written before the chain existed are chained in id order, and the
    append-only triggers are back afterwards."""
    import sqlalchemy as sa

    from csops.chain import GENESIS, verify
    from csops.db import upgrade

    upgrade(db_0004)
    with db_0004.connect() as conn:
        from csops.models import AuditEntry

        table = AuditEntry.__table__
        rows = conn.execute(sa.select(table).order_by(table.c.id)).mappings().all()
        assert len(rows) >= 2 and rows[0]["prev_hash"] == GENESIS
        report = verify(rows)
        assert report.ok and report.entries == len(rows) and report.head_hash == rows[-1]["hash"]
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db_0004.begin() as conn:
        conn.execute(sa.text("DELETE FROM audit_log"))


def test_migration_0005_carries_a_populated_database_over(db_0004):
    """RCPT-2, RCPT-4, MEETING-1, MEETING-2, ATTEND-2, DUTY-4, EXPENSE-3."""
    import sqlalchemy as sa

    from csops.db import upgrade

    before, after = upgrade(db_0004)
    assert (before, after) == ("0004", HEAD)
    with db_0004.connect() as conn:
        q = lambda sql: conn.execute(sa.text(sql)).all()  # noqa: E731
        got = {no: (c, m) for no, c, m in q("SELECT shipment_no, confirmed_on, handover_month FROM receipt")}
        assert got["Q"][1] == "2026-09" and got["U"][1] is None and got["N"] == (None, None)
        confirmed = {
            no: (c if isinstance(c, date) or c is None else date.fromisoformat(c)) for no, (c, _m) in got.items()
        }
        assert confirmed == {"Q": date(2026, 9, 5), "U": None, "R": date(2026, 9, 9), "N": None, "H": date(2026, 9, 6)}
        assert got["H"][1] == "2026-09"  # done with: it holds no team (a receipt no command could clear otherwise)
        meetings = {str(d): (k, h is not None) for d, k, h in q("SELECT day, kind, held_at FROM meeting")}
        assert meetings == {"2026-11-07": ("first", True), "2026-11-21": (None, False)}
        expected = {r for (r,) in q("SELECT s.login FROM meeting_expected e JOIN staff s ON s.id = e.staff_id")}
        assert expected == {"boss", "rep1"}  # the first meeting's audience, active people only
        (recorded,) = q("SELECT recorded_at FROM evening_duty")[0]
        assert str(recorded).startswith("2026-11-06 02:00")
        assert [str(d) for (d,) in q("SELECT day FROM weekend_need")] == ["2026-11-14"]
        reports = q("SELECT month, kind, claims, total FROM expense_report")
        assert reports == [("2026-10", "report", 1, 10050)]
        assert sorted(r is None for (r,) in q("SELECT reported_in_id FROM expense")) == [
            False,
            True,
        ]  # the later claim: addendum
