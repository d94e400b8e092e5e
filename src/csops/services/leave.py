"""Leave (LEAVE-1..9): request, approve, reject, cancel, report back, list, show."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from csops.errors import BadInput, NotFound, NotPermitted, Refused
from csops.i18n import N_, _
from csops.rules.leave import LeaveStatus, LeaveType
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import get_by_login, logins_by_id
from csops.views import View, shown

if TYPE_CHECKING:
    from csops.rules.leave import Span
    from csops.rules.policy import Policy

UNITS = (N_("working days"), N_("calendar days"))  # LEAVE-6: how the length of an absence is counted

# The rule trail stores codes and their values; the text is written in the reader's language.
TRAIL_TEXT = {
    "self": N_("requested by the person in person"),
    "in-time": N_("notice in time (deadline {deadline})"),
    "late-notice": N_("late notice: counts as absenteeism until approved"),
    "no-holiday": N_("no day of a holiday break in the range"),
    # routing decides who approves; it is not an approval (kept: "department" of earlier versions)
    "department": N_("routed to the department: the head approves last ({days} working days)"),
    "beyond-department": N_(
        "routed beyond the department: the level above the head approves last ({days} working days)"
    ),
    "routed-department": N_("routed to the department: the head approves last (absence of {whole} {unit})"),
    "routed-beyond": N_(
        "routed beyond the department: the level above the head approves last (absence of {whole} {unit})"
    ),
    "joined": N_("touches leave {ids}: counted as one absence of {whole} {unit}"),
    "rerouted": N_("re-routed beyond the department: leave #{by} makes the absence {whole} {unit}"),
    "rejected": N_("rejected at level {level}"),
    "absenteeism": N_("a rejected late-notice leave stays absenteeism"),
    "approved": N_("approved at the last level ({level}): in effect"),
    "level-approved": N_("approved at level {level}"),
    "cancelled": N_("cancelled by {login}"),
    "back": N_("reported back at {at}; {minutes} working minutes given back"),
}


def base_start(ctx: Ctx, staff: Any) -> time:
    start: time = staff.base_start or ctx.policy["workday.start"]
    return start


def parse_when(ctx: Ctx, text: str, default: time) -> datetime:
    """A date alone means ``default`` o'clock that day; a date and time is taken as is."""
    from csops.dates import parse_date, parse_datetime

    try:
        d = parse_date(text, ctx.today)
        return datetime.combine(d, default, tzinfo=ctx.now.tzinfo)
    except BadInput:
        return parse_datetime(text, ctx.now)


def _approvals(ctx: Ctx, leave_id: int) -> list[Any]:
    from sqlmodel import select

    from csops.models import LeaveApproval

    return list(
        ctx.session.exec(select(LeaveApproval).where(LeaveApproval.leave_id == leave_id).order_by(LeaveApproval.level))
    )


# The leave area's words for its coded values (shown in the reader's language; JSON keeps the codes)
TYPE_WORDS: dict[str, str] = {t: N_(t.value) for t in LeaveType}
STATUS_WORDS: dict[str, str] = {s: N_(s.value) for s in LeaveStatus}
DECISION_WORDS: dict[str, str] = {"pending": N_("pending"), "approved": N_("approved"), "rejected": N_("rejected")}


@dataclass(frozen=True)
class ApprovalView(View):
    """LEAVE-5: one level of a leave's approval chain."""

    level: int = shown(N_("Level"), "int")
    approver: str | None = shown(N_("Approver"), "person")
    decision: str = shown(N_("Decision"), "code", words=DECISION_WORDS)
    at: datetime | None = shown(N_("At"), "datetime")
    note: str | None = shown(N_("Note"))


@dataclass(frozen=True)
class TrailStep(View):
    """One step of a leave's rule trail: the clause, its code and values, and the text in the reader's language."""

    clause: str = shown(N_("Clause"))
    code: str = shown(N_("Code"))
    # not ``values``: that would hide the mapping's values() (a view reads like a mapping)
    values_: dict[str, str] = shown(N_("Values"), "detail", key="values")
    text: str = shown(N_("Text"))


@dataclass(frozen=True)
class LeaveView(View):
    """LEAVE-1..9: a leave as the commands show it."""

    id: int = shown(N_("ID"), "int")
    staff: str | None = shown(N_("Staff"), "person")
    type: LeaveType = shown(N_("Type"), "code", words=TYPE_WORDS)
    from_: datetime = shown(N_("From"), "datetime", key="from")
    to: datetime = shown(N_("To"), "datetime")
    status: LeaveStatus = shown(N_("Status"), "code", words=STATUS_WORDS)
    working_minutes: int = shown(N_("Working minutes"), "int", table=False)
    working_hours: float = shown(N_("Working hours"), "days", table=False)
    working_days: Decimal = shown(N_("Working days"), "days")
    chain: list[str | None] = shown(N_("Approval chain"), "list", table=False)
    approvals: list[ApprovalView] = shown(N_("Approvals"), "detail", table=False)
    next_approver: str | None = shown(N_("Next approver"), "person")
    late_notice: bool = shown(N_("Late notice"), "bool")
    reason: str | None = shown(N_("Reason"), table=False)
    requested_at: datetime = shown(N_("Requested at"), "datetime", table=False)
    back_at: datetime | None = shown(N_("Back at"), "datetime", table=False)
    returned_hours: float = shown(N_("Hours given back"), "days", table=False)
    trail: list[TrailStep] = shown(N_("Rule trail"), "detail", table=False)
    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def view(ctx: Ctx, lv: Any, logins: dict[int, str] | None = None, notes: list[str] | None = None) -> LeaveView:
    from csops.rules.leave import working_days

    logins = logins or logins_by_id(ctx)
    approvals = _approvals(ctx, lv.id)
    nxt = next((a for a in approvals if a.decision == "pending"), None) if lv.status == "pending" else None
    per_day = ctx.calendar.minutes_per_day
    return LeaveView(
        id=lv.id,
        staff=logins.get(lv.staff_id),
        type=LeaveType(lv.type),
        from_=ctx.local(lv.starts_at),
        to=ctx.local(lv.ends_at),
        status=LeaveStatus(lv.status),
        working_minutes=lv.working_minutes,
        working_hours=round(lv.working_minutes / 60, 2),
        working_days=working_days(lv.working_minutes, per_day),
        chain=[logins.get(a.approver_id) for a in approvals],
        approvals=[
            ApprovalView(a.level, logins.get(a.approver_id), a.decision, ctx.local(a.decided_at), a.note)
            for a in approvals
        ],
        next_approver=logins.get(nxt.approver_id) if nxt else None,
        late_notice=lv.late_notice,
        reason=lv.reason,
        requested_at=ctx.local(lv.requested_at),
        back_at=ctx.local(lv.back_at),
        returned_hours=round(lv.returned_minutes / 60, 2),
        trail=[TrailStep(t["clause"], t["code"], t.get("values", {}), trail_text(t)) for t in json.loads(lv.trail)],
        notes=tuple(notes or ()),
    )


def _trail_entry(clause: str, code: str, **values: Any) -> dict[str, Any]:
    return {"clause": clause, "code": code, "values": {k: str(v) for k, v in values.items()}}


def trail_text(entry: dict[str, Any]) -> str:
    """One step of the rule trail, in the reader's language."""
    template = TRAIL_TEXT.get(entry.get("code", ""))
    if template is None:
        text: str = entry.get("text", "")
        return text
    values = dict(entry.get("values", {}))
    if "unit" in values:
        values["unit"] = _(values["unit"])
    try:
        return _(template).format(**values)
    except (KeyError, IndexError):
        return _(template)


def request_leave(ctx: Ctx, *, leave_type: str, start_text: str, end_text: str, reason: str | None) -> LeaveView:
    """LEAVE-7: the requester is always the acting user."""
    from sqlmodel import select

    from csops.models import LeaveApproval, LeaveRequest
    from csops.rules.leave import LEAVE_TYPES, Span, holiday_check, notice_check, overlaps, working_days

    me = ctx.me
    if leave_type not in LEAVE_TYPES:
        raise BadInput(
            _("Unknown leave type {type!r}; types are: {types}.").format(type=leave_type, types=", ".join(LEAVE_TYPES))
        )
    starts = parse_when(ctx, start_text, base_start(ctx, me))
    ends = parse_when(ctx, end_text, ctx.policy["workday.end"])
    if ends <= starts:
        raise BadInput(
            _("The leave ends ({end}) before it starts ({start}).").format(
                end=ends.isoformat(" ", "minutes"), start=starts.isoformat(" ", "minutes")
            )
        )
    cal = ctx.calendar
    notes: list[str] = []
    for y in sorted({starts.year, ends.year}):
        if cal.is_provisional(y):
            from csops.services.calendar import provisional_warning

            notes.append(provisional_warning(y))
    policy = ctx.policy_on(starts.date())  # the leave is judged by the policy in force on its first day
    hv = holiday_check(
        starts.date(), ends.date(), cal.is_holiday, cal.is_workday, blackout_days=policy["leave.holiday_blackout_days"]
    )
    if not hv.ok:
        brk = cal.holiday_break(hv.detail["holiday"])
        where = (
            f"{brk.name} {brk.first.isoformat()}..{brk.last.isoformat()}" if brk else hv.detail["holiday"].isoformat()
        )
        if hv.code == "holiday":
            raise Refused(
                _("No leave on public holidays: {day} is in the holiday break {brk}.").format(
                    day=hv.detail["day"].isoformat(), brk=where
                ),
                clause="LEAVE-8",
            )
        raise Refused(
            _("No leave on public holidays: {day} is within {n} working days of the holiday break {brk}.").format(
                day=hv.detail["day"].isoformat(), n=policy["leave.holiday_blackout_days"], brk=where
            ),
            clause="LEAVE-8",
        )
    minutes = cal.working_minutes(starts, ends)
    if minutes == 0 and not _covers_meeting(ctx, starts, ends):
        raise Refused(_("This range has no working time: nothing to take leave from."), clause="LEAVE-1")
    days = working_days(minutes, cal.minutes_per_day)
    mine = list(
        ctx.session.exec(
            select(LeaveRequest).where(LeaveRequest.staff_id == me.id, LeaveRequest.status.in_(("pending", "approved")))
        )
    )
    for other in mine:
        eff_end = min(other.ends_at, other.back_at) if other.back_at else other.ends_at
        if overlaps(starts, ends, other.starts_at, eff_end):
            raise Refused(
                _("This overlaps your leave #{id} ({start} – {end}).").format(
                    id=other.id,
                    start=ctx.local(other.starts_at).isoformat(" ", "minutes"),
                    end=ctx.local(other.ends_at).isoformat(" ", "minutes"),
                ),
                clause="LEAVE-1",
            )
    route = _route(ctx, me, Span(None, starts, ends, days), mine, policy)
    chain = route["chain"]
    if not chain.verdict.ok:
        if chain.verdict.code == "nobody-above-head":
            raise Refused(
                _(
                    "A leave of {days} working days needs the level above the head, and the head has no superior registered: `csops staff edit HEAD --superior MANAGER`."
                ).format(days=route["whole"]),
                clause="LEAVE-6",
            )
        raise Refused(
            _("You have no superior to approve your leave: `csops staff edit {login} --superior LOGIN`.").format(
                login=me.login
            ),
            clause="LEAVE-5",
        )
    shift = datetime.combine(starts.date(), base_start(ctx, me), tzinfo=starts.tzinfo)
    nv = notice_check(
        leave_type,
        ctx.now,
        starts,
        shift,
        personal_notice_days=policy["leave.personal_notice_days"],
        special_notice_minutes=policy["leave.special_notice_minutes"],
    )
    trail = [
        _trail_entry("LEAVE-7", "self"),
        _trail_entry(nv.detail["rule"], nv.code, deadline=nv.detail["deadline"].isoformat(" ", "minutes")),
        _trail_entry("LEAVE-8", hv.code),
    ]
    if route["joined"]:
        trail.append(
            _trail_entry(
                "LEAVE-6",
                "joined",
                ids=", ".join(f"#{i}" for i in route["joined"]),
                whole=route["whole"],
                unit=route["unit"],
            )
        )
    trail.append(_trail_entry(chain.verdict.clause, chain.verdict.code, whole=route["whole"], unit=route["unit"]))
    if not nv.ok:
        trail.append(_trail_entry("LEAVE-4", "late-notice"))
        notes.append(_("Late notice: counts as absenteeism until approved (LEAVE-4)."))
    lv = LeaveRequest(
        staff_id=me.id,
        type=leave_type,
        starts_at=starts,
        ends_at=ends,
        reason=reason,
        status="pending",
        late_notice=not nv.ok,
        working_minutes=minutes,
        requested_at=ctx.now,
        trail=json.dumps(trail, ensure_ascii=False),
    )
    ctx.session.add(lv)
    ctx.session.flush()
    for level, approver in enumerate(chain.approvers, 1):
        ctx.session.add(LeaveApproval(leave_id=lv.id, level=level, approver_id=approver))
    ctx.session.flush()
    audit(ctx, "leave.request", "leave", lv.id, after=lv)
    for other in route["reroute"]:
        note = _reroute(ctx, other, chain.approvers, by=lv.id, whole=route["whole"], unit=route["unit"])
        if note:
            notes.append(note)
    return view(ctx, lv, notes=notes)


def _route(ctx: Ctx, me: Any, new: Span, mine: list[Any], policy: Policy) -> dict[str, Any]:
    """LEAVE-5/6: the approval chain of a new leave, decided on the whole absence it belongs to
    (the person's pending or approved leaves that touch it, LEAVE-6), and the pending parts
    that must be re-routed beyond the department because of it."""
    from sqlmodel import select

    from csops.models import CompRest, Staff
    from csops.rules.leave import Span, absence_length, approval_chain, whole_absence, within_department, working_days

    cal = ctx.calendar
    per_day = cal.minutes_per_day
    rests = {
        r.taken_on
        for r in ctx.session.exec(select(CompRest).where(CompRest.staff_id == me.id, CompRest.taken_on.is_not(None)))
    }

    def working_day(d: date) -> bool:  # a working day of that person: comp rest days are not
        return cal.is_workday(d) and d not in rests

    spans = [
        Span(
            o.id,
            o.starts_at,
            min(o.ends_at, o.back_at) if o.back_at else o.ends_at,
            working_days(o.working_minutes - o.returned_minutes, per_day),  # an early return gave time back
        )
        for o in mine
    ]
    cluster = whole_absence(new, spans, working_day)
    counts = policy["leave.authority_counts"]
    whole = absence_length(cluster, counts=counts)
    beyond = not within_department(
        whole,
        department_max_days=policy["leave.department_max_days"],
        inclusive=policy["leave.department_max_inclusive"],
    )
    staff_rows = ctx.session.exec(select(Staff.id, Staff.superior_id, Staff.role)).all()
    chain = approval_chain(me.id, {i: s for i, s, _r in staff_rows}, {i: r for i, _s, r in staff_rows}, beyond=beyond)
    joined = [s.id for s in cluster if s.id is not None]
    reroute = [o for o in mine if o.id in joined and o.status == "pending"] if beyond and chain.verdict.ok else []
    return {
        "chain": chain,
        "whole": whole,
        "unit": "working days" if counts == "working-days" else "calendar days",
        "joined": joined,
        "reroute": reroute,
    }


def _reroute(ctx: Ctx, lv: Any, approvers: tuple[int, ...], *, by: int, whole: Decimal, unit: str) -> str | None:
    """LEAVE-6: a pending leave whose absence now needs the level above the head gets the
    missing levels of the chain appended (its approvals so far stand)."""
    approvals = _approvals(ctx, lv.id)
    have = [a.approver_id for a in approvals]
    missing = [a for a in approvers if a not in have]  # the levels above (a changed line keeps its own levels)
    if missing:
        before = snapshot(lv)
        from csops.models import LeaveApproval

        for level, approver in enumerate(missing, len(have) + 1):
            ctx.session.add(LeaveApproval(leave_id=lv.id, level=level, approver_id=approver))
        trail = json.loads(lv.trail)
        trail.append(_trail_entry("LEAVE-6", "rerouted", by=by, whole=whole, unit=unit))
        lv.trail = json.dumps(trail, ensure_ascii=False)
        ctx.session.add(lv)
        ctx.session.flush()
        audit(ctx, "leave.reroute", "leave", lv.id, before=before, after=lv)
        return _("Leave #{id} is re-routed too: the whole absence needs the level above the head (LEAVE-6).").format(
            id=lv.id
        )
    return None


def _covers_meeting(ctx: Ctx, starts: datetime, ends: datetime) -> bool:
    """MEETING-2: a leave for a Saturday meeting has no working time but still excuses the absence."""
    from sqlmodel import select

    from csops.models import Meeting

    for m in ctx.session.exec(select(Meeting).where(Meeting.day >= starts.date(), Meeting.day <= ends.date())):
        at = datetime.combine(m.day, m.start, tzinfo=ctx.now.tzinfo)
        if starts <= at < ends:
            return True
    return False


def _load(ctx: Ctx, leave_id: int) -> Any:
    from csops.models import LeaveRequest

    lv = ctx.session.get(LeaveRequest, leave_id)
    if lv is None:
        raise NotFound(_("No leave #{id}.").format(id=leave_id))
    return lv


def _lifecycle(lv: Any, action: str) -> None:
    from csops.rules.leave import lifecycle_allows

    v = lifecycle_allows(lv.status, action)
    if not v.ok:
        raise Refused(
            _("Leave #{id} is {status}: it cannot be {action}.").format(
                id=lv.id,
                status=_(lv.status),
                action=_(
                    {"approve": "approved", "reject": "rejected", "cancel": "cancelled", "back": "reported back"}[
                        action
                    ]
                ),
            ),
            clause="LEAVE-1",
        )


def decide(ctx: Ctx, leave_id: int, *, approve: bool, note: str | None) -> LeaveView:
    """LEAVE-5/6: only the next approver in the requester's chain decides; the last approval makes it effective."""
    from csops.models import LeaveRequest  # noqa: F401

    lv = _load(ctx, leave_id)
    _lifecycle(lv, "approve" if approve else "reject")
    approvals = _approvals(ctx, lv.id)
    pending = next(a for a in approvals if a.decision == "pending")
    if ctx.actor is None or pending.approver_id != ctx.me.id:
        logins = logins_by_id(ctx)
        raise NotPermitted(
            _("Only the next approver, {login}, may decide leave #{id} now.").format(
                login=logins.get(pending.approver_id), id=lv.id
            ),
            clause="LEAVE-5",
        )
    before = snapshot(lv)
    pending.decision = "approved" if approve else "rejected"
    pending.decided_at = ctx.now
    pending.note = note
    ctx.session.add(pending)
    trail = json.loads(lv.trail)
    if not approve:
        lv.status = "rejected"
        trail.append(_trail_entry("LEAVE-5", "rejected", level=pending.level))
        if lv.late_notice:
            trail.append(_trail_entry("LEAVE-4", "absenteeism"))
    elif all(a.decision == "approved" for a in approvals):
        lv.status = "approved"
        trail.append(_trail_entry("LEAVE-5", "approved", level=pending.level))
    else:
        trail.append(_trail_entry("LEAVE-5", "level-approved", level=pending.level))
    lv.trail = json.dumps(trail, ensure_ascii=False)
    ctx.session.add(lv)
    ctx.session.flush()
    audit(ctx, "leave.approve" if approve else "leave.reject", "leave", lv.id, before=before, after=lv)
    return view(ctx, lv)


def cancel(ctx: Ctx, leave_id: int) -> LeaveView:
    """LEAVE-1: the person before the leave starts; the head at any time."""
    lv = _load(ctx, leave_id)
    _lifecycle(lv, "cancel")
    mine = ctx.actor is not None and ctx.actor.id == lv.staff_id
    if not ctx.has_role("head"):
        if not mine:
            raise NotPermitted(
                _("Only the person or the head may cancel leave #{id}.").format(id=lv.id), clause="LEAVE-7"
            )
        if ctx.now >= lv.starts_at:
            raise Refused(
                _("Leave #{id} has started: report back instead (`csops leave back {id}`).").format(id=lv.id),
                clause="LEAVE-1",
            )
    before = snapshot(lv)
    lv.status = "cancelled"
    trail = json.loads(lv.trail)
    trail.append(_trail_entry("LEAVE-1", "cancelled", login=ctx.actor_login))
    lv.trail = json.dumps(trail, ensure_ascii=False)
    ctx.session.add(lv)
    audit(ctx, "leave.cancel", "leave", lv.id, before=before, after=lv)
    return view(ctx, lv)


def report_back(ctx: Ctx, leave_id: int, at_text: str | None) -> LeaveView:
    """LEAVE-1 (销假): reported back; an early return gives the unused working time back."""
    from csops.dates import parse_datetime
    from csops.rules.leave import returned_minutes

    lv = _load(ctx, leave_id)
    _lifecycle(lv, "back")
    if lv.back_at is not None:
        raise Refused(_("Leave #{id} was reported back already.").format(id=lv.id), clause="LEAVE-1")
    if not (ctx.has_role("head") or (ctx.actor is not None and ctx.actor.id == lv.staff_id)):
        raise NotPermitted(
            _("Only the person or the head may report back from leave #{id}.").format(id=lv.id), clause="LEAVE-1"
        )
    at = parse_datetime(at_text, ctx.now) if at_text else ctx.now
    if at < lv.starts_at:
        raise BadInput(_("The return ({at}) is before the leave starts.").format(at=at.isoformat(" ", "minutes")))
    if at > ctx.now:
        raise BadInput(_("The return cannot be in the future."))
    before = snapshot(lv)
    lv.back_at = at
    lv.returned_minutes = returned_minutes(at, lv.ends_at, ctx.calendar.working_minutes)
    trail = json.loads(lv.trail)
    trail.append(
        _trail_entry("LEAVE-1", "back", at=ctx.local(at).isoformat(" ", "minutes"), minutes=lv.returned_minutes)
    )
    lv.trail = json.dumps(trail, ensure_ascii=False)
    ctx.session.add(lv)
    audit(ctx, "leave.back", "leave", lv.id, before=before, after=lv)
    return view(ctx, lv)


def list_leave(ctx: Ctx, *, mine: bool, pending: bool, month: str | None, staff: str | None) -> list[LeaveView]:
    from sqlmodel import or_, select

    from csops.dates import month_range, parse_month
    from csops.models import LeaveApproval, LeaveRequest

    q = select(LeaveRequest).order_by(LeaveRequest.starts_at, LeaveRequest.id)
    privileged = ctx.may("see the department's records")
    awaiting_me = select(LeaveApproval.leave_id).where(LeaveApproval.approver_id == ctx.me.id)
    if mine:
        q = q.where(LeaveRequest.staff_id == ctx.me.id)
    elif not privileged:
        q = q.where(or_(LeaveRequest.staff_id == ctx.me.id, LeaveRequest.id.in_(awaiting_me)))
    if staff:
        q = q.where(LeaveRequest.staff_id == get_by_login(ctx, staff).id)
    if pending:
        q = q.where(LeaveRequest.status == "pending")
    if month:
        y, m = parse_month(month, ctx.today)
        first, last = month_range(y, m)
        lo = datetime.combine(first, time(0), tzinfo=ctx.now.tzinfo)
        hi = datetime.combine(last, time(23, 59, 59), tzinfo=ctx.now.tzinfo)
        q = q.where(LeaveRequest.starts_at <= hi, LeaveRequest.ends_at >= lo)
    logins = logins_by_id(ctx)
    rows = [view(ctx, lv, logins) for lv in ctx.session.exec(q)]
    if pending and not mine:
        rows.sort(key=lambda r: (r["next_approver"] != ctx.me.login, r["id"]))
    return rows


def show_leave(ctx: Ctx, leave_id: int) -> LeaveView:
    lv = _load(ctx, leave_id)
    if (
        not ctx.may("see the department's records")
        and lv.staff_id != ctx.me.id
        and ctx.me.id not in [a.approver_id for a in _approvals(ctx, lv.id)]
    ):
        raise NotPermitted(_("You may see your own leave only."))
    return view(ctx, lv)
