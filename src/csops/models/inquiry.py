"""Client tracking inquiries (INQUIRY-1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models import (
    client,  # noqa: F401  (the client table the keys point at)
    staff,  # noqa: F401  (the staff table the keys point at)
)
from csops.models.base import _ts


class Inquiry(SQLModel, table=True):
    """INQUIRY-1: a client's tracking question and its reply deadline."""

    __tablename__ = "inquiry"
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    shipment_no: str | None = Field(default=None, max_length=64)
    question: str = Field(sa_column=Column(Text, nullable=False))
    channel: str = Field(max_length=16)
    owner_id: int = Field(foreign_key="staff.id", index=True)
    opened_at: datetime = Field(sa_column=_ts())
    due_at: datetime = Field(sa_column=_ts())
    answered_at: datetime | None = Field(default=None, sa_column=_ts(True))
    answer: str | None = Field(default=None, sa_column=Column(Text))
    answered_by_id: int | None = Field(default=None, foreign_key="staff.id")
