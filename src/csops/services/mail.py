"""Effects after commit: the outbox (issue 15; docs/mail.md).

A command never mails or writes a report inside its transaction. It queues the message or the
file in the ``outbox`` table, in the same transaction as its writes; :func:`deliver` sends them
only once that transaction has committed. So a transaction that PostgreSQL rolls back and runs
again queues its mail once, a job that fails half-way queues nothing, and a job run again finds
its messages queued already (each has a stable key). Failed deliveries stay queued: the next
`cron run`, or `csops mail retry`, sends them.

Delivery claims a message (state ``sending``, committed) before the SMTP conversation and
records the outcome after it. A crash in between leaves it ``sending``: it may or may not have
gone out, so it is not sent again on its own (`csops mail outbox` lists it as uncertain;
`csops mail retry --uncertain` sends it again, with the same Message-ID, which mail programs
recognise). Files and the outbox folder are written under a fixed name: doing that twice is
harmless, so they are simply done again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from csops.errors import BadInput, NotFound
from csops.i18n import N_, _
from csops.services.context import Ctx
from csops.views import View, shown

XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PDF = ("application", "pdf")
TEXT = ("text", "plain")

STATE_WORDS = {
    "queued": N_("queued"),
    "sending": N_("sending"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "uncertain": N_("uncertain"),
}
METHOD_WORDS = {"smtp": N_("smtp"), "folder": N_("outbox folder"), "file": N_("file")}


def message_id(key: str) -> str:
    """The Message-ID of the message with ``key``: the same each time it is built."""
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@csops>"


def _existing(ctx: Ctx, key: str) -> Any:
    from sqlmodel import select

    from csops.models import OutboxItem

    return ctx.session.exec(select(OutboxItem).where(OutboxItem.key == key)).first()


def queue_mail(
    ctx: Ctx,
    key: str,
    people: Sequence[Any],
    subject: str,
    body: str,
    attachment: tuple[str, bytes, tuple[str, str]] | None = None,
) -> Any | None:
    """Queue a message to ``people`` (staff with an email address), delivered after the commit.
    A message with this key queued before (a job run again) is not queued twice."""
    from csops.models import OutboxItem

    people = [p for p in people if getattr(p, "email", None)]
    if not people:
        return None
    found = _existing(ctx, key)
    if found is not None:
        return found
    row = OutboxItem(
        key=key,
        kind="mail",
        created_at=ctx.now,
        created_by=ctx.actor_login,
        recipients=json.dumps([[p.login, p.name, p.email] for p in people], ensure_ascii=False),
        subject=subject,
        body=body,
        attachment_name=attachment[0] if attachment else None,
        data=attachment[1] if attachment else None,
        path=f"{attachment[2][0]}/{attachment[2][1]}" if attachment else None,  # the attachment's MIME type
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.queued.append(row.id)
    return row


def queue_file(ctx: Ctx, key: str, path: Path, data: bytes) -> Any:
    """Queue a report file, written (owner-only, whole or not at all) after the commit."""
    from csops.models import OutboxItem

    found = _existing(ctx, key)
    if found is not None:
        return found
    row = OutboxItem(key=key, kind="file", created_at=ctx.now, created_by=ctx.actor_login, path=str(path), data=data)
    ctx.session.add(row)
    ctx.session.flush()
    ctx.queued.append(row.id)
    return row


def recipients_of(row: Any) -> list[str]:
    return [r[0] for r in json.loads(row.recipients or "[]")]


# -- delivery -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryView(View):
    """What became of one queued message or file."""

    id: int = shown(N_("ID"), "int")
    kind: str = shown(N_("Kind"))
    key: str = shown(N_("Key"), table=False)
    status: str = shown(N_("Status"), "code", words=STATE_WORDS)
    to: list[str] = shown(N_("Recipients"), "list", default=[])
    subject: str | None = shown(N_("Subject"), default=None)
    method: str | None = shown(N_("Method"), "code", words=METHOD_WORDS, default=None)
    location: str | None = shown(N_("Where"), default=None)
    attempts: int = shown(N_("Attempts"), "int", default=0)
    error: str | None = shown(N_("Error"), default=None)
    created_at: datetime | None = shown(N_("Queued"), "datetime", table=False, default=None)
    sent_at: datetime | None = shown(N_("Sent"), "datetime", table=False, default=None)


def _view(row: Any, status: str | None = None) -> DeliveryView:
    return DeliveryView(
        id=row.id,
        kind=row.kind,
        key=row.key,
        status=status or row.status,
        to=recipients_of(row) if row.kind == "mail" else [],
        subject=row.subject if row.kind == "mail" else row.path,
        method=row.method,
        location=row.location,
        attempts=row.attempts,
        error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _redo_is_harmless(row: Any, config: Any) -> bool:
    """A file, or a message for the outbox folder, is written under a fixed name: again is the same."""
    from csops.mail import settings

    return row.kind == "file" or not settings(config).host


def _claim(engine: Any, ids: list[int], config: Any, *, uncertain: bool) -> list[Any]:
    """Mark the messages and files about to go out as sending, in one committed transaction."""
    from sqlmodel import col, select

    from csops.db import session_scope
    from csops.models import OutboxItem

    claimed = []
    with session_scope(engine, write=True) as session:
        for start in range(0, len(ids), 500):
            rows = session.exec(select(OutboxItem).where(col(OutboxItem.id).in_(ids[start : start + 500])))
            for row in rows:
                if row.status == "sent":
                    continue
                if row.status == "sending" and not (uncertain or _redo_is_harmless(row, config)):
                    continue
                row.status = "sending"
                row.claimed_at = _now()
                row.attempts += 1
                session.add(row)
                claimed.append(row)
        session.flush()
        for row in claimed:
            session.expunge(row)
    return sorted(claimed, key=lambda r: r.id)


def _record(engine: Any, outcomes: list[tuple[int, dict[str, Any]]]) -> None:
    """Record what became of messages and files, in one transaction (an UPDATE by primary key per
    set of columns: a cron run's 300 messages are one statement, not 300 loads and flushes)."""
    from sqlalchemy import update

    from csops.db import session_scope
    from csops.models import OutboxItem

    with session_scope(engine, write=True) as session:
        session.execute(update(OutboxItem), [{"id": item_id, **values} for item_id, values in outcomes])


def _send(row: Any, config: Any) -> tuple[str, str]:
    from csops.files import write_atomic
    from csops.mail import build_message, deliver, settings
    from csops.services.cron import private_folder

    if row.kind == "file":
        path = Path(row.path)
        private_folder(path.parent)
        write_atomic(path, row.data or b"", mode=0o600)
        return "file", str(path)
    to = [(name, addr) for _login, name, addr in json.loads(row.recipients or "[]")]
    attachments = []
    if row.attachment_name:
        maintype, subtype = (row.path or "application/octet-stream").split("/", 1)
        attachments.append((row.attachment_name, row.data or b"", maintype, subtype))
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    msg = build_message(
        settings(config).sender,
        to,
        row.subject or "",
        row.body or "",
        attachments,
        message_id=message_id(row.key),
        when=created,
    )
    result = deliver(config, msg)
    return result["method"], result["where"]


def deliver(config: Any, url: str, ids: Iterable[int] | None = None, *, uncertain: bool = False) -> list[DeliveryView]:
    """Deliver queued messages and files (``ids``, else every one that waits). Through SMTP each
    message is claimed and recorded around its own conversation; files and the outbox folder,
    harmless to redo, are claimed together and recorded together at the end. One failure does
    not stop the others."""
    from sqlmodel import col, select

    from csops.db import make_engine, session_scope
    from csops.errors import CsopsError
    from csops.models import OutboxItem

    engine = make_engine(url)
    out = []
    try:
        if ids is None:
            with session_scope(engine, write=False) as session:
                waiting = col(OutboxItem.status).in_(["queued", "failed", "sending"])
                ids = list(session.exec(select(OutboxItem.id).where(waiting).order_by(OutboxItem.id)))
        from csops.mail import settings

        ids = list(ids)
        if settings(config).host:  # SMTP: each message "sending" only while its own conversation runs
            batches = [[i] for i in ids]
        else:  # files and the outbox folder are harmless to redo: claimed together
            batches = [ids]
        later: list[tuple[int, dict[str, Any]]] = []  # and recorded together at the end
        for row in (r for batch in batches for r in _claim(engine, batch, config, uncertain=uncertain)):
            try:
                method, where = _send(row, config)
            except (CsopsError, OSError) as exc:
                error = exc.message if isinstance(exc, CsopsError) else str(exc)
                values: dict[str, Any] = {"status": "failed", "last_error": error}
            else:
                values = {"status": "sent", "sent_at": _now(), "method": method, "location": where, "last_error": None}
            if values["status"] == "sent" and values["method"] in ("folder", "file"):
                later.append((row.id, values))
            else:  # at once: an SMTP message is never sent twice on its own
                _record(engine, [(row.id, values)])
            for k, v in values.items():
                setattr(row, k, v)
            out.append(_view(row))
        if later:
            _record(engine, later)
    finally:
        engine.dispose()
    return out


def summary_lines(views: Sequence[DeliveryView]) -> list[str]:
    """What a command says about its mail and files once they are delivered (or not)."""
    from csops.i18n import ngettext

    lines = []
    mails = [v for v in views if v.kind == "mail"]
    sent = [v for v in mails if v.status == "sent"]
    people = sorted({p for v in sent for p in v.to})
    for method, where in sorted({(v.method, v.location) for v in sent}, key=str):
        n = sum(1 for v in sent if (v.method, v.location) == (method, where))
        if method == "folder":
            assert where is not None  # a message written to the outbox folder has its file
            lines.append(
                ngettext(
                    "Mail: {n} message written to the outbox folder {where} (no SMTP server configured).",
                    "Mail: {n} messages written to the outbox folder {where} (no SMTP server configured).",
                    n,
                ).format(n=n, where=Path(where).parent)
            )
        else:
            lines.append(
                ngettext("Mail: {n} message sent through {where}", "Mail: {n} messages sent through {where}", n).format(
                    n=n, where=where
                )
                + " "
                + ngettext("to {m} person.", "to {m} people.", len(people)).format(m=len(people))
            )
    for v in views:
        if v.status == "failed":
            lines.append(
                _(
                    "Not delivered: {what} ({error}); it waits in the outbox: `csops mail retry` or the next `cron run` sends it."
                ).format(what=v.subject or v.key, error=v.error)
            )
    return lines


# -- the commands: mail outbox, mail retry, mail test --------------------------------------------


def outbox(ctx: Ctx, *, all_: bool = False) -> list[DeliveryView]:
    """What waits in the outbox (everything with ``all_``); a message left sending is uncertain."""
    from sqlmodel import select

    from csops.models import OutboxItem

    _may_manage(ctx)
    q = select(OutboxItem).order_by(OutboxItem.id)
    if not all_:
        q = q.where(OutboxItem.status != "sent")
    return [_view(r, "uncertain" if r.status == "sending" else None) for r in ctx.session.exec(q)]


def _may_manage(ctx: Ctx) -> None:
    from csops.services.cron import cron_caller

    cron_caller(ctx, "mail retry")  # the head, the assistant or the service account: who runs the jobs


def test_message(ctx: Ctx, login: str) -> int:
    """`csops mail test --recipient LOGIN`: queue one message to ``login``; returns its outbox id."""
    from sqlmodel import select

    from csops.models import Staff

    ctx.require("mail test")
    person = ctx.session.exec(select(Staff).where(Staff.login == login)).first()
    if person is None:
        raise NotFound(_("No staff member with login {login!r}.").format(login=login))
    if not person.email:
        raise BadInput(_("{login} has no email address: `csops staff edit {login} --email ...`.").format(login=login))
    row = queue_mail(
        ctx,
        f"test:{login}:{ctx.now.isoformat()}",
        [person],
        _("csops: test message"),
        _("This is a test message from csops, sent by {login} at {at}.").format(
            login=ctx.actor_login, at=ctx.now.strftime("%Y-%m-%d %H:%M")
        )
        + "\n",
    )
    assert row is not None  # queued: the person has an email address (checked above)
    outbox_id: int = row.id
    return outbox_id
