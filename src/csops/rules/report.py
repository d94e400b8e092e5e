"""REPORT-1..4: requests and reports upward. Pure.

Worked example: 刘洋 (rep) reports a leak of confidential information. It goes to his direct
superior 李强 (REPORT-4). In an emergency he may go straight to 王芳 (the head) or above in
his own line; then he must tell 李强 afterwards, within 24 hours, and the duty shows on his
agenda until recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from csops.rules import Verdict
from csops.rules.staff import line_above


class ReportCategory(StrEnum):
    """REPORT-3: what is reported (``exception`` is the 异常通报 of RCPT-5)."""

    PROBLEM = "problem"
    LEAK = "leak"
    MAJOR_ERROR = "major-error"
    ACCIDENT = "accident"
    VIOLATION = "violation"
    BEYOND_SCOPE = "beyond-scope"
    OBSTRUCTION = "obstruction"
    EXCEPTION = "exception"


class InformState(StrEnum):
    """REPORT-4: the duty to tell the direct superior after an emergency report."""

    NONE = "none"
    INFORMED = "informed"
    INFORMED_LATE = "informed-late"
    INFORM_PENDING = "inform-pending"
    INFORM_OVERDUE = "inform-overdue"


CATEGORIES = tuple(ReportCategory)
INFORM_STATES = tuple(InformState)


def category_check(category: str) -> Verdict:
    """REPORT-2/3: what is reported: every abnormal matter and every problem needing help, in
    the categories of REPORT-3 (``exception`` is the 异常通报 of RCPT-5)."""
    ok = category in CATEGORIES
    return Verdict("REPORT-3", ok, "ok" if ok else "bad-category")


@dataclass(frozen=True)
class Route:
    verdict: Verdict
    recipient: int | None
    inform: int | None = None
    inform_due: datetime | None = None


def route(
    reporter: int,
    superior_of: dict[int, int | None],
    *,
    to: int | None,
    emergency: bool,
    filed_at: datetime,
    inform_hours: int = 24,
) -> Route:
    """REPORT-1/4: level by level to the direct superior; in an emergency any higher level of the
    reporter's own line, with a duty to inform the direct superior afterwards."""
    line = line_above(reporter, superior_of)
    if not line:
        return Route(Verdict("REPORT-4", False, "no-superior"), None)
    direct = line[0]
    if to is None or to == direct:
        return Route(Verdict("REPORT-4", True, "direct"), direct)
    if not emergency:
        return Route(Verdict("REPORT-4", False, "skips-a-level"), None)
    if to not in line:
        return Route(Verdict("REPORT-4", False, "outside-line"), None)
    return Route(Verdict("REPORT-4", True, "emergency"), to, direct, filed_at + timedelta(hours=inform_hours))


def inform_state(inform_due: datetime | None, informed_at: datetime | None, now: datetime) -> Verdict:
    """REPORT-4: after an emergency the direct superior must be told; open until recorded."""
    if inform_due is None:
        return Verdict("REPORT-4", True, "none")
    if informed_at is not None:
        return Verdict("REPORT-4", True, "informed-late" if informed_at > inform_due else "informed")
    return Verdict("REPORT-4", now <= inform_due, "inform-pending" if now <= inform_due else "inform-overdue")
