"""Client tracking inquiries (INQUIRY-1): every one answered within its working-hours deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, overload

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _
from csops.rules.inquiry import InquiryState
from csops.services.client import get_client
from csops.services.context import Ctx, audit, snapshot
from csops.views import View, shown

# The inquiry area's words for its coded values (shown in the reader's language; JSON keeps the codes)
STATE_WORDS: dict[str, str] = {
    InquiryState.ANSWERED: N_("answered"),
    InquiryState.ANSWERED_LATE: N_("answered-late"),
    InquiryState.OPEN: N_("open"),
    InquiryState.OVERDUE: N_("overdue"),
}
CHANNEL_WORDS = {"phone": N_("phone"), "email": N_("email"), "wechat": N_("wechat")}  # rules.inquiry.CHANNELS


@dataclass(frozen=True)
class InquiryView(View):
    """INQUIRY-1: a client's tracking inquiry and its reply deadline."""

    id: int = shown(N_("ID"), "int")
    client: str | None = shown(N_("Client"))
    shipment_no: str | None = shown(N_("Shipment"))
    question: str = shown(N_("Question"), table=False)
    channel: str = shown(N_("Channel"), "code", words=CHANNEL_WORDS, table=False)
    owner: str | None = shown(N_("Owner"), "person")
    supervisor: str | None = shown(N_("Supervisor"), "person")
    opened_at: datetime = shown(N_("Opened at"), "datetime")
    due_at: datetime = shown(N_("Due at"), "datetime")
    state: InquiryState = shown(N_("State"), "code", words=STATE_WORDS)
    answered_at: datetime | None = shown(N_("Answered at"), "datetime", table=False)
    answer: str | None = shown(N_("Answer"), table=False)


@dataclass(frozen=True)
class InquiryAnswered(InquiryView):
    """INQUIRY-1: an inquiry just answered, with what the rules noticed."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


V = TypeVar("V", bound=InquiryView)
Logins = dict[int, str]  # staff id -> login
Clients = dict[int, str]  # client id -> name
Superiors = dict[int, int | None]  # staff id -> their superior's id


@overload
def inquiry_row(ctx: Ctx, q: Any, logins: Logins, clients: Clients, superiors: Superiors) -> InquiryView: ...
@overload
def inquiry_row(
    ctx: Ctx, q: Any, logins: Logins, clients: Clients, superiors: Superiors, *, cls: type[V], **extra: Any
) -> V: ...
def inquiry_row(
    ctx: Ctx,
    q: Any,
    logins: Logins,
    clients: Clients,
    superiors: Superiors,
    *,
    cls: type[InquiryView] = InquiryView,
    **extra: Any,
) -> InquiryView:
    from csops.rules.inquiry import inquiry_state

    st = inquiry_state(q.due_at, q.answered_at, ctx.now)
    sup = superiors.get(q.owner_id)
    return cls(
        id=q.id,
        client=clients.get(q.client_id),
        shipment_no=q.shipment_no,
        question=q.question,
        channel=q.channel,
        owner=logins.get(q.owner_id),
        supervisor=logins.get(sup) if sup else None,
        opened_at=ctx.local(q.opened_at),
        due_at=ctx.local(q.due_at),
        state=InquiryState(st.code),
        answered_at=ctx.local(q.answered_at),
        answer=q.answer,
        **extra,
    )


def _maps(ctx: Ctx) -> tuple[Logins, Clients, Superiors]:
    from sqlmodel import select

    from csops.models import Client, Staff

    staff = ctx.session.exec(select(Staff.id, Staff.login, Staff.superior_id)).all()
    return (
        {i: lg for i, lg, _s in staff},
        dict(ctx.session.exec(select(Client.id, Client.name)).all()),
        {i: s for i, _l, s in staff},
    )


def open_inquiry(ctx: Ctx, *, client: str, shipment: str | None, question: str, channel: str) -> InquiryView:
    """INQUIRY-1: record a client's tracking question; its reply is due in working hours."""
    from csops.models import Inquiry
    from csops.rules.inquiry import CHANNELS, reply_due

    ctx.require("inquiry")
    if channel not in CHANNELS:
        raise BadInput(
            _("Unknown channel {value!r}; channels are: {all}.").format(value=channel, all=", ".join(CHANNELS))
        )
    if not (question or "").strip():
        raise BadInput(_("The question is required."))
    c = get_client(ctx, client)
    due = reply_due(ctx.now, ctx.calendar.add_working_minutes, hours=ctx.policy["inquiry.reply_within_working_hours"])
    q = Inquiry(
        client_id=c.id,
        shipment_no=(shipment or None),
        question=question.strip(),
        channel=channel,
        owner_id=ctx.me.id,
        opened_at=ctx.now,
        due_at=due,
    )
    ctx.session.add(q)
    ctx.session.flush()
    audit(ctx, "inquiry.open", "inquiry", q.id, after=q)
    return inquiry_row(ctx, q, *_maps(ctx))


def answer_inquiry(ctx: Ctx, iid: int, text: str) -> InquiryAnswered:
    from csops.models import Inquiry

    ctx.require("inquiry")
    q = ctx.session.get(Inquiry, iid)
    if q is None:
        raise NotFound(_("No inquiry #{id}.").format(id=iid))
    if q.answered_at is not None:
        raise Refused(_("Inquiry #{id} was answered already.").format(id=iid), clause="INQUIRY-1")
    if not (text or "").strip():
        raise BadInput(_("The answer is required."))
    before = snapshot(q)
    q.answered_at, q.answer, q.answered_by_id = ctx.now, text.strip(), ctx.me.id
    ctx.session.add(q)
    audit(ctx, "inquiry.answer", "inquiry", q.id, before=before, after=q)
    from csops.rules.inquiry import inquiry_state

    late = inquiry_state(q.due_at, q.answered_at, ctx.now).code == InquiryState.ANSWERED_LATE
    due = ctx.local(q.due_at).strftime("%Y-%m-%d %H:%M")
    notes = (_("Answered after the deadline {due} (INQUIRY-1).").format(due=due),) if late else ()
    return inquiry_row(ctx, q, *_maps(ctx), cls=InquiryAnswered, notes=notes)


def list_inquiries(ctx: Ctx, *, open_only: bool, overdue_only: bool, client: str | None = None) -> list[InquiryView]:
    from sqlmodel import select

    from csops.models import Inquiry

    q = select(Inquiry).order_by(Inquiry.due_at)
    if client is not None:
        q = q.where(Inquiry.client_id == get_client(ctx, client).id)
    if open_only or overdue_only:
        q = q.where(Inquiry.answered_at.is_(None))
    if overdue_only:
        q = q.where(Inquiry.due_at < ctx.now)
    maps = _maps(ctx)
    return [inquiry_row(ctx, x, *maps) for x in ctx.session.exec(q)]


def show_inquiry(ctx: Ctx, iid: int) -> InquiryView:
    from csops.models import Inquiry

    q = ctx.session.get(Inquiry, iid)
    if q is None:
        raise NotFound(_("No inquiry #{id}.").format(id=iid))
    return inquiry_row(ctx, q, *_maps(ctx))
