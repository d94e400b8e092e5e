"""The audit log: append-only (triggers refuse UPDATE and DELETE; see the initial migration)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class AuditEntry(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE (see the initial migration)."""

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
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
