"""Leave requests and their approvals (LEAVE-*)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class LeaveRequest(SQLModel, table=True):
    __tablename__ = "leave_request"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    type: str = Field(max_length=16)
    starts_at: datetime = Field(sa_column=_ts())
    ends_at: datetime = Field(sa_column=_ts())
    reason: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="pending", max_length=16, index=True)
    late_notice: bool = Field(default=False)
    working_minutes: int = Field(default=0)
    requested_at: datetime = Field(sa_column=_ts())
    back_at: datetime | None = Field(default=None, sa_column=_ts(True))
    returned_minutes: int = Field(default=0)
    trail: str = Field(default="[]", sa_column=Column(Text, nullable=False))


class LeaveApproval(SQLModel, table=True):
    __tablename__ = "leave_approval"
    id: int | None = Field(default=None, primary_key=True)
    leave_id: int = Field(foreign_key="leave_request.id", index=True)
    level: int
    approver_id: int = Field(foreign_key="staff.id", index=True)
    decision: str = Field(default="pending", max_length=16)
    decided_at: datetime | None = Field(default=None, sa_column=_ts(True))
    note: str | None = Field(default=None, sa_column=Column(Text))
    __table_args__ = (UniqueConstraint("leave_id", "level", name="uq_leave_approval_leave_level"),)
