"""CLIENT-1..7: client files, consignee files, mismatches and reminders. Pure.

Worked example: consignee 上海仓 moves; operations report the new address (CLIENT-7), CS
records the mismatch (CLIENT-3), the monthly review lists it for the client (CLIENT-4),
the client confirms and the file is updated, the old address kept (CLIENT-5). The next
shipment to 上海仓 reminds operations of the change, once (CLIENT-6).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from csops.rules import Verdict


class Standard(StrEnum):
    """CLIENT-2: the four standards of a client's file."""

    RECEIVING = "receiving"
    DAMAGE = "damage"
    STACKING = "stacking"
    SIGNING = "signing"


class ConsigneeField(StrEnum):
    """CLIENT-3: what a mismatch between the file and reality is about."""

    NAME = "name"
    ADDRESS = "address"
    PHONE = "phone"


class MismatchStatus(StrEnum):
    """CLIENT-3/5: a mismatch is open until the client confirms it."""

    OPEN = "open"
    CONFIRMED = "confirmed"


STANDARDS = tuple(Standard)
FIELDS = tuple(ConsigneeField)


def missing_standards(values: dict[str, str | None]) -> list[Standard]:
    """CLIENT-2: the four standards of a client's file that are still blank."""
    return [k for k in STANDARDS if not (values.get(k) or "").strip()]


def mismatch_check(field: str, on_file: str, actual: str) -> Verdict:
    """CLIENT-3: a mismatch names one field and a value different from the file."""
    if field not in FIELDS:
        return Verdict("CLIENT-3", False, "bad-field")
    if not actual.strip():
        return Verdict("CLIENT-3", False, "empty")
    if actual.strip() == (on_file or "").strip():
        return Verdict("CLIENT-3", False, "same-as-file")
    return Verdict("CLIENT-3", True, "recorded")


def needs_reminder(changed_at: datetime | None, last_shipment_at: datetime | None) -> Verdict:
    """CLIENT-6: the first shipment to a consignee after its details changed carries a
    reminder to operations: changed, and no shipment recorded since the change."""
    due = changed_at is not None and (last_shipment_at is None or last_shipment_at < changed_at)
    return Verdict("CLIENT-6", not due, "remind" if due else "no-reminder")
