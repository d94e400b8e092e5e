"""One family of errors, each carrying the exit code of CLI.md.

0 done; 1 refused by a rule, not permitted, or not found; 2 bad usage or bad input.
Messages are already translated when raised (see csops.i18n).
"""

from __future__ import annotations


class CsopsError(Exception):
    exit_code = 1

    def __init__(self, message: str, *, clause: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.clause = clause

    def __str__(self) -> str:  # pragma: no cover - trivial
        if self.clause and self.clause not in self.message:
            return f"{self.message} ({self.clause})"
        return self.message


class Refused(CsopsError):
    """A rule of the policy says no."""


class NotPermitted(CsopsError):
    """The acting user's role does not allow this."""


class Deactivated(NotPermitted):
    """The acting user's login is deactivated."""


class NotFound(CsopsError):
    """The named record does not exist."""


class BadInput(CsopsError):
    """The input cannot be understood (bad date, bad amount, bad file...)."""

    exit_code = 2


class StoreError(CsopsError):
    """The database cannot be used as it is (missing, too old, too new, locked)."""


class NotDelivered(CsopsError):
    """A committed change whose mail or files could not go out yet: they wait in the outbox."""
