"""What would the rulebook have said (issue 19): a period's verdicts replayed under a proposed policy.

Every verdict csops gives is a function of the records and the policy in force on their day
(csops.rules). ``what_if`` computes the period's verdicts twice in one read-only transaction:
under the policy in force (``PolicyHistory``), and under the same policy with the proposed
values (or under the policy of another date, ``at``), and reports what differs, area by area:

- attendance (ATTEND-1/3, LEAVE-1, LEAVE-9, DUTY-1/2): each person's late arrivals, early
  leaves, violations, days absent, evening meal allowances (and their amount), through the
  monthly summary's own evaluation;
- leave (LEAVE-2/3/6): each request's notice (on time or late) and whether it is within the
  department's authority, through the rules and the request service's own routing;
- meetings (MEETING-2): each person's points deducted, through the monthly review's sheet;
- receipts (RCPT-2/3): each client's and team's receipts back late or overdue, and the days each team was
  held (no new work order while an earlier shipment's receipt is missing or unconfirmed);
- expenses (EXPENSE-1): each claim on time or late;
- inquiries (INQUIRY-1): each inquiry answered in time, late, open or overdue;
- reports (REPORT-4): each emergency report's duty to inform, met in time or not.

Nothing is written: the transaction is rolled back (the CLI opens it read-only).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from csops.errors import BadInput
from csops.i18n import N_, _
from csops.rules.policy import Policy, PolicyHistory
from csops.services.context import Ctx
from csops.services.staff import logins_by_id
from csops.services.today import AREA_WORDS
from csops.views import View, shown

# (area, measure) -> (the clause, the measure's words)
MEASURES: dict[tuple[str, str], tuple[str, str]] = {
    ("attendance", "late_count"): ("ATTEND-1", N_("late arrivals")),
    ("attendance", "early_leave_count"): ("LEAVE-1", N_("early leaves")),
    ("attendance", "violations"): ("LEAVE-9", N_("violations (late or away past the threshold)")),
    ("attendance", "days_absent"): ("ATTEND-3", N_("days absent")),
    ("duty", "allowances"): ("DUTY-1", N_("evening meal allowances")),
    ("duty", "allowance_amount"): ("DUTY-1", N_("meal allowance (yuan)")),
    ("leave", "late_notice"): ("LEAVE-2", N_("requests filed late")),
    ("leave", "late_notice_special"): ("LEAVE-3", N_("special leave asked for late")),
    ("leave", "beyond_department"): ("LEAVE-6", N_("requests beyond the department's authority")),
    ("meetings", "points_deducted"): ("MEETING-2", N_("meeting points deducted")),
    ("receipts", "late"): ("RCPT-3", N_("receipts back late or overdue")),
    ("receipts", "days_held"): ("RCPT-2", N_("days a team was held")),
    ("expenses", "late"): ("EXPENSE-1", N_("claims filed late")),
    ("inquiries", "late"): ("INQUIRY-1", N_("inquiries answered late or overdue")),
    ("reports", "inform_late"): ("REPORT-4", N_("emergencies not reported back in time")),
}
AREAS = ("attendance", "duty", "leave", "meetings", "receipts", "expenses", "inquiries", "reports")


@dataclass(frozen=True)
class WhatIfTotal(View):
    """One measure of one area over the period: now, and under the proposal."""

    area: str = shown(N_("Area"), "code", words=AREA_WORDS)
    clause: str = shown(N_("Clause"))
    measure: str = shown(N_("Measure"))
    now: Any = shown(N_("Now"))
    proposed: Any = shown(N_("Proposed"))
    changed_items: int = shown(N_("Items changed"), "int")


@dataclass(frozen=True)
class WhatIfChange(View):
    """One verdict that would change: whose or what, now and under the proposal."""

    area: str = shown(N_("Area"), "code", words=AREA_WORDS)
    clause: str = shown(N_("Clause"))
    subject: str = shown(N_("Who / what"))
    measure: str = shown(N_("Measure"))
    now: Any = shown(N_("Now"))
    proposed: Any = shown(N_("Proposed"))


@dataclass(frozen=True)
class WhatIfReport(View):
    """The period replayed: the proposal, the totals per area, the changed items."""

    first: date = shown(N_("From"), "date")
    last: date = shown(N_("To"), "date")
    proposal: str = shown(N_("Proposal"))
    totals: list[WhatIfTotal] = shown(N_("Totals"), "detail")
    changes: list[WhatIfChange] = shown(N_("Changes"), "detail")


class ProposedHistory(PolicyHistory):
    """The policy of each day (or of ``at``, for every day) with the proposed values in force."""

    def __init__(self, base: PolicyHistory, values: dict[str, Any], at: date | None = None) -> None:
        super().__init__(base.settings)
        self.values = values
        self.at = at

    def on(self, day: date) -> Policy:
        values = self._in_force(self.at or day)
        for key, value in self.values.items():
            if value is None:  # "default": the parameter's default
                values.pop(key, None)
            else:
                values[key] = value
        sig = tuple(sorted((k, repr(v)) for k, v in values.items()))
        if sig not in self._cache:
            self._cache[sig] = Policy(values)
        return self._cache[sig]


def parse_proposal(items: Iterable[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs, each checked as ``policy set`` checks it."""
    from csops.services.policy import check_value

    out: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BadInput(
                _("--set takes KEY=VALUE (e.g. attendance.violation_minutes=15), not {item!r}.").format(item=item)
            )
        _param, coerced = check_value(key.strip(), value.strip())
        out[key.strip()] = coerced
    return out


Snapshot = dict[tuple[str, str, str], Any]  # (area, measure, subject) -> value


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _stored(ctx: Ctx, base: PolicyHistory | None, day: date, keys: tuple[str, ...]) -> bool:
    """Whether a verdict recorded when its record was made stands as recorded: always for the
    policy in force (``base`` None: what csops says today), and under a proposal when none of
    the parameters it reads differs on ``day``. A verdict is recomputed only when the proposal
    changes what it reads."""
    if base is None:
        return True
    proposed, actual = ctx.history.on(day), base.on(day)
    return all(proposed[k] == actual[k] for k in keys)


_CALENDAR_KEYS = ("workday.start", "workday.lunch_start", "workday.afternoon_start", "workday.end")


def _attendance_and_meetings(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    from csops.services.attendance import summary
    from csops.services.summary import meetings_sheet

    for y, m in _months(first, last):
        for row in summary(ctx, y, m):
            for field in ("late_count", "early_leave_count", "violations", "days_absent"):
                _add(snap, "attendance", field, row["staff"], row[field])
            _add(snap, "duty", "allowances", row["staff"], row["allowances"])
            if row["allowance_amount"] is not None:
                _add(snap, "duty", "allowance_amount", row["staff"], row["allowance_amount"])
        for line in meetings_sheet(ctx, y, m):
            _add(snap, "meetings", "points_deducted", line.staff, line.points_deducted)


def _span(ctx: Ctx, first: date, last: date) -> tuple[datetime, datetime]:
    """The period as local date-times: from ``first``'s midnight to the midnight after ``last``."""
    tz = ctx.now.tzinfo
    return datetime.combine(first, time(0), tzinfo=tz), datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)


def _add(snap: Snapshot, area: str, measure: str, subject: str, value: Any) -> None:
    key = (area, measure, subject)
    snap[key] = snap.get(key, 0) + value


BEYOND = ("routed-beyond", "nobody-above-head")  # LEAVE-6: past the department's authority


def _leave(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    """LEAVE-2/3: notice (recorded when the leave was asked for; recomputed under a proposal of
    the notice periods); LEAVE-6: the whole absence against the department's authority, as
    `leave request` routes it (the person's pending and approved leaves, whenever they are)."""
    from sqlmodel import col, select

    from csops.models import LeaveRequest, Staff
    from csops.rules.leave import Span, notice_check, working_days
    from csops.services.leave import _route, base_start

    lo, hi = _span(ctx, first, last)
    staff = {s.id: s for s in ctx.session.exec(select(Staff))}
    requests = list(
        ctx.session.exec(
            select(LeaveRequest)
            .where(LeaveRequest.starts_at < hi, LeaveRequest.ends_at > lo)
            .order_by(col(LeaveRequest.id))
        )
    )
    standing: dict[int, list[Any]] = defaultdict(list)
    people = {lv.staff_id for lv in requests}
    for o in ctx.session.exec(
        select(LeaveRequest).where(
            col(LeaveRequest.staff_id).in_(people), col(LeaveRequest.status).in_(("pending", "approved"))
        )
    ):
        standing[o.staff_id].append(o)
    per_day = ctx.calendar.minutes_per_day
    for lv in requests:
        me = staff[lv.staff_id]
        starts = ctx.local(lv.starts_at)
        policy = ctx.policy_on(starts.date())  # as `leave request` judged it
        subject = _("leave #{id} ({login})").format(id=lv.id, login=me.login)
        measure = "late_notice_special" if lv.type == "special" else "late_notice"
        if _stored(ctx, base, starts.date(), ("leave.personal_notice_days", "leave.special_notice_minutes")):
            late = bool(lv.late_notice)
        else:
            shift = datetime.combine(starts.date(), base_start(ctx, me), tzinfo=starts.tzinfo)
            late = not notice_check(
                lv.type,
                ctx.local(lv.requested_at),
                starts,
                shift,
                personal_notice_days=policy["leave.personal_notice_days"],
                special_notice_minutes=policy["leave.special_notice_minutes"],
            ).ok
        snap[("leave", measure, subject)] = 1 if late else 0
        if lv.status not in ("pending", "approved"):
            continue
        mine = [o for o in standing[lv.staff_id] if o.id != lv.id]
        new = Span(lv.id, lv.starts_at, lv.ends_at, working_days(lv.working_minutes, per_day))
        routed = _route(ctx, me, new, mine, policy)
        snap[("leave", "beyond_department", subject)] = 1 if routed["chain"].verdict.code in BEYOND else 0


def _receipts(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    """RCPT-3: back late or overdue, by client and team (shipped in the period; the due date as
    recorded, recomputed under a proposal of the return period); RCPT-2: the days each team was
    held in the period: on day d a receipt holds its team when it shipped on or before
    hold_cutoff(d) (d less the grace in force on d) and was not yet confirmed on d."""
    from sqlalchemy import or_, select

    from csops.models import Client, Receipt
    from csops.rules.receipt import hold_cutoff, is_overdue, receipt_due_date, return_verdict

    r = Receipt
    as_of = min(last, ctx.today)
    q = (
        select(Client.name, r.team, r.ship_date, r.returned_on, r.due_date)
        .join(Client, Client.id == r.client_id)
        .where(r.ship_date >= first, r.ship_date <= last)
    )
    for client, team, ship, returned, stored_due in ctx.session.connection().execute(q):
        if _stored(ctx, base, ship, ("receipt.return_within_days",)):
            due = stored_due
        else:
            due = receipt_due_date(ship, return_within_days=ctx.policy_on(ship)["receipt.return_within_days"])
        late = not return_verdict(due, returned).ok if returned is not None else is_overdue(due, None, as_of)
        _add(snap, "receipts", "late", f"{client} / {team}", 1 if late else 0)
    # the period in stretches of one grace each (a change of the grace starts a new stretch)
    stretches: list[tuple[date, date, int]] = []
    d = first
    while d <= as_of:
        grace = ctx.policy_on(d)["receipt.exchange_grace_days"]
        if stretches and stretches[-1][2] == grace and stretches[-1][1] == d - timedelta(days=1):
            stretches[-1] = (stretches[-1][0], d, grace)
        else:
            stretches.append((d, d, grace))
        d += timedelta(days=1)
    spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
    blocking = select(r.team, r.ship_date, r.confirmed_on).where(
        r.ship_date <= as_of, or_(r.confirmed_on.is_(None), r.confirmed_on > first)
    )
    for team, ship, confirmed in ctx.session.connection().execute(blocking):
        for a, b, grace in stretches:
            # held on day x of the stretch when ship <= hold_cutoff(x) = x - grace, until confirmed
            start = max(a, ship + timedelta(days=grace))
            assert start > b or hold_cutoff(start, exchange_grace_days=grace) >= ship
            end = min(b, confirmed - timedelta(days=1)) if confirmed else b
            if start <= end:
                spans[team].append((start, end))
    for team, items in spans.items():
        items.sort()
        days, cur_s, cur_e = 0, items[0][0], items[0][1]
        for s, e in items[1:]:
            if s > cur_e + timedelta(days=1):
                days += (cur_e - cur_s).days + 1
                cur_s, cur_e = s, e
            else:
                cur_e = max(cur_e, e)
        days += (cur_e - cur_s).days + 1
        snap[("receipts", "days_held", team)] = days


def _expenses(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    from sqlmodel import col, select

    from csops.models import Expense
    from csops.rules.expense import claim_verdict

    logins = logins_by_id(ctx)
    for e in ctx.session.exec(
        select(Expense).where(Expense.day >= first, Expense.day <= last).order_by(col(Expense.id))
    ):
        if _stored(ctx, base, e.day, ("expense.file_within_working_days", *_CALENDAR_KEYS)):
            late = bool(e.late)
        else:
            late = not claim_verdict(
                e.day,
                ctx.local(e.filed_at),
                ctx.calendar.add_workdays,
                within=ctx.policy_on(e.day)["expense.file_within_working_days"],
            ).ok
        subject = _("claim #{id} ({login})").format(id=e.id, login=logins.get(e.staff_id, "?"))
        snap[("expenses", "late", subject)] = 1 if late else 0


def _inquiries(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    from sqlmodel import col, select

    from csops.models import Inquiry
    from csops.rules.inquiry import inquiry_state, reply_due

    lo, hi = _span(ctx, first, last)
    logins = logins_by_id(ctx)
    for q in ctx.session.exec(
        select(Inquiry).where(Inquiry.opened_at >= lo, Inquiry.opened_at < hi).order_by(col(Inquiry.id))
    ):
        opened = ctx.local(q.opened_at)
        if _stored(ctx, base, opened.date(), ("inquiry.reply_within_working_hours", *_CALENDAR_KEYS)):
            due = ctx.local(q.due_at)
        else:
            due = reply_due(
                opened,
                ctx.calendar.add_working_minutes,
                hours=ctx.policy_on(opened.date())["inquiry.reply_within_working_hours"],
            )
        v = inquiry_state(due, ctx.local(q.answered_at), ctx.now)
        subject = _("inquiry #{id} ({login})").format(id=q.id, login=logins.get(q.owner_id, "?"))
        snap[("inquiries", "late", subject)] = 0 if v.ok else 1


def _reports(ctx: Ctx, first: date, last: date, snap: Snapshot, base: PolicyHistory | None) -> None:
    from sqlmodel import col, select

    from csops.models import Report
    from csops.rules.report import inform_state

    lo, hi = _span(ctx, first, last)
    for rp in ctx.session.exec(
        select(Report)
        .where(Report.filed_at >= lo, Report.filed_at < hi, col(Report.inform_due).is_not(None))
        .order_by(col(Report.id))
    ):
        filed = ctx.local(rp.filed_at)
        if _stored(ctx, base, filed.date(), ("report.inform_after_emergency_hours",)):
            due = ctx.local(rp.inform_due)
        else:
            due = filed + timedelta(hours=ctx.policy_on(filed.date())["report.inform_after_emergency_hours"])
        v = inform_state(due, ctx.local(rp.informed_at), ctx.now)
        snap[("reports", "inform_late", _("report #{id}").format(id=rp.id))] = 0 if v.ok else 1


_AREA_FUNCTIONS: tuple[Callable[[Ctx, date, date, Snapshot, PolicyHistory | None], None], ...] = (
    _attendance_and_meetings,
    _leave,
    _receipts,
    _expenses,
    _inquiries,
    _reports,
)


def verdicts(ctx: Ctx, first: date, last: date, base: PolicyHistory | None = None) -> Snapshot:
    """Every verdict of the period under ``ctx``'s policy history, keyed (area, measure, subject);
    ``base``: the actual history, when ``ctx`` carries a proposal (see :func:`_stored`)."""
    snap: Snapshot = {}
    for fn in _AREA_FUNCTIONS:
        fn(ctx, first, last, snap, base)
    return snap


def what_if(ctx: Ctx, proposal: dict[str, Any], first: date, last: date, *, at: date | None = None) -> WhatIfReport:
    """The period's verdicts now and under ``proposal`` (and/or the policy of ``at``)."""
    ctx.require("policy what-if")
    if last < first:
        raise BadInput(_("The period ends before it starts."))
    if not proposal and at is None:
        raise BadInput(_("Nothing proposed: give --set KEY=VALUE (or --at DATE)."))
    from csops.dates import month_range

    if first != month_range(first.year, first.month)[0] or last != month_range(last.year, last.month)[1]:
        raise BadInput(
            _(
                "what-if replays whole months (attendance and meeting points are counted by the month): "
                "give --from the first day of a month and --to the last day of one."
            )
        )
    last = min(last, ctx.today)
    if last < first:
        raise BadInput(_("The period has not begun: nothing to replay."))
    now = verdicts(ctx, first, last)
    proposed_ctx = dataclasses.replace(ctx, history=ProposedHistory(ctx.history, proposal, at), memo={}, _calendar=None)
    then = verdicts(proposed_ctx, first, last, ctx.history)
    changes: list[WhatIfChange] = []
    totals: dict[tuple[str, str], list[Any]] = {}
    for key in sorted(set(now) | set(then), key=lambda k: (AREAS.index(k[0]), k[1], k[2])):
        area, measure, subject = key
        a, b = now.get(key, 0), then.get(key, 0)
        t = totals.setdefault((area, measure), [0, 0, 0])
        t[0] += a
        t[1] += b
        if a != b:
            t[2] += 1
            clause, words = MEASURES[(area, measure)]
            changes.append(WhatIfChange(area, clause, subject, _(words), _shown(a), _shown(b)))
    total_rows = [
        WhatIfTotal(area, MEASURES[(area, measure)][0], _(MEASURES[(area, measure)][1]), _shown(a), _shown(b), n)
        for (area, measure), (a, b, n) in totals.items()
    ]
    proposal_text = ", ".join(f"{k}={'default' if v is None else _value_text(k, v)}" for k, v in proposal.items())
    if at is not None:
        proposal_text = (proposal_text + "; " if proposal_text else "") + _("the policy of {date}").format(
            date=at.isoformat()
        )
    return WhatIfReport(first, last, proposal_text, total_rows, changes)


def _shown(v: Any) -> Any:
    return v.quantize(Decimal("0.01")) if isinstance(v, Decimal) else v


def _value_text(key: str, value: Any) -> str:
    from csops.rules.policy import PARAMS_BY_KEY, display

    return str(display(PARAMS_BY_KEY[key], value))
