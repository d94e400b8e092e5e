"""Clients, consignees and their history, signed delivery receipts, exception notices,
work orders (CLIENT-*, RCPT-*)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from csops.models import people  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class Client(SQLModel, table=True):
    """CLIENT-2: a client's file: basic data and its four standards."""

    __tablename__ = "client"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    contact: Optional[str] = Field(default=None, max_length=100)
    phone: Optional[str] = Field(default=None, max_length=50)
    address: Optional[str] = Field(default=None, sa_column=Column(Text))
    receiving: Optional[str] = Field(default=None, sa_column=Column(Text))
    damage: Optional[str] = Field(default=None, sa_column=Column(Text))
    stacking: Optional[str] = Field(default=None, sa_column=Column(Text))
    signing: Optional[str] = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(sa_column=_ts())


class Consignee(SQLModel, table=True):
    """CLIENT-3: a client's consignee (收货客户) as on file now."""

    __tablename__ = "consignee"
    id: Optional[int] = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(sa_column=Column(Text, nullable=False))
    phone: str = Field(max_length=50)
    changed_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    created_at: datetime = Field(sa_column=_ts())


class ConsigneeVersion(SQLModel, table=True):
    """CLIENT-5: every version of a consignee's details, who set it and when."""

    __tablename__ = "consignee_version"
    id: Optional[int] = Field(default=None, primary_key=True)
    consignee_id: int = Field(foreign_key="consignee.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(sa_column=Column(Text, nullable=False))
    phone: str = Field(max_length=50)
    valid_from: datetime = Field(sa_column=_ts())
    set_by: str = Field(max_length=64)
    source: str = Field(max_length=16)  # created | confirmed
    mismatch_id: Optional[int] = Field(default=None)


class Mismatch(SQLModel, table=True):
    """CLIENT-3/7: a difference between the file and reality, reported by CS or operations."""

    __tablename__ = "mismatch"
    id: Optional[int] = Field(default=None, primary_key=True)
    consignee_id: int = Field(foreign_key="consignee.id", index=True)
    field: str = Field(max_length=16)  # name | address | phone
    on_file: str = Field(sa_column=Column(Text, nullable=False))
    actual: str = Field(sa_column=Column(Text, nullable=False))
    reported_by_id: int = Field(foreign_key="staff.id")
    reported_at: datetime = Field(sa_column=_ts())
    status: str = Field(default="open", max_length=16)  # open | confirmed
    confirmed_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    confirmed_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")


class Receipt(SQLModel, table=True):
    """RCPT-1..6: one shipment's signed delivery receipt (回单). Its state follows from the
    columns (rules.receipt.receipt_state): expected → returned (unchecked) → confirmed, or
    → unqualified → re-signed → confirmed; handed back to the client; filed."""

    __tablename__ = "receipt"
    id: Optional[int] = Field(default=None, primary_key=True)
    shipment_no: str = Field(max_length=64, unique=True, index=True)
    client_id: int = Field(foreign_key="client.id")
    consignee_id: Optional[int] = Field(default=None, foreign_key="consignee.id", index=True)
    team: str = Field(max_length=64)
    ship_date: date
    due_date: date
    copies: int = Field(default=1)
    returned_on: Optional[date] = Field(default=None)
    qualified: Optional[bool] = Field(default=None)
    unqualified_reason: Optional[str] = Field(default=None, sa_column=Column(Text))
    resigned_on: Optional[date] = Field(default=None)
    confirmed_on: Optional[date] = Field(default=None)
    confirmed_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    copy_kept: bool = Field(default=False)
    reminder: bool = Field(default=False)
    handed_over_on: Optional[date] = Field(default=None)
    handover_month: Optional[str] = Field(default=None, max_length=7)
    archived_on: Optional[date] = Field(default=None)
    created_at: datetime = Field(sa_column=_ts())
    __table_args__ = (
        Index("ix_receipt_open_due", "returned_on", "due_date"),
        Index("ix_receipt_unconfirmed", "confirmed_on", "team", "ship_date"),
        Index("ix_receipt_client_ship", "client_id", "ship_date"),
        Index("ix_receipt_unqualified", "qualified", "resigned_on"),
        Index("ix_receipt_handover", "confirmed_on", "handover_month"),
    )


class ExceptionNotice(SQLModel, table=True):
    """RCPT-5 / REPORT-3: an exception notice (异常通报) for an unqualified receipt."""

    __tablename__ = "exception_notice"
    id: Optional[int] = Field(default=None, primary_key=True)
    receipt_id: int = Field(foreign_key="receipt.id", index=True)
    team: str = Field(max_length=64)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    filed_by_id: int = Field(foreign_key="staff.id")
    filed_at: datetime = Field(sa_column=_ts())
    status: str = Field(default="open", max_length=16)  # open | closed
    closed_at: Optional[datetime] = Field(default=None, sa_column=_ts(True))
    closed_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")


class WorkOrder(SQLModel, table=True):
    """RCPT-2: a work order issued to an operations team for a shipment, exchanged for the
    receipts of its earlier shipments (refused while any is not back and confirmed)."""

    __tablename__ = "work_order"
    id: Optional[int] = Field(default=None, primary_key=True)
    team: str = Field(max_length=64, index=True)
    shipment_no: Optional[str] = Field(default=None, max_length=64)
    issued_at: datetime = Field(sa_column=_ts())
    issued_by_id: int = Field(foreign_key="staff.id")
    note: Optional[str] = Field(default=None, sa_column=Column(Text))
