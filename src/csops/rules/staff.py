"""The reporting line (who is whose superior), pure.

REPORT-4 and LEAVE-5 both walk a person's own line upward, one level at a time.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Role(StrEnum):
    """The roles the rulebook names (POLICY.md)."""

    HEAD = "head"
    SUPERVISOR = "supervisor"
    REP = "rep"
    ASSISTANT = "assistant"
    ONSITE = "onsite"
    FRONTDESK = "frontdesk"
    OPS = "ops"
    MANAGER = "manager"


# The roles (their codes), and the department's own people among them
ROLES = tuple(r.value for r in Role)
DEPARTMENT_ROLES = ("head", "supervisor", "rep", "assistant", "onsite")

LOGIN = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def line_above(person: int, superior_of: dict[int, int | None]) -> list[int]:
    """LEAVE-5: the person's superiors, nearest first (stops at a cycle)."""
    out: list[int] = []
    cur = superior_of.get(person)
    while cur is not None and cur not in out and cur != person:
        out.append(cur)
        cur = superior_of.get(cur)
    return out


def creates_cycle(person: int, new_superior: int | None, superior_of: dict[int, int | None]) -> bool:
    """Whether making ``new_superior`` the superior of ``person`` closes a loop."""
    if new_superior is None:
        return False
    if new_superior == person:
        return True
    return person in line_above(new_superior, superior_of)
