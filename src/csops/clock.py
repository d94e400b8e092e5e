"""The clock, read once per command (ARCHITECTURE.md "Time").

``$CSOPS_NOW`` (ISO 8601, in the policy time zone) replaces the real clock for
replay, demos and tests, with SQLite only; PostgreSQL uses the server's clock.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from csops.errors import BadInput, StoreError
from csops.i18n import _


def read_now(tz: str, *, postgres_now: datetime | None = None, environ: Mapping[str, str] | None = None) -> datetime:
    env = os.environ if environ is None else environ
    zone = ZoneInfo(tz)
    fixed = env.get("CSOPS_NOW")
    if postgres_now is not None:
        if fixed:
            raise StoreError(_("CSOPS_NOW is not allowed with PostgreSQL: the server's clock is used."))
        return postgres_now.astimezone(zone)
    if fixed:
        dt = _iso(fixed.strip())
        if dt is None:
            raise BadInput(_("CSOPS_NOW is not an ISO 8601 date-time: {value!r}").format(value=fixed))
        if dt.tzinfo is None:
            return dt.replace(tzinfo=zone)
        return dt.astimezone(zone)
    return datetime.now(zone)


# the plain forms: YYYY-MM-DD[THH:MM[:SS[.ffffff]]][Z|+HH:MM]
_PLAIN_ISO = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?", re.ASCII
)


def _iso(text: str) -> datetime | None:
    """An ISO 8601 date-time as dateutil's isoparse reads it. The plain forms a person or a script
    writes (``2026-11-27T10:00``, ``...:30.5``, ``...+08:00``, ``...Z``) are read by the standard
    library, which agrees with isoparse on them (a test compares the two), so the common case does
    not import dateutil at start-up; anything else (and whatever the standard library refuses)
    goes to isoparse, which decides as before."""
    if _PLAIN_ISO.fullmatch(text):
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            pass
    from dateutil import parser as du

    try:
        parsed: datetime = du.isoparse(text)
    except (ValueError, OverflowError):
        return None
    return parsed
