"""Leave, evening and weekend duty, attendance."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Optional

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models.base import _ts
from csops.models import people  # noqa: F401  (the staff table the keys point at)


class LeaveRequest(SQLModel, table=True):
    __tablename__ = "leave_request"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    type: str = Field(max_length=16)
    starts_at: datetime = Field(sa_column=_ts())
    ends_at: datetime = Field(sa_column=_ts())
    reason: Optional[str] = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="pending", max_length=16, index=True)
    late_notice: bool = Field(default=False)
    working_minutes: int = Field(default=0)
    requested_at: datetime = Field(sa_column=_ts())
    back_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    returned_minutes: int = Field(default=0)
    trail: str = Field(default="[]", sa_column=Column(Text, nullable=False))


class LeaveApproval(SQLModel, table=True):
    __tablename__ = "leave_approval"
    id: Optional[int] = Field(default=None, primary_key=True)
    leave_id: int = Field(foreign_key="leave_request.id", index=True)
    level: int
    approver_id: int = Field(foreign_key="staff.id", index=True)
    decision: str = Field(default="pending", max_length=16)
    decided_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
    __table_args__ = (UniqueConstraint("leave_id", "level", name="uq_leave_approval_leave_level"),)


class EveningDuty(SQLModel, table=True):
    """DUTY-1/2: one evening's work of one person."""

    __tablename__ = "evening_duty"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: date = Field(index=True)
    ends_at: datetime = Field(sa_column=_ts())
    assigned_by_id: int = Field(foreign_key="staff.id")
    recorded_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))  # ATTEND-2: the head's notice
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_evening_duty_staff_day"),)


class WeekendNeed(SQLModel, table=True):
    """DUTY-4: a Saturday or Sunday marked as needing on-site work (only these get a duty)."""

    __tablename__ = "weekend_need"
    day: date = Field(primary_key=True)
    marked_by_id: int = Field(foreign_key="staff.id")
    marked_at: datetime = Field(sa_column=_ts())
    note: Optional[str] = Field(default=None, sa_column=Column(Text))


class WeekendDuty(SQLModel, table=True):
    """DUTY-4: one on-site person on one marked weekend day; it earns
    ``duty.comp_rest_per_weekend_day`` compensatory rest days."""

    __tablename__ = "weekend_duty"
    id: Optional[int] = Field(default=None, primary_key=True)
    day: date = Field(index=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    __table_args__ = (UniqueConstraint("day", name="uq_weekend_duty_day"),)


class CompRest(SQLModel, table=True):
    """DUTY-4: a compensatory rest day earned by a weekend duty, tracked until taken."""

    __tablename__ = "comp_rest"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    earned_on: date
    taken_on: Optional[date] = Field(default=None)


class StartOverride(SQLModel, table=True):
    """ATTEND-4: the head confirmed a person's start time for a date."""

    __tablename__ = "start_override"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    day: date
    start: time
    set_by_id: int = Field(foreign_key="staff.id")
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_start_override_staff_day"),)


class Arrival(SQLModel, table=True):
    """ATTEND-1: the front desk's record of a person's arrival (and leaving) on a day."""

    __tablename__ = "arrival"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id")
    day: date = Field(index=True)
    time_in: time
    time_out: Optional[time] = Field(default=None)
    recorded_by_id: int = Field(foreign_key="staff.id")
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_arrival_staff_day"),)


class Away(SQLModel, table=True):
    """LEAVE-9: time away from the post."""

    __tablename__ = "away"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    starts_at: datetime = Field(sa_column=_ts())
    ends_at: datetime = Field(sa_column=_ts())
    recorded_by_id: int = Field(foreign_key="staff.id")


