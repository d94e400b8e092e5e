"""Evening duty and weekend rotation (DUTY-1..4)."""
from __future__ import annotations

from datetime import date, datetime, time

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import _
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import get_by_login, logins_by_id

DUTY_ROLES = ("head", "supervisor", "rep")


def compute_next_start(ctx: Ctx, staff, day: date, ends_at: datetime):
    """DUTY-2 for one evening, on this department's calendar and policy."""
    from csops.rules.duty import next_start

    p = ctx.policy
    base = staff.base_start or p["workday.start"]
    return next_start(day, ends_at, ctx.calendar.next_workday(day), base,
                      late_start_after=p["duty.late_start_after"], late_start_time=p["duty.late_start_time"],
                      morning_off_after=p["duty.morning_off_after"], afternoon_start=p["workday.afternoon_start"])


def duty_view(ctx: Ctx, duty, staff, logins: dict[int, str]) -> dict:
    from csops.rules.duty import meal_allowance

    allowance = meal_allowance(duty.day, ctx.local(duty.ends_at), allowance_from=ctx.policy["duty.meal_allowance_from"])
    ns = compute_next_start(ctx, staff, duty.day, ctx.local(duty.ends_at))
    amount = ctx.policy["duty.meal_allowance_amount"]
    return {"id": duty.id, "staff": staff.login, "date": duty.day, "end": ctx.local(duty.ends_at),
            "meal_allowance": allowance.ok, "allowance_amount": amount if (allowance.ok and amount is not None) else None,
            "next_start": f"{ns.day.isoformat()} {ns.start.strftime('%H:%M')}", "next_start_reason": ns.reason,
            "assigned_by": logins.get(duty.assigned_by_id)}


def log_duty(ctx: Ctx, *, staff_login: str, day: date, end: time, assigned_by: str | None) -> dict:
    """DUTY-3: evening work is arranged by a representative or the head."""
    from sqlmodel import select

    from csops.models import EveningDuty
    from csops.rules.duty import evening_end

    ctx.require(*DUTY_ROLES, reason="(DUTY-3)")
    staff = get_by_login(ctx, staff_login)
    if not assigned_by and ctx.actor.role not in ("rep", "head"):
        raise BadInput(_("Say who arranged the evening: --assigned-by LOGIN, a representative or the head (DUTY-3)."))
    assigner = get_by_login(ctx, assigned_by) if assigned_by else ctx.actor
    if assigner.role not in ("rep", "head"):
        raise Refused(_("Evening work is arranged by a representative or the head; {login} is {role}.").format(
            login=assigner.login, role=assigner.role), clause="DUTY-3")
    if day > ctx.today:
        raise BadInput(_("An evening is logged after it happened; {day} is in the future.").format(day=day.isoformat()))
    ends_at = evening_end(day, end, ctx.now.tzinfo)
    if ends_at > ctx.now:
        raise BadInput(_("The evening's end ({end}) is still in the future.").format(end=ends_at.isoformat(" ", "minutes")))
    if ctx.session.exec(select(EveningDuty.id).where(EveningDuty.staff_id == staff.id, EveningDuty.day == day)).first():
        raise Refused(_("{login}'s evening of {day} is logged already.").format(login=staff.login, day=day.isoformat()))
    duty = EveningDuty(staff_id=staff.id, day=day, ends_at=ends_at, assigned_by_id=assigner.id)
    ctx.session.add(duty)
    ctx.session.flush()
    audit(ctx, "duty.log", "evening_duty", duty.id, after=duty)
    return duty_view(ctx, duty, staff, {assigner.id: assigner.login})


def next_start_for(ctx: Ctx, staff_login: str, day: date) -> dict:
    """DUTY-2: when the person starts on the working day after ``day``."""
    from sqlmodel import select

    from csops.models import EveningDuty

    staff = get_by_login(ctx, staff_login)
    duty = ctx.session.exec(select(EveningDuty).where(EveningDuty.staff_id == staff.id, EveningDuty.day == day)).first()
    if duty is None:
        nxt = ctx.calendar.next_workday(day)
        start = staff.base_start or ctx.policy["workday.start"]
        return {"staff": staff.login, "date": day, "end": None, "next_start": f"{nxt.isoformat()} {start.strftime('%H:%M')}",
                "next_start_reason": "normal", "clause": "DUTY-2"}
    ns = compute_next_start(ctx, staff, day, ctx.local(duty.ends_at))
    return {"staff": staff.login, "date": day, "end": ctx.local(duty.ends_at),
            "next_start": f"{ns.day.isoformat()} {ns.start.strftime('%H:%M')}", "next_start_reason": ns.reason,
            "clause": "DUTY-2"}


def list_duties(ctx: Ctx, *, month: str | None, staff_login: str | None) -> list[dict]:
    from sqlmodel import select

    from csops.dates import month_range, parse_month
    from csops.models import EveningDuty, Staff

    q = select(EveningDuty, Staff).join(Staff, Staff.id == EveningDuty.staff_id).order_by(EveningDuty.day, Staff.login)
    if month:
        first, last = month_range(*parse_month(month, ctx.today))
        q = q.where(EveningDuty.day >= first, EveningDuty.day <= last)
    if staff_login:
        q = q.where(EveningDuty.staff_id == get_by_login(ctx, staff_login).id)
    if not ctx.has_role("head", "assistant", "supervisor", "rep"):
        q = q.where(EveningDuty.staff_id == ctx.actor.id)
    logins = logins_by_id(ctx)
    return [duty_view(ctx, d, s, logins) for d, s in ctx.session.exec(q)]


# -- weekend rotation (DUTY-4) ----------------------------------------------------

def weekend_days(ctx: Ctx, first: date, last: date) -> list[date]:
    """DUTY-4: Saturdays and Sundays that are not working days (a make-up Saturday is worked as usual)."""
    from csops.dates import iter_days

    return [d for d in iter_days(first, last) if d.weekday() >= 5 and not ctx.calendar.is_workday(d)]


def roster(ctx: Ctx, month: str, *, write: bool) -> list[dict]:
    from sqlmodel import func, select

    from csops.dates import month_range, parse_month
    from csops.models import CompRest, Staff, WeekendDuty
    from csops.rules.duty import weekend_roster

    first, last = month_range(*parse_month(month, ctx.today))
    existing = list(ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day >= first, WeekendDuty.day <= last)))
    logins = logins_by_id(ctx)
    if existing and write:
        raise Refused(_("The roster of {month} is written already; change it with `csops duty swap`.").format(month=month))
    if existing:
        return [{"date": w.day, "weekday": w.day.strftime("%a"), "staff": logins[w.staff_id], "written": True}
                for w in sorted(existing, key=lambda w: w.day)]
    if write:
        ctx.require(*DUTY_ROLES, reason="(DUTY-3)")
    people = list(ctx.session.exec(select(Staff.id).where(Staff.role == "onsite", Staff.active == True).order_by(Staff.login)))  # noqa: E712
    if not people:
        raise Refused(_("There is no active on-site staff to put on the weekend roster."), clause="DUTY-4")
    prior = dict(ctx.session.exec(select(WeekendDuty.staff_id, func.count()).where(WeekendDuty.day < first).group_by(WeekendDuty.staff_id)).all())
    last_before = ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day < first).order_by(WeekendDuty.day.desc())).first()
    plan = weekend_roster(weekend_days(ctx, first, last), people, prior,
                          (last_before.day, last_before.staff_id) if last_before else None)
    rows = []
    for d, sid in plan:
        if write:
            w = WeekendDuty(day=d, staff_id=sid)
            ctx.session.add(w)
            ctx.session.add(CompRest(staff_id=sid, earned_on=d))
            ctx.session.flush()
            audit(ctx, "duty.roster", "weekend_duty", w.id, after=w)
        rows.append({"date": d, "weekday": d.strftime("%a"), "staff": logins[sid], "written": write})
    return rows


def swap(ctx: Ctx, day: date, *, other_day: date | None, to_login: str | None) -> list[dict]:
    """DUTY-4: hand a weekend day to someone else, or exchange two days; the comp rest moves too."""
    from sqlmodel import select

    from csops.models import CompRest, WeekendDuty

    ctx.require(*DUTY_ROLES, reason="(DUTY-3)")
    if (other_day is None) == (to_login is None):
        raise BadInput(_("Give either a second date to exchange with, or --to LOGIN."))

    def load(d: date):
        w = ctx.session.exec(select(WeekendDuty).where(WeekendDuty.day == d)).first()
        if w is None:
            raise NotFound(_("Nobody is on the weekend roster on {day}.").format(day=d.isoformat()))
        return w

    def move(w, new_staff: int) -> None:
        rest = ctx.session.exec(select(CompRest).where(CompRest.staff_id == w.staff_id, CompRest.earned_on == w.day)).first()
        if rest is not None and rest.taken_on is not None:
            raise Refused(_("The rest day earned on {day} was taken already; it cannot move.").format(day=w.day.isoformat()), clause="DUTY-4")
        before = snapshot(w)
        w.staff_id = new_staff
        if rest is not None:
            rest.staff_id = new_staff
            ctx.session.add(rest)
        ctx.session.add(w)
        audit(ctx, "duty.swap", "weekend_duty", w.id, before=before, after=w)

    a = load(day)
    if to_login:
        person = get_by_login(ctx, to_login)
        if person.role != "onsite" or not person.active:
            raise Refused(_("Weekend duty is for active on-site staff; {login} is not.").format(login=person.login), clause="DUTY-4")
        move(a, person.id)
        changed = [a]
    else:
        b = load(other_day)
        sa, sb = a.staff_id, b.staff_id
        move(a, sb)
        move(b, sa)
        changed = [a, b]

    logins = logins_by_id(ctx)
    return [{"date": w.day, "staff": logins[w.staff_id]} for w in changed]


def comp_rest_list(ctx: Ctx, staff_login: str | None) -> list[dict]:
    from sqlmodel import select

    from csops.models import CompRest, Staff

    q = select(CompRest, Staff).join(Staff, Staff.id == CompRest.staff_id).order_by(CompRest.earned_on)
    if staff_login:
        q = q.where(CompRest.staff_id == get_by_login(ctx, staff_login).id)
    if not ctx.has_role("head", "assistant", "supervisor", "rep"):
        q = q.where(CompRest.staff_id == ctx.actor.id)
    return [{"id": r.id, "staff": s.login, "earned_on": r.earned_on, "taken_on": r.taken_on, "left": r.taken_on is None}
            for r, s in ctx.session.exec(q)]


def comp_rest_take(ctx: Ctx, day: date, staff_login: str | None) -> dict:
    """DUTY-4: take one earned rest day (the oldest) on a working day."""
    from sqlmodel import select

    from csops.models import CompRest

    staff = get_by_login(ctx, staff_login) if staff_login else ctx.actor
    if staff.id != ctx.actor.id:
        ctx.require("head", "supervisor", reason="(DUTY-4)")
    if not ctx.calendar.is_workday(day):
        raise Refused(_("{day} is not a working day: there is nothing to rest from.").format(day=day.isoformat()), clause="DUTY-4")
    if ctx.session.exec(select(CompRest.id).where(CompRest.staff_id == staff.id, CompRest.taken_on == day)).first():
        raise Refused(_("{login} takes a rest day on {day} already.").format(login=staff.login, day=day.isoformat()), clause="DUTY-4")
    rest = ctx.session.exec(select(CompRest).where(CompRest.staff_id == staff.id, CompRest.taken_on == None,  # noqa: E711
                                                   CompRest.earned_on < day).order_by(CompRest.earned_on)).first()
    if rest is None:
        raise Refused(_("{login} has no compensatory rest day earned before {day}.").format(login=staff.login, day=day.isoformat()), clause="DUTY-4")
    before = snapshot(rest)
    rest.taken_on = day
    ctx.session.add(rest)
    audit(ctx, "duty.comp_rest_take", "comp_rest", rest.id, before=before, after=rest)
    return {"id": rest.id, "staff": staff.login, "earned_on": rest.earned_on, "taken_on": day}
