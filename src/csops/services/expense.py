"""Business-entertainment expenses (EXPENSE-1..3). Money is Decimal everywhere."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _, ngettext
from csops.services.client import get_client
from csops.services.context import Ctx, audit, snapshot
from csops.views import View, shown

# EXPENSE-3: what went to the head: the month's report, or an addendum of the claims filed after it
REPORT_KIND_WORDS: dict[str, str] = {"report": N_("report"), "addendum": N_("addendum")}


@dataclass(frozen=True)
class ExpenseView(View):
    """EXPENSE-1/2: a business-entertainment claim."""

    id: int = shown(N_("ID"), "int")
    staff: str = shown(N_("Staff"), "person")  # a claim's person and client are never missing (non-null keys)
    client: str = shown(N_("Client"))
    guests: str = shown(N_("Guests"))
    amount: Decimal = shown(N_("Amount"), "money")
    date: date = shown(N_("Date"), "date")
    filed_at: datetime = shown(N_("Filed at"), "datetime")
    deadline: dt.date = shown(N_("Deadline"), "date", table=False)  # dt.date: `date` is a field here
    late: bool = shown(N_("Late"), "bool")
    recorded: bool = shown(N_("Recorded"), "bool")
    reported: bool = shown(N_("Reported"), "bool", table=False)
    note: str | None = shown(N_("Note"), table=False)


@dataclass(frozen=True)
class ExpenseFiled(ExpenseView):
    """EXPENSE-1: a claim just filed, with what the rules noticed."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def _expense_fields(ctx: Ctx, e: Any, logins: dict[int, str], clients: dict[int, str]) -> dict[str, Any]:
    from csops.rules.expense import claim_deadline

    return {
        "id": e.id,
        "staff": logins.get(e.staff_id),
        "client": clients.get(e.client_id),
        "guests": e.guests,
        "amount": e.amount,
        "date": e.day,
        "filed_at": ctx.local(e.filed_at),
        "deadline": claim_deadline(
            e.day, ctx.calendar.add_workdays, within=ctx.policy_on(e.day)["expense.file_within_working_days"]
        ),
        "late": e.late,
        "recorded": e.recorded_at is not None,
        "reported": e.reported_in_id is not None,
        "note": e.note,
    }


def expense_row(ctx: Ctx, e: Any, logins: dict[int, str], clients: dict[int, str]) -> ExpenseView:
    return ExpenseView(**_expense_fields(ctx, e, logins, clients))


def _maps(ctx: Ctx) -> tuple[dict[int, str], dict[int, str]]:
    from sqlmodel import select

    from csops.models import Client
    from csops.services.staff import logins_by_id

    return (logins_by_id(ctx), dict(ctx.session.exec(select(Client.id, Client.name)).all()))


def add_expense(ctx: Ctx, *, day: date, client: str, guests: str, amount_text: str, note: str | None) -> ExpenseFiled:
    """EXPENSE-1: a claim names the client, the client's people entertained and the amount; it is
    due on the second working day after the expense; a later claim is accepted and marked late."""
    from csops.models import Expense
    from csops.rules.expense import claim_verdict, parse_amount

    v = parse_amount(amount_text)
    if not v.ok:
        raise BadInput(
            _("Bad amount {value!r}: a positive amount in yuan with at most two decimals, e.g. 350.00.").format(
                value=amount_text
            )
        )
    names = [g.strip() for g in (guests or "").replace("，", ",").replace("、", ",").split(",") if g.strip()]
    if not names:
        raise BadInput(_('Name the client\'s people who were entertained (--guests "A, B").'))
    if day > ctx.today:
        raise BadInput(_("The expense date {date} is in the future.").format(date=day.isoformat()))
    c = get_client(ctx, client)
    cv = claim_verdict(
        day, ctx.now, ctx.calendar.add_workdays, within=ctx.policy_on(day)["expense.file_within_working_days"]
    )
    e = Expense(
        staff_id=ctx.me.id,
        client_id=c.id,
        guests=", ".join(names),
        amount=v.detail["amount"],
        day=day,
        filed_at=ctx.now,
        late=not cv.ok,
        note=note,
    )
    ctx.session.add(e)
    ctx.session.flush()
    audit(ctx, "expense.add", "expense", e.id, after=e)
    notes = (
        (_("Late claim: it was due by the end of {date} (EXPENSE-1).").format(date=cv.detail["deadline"].isoformat()),)
        if not cv.ok
        else ()
    ) + (_("Hand the claim form to the manager's assistant to be recorded (EXPENSE-2)."),)
    logins, clients = _maps(ctx)
    return ExpenseFiled(**_expense_fields(ctx, e, logins, clients), notes=notes)


def record_expense(ctx: Ctx, eid: int) -> ExpenseView:
    """EXPENSE-2: the assistant records the claim in the department's management report."""
    from csops.models import Expense

    ctx.require("expense record")
    e = ctx.session.get(Expense, eid)
    if e is None:
        raise NotFound(_("No expense #{id}.").format(id=eid))
    if e.recorded_at is not None:
        raise Refused(_("Expense #{id} is recorded already.").format(id=eid), clause="EXPENSE-2")
    before = snapshot(e)
    e.recorded_at, e.recorded_by_id = ctx.now, ctx.me.id
    ctx.session.add(e)
    audit(ctx, "expense.record", "expense", e.id, before=before, after=e)
    logins, clients = _maps(ctx)
    return expense_row(ctx, e, logins, clients)


def list_expenses(ctx: Ctx, month: str | None, staff: str | None = None) -> list[ExpenseView]:
    from sqlmodel import select

    from csops.dates import month_range, parse_month
    from csops.models import Expense
    from csops.services.staff import get_by_login

    q = select(Expense).where(Expense.filed_at <= ctx.now).order_by(Expense.day, Expense.id)
    if month:
        first, last = month_range(*parse_month(month, ctx.today))
        q = q.where(Expense.day >= first, Expense.day <= last)
    if not ctx.may("see the department's records"):
        q = q.where(Expense.staff_id == ctx.me.id)
    elif staff:
        q = q.where(Expense.staff_id == get_by_login(ctx, staff).id)
    logins, clients = _maps(ctx)
    return [expense_row(ctx, e, logins, clients) for e in ctx.session.exec(q)]


@dataclass(frozen=True)
class ClientTotal(View):
    """EXPENSE-3: the month's claims for one client."""

    client: str | None = shown(N_("Client"))
    amount: Decimal = shown(N_("Amount"), "money")


@dataclass(frozen=True)
class RepTotal(View):
    """EXPENSE-3: the month's claims of one representative."""

    staff: str | None = shown(N_("Staff"), "person")
    amount: Decimal = shown(N_("Amount"), "money")


@dataclass(frozen=True)
class ReportSent(View):
    """EXPENSE-3: where the month's report (or its addendum) went."""

    to: list[str] = shown(N_("Recipients"), "list")  # logins of the head
    kind: str = shown(N_("Kind"), "code", words=REPORT_KIND_WORDS)
    subject: str = shown(N_("Subject"))
    outbox_id: int = shown(N_("Outbox"), "int")  # delivered after the commit (csops.services.mail)


@dataclass(frozen=True)
class ExpenseReportView(View):
    """EXPENSE-3: the month's entertainment expenses for the head (or the addendum to them)."""

    month: str = shown(N_("Month"), "month")
    kind: str = shown(N_("Kind"), "code", words=REPORT_KIND_WORDS)
    report_sent_at: datetime | None = shown(N_("Report sent at"), "datetime")
    claims: list[ExpenseView] = shown(N_("Claims"), "detail")
    late_claims: int = shown(N_("Late claims"), "int")
    unrecorded: int = shown(N_("Unrecorded"), "int")
    by_client: list[ClientTotal] = shown(N_("By client"), "detail")
    by_rep: list[RepTotal] = shown(N_("By representative"), "detail")
    total: Decimal = shown(N_("Total"), "money")
    sent: ReportSent | None = shown(N_("Sent"), "detail", table=False, default=None)  # `--send`: where it went


def month_report(ctx: Ctx, year: int, month: int, *, addendum_only: bool = False) -> ExpenseReportView:
    """EXPENSE-3: the month's entertainment expenses for the head, by the date they were
    incurred: every claim (late ones marked), totals by client and by representative, exact to
    the fen. Once the month's report went out, the claims filed since make its addendum
    (``addendum_only``: those alone)."""
    from sqlmodel import select

    from csops.models import ExpenseReport
    from csops.rules.expense import report_kind, totals

    ctx.require("expense report")
    key = f"{year}-{month:02d}"
    sent = list(ctx.session.exec(select(ExpenseReport).where(ExpenseReport.month == key).order_by(ExpenseReport.id)))
    rows = list_expenses(ctx, key)
    if addendum_only:
        rows = [r for r in rows if not r.reported]
    t = totals([(r.client, r.staff, r.amount) for r in rows])
    return ExpenseReportView(
        month=key,
        kind=report_kind(bool(sent)) if addendum_only else "report",
        report_sent_at=ctx.local(sent[0].sent_at) if sent else None,
        claims=rows,
        late_claims=sum(1 for r in rows if r.late),
        unrecorded=sum(1 for r in rows if not r.recorded),
        by_client=[ClientTotal(k, v) for k, v in sorted(t["by_client"].items())],
        by_rep=[RepTotal(k, v) for k, v in sorted(t["by_rep"].items())],
        total=t["total"],
    )


def report_text(rep: ExpenseReportView) -> str:
    if rep.kind == "addendum":
        assert rep.report_sent_at is not None  # an addendum follows a report sent
        lines = [
            _(
                "Addendum to the business entertainment expenses of {month}: claims added after the report of {sent}"
            ).format(month=rep.month, sent=rep.report_sent_at.strftime("%Y-%m-%d %H:%M")),
            "",
        ]
    else:
        lines = [_("Business entertainment expenses, {month}").format(month=rep.month), ""]
    if not rep.claims:
        lines.append(_("No entertainment expenses were claimed for {month}.").format(month=rep.month))
        return "\n".join(lines) + "\n"
    lines.append(
        ngettext(
            "Total: {amount} yuan in {n} claim ({late} late).",
            "Total: {amount} yuan in {n} claims ({late} late).",
            len(rep.claims),
        ).format(amount=f"{rep.total:.2f}", n=len(rep.claims), late=rep.late_claims)
    )
    lines += ["", _("By client:")] + [f"  {r.client}: {r.amount:.2f}" for r in rep.by_client]
    lines += ["", _("By representative:")] + [f"  {r.staff}: {r.amount:.2f}" for r in rep.by_rep]
    lines += ["", _("Claims:")]
    for r in rep.claims:
        late = " " + _("(late)") if r.late else ""
        lines.append(f"  #{r.id} {r.date.isoformat()} {r.staff} {r.client} {r.amount:.2f} [{r.guests}]{late}")
    return "\n".join(lines) + "\n"


def send_report(ctx: Ctx, rep: ExpenseReportView, xlsx: bytes | None) -> ReportSent:
    """EXPENSE-3: the report goes to the department head (mail, or the outbox); once it has gone
    out, a claim of that month filed later goes as an addendum (marked as added after the 5th)."""
    from sqlmodel import select

    from csops.models import Expense, ExpenseReport, Staff
    from csops.services.mail import XLSX, queue_mail

    heads = [s for s in ctx.session.exec(select(Staff).where(Staff.role == "head", Staff.active.is_(True))) if s.email]
    if not heads:
        raise Refused(_("The department head has no email address: `csops staff edit HEAD --email ...`."))
    y, m = int(rep.month[:4]), int(rep.month[5:7])
    if (y, m) >= (ctx.today.year, ctx.today.month):
        raise Refused(
            _("The report of {month} goes to the head once the month has ended (on the 5th of the next).").format(
                month=rep.month
            ),
            clause="EXPENSE-3",
        )
    if rep.kind == "addendum" and not rep.claims:
        raise Refused(
            _("Nothing to add: every claim of {month} was in its report.").format(month=rep.month),
            clause="EXPENSE-3",
        )
    att = (f"expenses-{rep.month}.xlsx", xlsx, XLSX) if xlsx else None
    if rep.kind == "addendum":
        subject = _("Business entertainment expenses {month}: addendum (added after the 5th)").format(month=rep.month)
    elif rep.claims:
        subject = _("Business entertainment expenses {month}").format(month=rep.month)
    else:
        subject = _("No entertainment expenses in {month}").format(month=rep.month)
    sent = ExpenseReport(month=rep.month, kind=rep.kind, sent_at=ctx.now, claims=len(rep.claims), total=rep.total)
    ctx.session.add(sent)
    ctx.session.flush()
    queued = queue_mail(ctx, f"expense-report:{rep.month}:{rep.kind}:{sent.id}", heads, subject, report_text(rep), att)
    assert queued is not None  # the heads have an email address (refused above otherwise)
    for r in rep.claims:
        e = ctx.session.get_one(Expense, r.id)
        e.reported_in_id = sent.id
        ctx.session.add(e)
    audit(
        ctx,
        "expense.report_send",
        "expense_report",
        rep.month,
        after={"kind": rep.kind, "claims": len(rep.claims), "to": [h.login for h in heads], "outbox": queued.id},
    )
    return ReportSent(to=[h.login for h in heads], kind=rep.kind, subject=subject, outbox_id=queued.id)


def unreported_months(ctx: Ctx, before: date) -> list[str]:
    """EXPENSE-3: months before ``before``'s month that have claims but whose report never went out."""
    from sqlmodel import select

    from csops.models import Expense, ExpenseReport

    sent = set(ctx.session.exec(select(ExpenseReport.month)))
    months = {
        f"{d.year}-{d.month:02d}"
        for d in ctx.session.exec(select(Expense.day).where(Expense.day < before.replace(day=1)))
    }
    return sorted(months - sent)


def pending_addenda(ctx: Ctx) -> list[str]:
    """EXPENSE-3: months whose report went out and that have claims filed since (an addendum is due)."""
    from sqlmodel import select

    from csops.models import Expense, ExpenseReport

    months = set(ctx.session.exec(select(ExpenseReport.month)))
    due = set()
    for d in ctx.session.exec(select(Expense.day).where(Expense.reported_in_id.is_(None))):
        key = f"{d.year}-{d.month:02d}"
        if key in months:
            due.add(key)
    return sorted(due)


WORKBOOK_COLUMNS = ["id", "date", "staff", "client", "guests", "amount", "filed_at", "late", "recorded"]


def expense_workbook(rep: ExpenseReportView) -> bytes:
    """EXPENSE-3: the month's report as an xlsx workbook: summary, by client, by representative, claims."""
    from csops.documents import xlsx_bytes

    claims = [{c: r.get(c) for c in WORKBOOK_COLUMNS} for r in rep.claims]
    return xlsx_bytes(
        {
            _("Summary"): [
                {
                    "month": rep.month,
                    "total": rep.total,
                    "claims_count": len(rep.claims),
                    "late_claims": rep.late_claims,
                }
            ],
            _("By client"): rep.by_client,
            _("By representative"): rep.by_rep,
            _("Claims"): claims,
        },
        title=_("Business entertainment expenses {month}").format(month=rep.month),
    )
