"""`csops demo`: a realistic sample department on a fresh database."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from csops.errors import Refused
from csops.i18n import _
from csops.services.context import Ctx

Acting = Callable[[str, datetime], None]  # as_(login, when): act as that person at that moment

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


def build_demo(db: str | None) -> dict[str, Any]:
    from csops.clock import read_now
    from csops.config import load_config, to_url
    from csops.db import make_engine, session_scope, upgrade
    from csops.rules.policy import PolicyHistory

    if db is None:
        db = str(Path(tempfile.mkdtemp(prefix="csops-demo-")) / "csops.db")
    url = to_url(db)
    if (
        url.startswith("sqlite")
        and Path(url[len("sqlite:///") :]).exists()
        and Path(url[len("sqlite:///") :]).stat().st_size > 0
    ):
        raise Refused(_("{path} exists already: the demo writes a fresh file.").format(path=db))
    config = load_config()
    if url.startswith("sqlite") and not config.mail.get("host"):
        # the demo's mail and reports stay beside its database, not in the user's own folders
        config.mail = {**config.mail, "outbox": str(Path(url[len("sqlite:///") :]).parent / "outbox")}
        config.output = {**config.output, "folder": str(Path(url[len("sqlite:///") :]).parent / "reports")}
    history = PolicyHistory()  # the demo department keeps the policy's defaults
    engine = make_engine(url, create=True)
    try:
        upgrade(engine)
        now = read_now(history.on(date.today()).tz)
        with session_scope(engine, write=True) as session:
            ctx = Ctx(
                session=session,
                engine=engine,
                url=url,
                now=now,
                history=history,
                config=config,
                os_user="demo",
                system=True,
            )
            people = _populate(ctx, now)
        with session_scope(engine, write=False) as session:
            from csops.services.staff import list_staff
            from csops.services.today import agenda

            ctx = Ctx(session=session, engine=engine, url=url, now=now, history=history, config=config, os_user="demo")
            ctx.actor = people["wang.fang"]
            items = agenda(ctx)
            staff = list_staff(ctx)
    finally:
        engine.dispose()
    return {
        "database": db,
        "head": "wang.fang",
        "now": now.isoformat(timespec="minutes"),
        "staff": staff,
        "agenda": items,
    }


def _at(ctx: Ctx, d: date, t: time) -> datetime:
    return datetime.combine(d, t, tzinfo=ctx.now.tzinfo)


def _populate(ctx: Ctx, now: datetime) -> dict[str, Any]:
    from csops.dates import iter_days
    from csops.services import attendance, duty, leave
    from csops.services.staff import add_staff

    rng = random.Random(20261127)
    people = {}
    for login, name, role, sup, team in STAFF:
        people[login] = add_staff(
            ctx,
            login=login,
            name=name,
            role=role,
            superior=sup,
            team=team,
            email=f"{login}@example.com",
            check_permission=False,
        )
    real_now = ctx.now

    def as_(login: str, when: datetime) -> None:
        ctx.actor, ctx.system, ctx.now = people[login], False, when

    today = now.date()
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    cal = ctx.calendar
    workdays = [d for d in iter_days(first, today) if cal.is_workday(d)]
    past = [d for d in workdays if d < today]

    # weekend roster for both months (DUTY-4): the Saturdays that need on-site work are marked
    # (days off inside a holiday break only if marked too), one comp rest taken
    as_("wang.fang", _at(ctx, first, time(9)))
    saturdays = [
        d
        for d in iter_days(first, today + timedelta(days=35))
        if d.weekday() == 5 and not cal.is_workday(d) and not cal.is_holiday(d)
    ]
    duty.mark_days(ctx, saturdays, note="到货高峰，现场需要值班")
    for ym in sorted({(first.year, first.month), (today.year, today.month)}):
        duty.roster(ctx, f"{ym[0]}-{ym[1]:02d}", write=True)
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
        lv = leave.request_leave(
            ctx, leave_type="personal", start_text=d.isoformat(), end_text=d.isoformat(), reason="家里有事"
        )
        as_("li.qiang", _at(ctx, d - timedelta(days=2), time(17)))
        leave.decide(ctx, lv["id"], approve=True, note=None)
        as_("wang.fang", _at(ctx, d - timedelta(days=1), time(9, 30)))
        leave.decide(ctx, lv["id"], approve=True, note=None)
        d2 = past[-3]
        as_("sun.li", _at(ctx, d2, time(8, 40)))
        leave.request_leave(
            ctx,
            leave_type="special",
            start_text=f"{d2.isoformat()} 09:00",
            end_text=f"{d2.isoformat()} 11:00",
            reason="孩子发烧",
        )
    future = [d for d in iter_days(today + timedelta(days=1), today + timedelta(days=20)) if cal.is_workday(d)]
    if future:
        as_("liu.yang", now - timedelta(hours=1))
        lv = leave.request_leave(
            ctx,
            leave_type="annual",
            start_text=future[min(3, len(future) - 1)].isoformat(),
            end_text=future[min(4, len(future) - 1)].isoformat(),
            reason="年假",
        )
        as_("li.qiang", now - timedelta(minutes=30))
        leave.decide(ctx, lv["id"], approve=True, note=None)

    # evening duties (DUTY-1/2)
    evenings = [
        (time(20, 45), "wu.hao"),
        (time(22, 30), "liu.yang"),
        (time(23, 15), "zheng.kai"),
        (time(21, 0), "sun.li"),
    ]
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
        entries: list[tuple[str, time, time | None]] = []
        for p in dept:
            exp = expected[(p.id, d)].expected
            if exp.start is None or not exp.working:
                continue
            if p.login == "xu.lei" and (i == 7 or d == past[-1]):
                continue  # absent without leave
            base = exp.start.hour * 60 + exp.start.minute
            jitter = rng.choice([-15, -10, -8, -5, -3, -2, 0, 0, 3, 7])
            if p.login == "zhang.wei" and i % 9 == 4:
                jitter = 25  # a violation
            m = base + jitter
            out = time(18, rng.choice([0, 5, 20]))
            if p.login == "wu.hao" and i % 11 == 6:
                out = time(17, 25)  # left early without leave (LEAVE-1, 早退)
            entries.append((p.login, time(m // 60, m % 60), out))
        if entries:
            attendance.record_arrivals(ctx, d, entries)
    if len(past) > 2:
        d = past[-2]
        as_("huang.yan", _at(ctx, d, time(23, 59)))
        attendance.record_away(ctx, "sun.li", _at(ctx, d, time(14, 10)), _at(ctx, d, time(14, 35)))
    _logistics(ctx, as_, past, today)
    _meetings(ctx, as_, first, today, now)
    _upward(ctx, as_, past, now)
    _month_end(ctx, as_, today)
    ctx.now, ctx.system, ctx.actor = real_now, True, None
    return people


CLIENTS = [
    (
        "华东电子有限公司",
        "整箱收货，逐箱点数",
        "外箱破损拍照并拒收",
        "不超过5层，重货在下",
        "收货人签字并加盖收货章",
        "陈经理",
        "021-6888-1234",
    ),
    (
        "南方食品集团",
        "冷链收货，温度记录随单",
        "包装破损整箱退回",
        "不超过8层",
        "签字并注明到货温度",
        "林主管",
        "020-3777-5678",
    ),
    ("北方日化", "按托盘收货", "破损按件赔付", "托盘不得叠放", "签字即可", "高先生", "010-8666-9012"),
]
CONSIGNEES = [
    (0, "上海浦东仓", "上海市浦东新区张江路100号", "021-5000-0001"),
    (0, "苏州工业园仓", "苏州市工业园区星湖街200号", "0512-6000-0002"),
    (1, "广州白云配送中心", "广州市白云区机场路300号", "020-8000-0003"),
    (1, "深圳南山门店", "深圳市南山区科技园南路400号", "0755-2000-0004"),
    (2, "北京朝阳仓", "北京市朝阳区望京街500号", "010-6400-0005"),
]


def _logistics(ctx: Ctx, as_: Acting, past: list[date], today: date) -> None:
    """Three clients with standards, consignees (one with a changed address), two months of receipts
    (some overdue, one unqualified, one team on hold)."""
    from csops.services import client as clients
    from csops.services import receipt as receipts

    rng = random.Random(15)
    start = past[0] if past else today
    as_("zhou.min", _at(ctx, start, time(9)))
    names = []
    for name, rcv, dmg, stk, sgn, contact, phone in CLIENTS:
        clients.add_client(
            ctx, name, receiving=rcv, damage=dmg, stacking=stk, signing=sgn, contact=contact, phone=phone
        )
        names.append(name)
    cons = []
    for ci, name, addr, phone in CONSIGNEES:
        cons.append((ci, clients.add_consignee(ctx, client=names[ci], name=name, address=addr, phone=phone)["id"]))
    teams = ["运作一组", "运作二组"]
    n = 0
    for d in past:
        for _k in range(2):
            n += 1
            ci, con = rng.choice(cons)
            as_("liu.yang", _at(ctx, d, time(16)))
            receipts.add_receipt(
                ctx,
                client=names[ci],
                shipment_no=f"SH{d:%Y%m%d}{n:04d}",
                ship_date=d,
                team=teams[n % 2] if d < past[-12] or n % 2 else teams[0],
                consignee_id=con,
                copies=3 if n % 7 == 0 else 1,
            )
    # most receipts come back within 15 days; some late; the recent ones of 运作二组 not at all
    from sqlmodel import select

    from csops.models import Receipt

    for r in list(ctx.session.exec(select(Receipt).order_by(Receipt.ship_date, Receipt.id))):
        if r.team == "运作二组" and (today - r.ship_date).days < 25:
            continue  # outstanding: some overdue, team on hold
        back = r.ship_date + timedelta(days=rng.choice([3, 5, 8, 12, 14, 15, 18]))
        if back >= today:
            continue
        as_("liu.yang", _at(ctx, back, time(15)))
        # checked on the spot, except a few of the last days that still wait to be checked (RCPT-2: 未确认)
        checked = (today - back).days > 3 or rng.random() < 0.5
        receipts.return_receipt(
            ctx, r.shipment_no, on=back, unqualified=False, reason=None, copy_kept=r.copies > 1, confirm=checked
        )
    # one unqualified receipt still waiting to be re-signed
    last = ctx.session.exec(
        select(Receipt).where(Receipt.returned_on.is_(None), Receipt.team == "运作一组").order_by(Receipt.ship_date)
    ).first()
    if last is not None and past:
        as_("liu.yang", _at(ctx, past[-1], time(11)))
        receipts.return_receipt(
            ctx, last.shipment_no, on=past[-1], unqualified=True, reason="收货人未签字，仅盖章", copy_kept=False
        )
    # a changed address: reported by operations, confirmed by the client, next shipment reminds
    if len(past) > 6:
        as_("ma.jun", _at(ctx, past[-6], time(10)))
        m = clients.record_mismatch(
            ctx, cons[0][1], field="address", actual="上海市浦东新区川沙路88号", reported_by="ma.jun"
        )
        as_("zhou.min", _at(ctx, past[-3], time(10)))
        clients.confirm_mismatch(ctx, m["id"])
        as_("ma.jun", _at(ctx, past[-2], time(10)))
        clients.record_mismatch(ctx, cons[2][1], field="phone", actual="020-8000-9999", reported_by="ma.jun")


def _month_end(ctx: Ctx, as_: Acting, today: date) -> None:
    """This month's 5th, 15th and 20th as the department did them (EXPENSE-3, RCPT-4): last month's
    expense report, the receipts handed back to the clients, the sign-off records filed."""
    from csops.rules.expense import report_month
    from csops.services import expense as expenses
    from csops.services import receipt as receipts

    y, m = report_month(today)
    if today.day > 5:
        as_("zhou.min", _at(ctx, today.replace(day=5), time(9, 30)))
        rep = expenses.month_report(ctx, y, m)
        expenses.send_report(ctx, rep, expenses.expense_workbook(rep))
    if today.day > 15:
        as_("liu.yang", _at(ctx, today.replace(day=15 if today.replace(day=15).weekday() < 5 else 16), time(10)))
        receipts.sign_off_sheet(ctx, y, m, None, task="handover")
    if today.day > 20:
        as_("zhou.min", _at(ctx, today.replace(day=20), time(10)))
        receipts.sign_off_sheet(ctx, y, m, None, task="archive")


MINUTES = """# 客服部例会纪要

## 各人工作汇报
- 刘洋：华东电子本月发货量上升 12%，回单按时回收。
- 张伟：南方食品冷链投诉一件，已与运作二组核实。
- 孙丽：北方日化托盘堆码问题已反馈客户。

## 需要协助的问题
- 运作二组回单逾期较多，暂扣作业单，请陈静跟进。
- 上海浦东仓地址变更，发货时提醒运作部门。

## 决议
- 下周起每日 17:00 汇总回单回收情况。
"""


def _meetings(ctx: Ctx, as_: Acting, first: date, today: date, now: datetime) -> None:
    """Two months of meetings with sign-ins and items; one set of minutes through every state."""
    from csops.services import meeting as meetings

    as_("zhou.min", _at(ctx, first - timedelta(days=1), time(9)))
    rows = meetings.schedule(ctx, first, 5)["rows"]
    held = [
        r for r in rows if _at(ctx, r["date"], r["start"]) + timedelta(minutes=5) <= now
    ]  # today's too, once it began
    dept = [
        "wang.fang",
        "li.qiang",
        "chen.jing",
        "zhou.min",
        "liu.yang",
        "zhang.wei",
        "sun.li",
        "wu.hao",
        "zheng.kai",
        "xu.lei",
    ]
    for k, r in enumerate(held):
        as_("zhou.min", min(now, _at(ctx, r["date"], time(9, 35))))
        present = [p for p in dept if p != "xu.lei" or k % 2 == 0]  # xu.lei misses some without leave
        if r["kind"] == "first":
            present = [
                p for p in present if p in ("wang.fang", "li.qiang", "chen.jing", "liu.yang", "zhang.wei", "sun.li")
            ]
        meetings.signin(ctx, r["id"], present)
        as_("liu.yang", _at(ctx, r["date"], time(10)))
        meetings.add_item(ctx, r["id"], owner="liu.yang", text="华东电子回单回收率 97%，两张待催", collected_from=None)
        meetings.add_item(
            ctx,
            r["id"],
            owner="chen.jing",
            text="运作二组回单逾期，跟进至全部收回",
            collected_from="wu.hao" if r["kind"] == "first" else None,
        )
    if not held:
        return
    import tempfile

    target = held[0]
    md = Path(tempfile.mkdtemp(prefix="csops-demo-")) / "minutes.md"
    md.write_text(MINUTES, encoding="utf-8")
    mid = target["id"]
    monday = target["date"] + timedelta(days=2)
    as_("zhou.min", _at(ctx, monday, time(9)))
    meetings.record_minutes(ctx, mid, md)
    try:
        meetings.send_minutes(ctx, mid, resend=False)
    except Exception:  # no CJK font on this machine: the demo keeps the minutes as a draft
        return
    as_("zhang.wei", _at(ctx, monday, time(15)))
    meetings.feedback(ctx, mid, "漏记：南方食品投诉已于周五结案")
    later = ctx.calendar.add_workdays(monday, 2)
    if later < today:
        as_("zhou.min", _at(ctx, later, time(9)))
        meetings.print_minutes(ctx, mid, md.with_suffix(".pdf"))
        meetings.archive(ctx, mid, "wang.fang")
    if len(held) > 1:
        md2 = md.with_name("minutes2.md")
        md2.write_text(MINUTES.replace("例会纪要", "例会纪要（第二次）"), encoding="utf-8")
        as_("zhou.min", _at(ctx, held[1]["date"] + timedelta(days=2), time(8, 30)))
        meetings.record_minutes(ctx, held[1]["id"], md2)


def _upward(ctx: Ctx, as_: Acting, past: list[date], now: datetime) -> None:
    """A month of expenses (one late), inquiries (one overdue), an emergency report waiting for its inform."""
    from csops.services import expense as expenses
    from csops.services import inquiry as inquiries
    from csops.services import report as reports

    clients = [c[0] for c in CLIENTS]
    recent = past[-20:]
    month_start = now.date().replace(day=1)
    late_claim_day = next((d for d in reversed(past) if d < month_start), None)
    if late_claim_day is not None and now.day > 8:  # a claim for last month filed after its report (EXPENSE-3)
        as_("zhang.wei", _at(ctx, month_start + timedelta(days=7), time(11)))
        expenses.add_expense(
            ctx, day=late_claim_day, client=clients[2], guests="高先生", amount_text="96.00", note="补交"
        )
    for k, d in enumerate(recent[::4]):
        who = ["liu.yang", "zhang.wei", "sun.li"][k % 3]
        filed = ctx.calendar.add_workdays(d, 1)
        if k == 1:
            filed = ctx.calendar.add_workdays(d, 4)  # a late claim
        if filed >= now.date():
            continue
        as_(who, _at(ctx, filed, time(17)))
        e = expenses.add_expense(
            ctx,
            day=d,
            client=clients[k % 3],
            guests=["陈经理, 王主管", "林主管", "高先生, 刘助理"][k % 3],
            amount_text=["350.00", "1280.50", "268.80", "520.00", "188.00"][k % 5],
            note=None,
        )
        if k % 2 == 0:
            as_("zhou.min", _at(ctx, filed, time(17, 30)))
            expenses.record_expense(ctx, e["id"])
    if past:
        d = past[-1]
        as_("liu.yang", _at(ctx, d, time(10)))
        q = inquiries.open_inquiry(
            ctx, client=clients[0], shipment=None, question="上周发往苏州仓的货是否已签收？", channel="phone"
        )
        as_("liu.yang", _at(ctx, d, time(11)))
        inquiries.answer_inquiry(ctx, q["id"], "已于周三签收，回单在途")
        as_("zhang.wei", _at(ctx, d, time(16, 30)))
        inquiries.open_inquiry(
            ctx, client=clients[1], shipment=None, question="冷链车温度记录能否提供？", channel="wechat"
        )  # overdue by now
        as_("sun.li", now - timedelta(hours=3))
        reports.file_report(
            ctx, category="accident", text="仓库叉车碰撞货架，无人员受伤", emergency=True, to="wang.fang"
        )
        as_("liu.yang", _at(ctx, d, time(9)))
        reports.file_report(ctx, category="obstruction", text="收货方多次拒绝签收回单", emergency=False, to=None)
