"""Requests and reports upward (REPORT-1..4), and the exception notices of RCPT-5."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from csops.errors import BadInput, NotFound, NotPermitted, Refused
from csops.i18n import N_, _
from csops.rules.report import InformState, ReportCategory
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import get_by_login, logins_by_id, superiors_map
from csops.views import View, shown

# The reports area's words for its coded values (shown in the reader's language; JSON keeps the codes)
CATEGORY_WORDS: dict[str, str] = {
    ReportCategory.PROBLEM: N_("problem"),
    ReportCategory.LEAK: N_("leak"),
    ReportCategory.MAJOR_ERROR: N_("major-error"),
    ReportCategory.ACCIDENT: N_("accident"),
    ReportCategory.VIOLATION: N_("violation"),
    ReportCategory.BEYOND_SCOPE: N_("beyond-scope"),
    ReportCategory.OBSTRUCTION: N_("obstruction"),
    ReportCategory.EXCEPTION: N_("exception"),
}
INFORM_WORDS: dict[str, str] = {
    InformState.NONE: N_("none"),
    InformState.INFORMED: N_("informed"),
    InformState.INFORMED_LATE: N_("informed-late"),
    InformState.INFORM_PENDING: N_("inform-pending"),
    InformState.INFORM_OVERDUE: N_("inform-overdue"),
}
STATUS_WORDS: dict[str, str] = {"open": N_("open"), "closed": N_("closed")}  # a report's, and an exception notice's
SOURCE_WORDS: dict[str, str] = {"report": N_("report"), "exception_notice": N_("exception notice")}


@dataclass(frozen=True)
class ReportView(View):
    """REPORT-1..4: a report upward, or an exception notice of RCPT-5 (category ``exception``)."""

    ref: str = shown(N_("Ref"))
    id: int = shown(N_("ID"), "int", table=False)
    source: str = shown(N_("Source"), "code", words=SOURCE_WORDS, table=False)
    category: ReportCategory = shown(N_("Category"), "code", words=CATEGORY_WORDS)
    text: str = shown(N_("Text"))
    reporter: str | None = shown(N_("Reporter"), "person")
    to: str | None = shown(N_("To"), "person")
    emergency: bool = shown(N_("Emergency"), "bool")
    inform: str | None = shown(N_("Inform"), "person", table=False)
    inform_due: datetime | None = shown(N_("Inform by"), "datetime", table=False)
    inform_state: InformState = shown(N_("Inform state"), "code", words=INFORM_WORDS)
    status: str = shown(N_("Status"), "code", words=STATUS_WORDS)
    filed_at: datetime = shown(N_("Filed at"), "datetime")
    closed_at: datetime | None = shown(N_("Closed at"), "datetime", table=False)


@dataclass(frozen=True)
class ReportFiled(ReportView):
    """REPORT-3/4: a report just filed, with what the rules ask of the reporter."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def _report_fields(ctx: Ctx, r: Any, logins: dict[int, str]) -> dict[str, Any]:
    from csops.rules.report import inform_state

    st = inform_state(ctx.local(r.inform_due), ctx.local(r.informed_at), ctx.now)
    return {
        "ref": f"R-{r.id}",
        "id": r.id,
        "source": "report",
        "category": ReportCategory(r.category),
        "text": r.text,
        "reporter": logins.get(r.reporter_id),
        "to": logins.get(r.recipient_id),
        "emergency": r.emergency,
        "inform": logins.get(r.inform_id),
        "inform_due": ctx.local(r.inform_due),
        "inform_state": InformState(st.code),
        "status": r.status,
        "filed_at": ctx.local(r.filed_at),
        "closed_at": ctx.local(r.closed_at),
    }


def report_row(ctx: Ctx, r: Any, logins: dict[int, str]) -> ReportView:
    return ReportView(**_report_fields(ctx, r, logins))


def notice_row(ctx: Ctx, n: Any, shipment_no: str, logins: dict[int, str]) -> ReportView:
    """RCPT-5: an exception notice, listed among the reports as category ``exception``."""
    return ReportView(
        ref=f"E-{n.id}",
        id=n.id,
        source="exception_notice",
        category=ReportCategory.EXCEPTION,
        text=_("Receipt {no} unqualified (team {team}): {reason}").format(no=shipment_no, team=n.team, reason=n.reason),
        reporter=logins.get(n.filed_by_id),
        to=None,
        emergency=False,
        inform=None,
        inform_due=None,
        inform_state=InformState.NONE,
        status=n.status,
        filed_at=ctx.local(n.filed_at),
        closed_at=ctx.local(n.closed_at),
    )


def file_report(ctx: Ctx, *, category: str, text: str, emergency: bool, to: str | None) -> ReportFiled:
    """REPORT-3/4: file a report: to the direct superior, or in an emergency any higher level of
    one's own line (the direct superior must then be told afterwards)."""
    from csops.models import Report
    from csops.rules.report import category_check, route

    if category == "exception":
        raise BadInput(_("Exception notices are filed by returning a receipt --unqualified (RCPT-5)."))
    if not category_check(category).ok:
        from csops.rules.report import CATEGORIES

        raise BadInput(
            _("Unknown category {value!r}; categories are: {all}.").format(
                value=category, all=", ".join(c for c in CATEGORIES if c != "exception")
            )
        )
    if not (text or "").strip():
        raise BadInput(_("Say what the report is about."))
    target = get_by_login(ctx, to) if to else None
    rt = route(
        ctx.me.id,
        superiors_map(ctx),
        to=target.id if target else None,
        emergency=emergency,
        filed_at=ctx.now,
        inform_hours=ctx.policy["report.inform_after_emergency_hours"],
    )
    if not rt.verdict.ok:
        code = rt.verdict.code
        if code == "no-superior":
            raise Refused(
                _("You have no superior to report to: `csops staff edit {login} --superior LOGIN`.").format(
                    login=ctx.me.login
                ),
                clause="REPORT-4",
            )
        if code == "skips-a-level":
            raise Refused(
                _(
                    "Reports go level by level: to your direct superior, or with --emergency to a higher level of your own line."
                ),
                clause="REPORT-4",
            )
        raise Refused(_("{login} is not above you in your own reporting line.").format(login=to), clause="REPORT-4")
    r = Report(
        reporter_id=ctx.me.id,
        recipient_id=rt.recipient,
        category=category,
        text=text.strip(),
        emergency=rt.inform is not None,
        inform_id=rt.inform,
        inform_due=rt.inform_due,
        filed_at=ctx.now,
    )
    ctx.session.add(r)
    ctx.session.flush()
    audit(ctx, "report.file", "report", r.id, after=r)
    logins = logins_by_id(ctx)
    notes: tuple[str, ...] = ()
    if rt.inform:
        assert rt.inform_due is not None  # an emergency's duty to inform comes with its deadline (rules.report.route)
        notes = (
            _(
                "Emergency: tell your direct superior {login} by {due} and record it with `csops report inform {id}` (REPORT-4)."
            ).format(login=logins.get(rt.inform), due=ctx.local(rt.inform_due).strftime("%Y-%m-%d %H:%M"), id=r.id),
        )
    return ReportFiled(**_report_fields(ctx, r, logins), notes=notes)


def _load(ctx: Ctx, rid: int) -> Any:
    from csops.models import Report

    r = ctx.session.get(Report, rid)
    if r is None:
        raise NotFound(_("No report #{id}.").format(id=rid))
    return r


def inform(ctx: Ctx, rid: int) -> ReportView:
    """REPORT-4: the reporter told the direct superior after an emergency."""
    r = _load(ctx, rid)
    if r.reporter_id != ctx.me.id:
        raise NotPermitted(_("Only the reporter records that the direct superior was told."), clause="REPORT-4")
    if r.inform_id is None:
        raise Refused(
            _("Report #{id} went to the direct superior: nobody else needs telling.").format(id=rid), clause="REPORT-4"
        )
    if r.informed_at is not None:
        raise Refused(_("Report #{id}: the direct superior was told already.").format(id=rid), clause="REPORT-4")
    before = snapshot(r)
    r.informed_at = ctx.now
    ctx.session.add(r)
    audit(ctx, "report.inform", "report", r.id, before=before, after=r)
    return report_row(ctx, r, logins_by_id(ctx))


def close(ctx: Ctx, rid: int) -> ReportView:
    """REPORT-1: the problem was dealt with (the reporter or the recipient closes it)."""
    r = _load(ctx, rid)
    if ctx.me.id not in (r.reporter_id, r.recipient_id):
        raise NotPermitted(
            _("Only the reporter or the recipient may close report #{id}.").format(id=rid), clause="REPORT-1"
        )
    if r.status == "closed":
        raise Refused(_("Report #{id} is closed already.").format(id=rid))
    if r.inform_id is not None and r.informed_at is None:
        raise Refused(
            _("Tell the direct superior first (`csops report inform {id}`).").format(id=rid), clause="REPORT-4"
        )
    before = snapshot(r)
    r.status, r.closed_at, r.closed_by_id = "closed", ctx.now, ctx.me.id
    ctx.session.add(r)
    audit(ctx, "report.close", "report", r.id, before=before, after=r)
    return report_row(ctx, r, logins_by_id(ctx))


def list_reports(ctx: Ctx, *, mine: bool, open_only: bool, category: str | None = None) -> list[ReportView]:
    """REPORT-*: reports, and the exception notices of RCPT-5 as category ``exception``."""
    from sqlmodel import or_, select

    from csops.models import ExceptionNotice, Receipt, Report

    logins = logins_by_id(ctx)
    q = select(Report).order_by(Report.filed_at)
    if mine:
        q = q.where(Report.reporter_id == ctx.me.id)
    elif not ctx.may("see the department's records"):
        q = q.where(
            or_(
                Report.reporter_id == ctx.me.id,
                Report.recipient_id == ctx.me.id,
                Report.inform_id == ctx.me.id,
            )
        )
    if open_only:
        q = q.where(Report.status == "open")
    if category and category != "exception":
        q = q.where(Report.category == category)
    rows = [] if category == "exception" else [report_row(ctx, r, logins) for r in ctx.session.exec(q)]
    if category in (None, "exception") and (
        (ctx.may("see the department's records") or ctx.may("receipt")) and not mine
    ):
        eq = (
            select(ExceptionNotice, Receipt.shipment_no)
            .join(Receipt, Receipt.id == ExceptionNotice.receipt_id)
            .order_by(ExceptionNotice.filed_at)
        )
        if open_only:
            eq = eq.where(ExceptionNotice.status == "open")
        rows += [notice_row(ctx, n, no, logins) for n, no in ctx.session.exec(eq)]
        rows.sort(key=lambda r: r.filed_at)
    return rows
