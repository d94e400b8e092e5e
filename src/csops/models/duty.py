"""Evening duty, the weekend days marked for on-site work, weekend duty and compensatory rest (DUTY-*)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class EveningDuty(SQLModel, table=True):
    """DUTY-1/2: one evening's work of one person."""

    __tablename__ = "evening_duty"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: date = Field(index=True)
    ends_at: datetime = Field(sa_column=_ts())
    assigned_by_id: int = Field(foreign_key="staff.id")
    recorded_at: datetime | None = Field(default=None, sa_column=_ts(True))  # ATTEND-2: the head's notice
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_evening_duty_staff_day"),)


class WeekendNeed(SQLModel, table=True):
    """DUTY-4: a Saturday or Sunday marked as needing on-site work (only these get a duty)."""

    __tablename__ = "weekend_need"
    day: date = Field(primary_key=True)
    marked_by_id: int = Field(foreign_key="staff.id")
    marked_at: datetime = Field(sa_column=_ts())
    note: str | None = Field(default=None, sa_column=Column(Text))


class WeekendDuty(SQLModel, table=True):
    """DUTY-4: one on-site person on one marked weekend day; it earns
    ``duty.comp_rest_per_weekend_day`` compensatory rest days."""

    __tablename__ = "weekend_duty"
    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    __table_args__ = (UniqueConstraint("day", name="uq_weekend_duty_day"),)


class CompRest(SQLModel, table=True):
    """DUTY-4: a compensatory rest day earned by a weekend duty, tracked until taken."""

    __tablename__ = "comp_rest"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    earned_on: date
    taken_on: date | None = Field(default=None)
