"""The audit log: append-only (triggers refuse UPDATE and DELETE; see the initial migration) and
a hash chain (csops.chain; migration 0006): each entry holds its predecessor's hash and its own."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class AuditEntry(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE (see the initial migration); chained:
    ``hash`` is the SHA-256 of ``prev_hash`` and the entry's content (csops.chain), and no two
    entries share a predecessor (a unique index), so the log cannot fork."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_ts())
    actor: str = Field(max_length=64, index=True)
    os_user: str | None = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: str | None = Field(default=None, max_length=64)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    prev_hash: str | None = Field(default=None, max_length=64)
    hash: str | None = Field(default=None, max_length=64)
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id"),
        Index("uq_audit_log_prev_hash", "prev_hash", unique=True),
    )
