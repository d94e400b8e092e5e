"""WORKDAY-1: the company's calendar overrides."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from csops.models.base import _ts


class CalendarDay(SQLModel, table=True):
    """WORKDAY-1: a company override or an imported official day."""

    __tablename__ = "calendar_day"
    day: date = Field(primary_key=True)
    kind: str = Field(max_length=16)  # workday | holiday
    name: str = Field(default="", max_length=100)
    source: str = Field(default="company", max_length=16)  # company | import


class CalendarYear(SQLModel, table=True):
    """WORKDAY-1: a year whose official schedule the company imported."""

    __tablename__ = "calendar_year"
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    imported_at: datetime = Field(sa_column=_ts())
