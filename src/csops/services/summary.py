"""The department's monthly review (ATTEND-5/6, MEETING-2, EXPENSE-3, RCPT-*, CLIENT-4, INQUIRY-1,
REPORT-*): one sheet per area and an assessment line per person."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from decimal import Decimal

from csops.services.context import Ctx

AREAS = ("assessment", "attendance", "meetings", "expenses", "receipts", "consignees", "inquiries", "reports")


def _bounds(ctx: Ctx, year: int, month: int):
    from csops.dates import month_range

    first, last = month_range(year, month)
    tz = ctx.now.tzinfo
    return (
        first,
        last,
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
    )


def meetings_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
    """MEETING-2: per person: meetings they had to attend, attended, excused, absent, points deducted."""
    from sqlmodel import select

    from csops.models import Meeting
    from csops.services.meeting import attendance

    first, last, _lo, _hi = _bounds(ctx, year, month)
    per: dict[str, dict] = {}
    for m in ctx.session.exec(
        select(Meeting).where(Meeting.day >= first, Meeting.day <= min(last, ctx.today)).order_by(Meeting.day)
    ):
        if m.held_at is None:  # no sign-in recorded: not held, nothing counted (MEETING-2)
            continue
        points = ctx.policy_on(m.day)["meeting.points"]
        for a in attendance(ctx, m.id):
            row = per.setdefault(
                a["staff"],
                {
                    "staff": a["staff"],
                    "meetings_required": 0,
                    "present": 0,
                    "excused": 0,
                    "absent": 0,
                    "points_possible": 0,
                    "points_deducted": 0,
                },
            )
            if not a["required"]:
                continue
            row["meetings_required"] += 1
            row["points_possible"] += points
            row["present"] += a["status"] == "present"
            row["excused"] += a["status"] == "absent-with-leave"
            row["absent"] += a["status"] == "absent-without-leave"
            row["points_deducted"] += a["points_deducted"]
    return [per[k] for k in sorted(per)]


def receipts_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
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
        {
            "client": c,
            "team": t,
            "shipped": n,
            "returned_on_time": int(ot or 0),
            "returned_late": int(lt or 0),
            "outstanding": int(out or 0),
            "overdue": int(od or 0),
            "unqualified": int(uq or 0),
        }
        for c, t, n, ot, lt, out, od, uq in ctx.session.connection().execute(q)
    ]


def consignees_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
    from csops.services.client import review

    return review(ctx, year, month, None)


def inquiries_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
    """INQUIRY-1: per representative: inquiries of the month answered in time, late, still open or overdue."""
    from sqlmodel import select

    from csops.models import Inquiry

    _f, _l, lo, hi = _bounds(ctx, year, month)
    from csops.services.staff import logins_by_id

    logins = logins_by_id(ctx)
    per: dict[str, dict] = {}
    for q in ctx.session.exec(select(Inquiry).where(Inquiry.opened_at >= lo, Inquiry.opened_at < hi)):
        row = per.setdefault(
            logins[q.owner_id],
            {
                "staff": logins[q.owner_id],
                "inquiries": 0,
                "answered_in_time": 0,
                "answered_late": 0,
                "open": 0,
                "overdue": 0,
            },
        )
        row["inquiries"] += 1
        if q.answered_at is not None:
            row["answered_in_time" if q.answered_at <= q.due_at else "answered_late"] += 1
        elif ctx.now > q.due_at:
            row["overdue"] += 1
        else:
            row["open"] += 1
    return [per[k] for k in sorted(per)]


def reports_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
    """REPORT-3/4 and RCPT-5: the month's reports and exception notices by category."""
    from csops.services.report import list_reports

    _f, _l, lo, hi = _bounds(ctx, year, month)
    per: dict[str, dict] = {}
    for r in list_reports(ctx, mine=False, open_only=False):
        if not lo <= r["filed_at"] < hi:
            continue
        row = per.setdefault(
            r["category"], {"category": r["category"], "filed": 0, "open": 0, "emergency": 0, "inform_overdue": 0}
        )
        row["filed"] += 1
        row["open"] += r["status"] == "open"
        row["emergency"] += bool(r["emergency"])
        row["inform_overdue"] += r["inform_state"] == "inform-overdue"
    return [per[k] for k in sorted(per)]


def expenses_sheet(ctx: Ctx, year: int, month: int) -> list[dict]:
    from csops.services.expense import list_expenses

    per: dict[str, dict] = {}
    for e in list_expenses(ctx, f"{year}-{month:02d}"):
        row = per.setdefault(
            e["staff"], {"staff": e["staff"], "claims": 0, "amount": Decimal("0.00"), "late_claims": 0}
        )
        row["claims"] += 1
        row["amount"] += e["amount"]
        row["late_claims"] += e["late"]
    return [per[k] for k in sorted(per)]


def month_summary(ctx: Ctx, year: int, month: int) -> dict:
    """ATTEND-5/6: the monthly review; each person's assessment line combines their figures."""
    from csops.services.attendance import summary as attendance_summary

    ctx.require("summary month")
    att = attendance_summary(ctx, year, month)
    meet = meetings_sheet(ctx, year, month)
    exp = expenses_sheet(ctx, year, month)
    inq = inquiries_sheet(ctx, year, month)
    by = defaultdict(dict)
    for area, rows in (("attendance", att), ("meetings", meet), ("expenses", exp), ("inquiries", inq)):
        for r in rows:
            by[r["staff"]][area] = r
    assessment = []
    for a in att:
        login = a["staff"]
        m = by[login].get("meetings", {})
        e = by[login].get("expenses", {})
        q = by[login].get("inquiries", {})
        assessment.append(
            {
                "staff": login,
                "name": a["name"],
                "working_days": a["working_days"],
                "days_worked": a["days_worked"],
                "late_count": a["late_count"],
                "early_leave_count": a["early_leave_count"],
                "violations": a["violations"],
                "days_absent": a["days_absent"],
                "days_leave_pending": a["days_leave_pending"],
                "leave_days": a["leave_days"],
                "meeting_points": (m.get("points_possible", 0) - m.get("points_deducted", 0)),
                "meeting_points_possible": m.get("points_possible", 0),
                "late_claims": e.get("late_claims", 0),
                "inquiries_late": q.get("answered_late", 0) + q.get("overdue", 0),
                "clauses": "ATTEND-5, ATTEND-6, LEAVE-1, LEAVE-9, MEETING-2",
            }
        )
    return {
        "month": f"{year}-{month:02d}",
        "assessment": assessment,
        "attendance": att,
        "meetings": meet,
        "expenses": exp,
        "receipts": receipts_sheet(ctx, year, month),
        "consignees": consignees_sheet(ctx, year, month),
        "inquiries": inq,
        "reports": reports_sheet(ctx, year, month),
    }
