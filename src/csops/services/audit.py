"""Reading the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from csops.i18n import N_
from csops.services.context import Ctx
from csops.views import View, shown


@dataclass(frozen=True)
class AuditView(View):
    """An entry of the audit log: who did what to which record, when, and the record before and after."""

    id: int = shown(N_("ID"), "int")
    at: datetime = shown(N_("At"), "datetime")
    actor: str | None = shown(N_("Actor"), "person")
    os_user: str | None = shown(N_("OS account"))
    action: str = shown(N_("Action"))
    entity: str = shown(N_("Entity"))
    entity_id: str | None = shown(N_("Entity ID"))
    before: Any = shown(N_("Before"), "detail", table=False)  # the record as it was (JSON)
    after: Any = shown(N_("After"), "detail", table=False)  # the record as it became (JSON)
    hash: str | None = shown(N_("Hash"), table=False, default=None)  # the chain (csops.chain)


@dataclass(frozen=True)
class ChainHeadView(View):
    """`csops audit head`: the newest entry of the audit chain, to write down or mail; a later
    rewrite of the log does not reach it."""

    entries: int = shown(N_("Entries"), "int")
    head_id: int | None = shown(N_("Newest entry"), "int")
    head_hash: str = shown(N_("Chain head (SHA-256)"))
    ok: bool = shown(N_("Chain verifies"), "bool")
    broken_at: int | None = shown(N_("First entry that does not verify"), "int", default=None)


def chain_head(ctx: Ctx) -> ChainHeadView:
    """The chain's head, after verifying the whole chain (a head of a broken chain says where)."""
    from csops.chain import verify_store

    ctx.require("audit list")
    report = verify_store(ctx.session)
    return ChainHeadView(report.entries, report.head_id, report.head_hash, report.ok, report.broken_at)


def chain_problems(conn: Any) -> list[str]:
    """What `db check` says about the audit log: the first entry that does not verify, and any
    append-only trigger that is gone or disabled."""
    from csops.chain import missing_triggers, verify_store
    from csops.i18n import _

    problems = []
    report = verify_store(conn)
    if report.problem == "edited":
        problems.append(
            _(
                "audit log: entry #{id} was changed after it was written (its content no longer matches its hash)."
            ).format(id=report.broken_at)
        )
    elif report.problem == "link":
        problems.append(
            _("audit log: the entry before #{id} is missing or was changed (the chain breaks there).").format(
                id=report.broken_at
            )
        )
    for name in missing_triggers(conn):
        problems.append(_("audit log: the append-only trigger {name} is missing or disabled.").format(name=name))
    return problems


def list_audit(
    ctx: Ctx, *, entity: str | None = None, entity_id: Any = None, since: str | None = None, limit: int = 1000
) -> list[AuditView]:
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
        AuditView(
            id=e.id,
            at=ctx.local(e.at),
            actor=e.actor,
            os_user=e.os_user,
            action=e.action,
            entity=e.entity,
            entity_id=e.entity_id,
            before=json.loads(e.before) if e.before else None,
            after=json.loads(e.after) if e.after else None,
            hash=e.hash,
        )
        for e in rows
    ]
