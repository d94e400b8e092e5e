"""The store as a whole (`csops init` and the `db` group): init, upgrade, backup, check, and copy
between SQLite and PostgreSQL (all or nothing, verified per table)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csops.errors import Refused, StoreError
from csops.i18n import N_, _
from csops.services.context import Options
from csops.views import View, shown

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table


@dataclass(frozen=True)
class UpgradeView(View):
    """The schema before and after an upgrade, and the backup taken first (SQLite)."""

    schema_before: str | None = shown(N_("Schema before"))  # None: a new database
    schema: str = shown(N_("Schema"))
    backup: str | None = shown(N_("Backup"))


@dataclass(frozen=True)
class InitView(View):
    """`csops init`: the database, its schema, and the head registered (if nobody was yet)."""

    database: str = shown(N_("Database"))
    schema_before: str | None = shown(N_("Schema before"))
    schema: str = shown(N_("Schema"))
    backup: str | None = shown(N_("Backup"))
    head: str | None = shown(N_("Head"), "person")


@dataclass(frozen=True)
class BackupView(View):
    """A backup written: where, and its size."""

    backup: str = shown(N_("Backup"))
    bytes: int = shown(N_("Bytes"), "int")


@dataclass(frozen=True)
class CheckView(View):
    """`csops db check`: the schema version, and the problems found (none: healthy)."""

    schema: str | None = shown(N_("Schema"))
    ok: bool = shown(N_("OK"), "bool")
    problems: list[str] = shown(N_("Problems"), "list")


@dataclass(frozen=True)
class CopiedTableView(View):
    """`csops db copy`: a table copied, its rows, and whether both databases hold the same rows."""

    table: str = shown(N_("Table"))
    rows: int = shown(N_("Rows"), "int")
    checksum: str = shown(N_("Checksum"))  # the first 16 hex digits of its SHA-256
    identical: bool = shown(N_("Identical"), "bool")


def init_database(opts: Options, *, head_login: str | None, head_name: str | None) -> InitView:
    """Create or upgrade the database; register the head if nobody is registered yet."""
    from sqlmodel import select

    from csops.clock import read_now
    from csops.config import is_sqlite, load_config, resolve_database, sqlite_path
    from csops.db import make_engine, session_scope, upgrade
    from csops.models import Staff
    from csops.services.context import Ctx, os_account
    from csops.services.policy import load_history
    from csops.services.staff import add_staff

    config = load_config(path=opts.config)
    url = resolve_database(opts.db, config)
    engine = make_engine(url, create=True)
    try:
        backup = _prepare_upgrade(engine, url)
        before, after = upgrade(engine)
        head_made = None
        with session_scope(engine, write=True) as session:
            pg_now = None
            if engine.dialect.name == "postgresql":
                from sqlalchemy import text

                pg_now = session.execute(text("SELECT now()")).scalar_one()
            history = load_history(session)
            ctx = Ctx(
                session=session,
                engine=engine,
                url=url,
                now=read_now(history.on(date.today()).tz, postgres_now=pg_now),
                history=history,
                config=config,
                os_user=os_account(),
                system=True,
            )
            if session.exec(select(Staff.id)).first() is None:
                login = head_login or os_account()
                head = add_staff(ctx, login=login, name=head_name or login, role="head", check_permission=False)
                head_made = head.login
            elif head_login and session.exec(select(Staff.id).where(Staff.login == head_login)).first() is None:
                raise Refused(_("This database has people already; add more with `csops staff add`."))
        return InitView(
            database=url if not is_sqlite(url) else str(sqlite_path(url)),
            schema_before=before,
            schema=after,
            backup=str(backup) if backup else None,
            head=head_made,
        )
    finally:
        engine.dispose()


def _prepare_upgrade(engine: Engine, url: str) -> Path | None:
    """Before an upgrade: refuse a schema newer than this csops knows (before anything is written,
    no backup made), and back up a SQLite file whose schema will change. The backup's path."""
    from csops.config import is_sqlite, sqlite_path
    from csops.db import current_revision
    from csops.migrations import HEAD, REVISIONS

    rev = current_revision(engine)
    if rev is not None and rev not in REVISIONS:
        raise StoreError(_("This database was made by a newer csops (schema {rev}); upgrade csops.").format(rev=rev))
    if rev is None or rev == HEAD or not is_sqlite(url):
        return None
    return _backup_before_upgrade(engine, sqlite_path(url), rev)


def _backup_before_upgrade(engine: Engine, path: Path, rev: str) -> Path:
    from csops.db import backup_sqlite

    target = path.with_name(f"{path.stem}.before-upgrade-{rev}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.before-upgrade-{rev}-{n}{path.suffix or '.db'}")
        n += 1
    backup_sqlite(engine, target)
    return target


def upgrade_database(opts: Options) -> UpgradeView:
    from csops.config import load_config, resolve_database
    from csops.db import make_engine, upgrade

    config = load_config(path=opts.config)
    url = resolve_database(opts.db, config)
    engine = make_engine(url)
    try:
        backup = _prepare_upgrade(engine, url)
        before, after = upgrade(engine)
        return UpgradeView(before, after, str(backup) if backup else None)
    finally:
        engine.dispose()


def backup_database(opts: Options, target: Path) -> BackupView:
    from csops.config import is_sqlite, load_config, resolve_database
    from csops.db import backup_sqlite, make_engine

    url = resolve_database(opts.db, load_config(path=opts.config))
    if not is_sqlite(url):
        raise Refused(_("`db backup` copies SQLite files; for PostgreSQL use pg_dump (see docs/postgresql.md)."))
    engine = make_engine(url)
    try:
        backup_sqlite(engine, target)
    finally:
        engine.dispose()
    return BackupView(str(target), Path(target).stat().st_size)


def check_database(opts: Options) -> CheckView:
    from sqlalchemy.exc import DatabaseError

    from csops.config import load_config, resolve_database
    from csops.db import check_schema, current_revision, integrity_check, make_engine

    url = resolve_database(opts.db, load_config(path=opts.config))
    engine = make_engine(url)
    try:
        try:
            problems = integrity_check(engine)
        except DatabaseError as exc:  # a damaged file is a finding, not a crash
            reason = str(getattr(exc, "orig", exc)).splitlines()[0]
            return CheckView(None, False, [_("The database file is damaged: {reason}.").format(reason=reason)])
        try:
            check_schema(engine)
        except StoreError as exc:
            problems.append(exc.message)
        else:
            from csops.services.audit import chain_problems

            with engine.connect() as conn:
                problems += chain_problems(conn)
        return CheckView(current_revision(engine), not problems, problems)
    finally:
        engine.dispose()


# -- `csops db copy --target URL` -----------------------------------------------------------------------


def _norm(v: Any) -> str:
    if v is None:
        return "∅"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


def table_digest(conn: Connection, table: Table) -> tuple[int, str]:
    """Row count and SHA-256 of a table's rows in primary-key order (values normalised so that
    SQLite and PostgreSQL agree)."""
    from sqlalchemy import select

    h = hashlib.sha256()
    n = 0
    for row in conn.execute(select(table).order_by(*table.primary_key.columns)):
        h.update("\x1f".join(_norm(v) for v in row).encode("utf-8"))
        h.update(b"\x1e")
        n += 1
    return n, h.hexdigest()


def copy_database(opts: Options, target: str) -> list[CopiedTableView]:
    """Copy the whole database into an empty one (SQLite ↔ PostgreSQL), verified table by table;
    on any failure the target keeps nothing (a new SQLite file is removed)."""
    from csops.config import load_config, resolve_database, to_url
    from csops.db import check_schema, make_engine
    from csops.models import load_all

    metadata = load_all()
    src_url = resolve_database(opts.db, load_config(path=opts.config))
    dst_url = to_url(target)
    if dst_url == src_url:
        raise Refused(_("The target is the database itself."))
    src = make_engine(src_url)
    try:
        check_schema(src)  # before the target exists: a refusal leaves nothing behind
    except BaseException:
        src.dispose()
        raise
    from csops.config import is_sqlite, sqlite_path

    created = sqlite_path(dst_url) if is_sqlite(dst_url) and not sqlite_path(dst_url).exists() else None
    dst = make_engine(dst_url, create=True)
    try:
        return _copy(src, dst, metadata)
    except BaseException:
        if created is not None:  # a new file that is not a whole copy is removed
            dst.dispose()
            for suffix in ("", "-wal", "-shm", "-journal"):
                created.with_name(created.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        src.dispose()
        dst.dispose()


def _copy(src: Engine, dst: Engine, metadata: Any) -> list[CopiedTableView]:
    from sqlalchemy import func, insert, select, text

    from csops.db import current_revision, upgrade
    from csops.migrations import HEAD

    if current_revision(dst) not in (None, HEAD):
        raise Refused(_("The target database has another csops schema; upgrade it or use an empty one."))
    upgrade(dst)
    tables = list(metadata.sorted_tables)
    with dst.connect() as probe:
        for t in tables:
            if probe.execute(select(func.count()).select_from(t)).scalar_one():
                raise Refused(
                    _("The target database is not empty (table {table} has rows): copy into an empty one.").format(
                        table=t.name
                    )
                )
    report = []
    with src.connect() as s, dst.execution_options(csops_write=True).begin() as d:
        for t in tables:
            rows = [dict(r._mapping) for r in s.execute(select(t))]
            for i in range(0, len(rows), 5000):
                d.execute(insert(t), rows[i : i + 5000])
        if dst.dialect.name == "postgresql":  # the copied ids must not be handed out again
            for t in tables:
                pk = list(t.primary_key.columns)
                if len(pk) == 1 and pk[0].name == "id":
                    d.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                            f"COALESCE((SELECT max({pk[0].name}) FROM {t.name}), 0) + 1, false)"
                        )
                    )
        for t in tables:
            a = table_digest(s, t)
            b = table_digest(d, t)
            report.append(CopiedTableView(t.name, a[0], a[1][:16], identical=a == b))
        bad = [r.table for r in report if not r.identical]
        if bad:
            raise StoreError(_("The copy differs in {tables}; nothing was kept.").format(tables=", ".join(bad)))
    return report


# -- `csops db grants`: the PostgreSQL roles of docs/postgresql.md --------------------------------

APPEND_ONLY = {"audit_log", "policy_setting"}  # rows are only ever added: no UPDATE or DELETE for csops
READ_ONLY = {"alembic_version"}  # the schema version: the owner's (migrations)


def _ident(name: str) -> str:
    if not name or "\x00" in name:
        raise Refused(_("A role name cannot be empty."))
    return '"' + name.replace('"', '""') + '"'


def grant_statements(runtime: str, *, database: str | None = None) -> list[str]:
    """The SQL that gives the runtime role exactly what csops needs: DML on its tables, but only
    SELECT and INSERT on the append-only ones (the audit log, the policy's history), SELECT on the
    schema version, the sequences; it owns nothing, so it can neither disable a trigger nor change
    the schema. Run by the owner after `csops init` and after every `csops db upgrade`."""
    from csops.models import load_all

    role = _ident(runtime)
    out = []
    if database:
        out.append(f"GRANT CONNECT ON DATABASE {_ident(database)} TO {role};")
    out.append(f"GRANT USAGE ON SCHEMA public TO {role};")
    out.append(f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role};")
    tables = sorted(t.name for t in load_all().sorted_tables) + sorted(READ_ONLY)
    for name in tables:
        out.append(f"REVOKE ALL ON TABLE {_ident(name)} FROM {role};")
        if name in READ_ONLY:
            out.append(f"GRANT SELECT ON TABLE {_ident(name)} TO {role};")
        elif name in APPEND_ONLY:
            out.append(f"GRANT SELECT, INSERT ON TABLE {_ident(name)} TO {role};")
        else:
            out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {_ident(name)} TO {role};")
    out.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};")
    return out
