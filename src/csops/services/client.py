"""Clients and consignees (CLIENT-1..7)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _
from csops.rules import Verdict
from csops.rules.client import ConsigneeField, MismatchStatus, Standard
from csops.services.context import Ctx, audit, snapshot
from csops.views import View, shown

# The client area's words for its coded values (shown in the reader's language; JSON keeps the codes)
STANDARD_WORDS: dict[str, str] = {
    Standard.RECEIVING: N_("receiving"),
    Standard.DAMAGE: N_("damage"),
    Standard.STACKING: N_("stacking"),
    Standard.SIGNING: N_("signing"),
}
FIELD_WORDS: dict[str, str] = {
    ConsigneeField.NAME: N_("name"),
    ConsigneeField.ADDRESS: N_("address"),
    ConsigneeField.PHONE: N_("phone"),
}
MISMATCH_WORDS: dict[str, str] = {MismatchStatus.OPEN: N_("open"), MismatchStatus.CONFIRMED: N_("confirmed")}
# CLIENT-5: where a version of a consignee's details comes from
SOURCE_WORDS: dict[str, str] = {"created": N_("created"), "confirmed": N_("confirmed")}


def get_client(ctx: Ctx, ref: str) -> Any:
    """A client by its name, or by its id written ``#12`` (a client may be named ``12``)."""
    from sqlmodel import select

    from csops.models import Client

    ref = str(ref)
    if ref.startswith("#") and ref[1:].isascii() and ref[1:].isdigit() and len(ref) < 12:
        c = ctx.session.get(Client, int(ref[1:]))
    else:
        c = ctx.session.exec(select(Client).where(Client.name == ref)).first()
    if c is None:
        raise NotFound(_("No client {name!r}: add it with `csops client add`.").format(name=ref))
    return c


def get_consignee(ctx: Ctx, cid: int) -> Any:
    from csops.models import Consignee

    c = ctx.session.get(Consignee, cid)
    if c is None:
        raise NotFound(_("No consignee #{id}.").format(id=cid))
    return c


@dataclass(frozen=True)
class ClientView(View):
    """CLIENT-2: a client's file: basic data and the four standards."""

    id: int = shown(N_("ID"), "int")
    name: str = shown(N_("Name"))
    contact: str | None = shown(N_("Contact"))
    phone: str | None = shown(N_("Phone"))
    address: str | None = shown(N_("Address"), table=False)
    receiving: str | None = shown(N_("Receiving standard"), table=False)
    damage: str | None = shown(N_("Damage standard"), table=False)
    stacking: str | None = shown(N_("Stacking standard"), table=False)
    signing: str | None = shown(N_("Signing standard"), table=False)
    missing_standards: list[Standard] = shown(N_("Missing standards"), "list")


@dataclass(frozen=True)
class NewClientView(ClientView):
    """CLIENT-2: a client just added, with what its file still lacks."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def _client_fields(c: Any) -> dict[str, Any]:
    from csops.rules.client import missing_standards

    return {
        "id": c.id,
        "name": c.name,
        "contact": c.contact,
        "phone": c.phone,
        "address": c.address,
        "receiving": c.receiving,
        "damage": c.damage,
        "stacking": c.stacking,
        "signing": c.signing,
        "missing_standards": missing_standards(c.model_dump()),
    }


def client_row(ctx: Ctx, c: Any) -> ClientView:
    return ClientView(**_client_fields(c))


def add_client(ctx: Ctx, name: str, **fields: str | None) -> NewClientView:
    """CLIENT-2: a client's basic data and its receiving, damage, stacking and signing standards."""
    from sqlmodel import select

    from csops.models import Client

    ctx.require("client")
    if not name.strip():
        raise BadInput(_("A name is required."))
    if ctx.session.exec(select(Client.id).where(Client.name == name.strip())).first():
        raise Refused(_("Client {name!r} exists already.").format(name=name))
    c = Client(name=name.strip(), created_at=ctx.now, **{k: (v or None) for k, v in fields.items()})
    ctx.session.add(c)
    ctx.session.flush()
    audit(ctx, "client.add", "client", c.id, after=c)
    row = _client_fields(c)
    missing = row["missing_standards"]
    notes = (
        [
            _("The file still lacks these standards (CLIENT-2): {names}.").format(
                names=", ".join(_(STANDARD_WORDS[s]) for s in missing)
            )
        ]
        if missing
        else []
    )
    return NewClientView(**row, notes=tuple(notes))


def edit_client(ctx: Ctx, ref: str, **fields: str | None) -> ClientView:
    ctx.require("client")
    c = get_client(ctx, ref)
    before = snapshot(c)
    for k, v in fields.items():
        if v is not None:
            setattr(c, k, v or None)
    ctx.session.add(c)
    audit(ctx, "client.edit", "client", c.id, before=before, after=c)
    return client_row(ctx, c)


def list_clients(ctx: Ctx) -> list[ClientView]:
    from sqlmodel import select

    from csops.models import Client

    return [client_row(ctx, c) for c in ctx.session.exec(select(Client).order_by(Client.name))]


@dataclass(frozen=True)
class ClientFileView(ClientView):
    """CLIENT-2/3: a client's file with its consignees."""

    consignees: list[ConsigneeView] = shown(N_("Consignees"), "detail", table=False)


def show_client(ctx: Ctx, ref: str) -> ClientFileView:
    c = get_client(ctx, ref)
    return ClientFileView(**_client_fields(c), consignees=list_consignees(ctx, ref))


# -- consignees -----------------------------------------------------------------


def add_consignee(ctx: Ctx, *, client: str, name: str, address: str, phone: str) -> ConsigneeView:
    """CLIENT-3: each client's consignees are on file."""
    from csops.models import Consignee, ConsigneeVersion

    ctx.require("consignee add")
    c = get_client(ctx, client)
    for f, v in ((ConsigneeField.NAME, name), (ConsigneeField.ADDRESS, address), (ConsigneeField.PHONE, phone)):
        if not (v or "").strip():
            raise BadInput(_("The consignee's {field} is required.").format(field=_(FIELD_WORDS[f])))
    con = Consignee(client_id=c.id, name=name.strip(), address=address.strip(), phone=phone.strip(), created_at=ctx.now)
    ctx.session.add(con)
    ctx.session.flush()
    ctx.session.add(
        ConsigneeVersion(
            consignee_id=con.id,
            name=con.name,
            address=con.address,
            phone=con.phone,
            valid_from=ctx.now,
            set_by=ctx.actor_login,
            source="created",
        )
    )
    audit(ctx, "consignee.add", "consignee", con.id, after=con)
    return consignee_row(ctx, con, c.name)


@dataclass(frozen=True)
class ConsigneeView(View):
    """CLIENT-3: a consignee on a client's file."""

    id: int = shown(N_("ID"), "int")
    client: str = shown(N_("Client"))
    name: str = shown(N_("Name"))
    address: str = shown(N_("Address"))
    phone: str = shown(N_("Phone"))
    changed_at: datetime | None = shown(N_("Changed at"), "datetime")


@dataclass(frozen=True)
class ConfirmedConsigneeView(ConsigneeView):
    """CLIENT-5: a consignee updated from a confirmed mismatch."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


@dataclass(frozen=True)
class ConsigneeVersionView(View):
    """CLIENT-5: one version of a consignee's details (the old values are kept)."""

    name: str = shown(N_("Name"))
    address: str = shown(N_("Address"))
    phone: str = shown(N_("Phone"))
    valid_from: datetime = shown(N_("Valid from"), "datetime")
    set_by: str | None = shown(N_("Set by"), "person")
    source: str = shown(N_("Source"), "code", words=SOURCE_WORDS)


@dataclass(frozen=True)
class MismatchView(View):
    """CLIENT-3/5/7: a difference between the file and reality, and the client's confirmation."""

    id: int = shown(N_("ID"), "int")
    consignee_id: int = shown(N_("Consignee ID"), "int")
    field: ConsigneeField = shown(N_("Field"), "code", words=FIELD_WORDS)
    on_file: str | None = shown(N_("On file"))
    actual: str = shown(N_("Actual"))
    reported_by: str | None = shown(N_("Reported by"), "person")
    reported_at: datetime = shown(N_("Reported at"), "datetime")
    status: MismatchStatus = shown(N_("Status"), "code", words=MISMATCH_WORDS)
    confirmed_at: datetime | None = shown(N_("Confirmed at"), "datetime")
    confirmed_by: str | None = shown(N_("Confirmed by"), "person")


@dataclass(frozen=True)
class NewMismatchView(MismatchView):
    """CLIENT-3: a mismatch just recorded."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


@dataclass(frozen=True)
class ConsigneeFileView(ConsigneeView):
    """CLIENT-3..6: a consignee with the history of its details, its mismatches and the reminder."""

    history: list[ConsigneeVersionView] = shown(N_("History"), "detail", table=False)
    mismatches: list[MismatchView] = shown(N_("Mismatches"), "detail", table=False)
    remind_operations: bool = shown(N_("Remind operations"), "bool")


def _consignee_fields(ctx: Ctx, con: Any, client_name: str | None) -> dict[str, Any]:
    if client_name is None:
        from csops.models import Client

        client_name = ctx.session.get_one(Client, con.client_id).name
    return {
        "id": con.id,
        "client": client_name,
        "name": con.name,
        "address": con.address,
        "phone": con.phone,
        "changed_at": ctx.local(con.changed_at),
    }


def consignee_row(ctx: Ctx, con: Any, client_name: str | None = None) -> ConsigneeView:
    return ConsigneeView(**_consignee_fields(ctx, con, client_name))


def list_consignees(ctx: Ctx, client: str | None = None) -> list[ConsigneeView]:
    from sqlmodel import select

    from csops.models import Client, Consignee

    q = (
        select(Consignee, Client.name)
        .join(Client, Client.id == Consignee.client_id)
        .order_by(Client.name, Consignee.id)
    )
    if client:
        q = q.where(Consignee.client_id == get_client(ctx, client).id)
    return [consignee_row(ctx, con, name) for con, name in ctx.session.exec(q)]


def _last_shipment_at(ctx: Ctx, consignee_id: int) -> datetime | None:
    from sqlmodel import func, select

    from csops.models import Receipt

    last: datetime | None = ctx.session.exec(
        select(func.max(Receipt.created_at)).where(Receipt.consignee_id == consignee_id)
    ).first()
    return last


def reminder_for(ctx: Ctx, con: Any) -> Verdict:
    """CLIENT-6 for one consignee, on what is on file."""
    from csops.rules.client import needs_reminder

    return needs_reminder(con.changed_at, _last_shipment_at(ctx, con.id))


def show_consignee(ctx: Ctx, cid: int) -> ConsigneeFileView:
    from sqlmodel import select

    from csops.models import ConsigneeVersion, Mismatch
    from csops.services.staff import logins_by_id

    con = get_consignee(ctx, cid)
    history = [
        ConsigneeVersionView(
            name=v.name,
            address=v.address,
            phone=v.phone,
            valid_from=ctx.local(v.valid_from),
            set_by=v.set_by,
            source=v.source,
        )
        for v in ctx.session.exec(
            select(ConsigneeVersion).where(ConsigneeVersion.consignee_id == cid).order_by(ConsigneeVersion.id)
        )
    ]
    logins = logins_by_id(ctx)
    mismatches = [
        mismatch_row(ctx, m, logins)
        for m in ctx.session.exec(select(Mismatch).where(Mismatch.consignee_id == cid).order_by(Mismatch.id))
    ]
    return ConsigneeFileView(
        **_consignee_fields(ctx, con, None),
        history=history,
        mismatches=mismatches,
        remind_operations=not reminder_for(ctx, con).ok,
    )


def _mismatch_fields(ctx: Ctx, m: Any, logins: dict[int, str]) -> dict[str, Any]:
    return {
        "id": m.id,
        "consignee_id": m.consignee_id,
        "field": ConsigneeField(m.field),
        "on_file": m.on_file,
        "actual": m.actual,
        "reported_by": logins.get(m.reported_by_id),
        "reported_at": ctx.local(m.reported_at),
        "status": MismatchStatus(m.status),
        "confirmed_at": ctx.local(m.confirmed_at),
        "confirmed_by": logins.get(m.confirmed_by_id),
    }


def mismatch_row(ctx: Ctx, m: Any, logins: dict[int, str] | None = None) -> MismatchView:
    from csops.services.staff import logins_by_id

    return MismatchView(**_mismatch_fields(ctx, m, logins or logins_by_id(ctx)))


def record_mismatch(ctx: Ctx, cid: int, *, field: str, actual: str, reported_by: str | None) -> NewMismatchView:
    """CLIENT-3/7: record a difference between the delivery note and reality (CS or operations)."""
    from csops.models import Mismatch
    from csops.rules.client import FIELDS, mismatch_check
    from csops.services.staff import get_by_login, logins_by_id

    ctx.require("consignee mismatch")
    con = get_consignee(ctx, cid)
    if field not in FIELDS:
        raise BadInput(_("A mismatch is about the name, address or phone, not {field!r}.").format(field=field))
    on_file = getattr(con, field)
    v = mismatch_check(field, on_file, actual)
    if not v.ok:
        if v.code == "same-as-file":
            raise Refused(_("That is what the file says already."), clause="CLIENT-3")
        raise BadInput(_("The actual value is required."))
    reporter = get_by_login(ctx, reported_by) if reported_by else ctx.me
    m = Mismatch(
        consignee_id=con.id,
        field=field,
        on_file=on_file,
        actual=actual.strip(),
        reported_by_id=reporter.id,
        reported_at=ctx.now,
    )
    ctx.session.add(m)
    ctx.session.flush()
    audit(ctx, "consignee.mismatch", "mismatch", m.id, after=m)
    return NewMismatchView(
        **_mismatch_fields(ctx, m, logins_by_id(ctx)),
        notes=(_("It goes into the monthly review for the client to confirm (CLIENT-4)."),),
    )


def confirm_mismatch(ctx: Ctx, mid: int) -> ConfirmedConsigneeView:
    """CLIENT-5: the client confirmed: the consignee is updated, the old values kept."""
    from csops.models import ConsigneeVersion, Mismatch

    ctx.require("consignee confirm")
    m = ctx.session.get(Mismatch, mid)
    if m is None:
        raise NotFound(_("No mismatch #{id}.").format(id=mid))
    if m.status != MismatchStatus.OPEN:
        raise Refused(_("Mismatch #{id} was confirmed already.").format(id=mid), clause="CLIENT-5")
    con = get_consignee(ctx, m.consignee_id)
    before = snapshot(con)
    setattr(con, m.field, m.actual)
    con.changed_at = ctx.now
    m.status, m.confirmed_at, m.confirmed_by_id = MismatchStatus.CONFIRMED.value, ctx.now, ctx.me.id
    ctx.session.add_all([con, m])
    ctx.session.add(
        ConsigneeVersion(
            consignee_id=con.id,
            name=con.name,
            address=con.address,
            phone=con.phone,
            valid_from=ctx.now,
            set_by=ctx.actor_login,
            source="confirmed",
            mismatch_id=m.id,
        )
    )
    ctx.session.flush()
    audit(ctx, "consignee.confirm", "consignee", con.id, before=before, after=con)
    return ConfirmedConsigneeView(
        **_consignee_fields(ctx, con, None),
        notes=(_("The next shipment to this consignee will remind operations of the change (CLIENT-6)."),),
    )


@dataclass(frozen=True)
class ReminderCheckView(View):
    """CLIENT-6: must operations be reminded before shipping to this consignee?"""

    id: int = shown(N_("ID"), "int")
    name: str = shown(N_("Name"))
    remind_operations: bool = shown(N_("Remind operations"), "bool")
    changed_at: datetime | None = shown(N_("Changed at"), "datetime")
    clause: str = shown(N_("Clause"))


def check_consignee(ctx: Ctx, cid: int) -> ReminderCheckView:
    """CLIENT-6: must operations be reminded before shipping to this consignee?"""
    con = get_consignee(ctx, cid)
    v = reminder_for(ctx, con)
    return ReminderCheckView(
        id=con.id,
        name=con.name,
        remind_operations=not v.ok,
        changed_at=ctx.local(con.changed_at),
        clause="CLIENT-6",
    )


@dataclass(frozen=True)
class ReviewRowView(View):
    """CLIENT-4: one line of the month's review for the client to confirm (the table's columns in
    the order of the review sheet)."""

    id: int = shown(N_("ID"), "int", table=False)
    client: str = shown(N_("Client"))
    consignee_id: int = shown(N_("Consignee ID"), "int")
    consignee: str = shown(N_("Consignee"))
    field: ConsigneeField = shown(N_("Field"), "code", words=FIELD_WORDS)
    on_file: str | None = shown(N_("On file"))
    actual: str = shown(N_("Actual"))
    reported_by: str | None = shown(N_("Reported by"), "person")
    reported_at: datetime = shown(N_("Reported at"), "datetime")
    status: MismatchStatus = shown(N_("Status"), "code", words=MISMATCH_WORDS)
    confirmed_at: datetime | None = shown(N_("Confirmed at"), "datetime", table=False)
    confirmed_by: str | None = shown(N_("Confirmed by"), "person", table=False)


def review(ctx: Ctx, year: int, month: int, client: str | None) -> list[ReviewRowView]:
    """CLIENT-4: the month's review: mismatches recorded in the month, and older ones still open."""
    from datetime import datetime, time, timedelta

    from sqlmodel import or_, select

    from csops.dates import month_range
    from csops.models import Client, Consignee, Mismatch
    from csops.services.staff import logins_by_id

    first, last = month_range(year, month)
    lo = datetime.combine(first, time(0), tzinfo=ctx.now.tzinfo)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=ctx.now.tzinfo)
    q = (
        select(Mismatch, Consignee, Client.name)
        .join(Consignee, Consignee.id == Mismatch.consignee_id)
        .join(Client, Client.id == Consignee.client_id)
        .where(Mismatch.reported_at < hi, or_(Mismatch.reported_at >= lo, Mismatch.status == MismatchStatus.OPEN.value))
        .order_by(Client.name, Mismatch.id)
    )
    if client:
        q = q.where(Client.id == get_client(ctx, client).id)
    logins = logins_by_id(ctx)
    return [
        ReviewRowView(client=cname, consignee=con.name, **_mismatch_fields(ctx, m, logins))
        for m, con, cname in ctx.session.exec(q)
    ]
