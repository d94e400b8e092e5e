"""The policy's parameters as department data, with their history (POLICY.md; `csops policy`)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class PolicySetting(SQLModel, table=True):
    """One change of one parameter: its value (as ``policy show`` writes it; NULL resets the
    default) in force from ``effective_from`` (NULL: since always), who set it, when and why.
    Rows are only ever added: the history is the table."""

    __tablename__ = "policy_setting"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, index=True)
    value: str | None = Field(default=None, max_length=200)
    effective_from: date | None = Field(default=None)
    set_at: datetime = Field(sa_column=_ts())
    set_by: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))
