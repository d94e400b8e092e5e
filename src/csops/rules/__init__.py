"""The policy, pure: one module per area. No database, no clock, no files.

Every function that implements a clause names its ID in its docstring and returns a
verdict (a small frozen dataclass naming the clause) rather than raising for a policy
outcome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Verdict:
    """The outcome of one rule: ``ok`` or not, the clause that decided, and why."""

    clause: str
    ok: bool
    code: str
    detail: dict[str, Any] = field(default_factory=dict)
