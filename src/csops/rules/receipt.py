"""RCPT-1..6: signed delivery receipts (回单), the exchange of work orders, month-end work. Pure.

A receipt's life (RCPT-2/4/5): ``expected`` (shipped, not back) → ``returned`` (back, not yet
checked) → ``confirmed`` (checked and found correct, 核对无误); or → ``unqualified`` →
``resigned`` → ``confirmed``; then ``handed-back`` to the client on the 15th (RCPT-4) and
``filed`` with the assistant on the 20th.

Worked example: shipped on 2026-09-01 by team 运作一组, the receipt is due back by 09-16
(RCPT-3: 15 calendar days; on the due date itself it is not overdue). A work order is an
exchange (RCPT-2): on 09-10 the team gets no new work order, because the receipt of 09-01
is not back (未有回单); back on 09-12 but not yet checked, still none (未确认); confirmed on
09-13, the team gets its next work order. Returned unqualified, it stays with customer
service and holds the team until re-signed and confirmed (RCPT-5); it is handed back to the
client only at a hand-over after it is confirmed (RCPT-4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from csops.rules import Verdict


class ReceiptState(StrEnum):
    """RCPT-2/4/5: where a receipt is in its life."""

    EXPECTED = "expected"
    RETURNED = "returned"
    UNQUALIFIED = "unqualified"
    RESIGNED = "resigned"
    CONFIRMED = "confirmed"
    HANDED_BACK = "handed-back"
    FILED = "filed"


class HoldReason(StrEnum):
    """RCPT-2/5: why a receipt keeps its team from new work orders (未有回单, 未确认, 不合格未重签)."""

    NO_RECEIPT = "no-receipt"
    UNCONFIRMED = "unconfirmed"
    UNQUALIFIED = "unqualified"


STATES = tuple(ReceiptState)
# RCPT-2: why a receipt keeps its team from new work orders (None: it does not)
HOLD_REASONS: dict[str, HoldReason] = {
    ReceiptState.EXPECTED: HoldReason.NO_RECEIPT,
    ReceiptState.RETURNED: HoldReason.UNCONFIRMED,
    ReceiptState.RESIGNED: HoldReason.UNCONFIRMED,
    ReceiptState.UNQUALIFIED: HoldReason.UNQUALIFIED,
}


def receipt_due_date(ship_date: date, *, return_within_days: int = 15) -> date:
    """RCPT-3: the last day a receipt may come back: ship date + 15 calendar days."""
    return ship_date + timedelta(days=return_within_days)


def is_overdue(due_date: date, returned_on: date | None, as_of: date) -> bool:
    """RCPT-3: not back and its due date has passed (on the due date itself it is not
    overdue). SQL twin: ``returned_on IS NULL AND due_date < as_of``."""
    return returned_on is None and due_date < as_of


def return_verdict(due_date: date, returned_on: date) -> Verdict:
    """RCPT-3: a return on or before the due date is on time; later is late."""
    ok = returned_on <= due_date
    return Verdict("RCPT-3", ok, "on-time" if ok else "late", {"days_late": max(0, (returned_on - due_date).days)})


def receipt_state(
    *,
    returned_on: date | None,
    qualified: bool | None,
    resigned_on: date | None,
    confirmed_on: date | None,
    handed_over_on: date | None = None,
    archived_on: date | None = None,
) -> ReceiptState:
    """RCPT-2/4/5: where a receipt is in its life (see ReceiptState)."""
    if archived_on is not None:
        return ReceiptState.FILED
    if handed_over_on is not None:
        return ReceiptState.HANDED_BACK
    if confirmed_on is not None:
        return ReceiptState.CONFIRMED
    if returned_on is None:
        return ReceiptState.EXPECTED
    if qualified is False:
        return ReceiptState.UNQUALIFIED if resigned_on is None else ReceiptState.RESIGNED
    return ReceiptState.RETURNED


TRANSITIONS = {
    "return": ("expected",),  # it came back (unchecked, or unqualified at once)
    "unqualify": ("returned", "resigned"),  # checking finds it unqualified (RCPT-5)
    "confirm": ("returned", "resigned"),  # checked and found correct (核对无误)
    "resign": ("unqualified",),  # re-signed by the responsible department (RCPT-5)
    "handover": ("confirmed",),  # handed back to the client (RCPT-4, the 15th)
    "archive": ("handed-back",),  # the sign-off record filed (RCPT-4, the 20th)
}


def transition(state: str, action: str) -> Verdict:
    """RCPT-2/4/5: each step of a receipt's life from the state it needs."""
    ok = state in TRANSITIONS[action]
    clause = {
        "return": "RCPT-3",
        "unqualify": "RCPT-5",
        "resign": "RCPT-5",
        "confirm": "RCPT-2",
        "handover": "RCPT-4",
        "archive": "RCPT-4",
    }[action]
    return Verdict(clause, ok, "ok" if ok else f"{action}-when-{state}", {"state": state})


def hold_cutoff(as_of: date, *, exchange_grace_days: int = 0) -> date:
    """RCPT-2: shipments on or before this date count for the exchange on ``as_of``: every
    earlier shipment (grace 0: the day's own shipments too), or all but those of the last
    ``exchange_grace_days`` days, left on the road. SQL twin: ``ship_date <= cutoff``."""
    return as_of - timedelta(days=exchange_grace_days)


@dataclass(frozen=True)
class OpenReceipt:
    shipment_no: str
    ship_date: date
    state: str


def hold_reasons(
    receipts: list[OpenReceipt], as_of: date, *, exchange_grace_days: int = 0, for_shipment: str | None = None
) -> list[tuple[str, HoldReason]]:
    """RCPT-2/5: why a team gets no new work order: each earlier shipment (before the cut-off,
    other than the one the work order is for) with no receipt back (``no-receipt``), one back
    but not yet confirmed (``unconfirmed``), or one unqualified and not re-signed
    (``unqualified``). Empty: the exchange is complete."""
    cutoff = hold_cutoff(as_of, exchange_grace_days=exchange_grace_days)
    out = []
    for r in receipts:
        reason = HOLD_REASONS.get(r.state)
        if reason is not None and r.ship_date <= cutoff and r.shipment_no != for_shipment:
            out.append((r.shipment_no, reason))
    return out


def hold_verdict(
    receipts: list[OpenReceipt], as_of: date, *, exchange_grace_days: int = 0, for_shipment: str | None = None
) -> Verdict:
    """RCPT-2: a work order is exchanged for receipts: no new work order while any reason holds."""
    reasons = hold_reasons(receipts, as_of, exchange_grace_days=exchange_grace_days, for_shipment=for_shipment)
    return Verdict("RCPT-2", not reasons, "on-hold" if reasons else "clear", {"reasons": reasons})


def covered_month(run_date: date) -> tuple[int, int]:
    """RCPT-4: the month whose receipts the 15th (hand-over) and the 20th (filing) work covers:
    the month before ``run_date``'s month."""
    last = run_date.replace(day=1) - timedelta(days=1)
    return last.year, last.month


TASK_DAYS = {"handover": 15, "archive": 20}


def task_month(day: date, task: str) -> tuple[int, int]:
    """RCPT-4: the latest month whose ``task`` (``handover``: the 15th; ``archive``: the 20th)
    has come due by ``day``: last month from that day of this month on, the month before
    last until then. The task stays on the agenda from its day until it is done."""
    y, m = covered_month(day)
    if day.day >= TASK_DAYS[task]:
        return y, m
    return covered_month(date(y, m, 1))


def month_key(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def copy_to_keep(copies: int) -> bool:
    """RCPT-6: when a receipt has several copies, one is kept on file."""
    return copies > 1
