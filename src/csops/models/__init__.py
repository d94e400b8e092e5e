"""The SQLModel tables, one module per area, loaded on first use.

``from csops.models import Staff`` imports only the module that defines ``Staff`` (start-up
stays fast); :func:`load_all` imports every table (migrations, checks).
Timestamps are stored in UTC and come back timezone-aware; money is stored as whole
fen (integers) and comes back as ``Decimal``: exact on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from csops.models.base import DEPARTMENT_ROLES, ROLES, AwareDateTime, Money  # noqa: F401

if TYPE_CHECKING:
    from sqlalchemy import MetaData

_WHERE = {
    "Staff": "staff",
    "AuditEntry": "audit",
    "JobRun": "cron",
    "LeaveRequest": "leave",
    "LeaveApproval": "leave",
    "EveningDuty": "duty",
    "WeekendNeed": "duty",
    "WeekendDuty": "duty",
    "CompRest": "duty",
    "StartOverride": "attendance",
    "Arrival": "attendance",
    "Away": "attendance",
    "Client": "client",
    "Consignee": "client",
    "ConsigneeVersion": "client",
    "Mismatch": "client",
    "Receipt": "receipt",
    "ExceptionNotice": "receipt",
    "WorkOrder": "receipt",
    "Expense": "expense",
    "ExpenseReport": "expense",
    "Inquiry": "inquiry",
    "Report": "report",
    "Meeting": "meeting",
    "MeetingExpected": "meeting",
    "MeetingSignin": "meeting",
    "MeetingItem": "meeting",
    "Minutes": "meeting",
    "MinutesFeedback": "meeting",
    "CalendarDay": "calendar",
    "CalendarYear": "calendar",
    "PolicySetting": "policy",
    "SshKey": "keys",
    "OutboxItem": "outbox",
}
MODULES = tuple(dict.fromkeys(_WHERE.values()))


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'csops.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"csops.models.{module}"), name)
    globals()[name] = value  # found directly from now on: services import tables inside functions
    return value


def load_all() -> MetaData:
    """Import every table; returns the metadata that holds them."""
    from sqlmodel import SQLModel

    for module in MODULES:
        importlib.import_module(f"csops.models.{module}")
    return SQLModel.metadata
