"""Clients and consignees (CLIENT-1..7)."""

from __future__ import annotations

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import _
from csops.services.context import Ctx, audit, snapshot


def get_client(ctx: Ctx, ref: str):
    from sqlmodel import select

    from csops.models import Client

    c = ctx.session.exec(select(Client).where(Client.name == ref)).first()
    if c is None and str(ref).isdigit():
        c = ctx.session.get(Client, int(ref))
    if c is None:
        raise NotFound(_("No client {name!r}: add it with `csops client add`.").format(name=ref))
    return c


def get_consignee(ctx: Ctx, cid: int):
    from csops.models import Consignee

    c = ctx.session.get(Consignee, cid)
    if c is None:
        raise NotFound(_("No consignee #{id}.").format(id=cid))
    return c


def client_row(ctx: Ctx, c) -> dict:
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


def add_client(ctx: Ctx, name: str, **fields) -> dict:
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
    row = client_row(ctx, c)
    row["notes"] = (
        [
            _("The file still lacks these standards (CLIENT-2): {names}.").format(
                names=", ".join(_(s) for s in row["missing_standards"])
            )
        ]
        if row["missing_standards"]
        else []
    )
    return row


def edit_client(ctx: Ctx, ref: str, **fields) -> dict:
    ctx.require("client")
    c = get_client(ctx, ref)
    before = snapshot(c)
    for k, v in fields.items():
        if v is not None:
            setattr(c, k, v or None)
    ctx.session.add(c)
    audit(ctx, "client.edit", "client", c.id, before=before, after=c)
    return client_row(ctx, c)


def list_clients(ctx: Ctx) -> list[dict]:
    from sqlmodel import select

    from csops.models import Client

    return [client_row(ctx, c) for c in ctx.session.exec(select(Client).order_by(Client.name))]


def show_client(ctx: Ctx, ref: str) -> dict:
    row = client_row(ctx, get_client(ctx, ref))
    row["consignees"] = list_consignees(ctx, ref)
    return row


# -- consignees -----------------------------------------------------------------


def add_consignee(ctx: Ctx, *, client: str, name: str, address: str, phone: str) -> dict:
    """CLIENT-3: each client's consignees are on file."""
    from csops.models import Consignee, ConsigneeVersion

    ctx.require("consignee add")
    c = get_client(ctx, client)
    for label, v in (("name", name), ("address", address), ("phone", phone)):
        if not (v or "").strip():
            raise BadInput(_("The consignee's {field} is required.").format(field=_(label)))
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


def consignee_row(ctx: Ctx, con, client_name: str | None = None) -> dict:
    if client_name is None:
        from csops.models import Client

        client_name = ctx.session.get(Client, con.client_id).name
    return {
        "id": con.id,
        "client": client_name,
        "name": con.name,
        "address": con.address,
        "phone": con.phone,
        "changed_at": ctx.local(con.changed_at),
    }


def list_consignees(ctx: Ctx, client: str | None = None) -> list[dict]:
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


def _last_shipment_at(ctx: Ctx, consignee_id: int):
    from sqlmodel import func, select

    from csops.models import Receipt

    return ctx.session.exec(select(func.max(Receipt.created_at)).where(Receipt.consignee_id == consignee_id)).first()


def reminder_for(ctx: Ctx, con):
    """CLIENT-6 for one consignee, on what is on file."""
    from csops.rules.client import needs_reminder

    return needs_reminder(con.changed_at, _last_shipment_at(ctx, con.id))


def show_consignee(ctx: Ctx, cid: int) -> dict:
    from sqlmodel import select

    from csops.models import ConsigneeVersion, Mismatch

    con = get_consignee(ctx, cid)
    row = consignee_row(ctx, con)
    row["history"] = [
        {
            "name": v.name,
            "address": v.address,
            "phone": v.phone,
            "valid_from": ctx.local(v.valid_from),
            "set_by": v.set_by,
            "source": v.source,
        }
        for v in ctx.session.exec(
            select(ConsigneeVersion).where(ConsigneeVersion.consignee_id == cid).order_by(ConsigneeVersion.id)
        )
    ]
    row["mismatches"] = [
        mismatch_row(ctx, m)
        for m in ctx.session.exec(select(Mismatch).where(Mismatch.consignee_id == cid).order_by(Mismatch.id))
    ]
    row["remind_operations"] = not reminder_for(ctx, con).ok
    return row


def mismatch_row(ctx: Ctx, m, logins: dict | None = None) -> dict:
    from csops.services.staff import logins_by_id

    logins = logins or logins_by_id(ctx)
    return {
        "id": m.id,
        "consignee_id": m.consignee_id,
        "field": m.field,
        "on_file": m.on_file,
        "actual": m.actual,
        "reported_by": logins.get(m.reported_by_id),
        "reported_at": ctx.local(m.reported_at),
        "status": m.status,
        "confirmed_at": ctx.local(m.confirmed_at),
        "confirmed_by": logins.get(m.confirmed_by_id),
    }


def record_mismatch(ctx: Ctx, cid: int, *, field: str, actual: str, reported_by: str | None) -> dict:
    """CLIENT-3/7: record a difference between the delivery note and reality (CS or operations)."""
    from csops.models import Mismatch
    from csops.rules.client import FIELDS, mismatch_check
    from csops.services.staff import get_by_login

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
    reporter = get_by_login(ctx, reported_by) if reported_by else ctx.actor
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
    row = mismatch_row(ctx, m)
    row["notes"] = [_("It goes into the monthly review for the client to confirm (CLIENT-4).")]
    return row


def confirm_mismatch(ctx: Ctx, mid: int) -> dict:
    """CLIENT-5: the client confirmed: the consignee is updated, the old values kept."""
    from csops.models import ConsigneeVersion, Mismatch

    ctx.require("consignee confirm")
    m = ctx.session.get(Mismatch, mid)
    if m is None:
        raise NotFound(_("No mismatch #{id}.").format(id=mid))
    if m.status != "open":
        raise Refused(_("Mismatch #{id} was confirmed already.").format(id=mid), clause="CLIENT-5")
    con = get_consignee(ctx, m.consignee_id)
    before = snapshot(con)
    setattr(con, m.field, m.actual)
    con.changed_at = ctx.now
    m.status, m.confirmed_at, m.confirmed_by_id = "confirmed", ctx.now, ctx.actor.id
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
    row = consignee_row(ctx, con)
    row["notes"] = [_("The next shipment to this consignee will remind operations of the change (CLIENT-6).")]
    return row


def check_consignee(ctx: Ctx, cid: int) -> dict:
    """CLIENT-6: must operations be reminded before shipping to this consignee?"""
    con = get_consignee(ctx, cid)
    v = reminder_for(ctx, con)
    return {
        "id": con.id,
        "name": con.name,
        "remind_operations": not v.ok,
        "changed_at": ctx.local(con.changed_at),
        "clause": "CLIENT-6",
    }


def review(ctx: Ctx, year: int, month: int, client: str | None) -> list[dict]:
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
        .where(Mismatch.reported_at < hi, or_(Mismatch.reported_at >= lo, Mismatch.status == "open"))
        .order_by(Client.name, Mismatch.id)
    )
    if client:
        q = q.where(Client.id == get_client(ctx, client).id)
    logins = logins_by_id(ctx)
    rows = []
    for m, con, cname in ctx.session.exec(q):
        r = mismatch_row(ctx, m, logins)
        rows.append({"client": cname, "consignee": con.name, **r})
    return rows
