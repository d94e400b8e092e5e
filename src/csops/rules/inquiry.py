"""INQUIRY-1: every client tracking inquiry has a reply deadline in working time. Pure.

Worked example: asked at 11:30 on Friday 2026-11-27, with 2 working hours to answer: 30
minutes before lunch, 90 after it: due at 15:00. Asked at 17:30: 30 minutes that day, 90
minutes on Monday: due Monday 2026-11-30 at 10:30.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from csops.rules import Verdict

CHANNELS = ("phone", "email", "wechat")


class InquiryState(StrEnum):
    """INQUIRY-1: where an inquiry stands against its reply deadline."""

    ANSWERED = "answered"
    ANSWERED_LATE = "answered-late"
    OPEN = "open"
    OVERDUE = "overdue"


INQUIRY_STATES = tuple(InquiryState)


def reply_due(
    opened_at: datetime, add_working_minutes: Callable[[datetime, int], datetime], *, hours: int = 2
) -> datetime:
    """INQUIRY-1: the reply deadline: ``hours`` working hours after the inquiry (lunch and nights out)."""
    return add_working_minutes(opened_at, hours * 60)


def inquiry_state(due_at: datetime, answered_at: datetime | None, now: datetime) -> Verdict:
    """INQUIRY-1: answered in time, answered late, open, or overdue (unanswered past the deadline:
    it goes to the representative's supervisor)."""
    if answered_at is not None:
        ok = answered_at <= due_at
        return Verdict("INQUIRY-1", ok, "answered" if ok else "answered-late")
    ok = now <= due_at
    return Verdict("INQUIRY-1", ok, "open" if ok else "overdue")
