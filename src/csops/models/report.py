"""Requests and reports upward (REPORT-*)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class Report(SQLModel, table=True):
    """REPORT-1..4: a request or report upward, level by level (an emergency may skip a level)."""

    __tablename__ = "report"
    id: int | None = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="staff.id", index=True)
    recipient_id: int = Field(foreign_key="staff.id", index=True)
    category: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    emergency: bool = Field(default=False)
    inform_id: int | None = Field(default=None, foreign_key="staff.id")
    inform_due: datetime | None = Field(default=None, sa_column=_ts(True))
    informed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    status: str = Field(default="open", max_length=16)
    filed_at: datetime = Field(sa_column=_ts())
    closed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    closed_by_id: int | None = Field(default=None, foreign_key="staff.id")
