"""The SQLModel tables. Timestamps are stored in UTC and come back timezone-aware;
money is stored as whole fen (integers) and comes back as ``Decimal``: exact on
SQLite and PostgreSQL alike."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal
from typing import Optional

from sqlalchemy import BigInteger, Column, DateTime, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("head", "supervisor", "rep", "assistant", "onsite", "frontdesk", "ops", "manager")
DEPARTMENT_ROLES = ("head", "supervisor", "rep", "assistant", "onsite")


class AwareDateTime(TypeDecorator):
    """A timezone-aware datetime, stored as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an aware column")
        value = value.astimezone(timezone.utc)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Money(TypeDecorator):
    """An amount in yuan as ``Decimal``, stored as whole fen."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        d = Decimal(value)
        fen = d * 100
        if fen != fen.to_integral_value():
            raise ValueError("amount has more than two decimals")
        return int(fen)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def _ts(nullable: bool = False) -> Column:
    return Column(AwareDateTime(), nullable=nullable)


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=100)
    role: str = Field(max_length=16)
    superior_id: Optional[int] = Field(default=None, foreign_key="staff.id", index=True)
    email: Optional[str] = Field(default=None, max_length=200)
    team: Optional[str] = Field(default=None, max_length=64)
    active: bool = Field(default=True)
    base_start: Optional[time] = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())


class AuditEntry(SQLModel, table=True):
    """Append-only: triggers refuse UPDATE and DELETE (see the initial migration)."""

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=_ts())
    actor: str = Field(max_length=64, index=True)
    os_user: Optional[str] = Field(default=None, max_length=64)
    action: str = Field(max_length=64)
    entity: str = Field(max_length=32)
    entity_id: Optional[str] = Field(default=None, max_length=64)
    before: Optional[str] = Field(default=None, sa_column=Column(Text))
    after: Optional[str] = Field(default=None, sa_column=Column(Text))
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)


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
    __table_args__ = (UniqueConstraint("staff_id", "day", name="uq_evening_duty_staff_day"),)


class WeekendDuty(SQLModel, table=True):
    """DUTY-4: one on-site person on one weekend day; each earns a compensatory rest day."""

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


class JobRun(SQLModel, table=True):
    """A cron job done for a period (so it is not done again)."""

    __tablename__ = "job_run"
    id: Optional[int] = Field(default=None, primary_key=True)
    job: str = Field(max_length=64)
    period: str = Field(max_length=32)
    done_at: datetime = Field(sa_column=_ts())
    output: Optional[str] = Field(default=None, sa_column=Column(Text))
    __table_args__ = (UniqueConstraint("job", "period", name="uq_job_run_job_period"),)
