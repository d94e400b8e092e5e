"""The SSH keys of shared use (docs/shared-use.md): each person's public key, written into the
service account's authorized_keys with a forced command that names their login."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, Text, text
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class SshKey(SQLModel, table=True):
    """One key of one person. Removing a key keeps its row (``removed_at``): who could reach the
    store, and when, stays on file. A key (by fingerprint) belongs to one person at a time."""

    __tablename__ = "ssh_key"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    key_type: str = Field(max_length=64)
    key_data: str = Field(sa_column=Column(Text, nullable=False))
    comment: str | None = Field(default=None, max_length=200)
    fingerprint: str = Field(max_length=100)
    added_at: datetime = Field(sa_column=_ts())
    added_by: str = Field(max_length=64)
    removed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    removed_by: str | None = Field(default=None, max_length=64)
    __table_args__ = (
        Index(
            "uq_ssh_key_fingerprint_active",
            "fingerprint",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
    )
