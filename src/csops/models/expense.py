"""Business-entertainment claims and the reports sent to the head (EXPENSE-*)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models import (
    client,  # noqa: F401  (the client table the keys point at)
    staff,  # noqa: F401  (the staff table the keys point at)
)
from csops.models.base import Money, _ts


class Expense(SQLModel, table=True):
    """EXPENSE-1/2: a business-entertainment claim."""

    __tablename__ = "expense"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    guests: str = Field(sa_column=Column(Text, nullable=False))
    amount: Decimal = Field(sa_column=Column(Money(), nullable=False))
    day: date = Field(index=True)
    filed_at: datetime = Field(sa_column=_ts())
    late: bool = Field(default=False)
    note: str | None = Field(default=None, sa_column=Column(Text))
    recorded_at: datetime | None = Field(default=None, sa_column=_ts(True))
    recorded_by_id: int | None = Field(default=None, foreign_key="staff.id")
    reported_in_id: int | None = Field(default=None, foreign_key="expense_report.id")


class ExpenseReport(SQLModel, table=True):
    """EXPENSE-3: a month's report as sent to the head, or an addendum to it."""

    __tablename__ = "expense_report"
    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7, index=True)
    kind: str = Field(max_length=16)  # report | addendum
    sent_at: datetime = Field(sa_column=_ts())
    claims: int
    total: Decimal = Field(sa_column=Column(Money(), nullable=False))
