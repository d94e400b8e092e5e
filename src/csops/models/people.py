"""People, the audit log and the record of cron jobs."""
from __future__ import annotations

from datetime import datetime, time
from typing import Optional

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=16)
    superior_id: Optional[int] = Field(default=None, foreign_key="staff.id", index=True)
    email: Optional[str] = Field(default=None, max_length=200)
    team: Optional[str] = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    base_start: Optional[time] = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())


class AuditEntry(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE (see the initial migration)."""

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_ts())
    actor: str = Field(max_length=64, index=True)
    os_user: Optional[str] = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: Optional[str] = Field(default=None, max_length=64)
    before: Optional[str] = Field(default=None, sa_column=Column(Text))
    after: Optional[str] = Field(default=None, sa_column=Column(Text))
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


class JobRun(SQLModel, table=True):
    """A cron job done for a period (so it is not done again)."""

    __tablename__ = "job_run"
    id: Optional[int] = Field(default=None, primary_key=True)
    job: str = Field(max_length=64)
    period: str = Field(max_length=32)
    done_at: datetime = Field(sa_column=_ts())
    output: Optional[str] = Field(default=None, sa_column=Column(Text))
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_run_job_period"),)
