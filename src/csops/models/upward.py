"""Entertainment expenses, client inquiries and reports upward (EXPENSE-*, INQUIRY-1, REPORT-*)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models import logistics, people  # noqa: F401  (the tables the keys point at)
from csops.models.base import Money, _ts


class Expense(SQLModel, table=True):
    """EXPENSE-1/2: a business-entertainment claim."""

    __tablename__ = "expense"
    id: Optional[int] = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    guests: str = Field(sa_column=Column(Text, nullable=False))
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    day: date = Field(index=True)
    filed_at: datetime = Field(sa_column=_ts())
    late: bool = Field(default=False)
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
    recorded_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    recorded_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    reported_in_id: Optional[int] = Field(default=None, foreign_key="expense_report.id")


class ExpenseReport(SQLModel, table=True):
    """EXPENSE-3: a month's report as sent to the head, or an addendum to it."""

    __tablename__ = "expense_report"
    id: Optional[int] = Field(default=None, primary_key=True)
    month: str = Field(max_length=7, index=True)
    kind: str = Field(max_length=16)  # report | addendum
    sent_at: datetime = Field(sa_column=_ts())
    claims: int
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))


class Inquiry(SQLModel, table=True):
    """INQUIRY-1: a client's tracking question and its reply deadline."""

    __tablename__ = "inquiry"
    id: Optional[int] = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    shipment_no: Optional[str] = Field(default=None, max_length=64)
    question: str = Field(sa_column=Column(Text, nullable=False))
    channel: str = Field(max_length=16)
    owner_id: int = Field(foreign_key="staff.id", index=True)
    opened_at: datetime = Field(sa_column=_ts())
    due_at: datetime = Field(sa_column=_ts())
    answered_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    answer: Optional[str] = Field(default=None, sa_column=Column(Text))
    answered_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")


class Report(SQLModel, table=True):
    """REPORT-1..4: a request or report upward, level by level (an emergency may skip a level)."""

    __tablename__ = "report"
    id: Optional[int] = Field(default=None, primary_key=True)
    reporter_id: int = Field(foreign_key="staff.id", index=True)
    recipient_id: int = Field(foreign_key="staff.id", index=True)
    category: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    emergency: bool = Field(default=False)
    inform_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    inform_due: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    informed_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    status: str = Field(default="open", max_length=16)
    filed_at: datetime = Field(sa_column=_ts())
    closed_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    closed_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")
