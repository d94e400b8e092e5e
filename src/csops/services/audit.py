"""Reading the audit log."""

from __future__ import annotations

import json
from datetime import datetime, time

from csops.services.context import Ctx


def list_audit(ctx: Ctx, *, entity=None, entity_id=None, since=None, limit: int = 1000) -> list[dict]:
    from sqlmodel import select

    from csops.dates import parse_date
    from csops.models import AuditEntry

    ctx.require("audit list")
    q = select(AuditEntry)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if entity_id:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    if since:
        d = parse_date(since, ctx.today)
        q = q.where(AuditEntry.at >= datetime.combine(d, time(0), tzinfo=ctx.now.tzinfo))
    q = q.order_by(AuditEntry.id.desc()).limit(max(1, limit))
    rows = list(ctx.session.exec(q))[::-1]
    return [
        {
            "id": e.id,
            "at": ctx.local(e.at),
            "actor": e.actor,
            "os_user": e.os_user,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": json.loads(e.before) if e.before else None,
            "after": json.loads(e.after) if e.after else None,
        }
        for e in rows
    ]
