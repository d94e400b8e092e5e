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
        from dateutil import parser as du

        try:
            dt: datetime = du.isoparse(fixed.strip())
        except (ValueError, OverflowError):
            raise BadInput(_("CSOPS_NOW is not an ISO 8601 date-time: {value!r}").format(value=fixed)) from None
        if dt.tzinfo is None:
            return dt.replace(tzinfo=zone)
        return dt.astimezone(zone)
    return datetime.now(zone)
