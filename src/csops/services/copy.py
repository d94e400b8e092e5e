"""`csops db copy --to URL`: move a department between SQLite and PostgreSQL, all or nothing,
verifying row counts and a checksum per table afterwards."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timezone
from decimal import Decimal

from csops.errors import Refused, StoreError
from csops.i18n import _
from csops.services.context import Options


def _norm(v) -> str:
    if v is None:
        return "∅"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, datetime):
        return (v if v.tzinfo else v.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).isoformat()
    if isinstance(v, (date, time)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return f"{v:.2f}"
    return str(v)


def table_digest(conn, table) -> tuple[int, str]:
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


def copy_database(opts: Options, target: str) -> list[dict]:
    from sqlalchemy import func, insert, select, text

    from csops.config import load_config, resolve_database, to_url
    from csops.db import check_schema, current_revision, make_engine, upgrade
    from csops.migrations import HEAD
    from csops.models import load_all

    metadata = load_all()
    src_url = resolve_database(opts.db, load_config())
    dst_url = to_url(target)
    if dst_url == src_url:
        raise Refused(_("The target is the database itself."))
    src = make_engine(src_url)
    dst = make_engine(dst_url, create=True)
    try:
        check_schema(src)
        if current_revision(dst) not in (None, HEAD):
            raise Refused(_("The target database has another csops schema; upgrade it or use an empty one."))
        upgrade(dst)
        tables = [t for t in metadata.sorted_tables]
        with dst.connect() as probe:
            for t in tables:
                if probe.execute(select(func.count()).select_from(t)).scalar_one():
                    raise Refused(_("The target database is not empty (table {table} has rows): copy into an empty one.").format(table=t.name))
        report = []
        with src.connect() as s, dst.execution_options(csops_write=True).begin() as d:
            for t in tables:
                rows = [dict(r._mapping) for r in s.execute(select(t))]
                for i in range(0, len(rows), 5000):
                    d.execute(insert(t), rows[i:i + 5000])
            if dst.dialect.name == "postgresql":  # the copied ids must not be handed out again
                for t in tables:
                    pk = list(t.primary_key.columns)
                    if len(pk) == 1 and pk[0].name == "id":
                        d.execute(text(f"SELECT setval(pg_get_serial_sequence('{t.name}', '{pk[0].name}'), "
                                       f"COALESCE((SELECT max({pk[0].name}) FROM {t.name}), 0) + 1, false)"))
            for t in tables:
                a = table_digest(s, t)
                b = table_digest(d, t)
                report.append({"table": t.name, "rows": a[0], "checksum": a[1][:16], "identical": a == b})
            bad = [r["table"] for r in report if not r["identical"]]
            if bad:
                raise StoreError(_("The copy differs in {tables}; nothing was kept.").format(tables=", ".join(bad)))
        return report
    finally:
        src.dispose()
        dst.dispose()
