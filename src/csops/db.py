"""Engine, sessions, SQLite pragmas, schema version and migrations.

SQLite gets, on every connection: ``foreign_keys=ON``, ``journal_mode=WAL``,
``synchronous=NORMAL`` and a ``busy_timeout``; write transactions start with
``BEGIN IMMEDIATE`` (a deferred read-then-write fails with "database is locked"
under concurrency whatever the timeout). On PostgreSQL a write transaction starts by taking
one advisory lock, to the same effect.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csops.config import is_sqlite, sqlite_path
from csops.errors import StoreError
from csops.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import Connection, Engine
    from sqlmodel import Session

BUSY_TIMEOUT_MS = 30_000
PG_WRITE_LOCK = 0x637370_6F7073  # "csops": the transaction-scoped advisory lock every writer takes


def _prepare_sqlite_file(path: Path) -> None:
    """Create a new database file readable by its owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)


def sqlite_read_only(path: Path) -> str | None:
    """Why a database file cannot be written here: ``"folder"`` (its folder is read-only, as on a
    read-only mount: SQLite cannot even make its shared-memory file beside it, so the file is
    read as immutable), ``"file"`` (the file alone), or None."""
    if not path.exists():
        return None
    if not os.access(path.parent, os.W_OK):
        return "folder"
    if not os.access(path, os.W_OK):
        return "file"
    return None


def make_engine(url: str, *, create: bool = False) -> Engine:
    from sqlalchemy import create_engine, event

    if is_sqlite(url):
        path = sqlite_path(url)
        if not path.exists():
            if not create:
                raise StoreError(
                    _("No database at {path}: run `csops init` (or `csops demo`) first.").format(path=path)
                )
            _prepare_sqlite_file(path)
        read_only = sqlite_read_only(path)
        if read_only:  # a read-only mount or folder: read it as it is, never write (issue 14)
            from urllib.parse import quote

            wal = path.with_name(path.name + "-wal")
            # immutable: no shared memory needed (none can be made there); only when every change
            # is in the file itself (no write-ahead log left beside it)
            immutable = read_only == "folder" and (not wal.exists() or wal.stat().st_size == 0)
            flags = "mode=ro" + ("&immutable=1" if immutable else "")
            engine = create_engine(
                f"sqlite:///file:{quote(str(path.resolve()))}?{flags}&uri=true",
                connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            )
        else:
            engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Connection) -> None:
            if conn.get_execution_options().get("csops_write"):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.exec_driver_sql("BEGIN")

        return engine
    try:
        engine = create_engine(url, pool_pre_ping=False)
    except ModuleNotFoundError:
        raise StoreError(_("PostgreSQL support needs psycopg: pip install 'csops[postgres]'")) from None

    @event.listens_for(engine, "begin")
    def _on_pg_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("csops_write"):
            # one writer at a time, as SQLite's BEGIN IMMEDIATE: every write appends to the audit
            # hash chain, which has one order. The lock is the transaction's first statement and
            # the transaction is READ COMMITTED, so every later statement sees what the previous
            # writer committed (under SERIALIZABLE the snapshot would predate the lock).
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")

    return engine


@contextmanager
def session_scope(engine: Engine, *, write: bool, snapshot: bool = False) -> Iterator[Session]:
    """One transaction for one command: committed once at the end, or rolled back. ``snapshot``
    (a reading command that compares several reads, e.g. `policy what-if`): on PostgreSQL one
    REPEATABLE READ, READ ONLY transaction, so every read sees the same moment (SQLite's reading
    transaction is a snapshot already)."""
    from sqlmodel import Session

    bind: Engine
    if write and engine.dialect.name == "postgresql":
        # writers queue on one advisory lock (make_engine); a deadlock is still retried (context.transaction)
        bind = engine.execution_options(csops_write=True, isolation_level="READ COMMITTED")
    elif snapshot and not write and engine.dialect.name == "postgresql":
        bind = engine.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    else:
        bind = engine.execution_options(csops_write=True) if write else engine
    with Session(bind, expire_on_commit=False) as session:
        if write:
            from sqlalchemy import event

            from csops.limits import check_before_flush

            event.listen(session, "before_flush", check_before_flush)
        try:
            yield session
            if write:
                session.commit()
            else:
                session.rollback()
        except BaseException:
            session.rollback()
            raise


# -- schema version -----------------------------------------------------------


def current_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None for an empty database)."""
    from sqlalchemy import text

    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            found = conn.execute(
                text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
            ).first()
        else:
            found = conn.execute(text("SELECT to_regclass('alembic_version')")).scalar()
        if not found:
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def check_schema(engine: Engine) -> None:
    """Refuse a database whose schema is not this csops's (never silently mis-read it)."""
    from csops.migrations import HEAD, REVISIONS

    rev = current_revision(engine)
    if rev == HEAD:
        return
    if rev is None:
        raise StoreError(_("This database has no csops schema: run `csops init`."))
    if rev in REVISIONS:
        raise StoreError(
            _(
                "This database was made by an older csops (schema {rev}); run `csops db upgrade` (it backs up the file first)."
            ).format(rev=rev)
        )
    raise StoreError(_("This database was made by a newer csops (schema {rev}); upgrade csops.").format(rev=rev))


def alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(__file__).with_name("migrations")))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to head. Returns (revision before, revision after)."""
    from alembic import command

    before = current_revision(engine)
    command.upgrade(alembic_config(engine), "head")
    after = current_revision(engine)
    assert after is not None  # the upgrade has just recorded head
    return before, after


def backup_sqlite(engine: Engine, target: Path) -> None:
    """Online backup (sqlite3 backup API): safe while others use the file."""
    import sqlite3

    target = Path(target)
    if target.exists():
        raise StoreError(_("{path} exists already; choose a new file name.").format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(f".{target.name}.{os.getpid()}.part")  # renamed when whole (csops.files)
    part.unlink(missing_ok=True)
    _prepare_sqlite_file(part)
    raw = engine.raw_connection()
    try:
        dst = sqlite3.connect(str(part))
        try:
            assert raw.driver_connection is not None  # an open sqlite3 connection
            raw.driver_connection.backup(dst)
        finally:
            dst.close()
        os.chmod(part, 0o600)
        os.link(part, target)  # never over a file that appeared meanwhile (FileExistsError)
        part.unlink()
    except (OSError, sqlite3.Error) as exc:
        part.unlink(missing_ok=True)
        raise StoreError(
            _("Could not write {path}: {reason}; nothing was written.").format(path=target, reason=exc)
        ) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    finally:
        raw.close()


def integrity_check(engine: Engine) -> list[str]:
    """Problems found by the database itself (empty when all is well)."""
    from sqlalchemy import text

    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            for row in conn.exec_driver_sql("PRAGMA integrity_check"):
                if row[0] != "ok":
                    problems.append(str(row[0]))
            for row in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                problems.append(f"foreign key: table {row[0]} rowid {row[1]} -> {row[2]}")
        else:
            conn.execute(text("SELECT 1"))
    return problems


def is_retryable(exc: BaseException) -> bool:
    """A PostgreSQL serialization failure or deadlock: the whole command can safely run again."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return code in ("40001", "40P01")
