"""Attendance (ATTEND-1..6, LEAVE-4/9, DUTY-2): arrivals, time away, the head's start
times, and each person's status for a day or a month."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from csops.errors import BadInput, Refused
from csops.i18n import N_, _
from csops.rules.attendance import AttendanceStatus
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import get_by_login
from csops.views import View, shown

if TYPE_CHECKING:
    from csops.rules.attendance import DayStatus, Expected, LeaveSpan

# A day's status and the reason for it, in the reader's words (JSON keeps the codes)
STATUS_WORDS: dict[str, str] = {
    AttendanceStatus.ON_TIME: N_("on-time"),
    AttendanceStatus.LATE: N_("late"),
    AttendanceStatus.EARLY_LEAVE: N_("early-leave"),
    AttendanceStatus.VIOLATION: N_("violation"),
    AttendanceStatus.ABSENT: N_("absent"),
    AttendanceStatus.ON_LEAVE: N_("on-leave"),
    AttendanceStatus.REST: N_("rest"),
}
REASON_WORDS: dict[str, str] = {
    "normal": N_("normal"),  # ATTEND-3: the usual start
    "late-start": N_("late-start"),  # DUTY-2
    "morning-off": N_("morning-off"),  # DUTY-2
    "set-by-head": N_("set-by-head"),  # ATTEND-4
    "evening-recorded-late": N_("evening-recorded-late"),  # ATTEND-3
    "leave-until": N_("leave-until"),  # LEAVE-1
    "rest-day": N_("rest-day"),  # WORKDAY-1
    "comp-rest": N_("comp-rest"),  # DUTY-4
    "leave": N_("leave"),  # LEAVE-1: on approved leave
    "leave-pending": N_("leave-pending"),  # LEAVE-1: on leave not yet approved
    "not-seen": N_("not-seen"),  # ATTEND-3
    "late-notice-leave-not-approved": N_("late-notice-leave-not-approved"),  # LEAVE-4
    "late": N_("late"),  # LEAVE-9
    "away-from-post": N_("away-from-post"),  # LEAVE-9
    "left-early": N_("left-early"),  # LEAVE-1
    "future": N_("future"),  # a day still to come
}


def department(ctx: Ctx, only_self: bool = False) -> list[Any]:
    from sqlmodel import select

    from csops.models import Staff
    from csops.rules.staff import DEPARTMENT_ROLES

    q = select(Staff).where(Staff.active.is_(True), Staff.role.in_(DEPARTMENT_ROLES)).order_by(Staff.login)
    if only_self:  # one's own record, for those whose attendance the department keeps
        q = q.where(Staff.id == ctx.me.id)
    return list(ctx.session.exec(q))


# -- writes -----------------------------------------------------------------------


@dataclass(frozen=True)
class ArrivalView(View):
    """ATTEND-1: an arrival the front desk recorded."""

    staff: str = shown(N_("Staff"), "person")
    date: date = shown(N_("Date"), "date")
    arrived: time = shown(N_("Arrived"), "time")
    left: time | None = shown(N_("Left"), "time")
    corrected: bool = shown(N_("Corrected"), "bool")


@dataclass(frozen=True)
class AwayView(View):
    """LEAVE-9: time away from the post; 20 minutes or more at a stretch is a violation."""

    id: int = shown(N_("ID"), "int")
    staff: str = shown(N_("Staff"), "person")
    from_: datetime = shown(N_("From"), "datetime", key="from")
    to: datetime = shown(N_("To"), "datetime")
    away_minutes: int = shown(N_("Minutes away"), "int")
    violation: bool = shown(N_("Violation"), "bool")
    clause: str = shown(N_("Clause"))


@dataclass(frozen=True)
class StartView(View):
    """ATTEND-4: a start time the head confirmed for a person and a date."""

    staff: str = shown(N_("Staff"), "person")
    date: date = shown(N_("Date"), "date")
    start: time = shown(N_("Start"), "time")
    set_by: str | None = shown(N_("Set by"), "person")
    clause: str = shown(N_("Clause"))


def record_arrivals(ctx: Ctx, day: date, entries: list[tuple[str, time, time | None]]) -> list[ArrivalView]:
    """ATTEND-1: the front desk records arrivals (many at once); all or nothing."""
    from sqlmodel import select

    from csops.models import Arrival, Staff

    ctx.require("attendance record")
    if day > ctx.today:
        raise BadInput(
            _("Arrivals are recorded on the day or after; {day} is in the future.").format(day=day.isoformat())
        )
    if not entries:
        raise BadInput(_("Nothing to record: give --staff L --in HH:MM, or --file."))
    staff_by_login = {s.login: s for s in ctx.session.exec(select(Staff))}
    errors, seen = [], set()
    for n, (login, t_in, t_out) in enumerate(entries, 1):
        s = staff_by_login.get(login)
        if s is None:
            errors.append(_("entry {n}: unknown login {login!r}").format(n=n, login=login))
        elif not s.active:
            errors.append(_("entry {n}: {login} is deactivated").format(n=n, login=login))
        if login in seen:
            errors.append(_("entry {n}: {login} appears twice").format(n=n, login=login))
        seen.add(login)
        if t_out is not None and t_out <= t_in:
            errors.append(
                _("entry {n}: leaving time {out} is not after arrival {t}").format(
                    n=n, out=t_out.strftime("%H:%M"), t=t_in.strftime("%H:%M")
                )
            )
        if day == ctx.today and t_in > ctx.now.time():
            errors.append(_("entry {n}: arrival {t} is in the future").format(n=n, t=t_in.strftime("%H:%M")))
    if errors:
        raise BadInput(_("Nothing was recorded:") + "\n  " + "\n  ".join(errors))
    ids = [staff_by_login[login].id for login, _i, _o in entries]
    existing = {
        a.staff_id: a for a in ctx.session.exec(select(Arrival).where(Arrival.day == day, Arrival.staff_id.in_(ids)))
    }
    out = []
    for login, t_in, t_out in entries:
        s = staff_by_login[login]
        row = existing.get(s.id)
        before = snapshot(row) if row else None
        if row is None:
            row = Arrival(staff_id=s.id, day=day, time_in=t_in, time_out=t_out, recorded_by_id=ctx.me.id)
        else:
            row.time_in, row.recorded_by_id = t_in, ctx.me.id
            if t_out is not None:
                row.time_out = t_out
        ctx.session.add(row)
        ctx.session.flush()
        audit(
            ctx,
            "attendance.record" if before is None else "attendance.correct",
            "arrival",
            row.id,
            before=before,
            after=row,
        )
        out.append(ArrivalView(login, day, t_in, row.time_out, corrected=before is not None))
    return out


def record_away(ctx: Ctx, staff_login: str, start: datetime, end: datetime) -> AwayView:
    """LEAVE-9: time away from the post; 20 minutes or more at a stretch is a violation."""
    from csops.models import Away

    ctx.require("attendance away")
    staff = get_by_login(ctx, staff_login)
    if end <= start:
        raise BadInput(
            _("The end ({end}) is not after the start ({start}).").format(
                end=end.isoformat(" ", "minutes"), start=start.isoformat(" ", "minutes")
            )
        )
    if end > ctx.now:
        raise BadInput(_("Time away is recorded once it has ended."))
    if start.date() != end.date():
        raise BadInput(_("Record time away day by day."))
    row = Away(staff_id=staff.id, starts_at=start, ends_at=end, recorded_by_id=ctx.me.id)
    ctx.session.add(row)
    ctx.session.flush()
    audit(ctx, "attendance.away", "away", row.id, after=row)
    minutes = int((end - start).total_seconds() // 60)
    violation = minutes >= ctx.policy_on(start.date())["attendance.violation_minutes"]
    return AwayView(
        id=row.id,
        staff=staff.login,
        from_=start,
        to=end,
        away_minutes=minutes,
        violation=violation,
        clause="LEAVE-9",
    )


def set_start(ctx: Ctx, staff_login: str, day: date, at: time) -> StartView:
    """ATTEND-4: the head confirms a person's start time for a date."""
    from sqlmodel import select

    from csops.models import StartOverride

    ctx.require("attendance start")
    staff = get_by_login(ctx, staff_login)
    row = ctx.session.exec(
        select(StartOverride).where(StartOverride.staff_id == staff.id, StartOverride.day == day)
    ).first()
    before = snapshot(row) if row else None
    if row is None:
        row = StartOverride(staff_id=staff.id, day=day, start=at, set_by_id=ctx.me.id)
    else:
        row.start, row.set_by_id = at, ctx.me.id
    ctx.session.add(row)
    ctx.session.flush()
    audit(ctx, "attendance.start", "start_override", row.id, before=before, after=row)
    return StartView(staff.login, day, at, ctx.me.login, clause="ATTEND-4")


# -- evaluation ----------------------------------------------------------------------


@dataclass
class DayResult:
    staff: Any  # the Staff row
    day: date
    expected: Expected
    status: DayStatus
    arrival: Any  # the arrival's row (staff_id, day, time_in, time_out), or None


def evaluate(ctx: Ctx, people: list[Any], first: date, last: date) -> dict[tuple[int, date], DayResult]:
    """Each person's expected start and status for each day up to today (bulk loads, one pass)."""
    from sqlmodel import select

    from csops.models import Arrival, Away, CompRest, EveningDuty, LeaveRequest, StartOverride
    from csops.rules.attendance import LeaveSpan, day_status, expected_start
    from csops.services.duty import compute_next_start

    last = min(last, ctx.today)
    if last < first or not people:
        return {}
    ids = [p.id for p in people]
    tz = ctx.now.tzinfo
    lo = datetime.combine(first, time(0), tzinfo=tz)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    arrivals: dict[tuple[int, date], Any] = {  # (staff_id, day) -> the row (staff_id, day, time_in, time_out)
        (a[0], a[1]): a
        for a in ctx.session.exec(  # plain rows, no ORM objects
            select(Arrival.staff_id, Arrival.day, Arrival.time_in, Arrival.time_out).where(
                Arrival.day >= first, Arrival.day <= last, Arrival.staff_id.in_(ids)
            )
        )
    }
    heads = {
        (o.staff_id, o.day): o.start
        for o in ctx.session.exec(
            select(StartOverride).where(
                StartOverride.day >= first, StartOverride.day <= last, StartOverride.staff_id.in_(ids)
            )
        )
    }
    rests = {
        (r.staff_id, r.taken_on)
        for r in ctx.session.exec(
            select(CompRest).where(CompRest.taken_on >= first, CompRest.taken_on <= last, CompRest.staff_id.in_(ids))
        )
    }
    away: defaultdict[tuple[int, date], list[int]] = defaultdict(list)
    for a in ctx.session.exec(select(Away).where(Away.starts_at >= lo, Away.starts_at < hi, Away.staff_id.in_(ids))):
        away[(a.staff_id, ctx.local(a.starts_at).date())].append(int((a.ends_at - a.starts_at).total_seconds() // 60))
    leaves: defaultdict[int, list[LeaveSpan]] = defaultdict(list)
    for lv in ctx.session.exec(
        select(LeaveRequest).where(
            LeaveRequest.staff_id.in_(ids),
            LeaveRequest.status.in_(("pending", "approved")),
            LeaveRequest.starts_at < hi,
            LeaveRequest.ends_at > lo,
        )
    ):
        end = min(lv.ends_at, lv.back_at) if lv.back_at else lv.ends_at
        leaves[lv.staff_id].append(LeaveSpan(lv.id, ctx.local(lv.starts_at), ctx.local(end), lv.status, lv.late_notice))
    # DUTY-2: an evening moves the start of the next working day; look back far enough for a long
    # holiday. ATTEND-2: every evening counts (the latest start wins), if the head knew in time.
    from csops.rules.attendance import EveningStart
    from csops.services.duty import noticed

    evenings: dict[tuple[int, date], list[EveningStart]] = defaultdict(list)
    by_id = {p.id: p for p in people}
    for d in ctx.session.exec(
        select(EveningDuty).where(
            EveningDuty.day >= first - timedelta(days=31), EveningDuty.day <= last, EveningDuty.staff_id.in_(ids)
        )
    ):
        person = by_id[d.staff_id]
        ns = compute_next_start(ctx, person, d.day, ctx.local(d.ends_at))
        if ns.reason != "normal":
            evenings[(d.staff_id, ns.day)].append(EveningStart(ns.start, ns.reason, noticed(ctx, person, d, ns)))
    cal = ctx.calendar
    out: dict[tuple[int, date], DayResult] = {}
    day = first
    while day <= last:
        working = cal.is_workday(day)
        policy = ctx.policy_on(day)
        lunch = (policy["workday.lunch_start"], policy["workday.afternoon_start"])
        for p in people:
            base = p.base_start or policy["workday.start"]
            spans = [s for s in leaves.get(p.id, ()) if s.starts_at.date() <= day <= s.ends_at.date()]
            exp = expected_start(
                day,
                workday=working,
                base_start=base,
                day_end=policy["workday.end"],
                tz=tz,
                head_start=heads.get((p.id, day)),
                evenings=evenings.get((p.id, day), ()),
                leaves=spans,
                comp_rest=(p.id, day) in rests,
                lunch=lunch,
            )
            arr = arrivals.get((p.id, day))
            late_pending = any(s.status == "pending" and s.late_notice for s in spans)
            st = day_status(
                exp,
                arr.time_in if arr else None,
                away.get((p.id, day), []),
                violation_minutes=policy["attendance.violation_minutes"],
                left=arr.time_out if arr else None,
                early_leave_grace_minutes=policy["attendance.early_leave_grace_minutes"],
                late_notice_leave_pending=late_pending,
                lunch=lunch,
            )
            out[(p.id, day)] = DayResult(p, day, exp, st, arr)
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class DayView(View):
    """ATTEND-1..4, LEAVE-1/4/9: a person's day: what was expected, what happened, and the clause
    that decided the status."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    date: date = shown(N_("Date"), "date", table=False)
    expected_start: time | None = shown(N_("Expected start"), "time")
    arrived: time | None = shown(N_("Arrived"), "time")
    expected_end: time | None = shown(N_("Expected end"), "time", table=False)
    left: time | None = shown(N_("Left"), "time", table=False)
    status: AttendanceStatus = shown(N_("Status"), "code", words=STATUS_WORDS)
    late_minutes: int = shown(N_("Minutes late"), "int")
    early_minutes: int = shown(N_("Minutes early"), "int", table=False)
    away_minutes: int = shown(N_("Minutes away"), "int")
    clause: str = shown(N_("Clause"))
    reason: str = shown(N_("Reason"), "code", words=REASON_WORDS)


@dataclass(frozen=True)
class FutureDayView(View):
    """A day of a person's month that has not happened yet: no status."""

    staff: str = shown(N_("Staff"), "person")
    date: date = shown(N_("Date"), "date")
    status: AttendanceStatus | None = shown(N_("Status"), "code", words=STATUS_WORDS)
    expected_start: time | None = shown(N_("Expected start"), "time")
    arrived: time | None = shown(N_("Arrived"), "time")
    late_minutes: int = shown(N_("Minutes late"), "int")
    away_minutes: int = shown(N_("Minutes away"), "int")
    clause: str | None = shown(N_("Clause"))
    reason: str = shown(N_("Reason"), "code", words=REASON_WORDS)


def day_row(r: DayResult) -> DayView:
    return DayView(
        staff=r.staff.login,
        name=r.staff.name,
        date=r.day,
        expected_start=r.expected.start,
        arrived=r.arrival.time_in if r.arrival else None,
        expected_end=r.expected.end,
        left=r.arrival.time_out if r.arrival else None,
        status=AttendanceStatus(r.status.status),
        late_minutes=r.status.late_minutes,
        early_minutes=r.status.early_minutes,
        away_minutes=r.status.away_minutes,
        clause=r.status.clause,
        reason=r.status.reason,
    )


def day_report(ctx: Ctx, day: date) -> list[DayView]:
    people = department(ctx, only_self=not ctx.may("see the day's attendance"))
    res = evaluate(ctx, people, day, day)
    if day > ctx.today:
        raise Refused(_("{day} has not happened yet.").format(day=day.isoformat()))
    return [day_row(res[(p.id, day)]) for p in people]


@dataclass(frozen=True)
class SummaryView(View):
    """ATTEND-5/6: a person's month. Every working day so far lands in exactly one of the day
    columns (worked, on leave, leave not yet approved, absent, compensatory rest)."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    working_days: int = shown(N_("Working days"), "int")
    days_worked: int = shown(N_("Days worked"), "int")
    days_on_leave: int = shown(N_("Days on leave"), "int")
    days_leave_pending: int = shown(N_("Leave not yet approved"), "int")
    days_absent: int = shown(N_("Days absent"), "int")
    days_comp_rest: int = shown(N_("Comp rest days"), "int")
    late_count: int = shown(N_("Late"), "int")
    late_minutes: int = shown(N_("Minutes late"), "int")
    early_leave_count: int = shown(N_("Left early"), "int")
    early_minutes: int = shown(N_("Minutes early"), "int")
    violations: int = shown(N_("Violations"), "int")
    leave_days: Decimal = shown(N_("Leave (days)"), "days")
    leave_by_type: dict[str, Decimal] = shown(N_("Leave by type"), "detail")  # leave type -> days
    evening_duties: int = shown(N_("Evening duties"), "int")
    allowances: int = shown(N_("Allowances"), "int")
    allowance_amount: Decimal | None = shown(N_("Allowance amount"), "money")
    weekend_duties: int = shown(N_("Weekend duties"), "int")
    comp_rest_earned: int = shown(N_("Comp rest earned"), "int")
    comp_rest_taken: int = shown(N_("Comp rest taken"), "int")


def summary(ctx: Ctx, year: int, month: int, *, only_self: bool = False) -> list[SummaryView]:
    """ATTEND-5/6: each person's month (it feeds the monthly assessment). Every working day so far
    lands in exactly one column (worked, on leave, leave not yet approved, absent, compensatory
    rest); beside them the incidents (late, early leave, violations), the leave taken in days,
    evening duties and allowances, weekend duties and rest."""
    from sqlmodel import select

    from csops.dates import month_range
    from csops.models import CompRest, EveningDuty, LeaveRequest, WeekendDuty
    from csops.rules.attendance import DAY_COLUMNS, day_column
    from csops.rules.duty import meal_allowance
    from csops.rules.leave import working_days

    first, last = month_range(year, month)
    people = department(ctx, only_self=only_self or not ctx.may("see the department's records"))
    res = evaluate(ctx, people, first, last)
    ids = [p.id for p in people]
    tz = ctx.now.tzinfo
    rows: dict[int, dict[str, Any]] = {
        p.id: {
            "staff": p.login,
            "name": p.name,
            "working_days": 0,
            **dict.fromkeys(DAY_COLUMNS, 0),
            "late_count": 0,
            "late_minutes": 0,
            "early_leave_count": 0,
            "early_minutes": 0,
            "violations": 0,
            "leave_days": Decimal("0.00"),
            "leave_by_type": {},
            "evening_duties": 0,
            "allowances": 0,
            "allowance_amount": None,
            "weekend_duties": 0,
            "comp_rest_earned": 0,
            "comp_rest_taken": 0,
        }
        for p in people
    }
    for (sid, _d), r in res.items():
        row = rows[sid]
        column = day_column(r.status)
        if column is None:
            continue
        row["working_days"] += 1
        row[column] += 1
        st = r.status
        if st.late_minutes > 0:
            row["late_count"] += 1
            row["late_minutes"] += st.late_minutes
        if st.early_minutes > 0:
            row["early_leave_count"] += 1
            row["early_minutes"] += st.early_minutes
        row["violations"] += st.status == "violation"
    lo = datetime.combine(first, time(0), tzinfo=tz)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    cal = ctx.calendar
    for lv in ctx.session.exec(
        select(LeaveRequest).where(
            LeaveRequest.staff_id.in_(ids),
            LeaveRequest.status == "approved",
            LeaveRequest.starts_at < hi,
            LeaveRequest.ends_at > lo,
        )
    ):
        end = min(lv.ends_at, lv.back_at) if lv.back_at else lv.ends_at
        mins = cal.working_minutes(max(ctx.local(lv.starts_at), lo), min(ctx.local(end), hi))
        days = working_days(mins, cal.minutes_per_day)
        row = rows[lv.staff_id]
        row["leave_days"] += days
        row["leave_by_type"][lv.type] = row["leave_by_type"].get(lv.type, Decimal("0.00")) + days
    amounts: dict[int, Decimal] = defaultdict(Decimal)
    for d in ctx.session.exec(
        select(EveningDuty).where(EveningDuty.staff_id.in_(ids), EveningDuty.day >= first, EveningDuty.day <= last)
    ):
        row = rows[d.staff_id]
        row["evening_duties"] += 1
        policy = ctx.policy_on(d.day)
        if meal_allowance(d.day, ctx.local(d.ends_at), allowance_from=policy["duty.meal_allowance_from"]).ok:
            row["allowances"] += 1
            if policy["duty.meal_allowance_amount"] is not None:
                amounts[d.staff_id] += policy["duty.meal_allowance_amount"]
    for w in ctx.session.exec(
        select(WeekendDuty).where(
            WeekendDuty.staff_id.in_(ids), WeekendDuty.day >= first, WeekendDuty.day <= min(last, ctx.today)
        )
    ):
        rows[w.staff_id]["weekend_duties"] += 1
    for c in ctx.session.exec(select(CompRest).where(CompRest.staff_id.in_(ids))):
        if first <= c.earned_on <= min(last, ctx.today):
            rows[c.staff_id]["comp_rest_earned"] += 1
        if c.taken_on and first <= c.taken_on <= last:
            rows[c.staff_id]["comp_rest_taken"] += 1
    for sid, amount in amounts.items():
        rows[sid]["allowance_amount"] = amount.quantize(Decimal("0.01"))
    return [SummaryView(**rows[p.id]) for p in people]


def staff_month(ctx: Ctx, staff_login: str, year: int, month: int) -> list[DayView | FutureDayView]:
    from csops.dates import iter_days, month_range

    staff = get_by_login(ctx, staff_login)
    if staff.id != ctx.me.id and not ctx.may("see the department's records"):
        from csops.errors import NotPermitted

        raise NotPermitted(_("You may see your own attendance only."))
    first, last = month_range(year, month)
    res = evaluate(ctx, [staff], first, last)
    out: list[DayView | FutureDayView] = []
    for d in iter_days(first, last):
        r = res.get((staff.id, d))
        if r is None:
            out.append(
                FutureDayView(
                    staff=staff.login,
                    date=d,
                    status=None,
                    expected_start=None,
                    arrived=None,
                    late_minutes=0,
                    away_minutes=0,
                    clause=None,
                    reason="future",
                )
            )
        else:
            out.append(day_row(r))
    return out
