"""The audit log as a hash chain (issue 13; docs/shared-use.md "A tamper-evident audit log").

Each entry stores the hash of the entry before it (``prev_hash``) and its own ``hash``: the
SHA-256 of the previous hash and the entry's content, as transparency logs chain their
entries. Editing an entry changes its hash; deleting one breaks the link of the next; the
append-only triggers refuse both to csops's own connections, and the chain catches whoever
went around them. Deleting the newest entries leaves a shorter valid chain: that is caught
against a head published earlier (`csops audit head`, printed in every monthly summary mail).

The content is normalised so that SQLite and PostgreSQL (and `csops db copy` between them)
give the same hash: times in UTC ISO 8601, text as stored, missing values as null.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64  # the "previous hash" of the first entry
FIELDS = ("at", "actor", "os_user", "action", "entity", "entity_id", "before", "after")


def _norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    return value


def entry_hash(prev_hash: str, entry: Mapping[str, Any]) -> str:
    """The hash of an entry whose predecessor's hash is ``prev_hash``."""
    content = json.dumps([prev_hash, *(_norm(entry.get(f)) for f in FIELDS)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What verifying the chain found: the number of entries, the head, and the first problem."""

    entries: int
    head_id: int | None
    head_hash: str
    broken_at: int | None = None  # the id of the first entry that does not verify
    problem: str | None = None  # "edited" (content differs from its hash) or "link" (predecessor missing or changed)

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(rows: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Walk the entries in id order; stop at the first that does not verify."""
    expected_prev = GENESIS
    n = 0
    last_id = None
    for row in rows:
        n += 1
        if row.get("prev_hash") != expected_prev:
            return ChainReport(n - 1, last_id, expected_prev, broken_at=row["id"], problem="link")
        if entry_hash(expected_prev, row) != row.get("hash"):
            return ChainReport(n - 1, last_id, expected_prev, broken_at=row["id"], problem="edited")
        expected_prev = row["hash"]
        last_id = row["id"]
    return ChainReport(n, last_id, expected_prev)


# -- reading the store --------------------------------------------------------------------------

TRIGGERS = {"sqlite": {"audit_log_no_update", "audit_log_no_delete"}, "postgresql": {"audit_log_append_only"}}


def verify_store(conn: Any) -> ChainReport:
    """Verify the chain of the audit log on ``conn`` (a SQLAlchemy connection or session),
    reading through the typed table so that both engines give the hashed values."""
    from sqlalchemy import select

    from csops.models import AuditEntry

    table = AuditEntry.__table__
    cols = [table.c.id, table.c.prev_hash, table.c.hash, *(table.c[f] for f in FIELDS)]
    rows = conn.execute(select(*cols).order_by(table.c.id).execution_options(yield_per=2000)).mappings()
    return verify(rows)


def missing_triggers(conn: Any) -> list[str]:
    """The append-only triggers that are gone (or, on PostgreSQL, disabled)."""
    from sqlalchemy import text

    dialect = conn.dialect.name if hasattr(conn, "dialect") else conn.bind.dialect.name
    expected = TRIGGERS.get(dialect, set())
    if dialect == "sqlite":
        present = {
            r[0]
            for r in conn.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
            )
        }
    else:
        present = {
            r[0]
            for r in conn.execute(
                text(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                    "AND NOT tgisinternal AND tgenabled <> 'D'"
                )
            )
        }
    return sorted(expected - present)
