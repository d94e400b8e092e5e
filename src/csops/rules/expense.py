"""EXPENSE-1..3: business-entertainment claims. Pure.

Worked example: dinner with 华东电子 on Friday 2026-11-27. The claim is due by the end of
the second working day after it: Tuesday 2026-12-01 (Monday is the first). Filed at
23:59 that Tuesday: on time; at 00:00 on Wednesday: late (accepted, marked late).
November's report goes to the head on 2026-12-05 with every claim for November on file
then; a November claim filed on 12-08 reaches the head as an addendum to November's
report, marked as added after the 5th (EXPENSE-3).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from csops.rules import Verdict

AMOUNT = re.compile(r"^\d{1,7}(\.\d{1,2})?$")
MAX_AMOUNT = Decimal("9999999.99")


def parse_amount(text: str) -> Verdict:
    """EXPENSE-1: a positive amount in yuan with at most two decimals (plain digits: no
    exponents, no signs), up to 9,999,999.99."""
    s = (text or "").strip().replace(",", "")
    if not AMOUNT.match(s):
        return Verdict("EXPENSE-1", False, "bad-format")
    d = Decimal(s).quantize(Decimal("0.01"))
    if d <= 0:
        return Verdict("EXPENSE-1", False, "not-positive")
    return Verdict("EXPENSE-1", True, "ok", {"amount": d})


def claim_deadline(expense_day: date, add_workdays: Callable[[date, int], date], *, within: int = 2) -> date:
    """EXPENSE-1: the claim is filed by the end of the ``within``-th working day after the expense."""
    return add_workdays(expense_day, within)


def claim_verdict(
    expense_day: date, filed_at: datetime, add_workdays: Callable[[date, int], date], *, within: int = 2
) -> Verdict:
    """EXPENSE-1: on time until 24:00 of the deadline day (23:59 is on time, 00:00 after it late)."""
    last = claim_deadline(expense_day, add_workdays, within=within)
    ok = filed_at < datetime.combine(last + timedelta(days=1), time(0), tzinfo=filed_at.tzinfo)
    return Verdict("EXPENSE-1", ok, "on-time" if ok else "late", {"deadline": last})


REPORT_DAY = 5


def report_month(run_day: date) -> tuple[int, int]:
    """EXPENSE-3: on the 5th the assistant reports the previous calendar month."""
    last = run_day.replace(day=1) - timedelta(days=1)
    return last.year, last.month


def report_due(run_day: date) -> bool:
    """EXPENSE-3: the report of the previous month is due from the 5th on."""
    return run_day.day >= REPORT_DAY


def report_kind(month_reported: bool) -> str:
    """EXPENSE-3: the report covers expenses by the date they were incurred; claims for a month
    whose report went out already reach the head as an ``addendum`` to it, not lost."""
    return "addendum" if month_reported else "report"


def totals(rows: list[tuple[str, str, Decimal]]) -> dict[str, Any]:
    """EXPENSE-2/3: totals by client and by representative (exact Decimal sums, to the fen)."""
    by_client: dict[str, Decimal] = {}
    by_rep: dict[str, Decimal] = {}
    total = Decimal("0.00")
    for client, rep, amount in rows:
        by_client[client] = by_client.get(client, Decimal("0.00")) + amount
        by_rep[rep] = by_rep.get(rep, Decimal("0.00")) + amount
        total += amount
    return {"by_client": by_client, "by_rep": by_rep, "total": total}
