"""The outbox: mail and report files a command produced, queued in the same transaction as its
writes and delivered only after the commit (csops.services.mail)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Index, LargeBinary, Text
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class OutboxItem(SQLModel, table=True):
    """One message (``kind`` mail) or report file (``kind`` file). ``key`` is stable (the job, its
    period and the recipient; the minutes and their sending): a re-run transaction or job finds
    it queued already and adds nothing. Its Message-ID derives from the key. States: queued →
    sending (claimed, committed before the SMTP conversation) → sent; or failed (retried by the
    next `cron run` or `csops mail retry`). A message left ``sending`` by a crash may or may not
    have gone out: it is not sent again unless someone says so (`csops mail retry --uncertain`)."""

    __tablename__ = "outbox"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: str = Field(max_length=8)  # mail | file
    created_at: datetime = Field(sa_column=_ts())
    created_by: str = Field(max_length=64)
    recipients: str | None = Field(default=None, sa_column=Column(Text))  # JSON [[login, name, address], ...]
    subject: str | None = Field(default=None, sa_column=Column(Text))
    body: str | None = Field(default=None, sa_column=Column(Text))
    attachment_name: str | None = Field(default=None, max_length=200)
    data: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # the attachment, or the file
    path: str | None = Field(default=None, sa_column=Column(Text))  # kind file: where it goes
    status: str = Field(default="queued", max_length=10)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    claimed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    method: str | None = Field(default=None, max_length=10)  # smtp | folder | file
    location: str | None = Field(default=None, sa_column=Column(Text))  # host:port, or the file written
    __table_args__ = (Index("ix_outbox_status", "status"),)
