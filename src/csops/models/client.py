"""Clients, consignees and their history, mismatches (CLIENT-*)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlmodel import Field, SQLModel

from csops.models import staff  # noqa: F401  (the staff table the keys point at)
from csops.models.base import _ts


class Client(SQLModel, table=True):
    """CLIENT-2: a client's file: basic data and its four standards."""

    __tablename__ = "client"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    contact: str | None = Field(default=None, max_length=100)
    phone: str | None = Field(default=None, max_length=50)
    address: str | None = Field(default=None, sa_column=Column(Text))
    receiving: str | None = Field(default=None, sa_column=Column(Text))
    damage: str | None = Field(default=None, sa_column=Column(Text))
    stacking: str | None = Field(default=None, sa_column=Column(Text))
    signing: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(sa_column=_ts())


class Consignee(SQLModel, table=True):
    """CLIENT-3: a client's consignee (收货客户) as on file now."""

    __tablename__ = "consignee"
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(sa_column=Column(Text, nullable=False))
    phone: str = Field(max_length=50)
    changed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    created_at: datetime = Field(sa_column=_ts())


class ConsigneeVersion(SQLModel, table=True):
    """CLIENT-5: every version of a consignee's details, who set it and when."""

    __tablename__ = "consignee_version"
    id: int | None = Field(default=None, primary_key=True)
    consignee_id: int = Field(foreign_key="consignee.id", index=True)
    name: str = Field(max_length=200)
    address: str = Field(sa_column=Column(Text, nullable=False))
    phone: str = Field(max_length=50)
    valid_from: datetime = Field(sa_column=_ts())
    set_by: str = Field(max_length=64)
    source: str = Field(max_length=16)  # created | confirmed
    mismatch_id: int | None = Field(default=None)


class Mismatch(SQLModel, table=True):
    """CLIENT-3/7: a difference between the file and reality, reported by CS or operations."""

    __tablename__ = "mismatch"
    id: int | None = Field(default=None, primary_key=True)
    consignee_id: int = Field(foreign_key="consignee.id", index=True)
    field: str = Field(max_length=16)  # name | address | phone
    on_file: str = Field(sa_column=Column(Text, nullable=False))
    actual: str = Field(sa_column=Column(Text, nullable=False))
    reported_by_id: int = Field(foreign_key="staff.id")
    reported_at: datetime = Field(sa_column=_ts())
    status: str = Field(default="open", max_length=16)  # open | confirmed
    confirmed_at: datetime | None = Field(default=None, sa_column=_ts(True))
    confirmed_by_id: int | None = Field(default=None, foreign_key="staff.id")
