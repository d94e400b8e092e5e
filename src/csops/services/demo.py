"""`csops demo`: a realistic sample department on a fresh database."""
from __future__ import annotations

import random
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

from csops.errors import Refused
from csops.i18n import _
from csops.services.context import Ctx, Options

STAFF = [
    # login, name, role, superior, team, email
    ("zhao.gang", "赵刚", "manager", None, None),
    ("wang.fang", "王芳", "head", "zhao.gang", None),
    ("li.qiang", "李强", "supervisor", "wang.fang", None),
    ("chen.jing", "陈静", "supervisor", "wang.fang", None),
    ("zhou.min", "周敏", "assistant", "wang.fang", None),
    ("liu.yang", "刘洋", "rep", "li.qiang", None),
    ("zhang.wei", "张伟", "rep", "li.qiang", None),
    ("sun.li", "孙丽", "rep", "chen.jing", None),
    ("wu.hao", "吴昊", "onsite", "chen.jing", None),
    ("zheng.kai", "郑凯", "onsite", "chen.jing", None),
    ("xu.lei", "徐磊", "onsite", "chen.jing", None),
    ("huang.yan", "黄燕", "frontdesk", None, None),
    ("ma.jun", "马军", "ops", None, "运作一组"),
    ("he.tao", "何涛", "ops", None, "运作二组"),
]


def build_demo(db: str | None) -> dict:
    from csops.clock import read_now
    from csops.config import load_config, to_url
    from csops.db import make_engine, session_scope, upgrade
    from csops.services.context import load_policy

    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="csops-demo-")) / "csops.db")
    url = to_url(db)
    if url.startswith("sqlite") and Path(url[len("sqlite:///"):]).exists() and Path(url[len("sqlite:///"):]).stat().st_size > 0:
        raise Refused(_("{path} exists already: the demo writes a fresh file.").format(path=db))
    config = load_config()
    policy = load_policy(config)
    engine = make_engine(url, create=True)
    try:
        upgrade(engine)
        now = read_now(policy.tz)
        with session_scope(engine, write=True) as session:
            ctx = Ctx(session=session, engine=engine, url=url, now=now, policy=policy, config=config, os_user="demo", system=True)
            people = _populate(ctx, now)
        with session_scope(engine, write=False) as session:
            from csops.services.agenda import agenda
            from csops.services.staff import list_staff

            ctx = Ctx(session=session, engine=engine, url=url, now=now, policy=policy, config=config, os_user="demo")
            ctx.actor = people["wang.fang"]
            items = agenda(ctx)
            staff = list_staff(ctx)
    finally:
        engine.dispose()
    return {"database": db, "head": "wang.fang", "now": now.isoformat(timespec="minutes"), "staff": staff, "agenda": items}


def _at(ctx: Ctx, d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=ctx.now.tzinfo)


def _populate(ctx: Ctx, now: datetime) -> dict:
    from csops.dates import iter_days
    from csops.services import attendance, duty, leave
    from csops.services.staff import add_staff

    rng = random.Random(20261127)
    people = {}
    for login, name, role, sup, team in STAFF:
        people[login] = add_staff(ctx, login=login, name=name, role=role, superior=sup, team=team,
                                  email=f"{login}@example.com", check_permission=False)
    real_now = ctx.now

    def as_(login: str, when: datetime) -> None:
        ctx.actor, ctx.system, ctx.now = people[login], False, when

    today = now.date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    cal = ctx.calendar
    workdays = [d for d in iter_days(first, today) if cal.is_workday(d)]
    past = [d for d in workdays if d < today]

    # weekend roster for both months (DUTY-4), one comp rest taken
    for m in {(first.year, first.month), (today.year, today.month)}:
        as_("wang.fang", _at(ctx, first, time(9)))
        duty.roster(ctx, f"{m[0]}-{m[1]:02d}", write=True)
    rests = duty.comp_rest_list(ctx, None)
    if rests and len(past) > 3:
        r0 = rests[0]
        day = next((d for d in past if d > r0["earned_on"]), None)
        if day is not None:
            as_("chen.jing", _at(ctx, day - timedelta(days=1), time(17)))
            duty.comp_rest_take(ctx, day, r0["staff"])

    # leave: approved personal leave, a late-notice special leave, a pending one for the head
    if len(past) > 10:
        d = past[5]
        as_("zhang.wei", _at(ctx, d - timedelta(days=2), time(16)))
        lv = leave.request_leave(ctx, leave_type="personal", start_text=d.isoformat(), end_text=d.isoformat(), reason="家里有事")
        as_("li.qiang", _at(ctx, d - timedelta(days=2), time(17)))
        leave.decide(ctx, lv["id"], approve=True, note=None)
        as_("wang.fang", _at(ctx, d - timedelta(days=1), time(9, 30)))
        leave.decide(ctx, lv["id"], approve=True, note=None)
        d2 = past[-3]
        as_("sun.li", _at(ctx, d2, time(8, 40)))
        leave.request_leave(ctx, leave_type="special", start_text=f"{d2.isoformat()} 09:00", end_text=f"{d2.isoformat()} 11:00", reason="孩子发烧")
    future = [d for d in iter_days(today + timedelta(days=1), today + timedelta(days=20)) if cal.is_workday(d)]
    if future:
        as_("liu.yang", now - timedelta(hours=1))
        lv = leave.request_leave(ctx, leave_type="annual", start_text=future[min(3, len(future) - 1)].isoformat(),
                                 end_text=future[min(4, len(future) - 1)].isoformat(), reason="年假")
        as_("li.qiang", now - timedelta(minutes=30))
        leave.decide(ctx, lv["id"], approve=True, note=None)

    # evening duties (DUTY-1/2)
    evenings = [(time(20, 45), "wu.hao"), (time(22, 30), "liu.yang"), (time(23, 15), "zheng.kai"), (time(21, 0), "sun.li")]
    for k, (end, login) in enumerate(evenings):
        if len(past) > 8 + 3 * k:
            d = past[-(2 + 3 * k)]
            as_("wang.fang", _at(ctx, d, time(23, 59)))
            duty.log_duty(ctx, staff_login=login, day=d, end=end, assigned_by="wang.fang")

    # a head's start time (ATTEND-4)
    if len(past) > 4:
        as_("wang.fang", _at(ctx, past[-5] - timedelta(days=1), time(18)))
        attendance.set_start(ctx, "xu.lei", past[-5], time(10, 30))

    # arrivals every working day (ATTEND-1), with some late, one violation, one absence
    dept = attendance.department(ctx)
    for i, d in enumerate(past + ([today] if now.time() >= time(9, 30) else [])):
        as_("huang.yan", _at(ctx, d, time(23, 59)))
        expected = attendance.evaluate(ctx, dept, d, d)
        entries = []
        for p in dept:
            exp = expected[(p.id, d)].expected
            if exp.start is None or not exp.working:
                continue
            if p.login == "xu.lei" and i == 7:
                continue  # absent without leave
            base = exp.start.hour * 60 + exp.start.minute
            jitter = rng.choice([-15, -10, -8, -5, -3, -2, 0, 0, 3, 7])
            if p.login == "zhang.wei" and i % 9 == 4:
                jitter = 25  # a violation
            m = base + jitter
            entries.append((p.login, time(m // 60, m % 60), time(18, rng.choice([0, 5, 20]))))
        if entries:
            attendance.record_arrivals(ctx, d, entries)
    if len(past) > 2:
        d = past[-2]
        as_("huang.yan", _at(ctx, d, time(23, 59)))
        attendance.record_away(ctx, "sun.li", _at(ctx, d, time(14, 10)), _at(ctx, d, time(14, 35)))
    ctx.now, ctx.system, ctx.actor = real_now, True, None
    return people
