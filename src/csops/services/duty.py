"""Evening duty and weekend rotation (DUTY-1..4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _
from csops.rules.duty import StartReason
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import ROLE_WORDS, get_by_login, logins_by_id
from csops.views import WEEKDAY_WORDS, View, shown

if TYPE_CHECKING:
    from csops.rules.duty import NextStart

# DUTY-2: why a person starts when they do, in the reader's words (JSON keeps the codes)
START_WORDS: dict[str, str] = {
    StartReason.NORMAL: N_("normal"),
    StartReason.LATE_START: N_("late-start"),
    StartReason.MORNING_OFF: N_("morning-off"),
}


@dataclass(frozen=True)
class DutyView(View):
    """DUTY-1/2/3: an evening's work, its meal allowance and the next start it gives."""

    id: int = shown(N_("ID"), "int")
    staff: str = shown(N_("Staff"), "person")
    date: date = shown(N_("Date"), "date")
    end: datetime = shown(N_("End"), "datetime")
    meal_allowance: bool = shown(N_("Meal allowance"), "bool")
    allowance_amount: Decimal | None = shown(N_("Allowance amount"), "money")
    next_start: datetime = shown(N_("Next start"), "datetime")
    next_start_reason: StartReason = shown(N_("Why"), "code", words=START_WORDS)
    noticed: bool = shown(N_("Head knew in time"), "bool")
    assigned_by: str | None = shown(N_("Assigned by"), "person")
    recorded_at: datetime | None = shown(N_("Recorded at"), "datetime")


@dataclass(frozen=True)
class LoggedDutyView(DutyView):
    """DUTY-3/ATTEND-2: an evening just logged, with what the head must know about it."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


@dataclass(frozen=True)
class NextStartView(View):
    """DUTY-2/ATTEND-2: when a person starts on the working day after an evening."""

    staff: str = shown(N_("Staff"), "person")
    date: date = shown(N_("Date"), "date")
    end: datetime | None = shown(N_("End"), "datetime")
    next_start: datetime = shown(N_("Next start"), "datetime")
    next_start_reason: StartReason = shown(N_("Why"), "code", words=START_WORDS)
    clause: str = shown(N_("Clause"))


def compute_next_start(ctx: Ctx, staff: Any, day: date, ends_at: datetime) -> NextStart:
    """DUTY-2 for one evening, on this department's calendar and the policy of that evening."""
    from csops.rules.duty import next_start

    p = ctx.policy_on(day)
    base = staff.base_start or p["workday.start"]
    return next_start(
        day,
        ends_at,
        ctx.calendar.next_workday(day),
        base,
        late_start_after=p["duty.late_start_after"],
        late_start_time=p["duty.late_start_time"],
        morning_off_after=p["duty.morning_off_after"],
        afternoon_start=p["workday.afternoon_start"],
    )


def noticed(ctx: Ctx, staff: Any, duty: Any, ns: NextStart) -> bool:
    """ATTEND-2: the evening was recorded before the next working day's normal start (the head knew)."""
    from csops.rules.duty import start_noticed

    if duty.recorded_at is None:
        return True
    normal = staff.base_start or ctx.policy_on(ns.day)["workday.start"]
    return start_noticed(ctx.local(duty.recorded_at), ns.day, normal).ok


def _duty_fields(ctx: Ctx, duty: Any, staff: Any, logins: dict[int, str]) -> dict[str, Any]:
    from csops.rules.duty import meal_allowance

    policy = ctx.policy_on(duty.day)
    allowance = meal_allowance(duty.day, ctx.local(duty.ends_at), allowance_from=policy["duty.meal_allowance_from"])
    ns = compute_next_start(ctx, staff, duty.day, ctx.local(duty.ends_at))
    amount = policy["duty.meal_allowance_amount"]
    return {
        "id": duty.id,
        "staff": staff.login,
        "date": duty.day,
        "end": ctx.local(duty.ends_at),
        "meal_allowance": allowance.ok,
        "allowance_amount": amount if (allowance.ok and amount is not None) else None,
        "next_start": datetime.combine(ns.day, ns.start, tzinfo=ctx.now.tzinfo),
        "next_start_reason": StartReason(ns.reason),
        "noticed": ns.reason == "normal" or noticed(ctx, staff, duty, ns),
        "assigned_by": logins.get(duty.assigned_by_id),
        "recorded_at": ctx.local(duty.recorded_at),
    }


def duty_view(ctx: Ctx, duty: Any, staff: Any, logins: dict[int, str]) -> DutyView:
    return DutyView(**_duty_fields(ctx, duty, staff, logins))


def log_duty(ctx: Ctx, *, staff_login: str, day: date, end: time, assigned_by: str | None) -> LoggedDutyView:
    """DUTY-3: evening work is arranged by a representative, the head, or a supervisor between
    them; csops records who. ATTEND-2: recording it before the next working day's normal start
    is the notice to the head that makes the later start count."""
    from sqlmodel import select

    from csops.models import EveningDuty
    from csops.rules.duty import arranged_by, evening_end

    ctx.require("duty log")
    staff = get_by_login(ctx, staff_login)
    assigner = get_by_login(ctx, assigned_by) if assigned_by else ctx.me
    verdict = arranged_by(assigner.role)
    if not verdict.ok:
        raise Refused(
            _("Evening work is arranged by a representative, a supervisor or the head; {login} is {role}.").format(
                login=assigner.login, role=_(ROLE_WORDS.get(assigner.role, assigner.role))
            ),
            clause="DUTY-3",
        )
    if day > ctx.today:
        raise BadInput(_("An evening is logged after it happened; {day} is in the future.").format(day=day.isoformat()))
    ends_at = evening_end(day, end, ctx.now.tzinfo)
    if ends_at > ctx.now:
        raise BadInput(
            _("The evening's end ({end}) is still in the future.").format(end=ends_at.isoformat(" ", "minutes"))
        )
    if ctx.session.exec(select(EveningDuty.id).where(EveningDuty.staff_id == staff.id, EveningDuty.day == day)).first():
        raise Refused(_("{login}'s evening of {day} is logged already.").format(login=staff.login, day=day.isoformat()))
    duty = EveningDuty(staff_id=staff.id, day=day, ends_at=ends_at, assigned_by_id=assigner.id, recorded_at=ctx.now)
    ctx.session.add(duty)
    ctx.session.flush()
    audit(ctx, "duty.log", "evening_duty", duty.id, after=duty)
    row = _duty_fields(ctx, duty, staff, {assigner.id: assigner.login})
    nxt, start, reason = person_next_start(ctx, staff, day)  # with every evening of the person, not this one alone
    row["next_start"] = datetime.combine(nxt, start, tzinfo=ctx.now.tzinfo)
    row["next_start_reason"] = StartReason(reason)
    notes = (
        ()
        if row["noticed"]
        else (
            _(
                "Recorded after {login}'s normal start on {day}: the head did not know in time, so the later start does not "
                "excuse the arrival (ATTEND-3) unless the head confirms it: `csops attendance start --staff {login} --date {day} --at HH:MM` (ATTEND-4)."
            ).format(login=staff.login, day=nxt.isoformat()),
        )
    )
    return LoggedDutyView(**row, notes=notes)


def person_next_start(ctx: Ctx, staff: Any, day: date) -> tuple[date, time, str]:
    """DUTY-2/ATTEND-2: the person's start on the working day after ``day``: the latest later start
    that any evening before that day gives it and the head knew of in time (one evening never
    cancels another's), else the normal start."""
    from sqlmodel import select

    from csops.models import EveningDuty
    from csops.rules.duty import latest_start

    nxt = ctx.calendar.next_workday(day)
    normal = staff.base_start or ctx.policy_on(nxt)["workday.start"]
    starts: list[NextStart] = []
    for d in ctx.session.exec(
        select(EveningDuty).where(
            EveningDuty.staff_id == staff.id, EveningDuty.day < nxt, EveningDuty.day >= day - timedelta(days=31)
        )
    ):
        ns = compute_next_start(ctx, staff, d.day, ctx.local(d.ends_at))
        if ns.day == nxt and ns.reason != "normal" and noticed(ctx, staff, d, ns):
            starts.append(ns)
    best = latest_start(starts)
    return (nxt, best.start, best.reason) if best is not None else (nxt, normal, "normal")


def next_start_for(ctx: Ctx, staff_login: str, day: date) -> NextStartView:
    """DUTY-2/ATTEND-2: when the person starts on the working day after ``day``."""
    from sqlmodel import select

    from csops.models import EveningDuty

    staff = get_by_login(ctx, staff_login)
    duty = ctx.session.exec(select(EveningDuty).where(EveningDuty.staff_id == staff.id, EveningDuty.day == day)).first()
    nxt, start, reason = person_next_start(ctx, staff, day)
    return NextStartView(
        staff=staff.login,
        date=day,
        end=ctx.local(duty.ends_at) if duty else None,
        next_start=datetime.combine(nxt, start, tzinfo=ctx.now.tzinfo),
        next_start_reason=StartReason(reason),
        clause="DUTY-2",
    )


def list_duties(ctx: Ctx, *, month: str | None, staff_login: str | None) -> list[DutyView]:
    from sqlmodel import select

    from csops.dates import month_range, parse_month
    from csops.models import EveningDuty, Staff

    q = select(EveningDuty, Staff).join(Staff, Staff.id == EveningDuty.staff_id).order_by(EveningDuty.day, Staff.login)
    if month:
        first, last = month_range(*parse_month(month, ctx.today))
        q = q.where(EveningDuty.day >= first, EveningDuty.day <= last)
    if staff_login:
        q = q.where(EveningDuty.staff_id == get_by_login(ctx, staff_login).id)
    if not ctx.may("duty log") and not ctx.may("see the department's records"):
        q = q.where(EveningDuty.staff_id == ctx.me.id)
    logins = logins_by_id(ctx)
    return [duty_view(ctx, d, s, logins) for d, s in ctx.session.exec(q)]


# -- weekend rotation (DUTY-4) ----------------------------------------------------


@dataclass(frozen=True)
class MarkView(View):
    """DUTY-4: a weekend day marked (or unmarked) as needing on-site work."""

    date: date = shown(N_("Date"), "date")
    weekday: str = shown(N_("Weekday"), "code", words=WEEKDAY_WORDS)
    marked: bool = shown(N_("Marked"), "bool")
    note: str | None = shown(N_("Note"))


@dataclass(frozen=True)
class MarkedDayView(View):
    """DUTY-4: a marked weekend day of a month and who is on duty."""

    date: date = shown(N_("Date"), "date")
    weekday: str = shown(N_("Weekday"), "code", words=WEEKDAY_WORDS)
    marked_by: str | None = shown(N_("Marked by"), "person")
    note: str | None = shown(N_("Note"))
    staff: str | None = shown(N_("Staff"), "person")


@dataclass(frozen=True)
class RosterView(View):
    """DUTY-4: a marked weekend day and its on-site person (written, or proposed)."""

    date: date = shown(N_("Date"), "date")
    weekday: str = shown(N_("Weekday"), "code", words=WEEKDAY_WORDS)
    staff: str = shown(N_("Staff"), "person")
    written: bool = shown(N_("Written"), "bool")


@dataclass(frozen=True)
class SwapView(View):
    """DUTY-4: a weekend day of the roster after a swap."""

    date: date = shown(N_("Date"), "date")
    staff: str = shown(N_("Staff"), "person")


@dataclass(frozen=True)
class CompRestTakenView(View):
    """DUTY-4: a compensatory rest day: when it was earned and when it is taken."""

    id: int = shown(N_("ID"), "int")
    staff: str = shown(N_("Staff"), "person")
    earned_on: date = shown(N_("Earned on"), "date")
    taken_on: date | None = shown(N_("Taken on"), "date")


@dataclass(frozen=True)
class CompRestView(CompRestTakenView):
    """DUTY-4: a compensatory rest day, and whether it is still to take."""

    left: bool = shown(N_("Left"), "bool")


def weekend_days(ctx: Ctx, first: date, last: date) -> list[date]:
    """DUTY-4: Saturdays and Sundays that are not working days (a make-up Saturday is worked as usual)."""
    from csops.dates import iter_days

    return [d for d in iter_days(first, last) if d.weekday() >= 5 and not ctx.calendar.is_workday(d)]


def mark_days(ctx: Ctx, days: list[date], *, note: str | None, unmark: bool = False) -> list[MarkView]:
    """DUTY-4: someone with authority (head, supervisor, representative) marks the weekend days
    that need on-site work; only those get a duty. Unmarking removes a day not yet worked,
    with its duty and the rest it earned."""
    from sqlmodel import select

    from csops.models import CompRest, WeekendDuty, WeekendNeed
    from csops.rules.duty import markable

    ctx.require("duty unmark" if unmark else "duty mark")
    if not days:
        raise BadInput(_("Give at least one date."))
    out = []
    for d in sorted(set(days)):
        row = ctx.session.get(WeekendNeed, d)
        if unmark:
            if row is None:
                raise Refused(
                    _("{day} is not marked as needing on-site work.").format(day=d.isoformat()), clause="DUTY-4"
                )
            duty = ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day == d)).first()
            if duty is not None:
                if d <= ctx.today:
                    raise Refused(
                        _("{day} was worked already: its duty stays on record.").format(day=d.isoformat()),
                        clause="DUTY-4",
                    )
                for rest in ctx.session.exec(
                    select(CompRest).where(CompRest.staff_id == duty.staff_id, CompRest.earned_on == d)
                ):
                    if rest.taken_on is not None:
                        raise Refused(
                            _("The rest day earned on {day} was taken already.").format(day=d.isoformat()),
                            clause="DUTY-4",
                        )
                    ctx.session.delete(rest)
                audit(ctx, "duty.unroster", "weekend_duty", duty.id, before=duty)
                ctx.session.delete(duty)
            audit(ctx, "duty.unmark", "weekend_need", d.isoformat(), before=row)
            ctx.session.delete(row)
            out.append(MarkView(d, d.strftime("%a"), marked=False, note=row.note))
            continue
        v = markable(d, ctx.calendar.is_workday(d))
        if not v.ok:
            raise Refused(
                _(
                    "{day} is not a weekend day off: only a Saturday or Sunday that is not a working day needs "
                    "an on-site duty."
                ).format(day=d.isoformat()),
                clause="DUTY-4",
            )
        if row is not None:
            raise Refused(_("{day} is marked already.").format(day=d.isoformat()), clause="DUTY-4")
        row = WeekendNeed(day=d, marked_by_id=ctx.me.id, marked_at=ctx.now, note=(note or "").strip() or None)
        ctx.session.add(row)
        ctx.session.flush()
        audit(ctx, "duty.mark", "weekend_need", d.isoformat(), after=row)
        out.append(MarkView(d, d.strftime("%a"), marked=True, note=row.note))
    return out


def roster(ctx: Ctx, month: str, *, write: bool) -> list[RosterView]:
    """DUTY-4: the month's marked weekend days, each with its on-site person: those written, and
    for the marked days without one, a fair pick (``--write`` stores them, each earning
    ``duty.comp_rest_per_weekend_day`` rest days)."""
    from sqlmodel import func, select

    from csops.dates import month_range, parse_month
    from csops.models import CompRest, Staff, WeekendDuty, WeekendNeed
    from csops.rules.duty import weekend_roster

    first, last = month_range(*parse_month(month, ctx.today))
    if write:
        ctx.require("duty roster --write")
    marked = {
        n.day: n for n in ctx.session.exec(select(WeekendNeed).where(WeekendNeed.day >= first, WeekendNeed.day <= last))
    }
    existing = {
        w.day: w.staff_id
        for w in ctx.session.exec(
            select(WeekendDuty).where(
                WeekendDuty.day >= first - timedelta(days=1), WeekendDuty.day <= last + timedelta(days=1)
            )
        )
    }
    open_days = sorted(d for d in marked if d not in existing)
    logins = logins_by_id(ctx)
    plan: list[tuple[date, int]] = []
    if open_days:
        people = list(
            ctx.session.exec(
                select(Staff.id).where(Staff.role == "onsite", Staff.active.is_(True)).order_by(Staff.login)
            )
        )
        if not people:
            raise Refused(_("There is no active on-site staff to put on the weekend roster."), clause="DUTY-4")
        counts = dict(ctx.session.exec(select(WeekendDuty.staff_id, func.count()).group_by(WeekendDuty.staff_id)).all())
        plan = weekend_roster(open_days, people, counts, existing)
    if write and not plan:
        raise Refused(
            _(
                "No marked weekend day of {month} is waiting for a duty: mark the days that need on-site work "
                "first (`csops duty mark DATE`)."
            ).format(month=month),
            clause="DUTY-4",
        )
    for d, sid in plan:
        if write:
            w = WeekendDuty(day=d, staff_id=sid)
            ctx.session.add(w)
            for _k in range(ctx.policy_on(d)["duty.comp_rest_per_weekend_day"]):
                ctx.session.add(CompRest(staff_id=sid, earned_on=d))
            ctx.session.flush()
            audit(ctx, "duty.roster", "weekend_duty", w.id, after=w)
    rows = [
        RosterView(d, d.strftime("%a"), logins[sid], written=True)
        for d, sid in sorted(existing.items())
        if first <= d <= last
    ]
    rows += [RosterView(d, d.strftime("%a"), logins[sid], written=write) for d, sid in plan]
    return sorted(rows, key=lambda r: r.date)


def marked_days(ctx: Ctx, month: str) -> list[MarkedDayView]:
    from sqlmodel import select

    from csops.dates import month_range, parse_month
    from csops.models import WeekendDuty, WeekendNeed

    first, last = month_range(*parse_month(month, ctx.today))
    logins = logins_by_id(ctx)
    duties = {
        w.day: w.staff_id
        for w in ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day >= first, WeekendDuty.day <= last))
    }
    return [
        MarkedDayView(
            date=n.day,
            weekday=n.day.strftime("%a"),
            marked_by=logins.get(n.marked_by_id),
            note=n.note,
            staff=logins.get(duties[n.day]) if n.day in duties else None,
        )
        for n in ctx.session.exec(
            select(WeekendNeed).where(WeekendNeed.day >= first, WeekendNeed.day <= last).order_by(WeekendNeed.day)
        )
    ]


def swap(ctx: Ctx, day: date, *, other_day: date | None, to_login: str | None) -> list[SwapView]:
    """DUTY-4: hand a weekend day to someone else, or exchange two days; the comp rest moves too."""
    from sqlmodel import select

    from csops.models import CompRest, WeekendDuty

    ctx.require("duty swap")
    if (other_day is None) == (to_login is None):
        raise BadInput(_("Give either a second date to exchange with, or --staff LOGIN."))

    def load(d: date) -> Any:
        w = ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day == d)).first()
        if w is None:
            raise NotFound(_("Nobody is on the weekend roster on {day}.").format(day=d.isoformat()))
        return w

    def move(w: Any, new_staff: int) -> None:
        rests = list(
            ctx.session.exec(select(CompRest).where(CompRest.staff_id == w.staff_id, CompRest.earned_on == w.day))
        )
        if any(r.taken_on is not None for r in rests):
            raise Refused(
                _("The rest day earned on {day} was taken already; it cannot move.").format(day=w.day.isoformat()),
                clause="DUTY-4",
            )
        before = snapshot(w)
        w.staff_id = new_staff
        for rest in rests:  # every rest day the duty earned (duty.comp_rest_per_weekend_day)
            rest.staff_id = new_staff
            ctx.session.add(rest)
        ctx.session.add(w)
        audit(ctx, "duty.swap", "weekend_duty", w.id, before=before, after=w)

    a = load(day)
    if to_login is not None:  # as checked above: an empty --to is refused as an unknown login
        person = get_by_login(ctx, to_login)
        if person.role != "onsite" or not person.active:
            raise Refused(
                _("Weekend duty is for active on-site staff; {login} is not.").format(login=person.login),
                clause="DUTY-4",
            )
        move(a, person.id)
        changed = [a]
    else:
        assert other_day is not None  # exactly one of the two is given (checked above)
        b = load(other_day)
        sa, sb = a.staff_id, b.staff_id
        move(a, sb)
        move(b, sa)
        changed = [a, b]

    logins = logins_by_id(ctx)
    return [SwapView(w.day, logins[w.staff_id]) for w in changed]


def comp_rest_list(ctx: Ctx, staff_login: str | None) -> list[CompRestView]:
    from sqlmodel import select

    from csops.models import CompRest, Staff

    q = select(CompRest, Staff).join(Staff, Staff.id == CompRest.staff_id).order_by(CompRest.earned_on)
    if staff_login:
        q = q.where(CompRest.staff_id == get_by_login(ctx, staff_login).id)
    if not ctx.may("duty log") and not ctx.may("see the department's records"):
        q = q.where(CompRest.staff_id == ctx.me.id)
    return [
        CompRestView(r.id, s.login, r.earned_on, r.taken_on, left=r.taken_on is None) for r, s in ctx.session.exec(q)
    ]


def comp_rest_take(ctx: Ctx, day: date, staff_login: str | None) -> CompRestTakenView:
    """DUTY-4: take one earned rest day (the oldest) on a working day."""
    from sqlmodel import select

    from csops.models import CompRest

    staff = get_by_login(ctx, staff_login) if staff_login else ctx.me
    if staff.id != ctx.me.id:
        ctx.require("duty comp-rest take --staff")
    if not ctx.calendar.is_workday(day):
        raise Refused(
            _("{day} is not a working day: there is nothing to rest from.").format(day=day.isoformat()), clause="DUTY-4"
        )
    if ctx.session.exec(select(CompRest.id).where(CompRest.staff_id == staff.id, CompRest.taken_on == day)).first():
        raise Refused(
            _("{login} takes a rest day on {day} already.").format(login=staff.login, day=day.isoformat()),
            clause="DUTY-4",
        )
    rest = ctx.session.exec(
        select(CompRest)
        .where(
            CompRest.staff_id == staff.id,
            CompRest.taken_on.is_(None),
            CompRest.earned_on < day,
        )
        .order_by(CompRest.earned_on)
    ).first()
    if rest is None:
        raise Refused(
            _("{login} has no compensatory rest day earned before {day}.").format(
                login=staff.login, day=day.isoformat()
            ),
            clause="DUTY-4",
        )
    before = snapshot(rest)
    rest.taken_on = day
    ctx.session.add(rest)
    audit(ctx, "duty.comp_rest_take", "comp_rest", rest.id, before=before, after=rest)
    return CompRestTakenView(rest.id, staff.login, rest.earned_on, day)
