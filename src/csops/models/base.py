"""Column types and conventions shared by every table. Timestamps are stored in UTC and come back timezone-aware;
money is stored as whole fen (integers) and comes back as ``Decimal``: exact on
SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Column, DateTime
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from csops.rules.staff import DEPARTMENT_ROLES as DEPARTMENT_ROLES  # re-exported for the tables' users
from csops.rules.staff import ROLES as ROLES

if TYPE_CHECKING:
    from sqlalchemy import Dialect

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class AwareDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime, stored as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to an aware column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Money(TypeDecorator[Decimal]):
    """An amount in yuan as ``Decimal``, stored as whole fen."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        d = Decimal(value)
        fen = d * 100
        if fen != fen.to_integral_value():
            raise ValueError("amount has more than two decimals")
        return int(fen)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


def _ts(nullable: bool = False) -> Column[datetime]:
    return Column(AwareDateTime(), nullable=nullable)
