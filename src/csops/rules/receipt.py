"""RCPT-1..6: signed delivery receipts (回单), holds on work orders, month-end work. Pure.

Worked example: shipped on 2026-11-01, the receipt is due back by 2026-11-16 (15 calendar
days; the 15th day after shipping is still on time). Not back on 2026-11-17: overdue, and
its operations team gets no new work orders until it is back (RCPT-2). Returned
unqualified on 2026-11-10: the team is held until the receipt is re-signed (RCPT-5).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from csops.rules import Verdict


def receipt_due_date(ship_date: date, *, return_within_days: int = 15) -> date:
    """RCPT-3: the last day a receipt may come back: ship date + 15 calendar days."""
    return ship_date + timedelta(days=return_within_days)


def is_overdue(ship_date: date, returned_on: date | None, as_of: date, *, return_within_days: int = 15) -> bool:
    """RCPT-3: not back and the due date has passed (on the due date itself it is not overdue)."""
    return returned_on is None and as_of > receipt_due_date(ship_date, return_within_days=return_within_days)


def return_verdict(ship_date: date, returned_on: date, *, return_within_days: int = 15) -> Verdict:
    """RCPT-3: a return on or before the due date is on time; later is late."""
    due = receipt_due_date(ship_date, return_within_days=return_within_days)
    ok = returned_on <= due
    return Verdict("RCPT-3", ok, "on-time" if ok else "late", {"due": due, "days_late": max(0, (returned_on - due).days)})


@dataclass(frozen=True)
class OpenReceipt:
    shipment_no: str
    ship_date: date
    returned_on: date | None
    qualified: bool | None
    resigned_on: date | None


def hold_reasons(receipts: list[OpenReceipt], as_of: date, *, hold_after_days: int = 15) -> list[tuple[str, str]]:
    """RCPT-2/5: why a team is on hold: each receipt that is overdue (RCPT-3) or returned
    unqualified and not yet re-signed (RCPT-5). Empty: no hold."""
    out = []
    for r in receipts:
        if r.returned_on is None and as_of > r.ship_date + timedelta(days=hold_after_days):
            out.append((r.shipment_no, "overdue"))
        elif r.returned_on is not None and r.qualified is False and r.resigned_on is None:
            out.append((r.shipment_no, "unqualified"))
    return out


def hold_verdict(receipts: list[OpenReceipt], as_of: date, *, hold_after_days: int = 15) -> Verdict:
    """RCPT-2: a work order is exchanged for a receipt: no new work orders while on hold."""
    reasons = hold_reasons(receipts, as_of, hold_after_days=hold_after_days)
    return Verdict("RCPT-2", not reasons, "on-hold" if reasons else "clear", {"reasons": reasons})


def covered_month(run_date: date) -> tuple[int, int]:
    """RCPT-4: the month whose receipts the 15th (hand-over) and the 20th (filing) work covers:
    the month before ``run_date``'s month."""
    last = run_date.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def month_end_task(run_date: date) -> str | None:
    """RCPT-4: ``handover`` on the 15th, ``archive`` on the 20th, else None."""
    return {15: "handover", 20: "archive"}.get(run_date.day)


def copy_to_keep(copies: int) -> bool:
    """RCPT-6: when a receipt has several copies, one is kept on file."""
    return copies > 1
