"""People: the department's staff and their reporting lines."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=16)
    superior_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    email: str | None = Field(default=None, max_length=200)
    team: str | None = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    base_start: time | None = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())
