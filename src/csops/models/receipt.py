"""Signed delivery receipts, exception notices and work orders (RCPT-*)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from csops.models import (
    client,  # noqa: F401  (the client table the keys point at)
    staff,  # noqa: F401  (the staff table the keys point at)
)
from csops.models.base import _ts


class Receipt(SQLModel, table=True):
    """RCPT-1..6: one shipment's signed delivery receipt (回单). Its state follows from the
    columns (rules.receipt.receipt_state): expected → returned (unchecked) → confirmed, or
    → unqualified → re-signed → confirmed; handed back to the client; filed."""

    __tablename__ = "receipt"
    id: int | None = Field(default=None, primary_key=True)
    shipment_no: str = Field(max_length=64, unique=True, index=True)
    client_id: int = Field(foreign_key="client.id")
    consignee_id: int | None = Field(default=None, foreign_key="consignee.id", index=True)
    team: str = Field(max_length=64)
    ship_date: date
    due_date: date
    copies: int = Field(default=1)
    returned_on: date | None = Field(default=None)
    qualified: bool | None = Field(default=None)
    unqualified_reason: str | None = Field(default=None, sa_column=Column(Text))
    resigned_on: date | None = Field(default=None)
    confirmed_on: date | None = Field(default=None)
    confirmed_by_id: int | None = Field(default=None, foreign_key="staff.id")
    copy_kept: bool = Field(default=False)
    reminder: bool = Field(default=False)
    handed_over_on: date | None = Field(default=None)
    handover_month: str | None = Field(default=None, max_length=7)
    archived_on: date | None = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())
    __table_args__ = (
        Index("ix_receipt_open_due", "returned_on", "due_date"),
        # RCPT-2's hold, per team and for the department, read from the index alone (a covering
        # index: the receipts not yet confirmed are few, however many are on file)
        Index(
            "ix_receipt_hold",
            "confirmed_on",
            "team",
            "ship_date",
            "shipment_no",
            "returned_on",
            "qualified",
            "resigned_on",
        ),
        Index("ix_receipt_client_ship", "client_id", "ship_date"),
        Index("ix_receipt_unqualified", "qualified", "resigned_on"),
        # RCPT-4: what waits to be handed back (handover_month IS NULL) and to be filed, by month
        Index("ix_receipt_handover", "handover_month", "archived_on", "confirmed_on", "ship_date"),
    )


class ExceptionNotice(SQLModel, table=True):
    """RCPT-5 / REPORT-3: an exception notice (异常通报) for an unqualified receipt."""

    __tablename__ = "exception_notice"
    id: int | None = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    team: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    filed_by_id: int = Field(foreign_key="staff.id")
    filed_at: datetime = Field(sa_column=_ts())
    status: str = Field(default="open", max_length=16)  # open | closed
    closed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    closed_by_id: int | None = Field(default=None, foreign_key="staff.id")


class WorkOrder(SQLModel, table=True):
    """RCPT-2: a work order issued to an operations team for a shipment, exchanged for the
    receipts of its earlier shipments (refused while any is not back and confirmed)."""

    __tablename__ = "work_order"
    id: int | None = Field(default=None, primary_key=True)
    team: str = Field(max_length=64, index=True)
    shipment_no: str | None = Field(default=None, max_length=64)
    issued_at: datetime = Field(sa_column=_ts())
    issued_by_id: int = Field(foreign_key="staff.id")
    note: str | None = Field(default=None, sa_column=Column(Text))
