"""The department's monthly review (ATTEND-5/6, MEETING-2, EXPENSE-3, RCPT-*, CLIENT-4, INQUIRY-1,
REPORT-*): one sheet per area and an assessment line per person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from csops.i18n import N_
from csops.rules.report import ReportCategory
from csops.services.context import Ctx
from csops.services.report import CATEGORY_WORDS
from csops.views import View, shown

if TYPE_CHECKING:
    from csops.services.attendance import SummaryView
    from csops.services.client import ReviewRowView

AREAS = ("assessment", "attendance", "meetings", "expenses", "receipts", "consignees", "inquiries", "reports")


def _bounds(ctx: Ctx, year: int, month: int) -> tuple[date, date, datetime, datetime]:
    from csops.dates import month_range

    first, last = month_range(year, month)
    tz = ctx.now.tzinfo
    return (
        first,
        last,
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
    )


@dataclass(frozen=True)
class MeetingsLine(View):
    """MEETING-2: one person's meetings of the month."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    meetings_required: int = shown(N_("Meetings required"), "int")
    present: int = shown(N_("Present"), "int")
    excused: int = shown(N_("Excused"), "int")
    absent: int = shown(N_("Absent"), "int")
    points_possible: int = shown(N_("Points possible"), "int")
    points_deducted: int = shown(N_("Points deducted"), "int")


def meetings_sheet(ctx: Ctx, year: int, month: int) -> list[MeetingsLine]:
    """MEETING-2: per person: meetings they had to attend, attended, excused, absent, points deducted."""
    from sqlmodel import select

    from csops.models import Meeting
    from csops.services.meeting import attendance

    first, last, _lo, _hi = _bounds(ctx, year, month)
    per: dict[str, Counter[str]] = {}
    for m in ctx.session.exec(
        select(Meeting).where(Meeting.day >= first, Meeting.day <= min(last, ctx.today)).order_by(Meeting.day)
    ):
        if m.held_at is None:  # no sign-in recorded: not held, nothing counted (MEETING-2)
            continue
        points = ctx.policy_on(m.day)["meeting.points"]
        for a in attendance(ctx, m.id):
            row = per.setdefault(a.staff, Counter())
            if not a.required:
                continue
            row["meetings_required"] += 1
            row["points_possible"] += points
            row["present"] += a.status == "present"
            row["excused"] += a.status == "absent-with-leave"
            row["absent"] += a.status == "absent-without-leave"
            row["points_deducted"] += a.points_deducted
    return [MeetingsLine(staff=k, name=_name(ctx, k), **_counts(MeetingsLine, per[k])) for k in sorted(per)]


def _counts(view: type[View], counter: Counter[str]) -> dict[str, Any]:
    """The count fields of a sheet's line (every field but its key and the person's name), 0 where
    nothing was counted."""
    return {key: counter[key] for key, _how in view.spec()[1:] if key != "name"}


def _name(ctx: Ctx, login: str) -> str:
    """A person's name on paper (issue 16: people by name, the login beside it)."""
    from csops.services.staff import names_by_login

    return names_by_login(ctx).get(login, login)


@dataclass(frozen=True)
class ReceiptsLine(View):
    """RCPT-2..5: one client's and team's shipments of the month and their receipts."""

    client: str = shown(N_("Client"))
    team: str = shown(N_("Team"))
    shipped: int = shown(N_("Shipped"), "int")
    returned_on_time: int = shown(N_("Returned on time"), "int")
    returned_late: int = shown(N_("Returned late"), "int")
    outstanding: int = shown(N_("Outstanding"), "int")
    overdue: int = shown(N_("Overdue"), "int")
    unqualified: int = shown(N_("Unqualified"), "int")


def receipts_sheet(ctx: Ctx, year: int, month: int) -> list[ReceiptsLine]:
    """RCPT-2..5: per client and team, the month's shipments: returned on time, late, outstanding, unqualified."""
    from sqlalchemy import case, func, select

    from csops.models import Client, Receipt

    first, last, _lo, _hi = _bounds(ctx, year, month)
    r = Receipt
    q = (
        select(
            Client.name,
            r.team,
            func.count(),
            func.sum(case((r.returned_on.is_not(None) & (r.returned_on <= r.due_date), 1), else_=0)),
            func.sum(case((r.returned_on > r.due_date, 1), else_=0)),
            func.sum(case((r.returned_on.is_(None), 1), else_=0)),
            func.sum(case((r.returned_on.is_(None) & (r.due_date < ctx.today), 1), else_=0)),
            func.sum(case((r.qualified.is_(False), 1), else_=0)),
        )
        .join(Client, Client.id == r.client_id)
        .where(r.ship_date >= first, r.ship_date <= last)
        .group_by(Client.name, r.team)
        .order_by(Client.name, r.team)
    )
    return [
        ReceiptsLine(
            client=c,
            team=t,
            shipped=n,
            returned_on_time=int(ot or 0),
            returned_late=int(lt or 0),
            outstanding=int(out or 0),
            overdue=int(od or 0),
            unqualified=int(uq or 0),
        )
        for c, t, n, ot, lt, out, od, uq in ctx.session.connection().execute(q)
    ]


def consignees_sheet(ctx: Ctx, year: int, month: int) -> list[ReviewRowView]:
    from csops.services.client import review

    return review(ctx, year, month, None)


@dataclass(frozen=True)
class InquiriesLine(View):
    """INQUIRY-1: one representative's inquiries of the month."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    inquiries: int = shown(N_("Inquiries"), "int")
    answered_in_time: int = shown(N_("Answered in time"), "int")
    answered_late: int = shown(N_("Answered late"), "int")
    open: int = shown(N_("Open"), "int")
    overdue: int = shown(N_("Overdue"), "int")


def inquiries_sheet(ctx: Ctx, year: int, month: int) -> list[InquiriesLine]:
    """INQUIRY-1: per representative: inquiries of the month answered in time, late, still open or overdue."""
    from sqlmodel import select

    from csops.models import Inquiry

    _f, _l, lo, hi = _bounds(ctx, year, month)
    from csops.services.staff import logins_by_id

    logins = logins_by_id(ctx)
    per: dict[str, Counter[str]] = {}
    for q in ctx.session.exec(select(Inquiry).where(Inquiry.opened_at >= lo, Inquiry.opened_at < hi)):
        row = per.setdefault(logins[q.owner_id], Counter())
        row["inquiries"] += 1
        if q.answered_at is not None:
            row["answered_in_time" if q.answered_at <= q.due_at else "answered_late"] += 1
        elif ctx.now > q.due_at:
            row["overdue"] += 1
        else:
            row["open"] += 1
    return [InquiriesLine(staff=k, name=_name(ctx, k), **_counts(InquiriesLine, per[k])) for k in sorted(per)]


@dataclass(frozen=True)
class ReportsLine(View):
    """REPORT-3/4 and RCPT-5: the month's reports of one category."""

    category: ReportCategory = shown(N_("Category"), "code", words=CATEGORY_WORDS)
    filed: int = shown(N_("Filed"), "int")
    open: int = shown(N_("Open"), "int")
    emergency: int = shown(N_("Emergency"), "int")
    inform_overdue: int = shown(N_("Inform overdue"), "int")


def reports_sheet(ctx: Ctx, year: int, month: int) -> list[ReportsLine]:
    """REPORT-3/4 and RCPT-5: the month's reports and exception notices by category."""
    from csops.rules.report import InformState
    from csops.services.report import list_reports

    _f, _l, lo, hi = _bounds(ctx, year, month)
    per: dict[ReportCategory, Counter[str]] = {}
    for r in list_reports(ctx, mine=False, open_only=False):
        if not lo <= r.filed_at < hi:
            continue
        row = per.setdefault(r.category, Counter())
        row["filed"] += 1
        row["open"] += r.status == "open"
        row["emergency"] += bool(r.emergency)
        row["inform_overdue"] += r.inform_state == InformState.INFORM_OVERDUE
    return [ReportsLine(category=k, **_counts(ReportsLine, per[k])) for k in sorted(per)]


@dataclass(frozen=True)
class ExpensesLine(View):
    """EXPENSE-1..3: one person's entertainment claims of the month."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    claims: int = shown(N_("Claims"), "int")
    amount: Decimal = shown(N_("Amount"), "money")
    late_claims: int = shown(N_("Late claims"), "int")


def expenses_sheet(ctx: Ctx, year: int, month: int) -> list[ExpensesLine]:
    from csops.services.expense import list_expenses

    per: dict[str, dict[str, Any]] = {}
    for e in list_expenses(ctx, f"{year}-{month:02d}"):
        row = per.setdefault(e.staff, {"claims": 0, "amount": Decimal("0.00"), "late_claims": 0})
        row["claims"] += 1
        row["amount"] += e.amount
        row["late_claims"] += e.late
    return [ExpensesLine(staff=k, name=_name(ctx, k), **per[k]) for k in sorted(per)]


@dataclass(frozen=True)
class AssessmentLine(View):
    """ATTEND-5/6: one person's assessment line: their figures of every area."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    working_days: int = shown(N_("Working days"), "days")
    days_worked: int = shown(N_("Days worked"), "days")
    late_count: int = shown(N_("Late"), "int")
    early_leave_count: int = shown(N_("Left early"), "int")
    violations: int = shown(N_("Violations"), "int")
    days_absent: int = shown(N_("Days absent"), "days")
    days_leave_pending: int = shown(N_("Leave not yet approved"), "days")
    leave_days: Decimal = shown(N_("Leave (days)"), "days")
    meeting_points: int = shown(N_("Meeting points"), "int")
    meeting_points_possible: int = shown(N_("Meeting points possible"), "int")
    late_claims: int = shown(N_("Late claims"), "int")
    inquiries_late: int = shown(N_("Inquiries late"), "int")
    clauses: str = shown(N_("Clauses"))


@dataclass(frozen=True)
class MonthSummary(View):
    """ATTEND-5/6: the department's monthly review: a sheet per area and an assessment line per person."""

    month: str = shown(N_("Month"), "month")
    assessment: list[AssessmentLine] = shown(N_("Assessment"), "detail")
    attendance: list[SummaryView] = shown(N_("Attendance"), "detail")  # services.attendance.summary's lines
    meetings: list[MeetingsLine] = shown(N_("Meetings"), "detail")
    expenses: list[ExpensesLine] = shown(N_("Expenses"), "detail")
    receipts: list[ReceiptsLine] = shown(N_("Receipts"), "detail")
    consignees: list[ReviewRowView] = shown(N_("Consignees"), "detail")  # services.client.review's lines
    inquiries: list[InquiriesLine] = shown(N_("Inquiries"), "detail")
    reports: list[ReportsLine] = shown(N_("Reports"), "detail")


def month_summary(ctx: Ctx, year: int, month: int) -> MonthSummary:
    """ATTEND-5/6: the monthly review; each person's assessment line combines their figures."""
    from csops.services.attendance import summary as attendance_summary

    ctx.require("summary month")
    att = attendance_summary(ctx, year, month)
    meet = meetings_sheet(ctx, year, month)
    exp = expenses_sheet(ctx, year, month)
    inq = inquiries_sheet(ctx, year, month)
    meet_of = {r.staff: r for r in meet}
    exp_of = {r.staff: r for r in exp}
    inq_of = {r.staff: r for r in inq}
    assessment = []
    for a in att:
        login = a["staff"]
        m, e, q = meet_of.get(login), exp_of.get(login), inq_of.get(login)
        assessment.append(
            AssessmentLine(
                staff=login,
                name=a["name"],
                working_days=a["working_days"],
                days_worked=a["days_worked"],
                late_count=a["late_count"],
                early_leave_count=a["early_leave_count"],
                violations=a["violations"],
                days_absent=a["days_absent"],
                days_leave_pending=a["days_leave_pending"],
                leave_days=a["leave_days"],
                meeting_points=(m.points_possible - m.points_deducted) if m else 0,
                meeting_points_possible=m.points_possible if m else 0,
                late_claims=e.late_claims if e else 0,
                inquiries_late=(q.answered_late + q.overdue) if q else 0,
                clauses="ATTEND-5, ATTEND-6, LEAVE-1, LEAVE-9, MEETING-2",
            )
        )
    return MonthSummary(
        month=f"{year}-{month:02d}",
        assessment=assessment,
        attendance=att,
        meetings=meet,
        expenses=exp,
        receipts=receipts_sheet(ctx, year, month),
        consignees=consignees_sheet(ctx, year, month),
        inquiries=inq,
        reports=reports_sheet(ctx, year, month),
    )
