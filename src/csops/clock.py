"""The clock, read once per command (ARCHITECTURE.md "Time").

``$CSOPS_NOW`` (ISO 8601, in the policy time zone) replaces the real clock for
replay, demos and tests, with SQLite only; PostgreSQL uses the server's clock.
"""

from __future__ import annotations

import os
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


def _iso(text: str) -> datetime | None:
    """An ISO 8601 date-time: the standard library's reading first (every form a person or a
    script writes: ``2026-11-27T10:00``, ``...+08:00``, ``...Z``), dateutil's for the rarer forms
    it alone reads (week dates), so the common case does not import dateutil at start-up."""
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
