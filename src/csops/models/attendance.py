"""Arrivals, time away and the head's start times (ATTEND-*, LEAVE-9)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class StartOverride(SQLModel, table=True):
    """ATTEND-4: the head confirmed a person's start time for a date."""

    __tablename__ = "start_override"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: date
    start: time
    set_by_id: int = Field(foreign_key="staff.id")
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_start_override_staff_day"),)


class Arrival(SQLModel, table=True):
    """ATTEND-1: the front desk's record of a person's arrival (and leaving) on a day."""

    __tablename__ = "arrival"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    day: date = Field(index=True)
    time_in: time
    time_out: time | None = Field(default=None)
    recorded_by_id: int = Field(foreign_key="staff.id")
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_arrival_staff_day"),)


class Away(SQLModel, table=True):
    """LEAVE-9: time away from the post."""

    __tablename__ = "away"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    starts_at: datetime = Field(sa_column=_ts())
    ends_at: datetime = Field(sa_column=_ts())
    recorded_by_id: int = Field(foreign_key="staff.id")
