"""The agenda (`csops today`): what is due or overdue now for the acting user and, for the head,
supervisors and the assistant, for the department. Each line names its clause and the command
that clears it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from csops.i18n import N_, _, ngettext
from csops.services.context import Ctx
from csops.services.staff import logins_by_id
from csops.views import View, shown

# The areas of the agenda and whose an item is, in the reader's words (JSON keeps the codes)
AREA_WORDS = {
    "leave": N_("leave"),
    "attendance": N_("attendance"),
    "duty": N_("duty"),
    "receipts": N_("receipts"),
    "consignees": N_("consignees"),
    "meetings": N_("meetings"),
    "expenses": N_("expenses"),
    "inquiries": N_("inquiries"),
    "reports": N_("reports"),
    "calendar": N_("calendar"),
    "mail": N_("mail"),
}
SCOPE_WORDS = {"mine": N_("mine"), "department": N_("department")}


@dataclass(frozen=True)
class AgendaItem(View):
    """A line of the agenda: what is due, the clause that asks for it, and the command that clears it."""

    area: str = shown(N_("Area"), "code", words=AREA_WORDS)
    clause: str = shown(N_("Clause"))
    who: str = shown(N_("Who"))  # a login, a team, or "" for the department
    text: str = shown(N_("Text"))
    command: str = shown(N_("Command"))
    due: datetime | None = shown(N_("Due"), "datetime", table=False)
    scope: str = shown(N_("Scope"), "code", words=SCOPE_WORDS, table=False)  # mine: the acting user's own


def _item(
    area: str, clause: str, who: str, text: str, command: str, due: datetime | None = None, mine: bool = False
) -> AgendaItem:
    return AgendaItem(area, clause, who, text, command, due, "mine" if mine else "department")


def agenda(ctx: Ctx, day: date | None = None) -> list[AgendaItem]:
    """The acting user's agenda: only items whose suggested command their role may run
    (csops.permissions.action_of; reads are anyone's and show only what the reader may see)."""
    from csops.permissions import action_of

    day = day or ctx.today
    items: list[AgendaItem] = []
    for part in (
        _front_desk,
        _operations,
        _leave,
        _attendance,
        _evenings,
        _duty,
        _receipts,
        _consignees,
        _meetings,
        _expenses,
        _inquiries,
        _reports,
        _calendar,
        _outbox,
    ):
        items += part(ctx, day)
    return [i for i in items if (action := action_of(i.command)) is None or ctx.may(action)]


def _front_desk(ctx: Ctx, day: date) -> list[AgendaItem]:
    """ATTEND-1: the front desk's day sheet: who is expected this morning, and when."""
    from csops.services.attendance import department
    from csops.services.duty import person_next_start

    if not ctx.may("attendance record") or ctx.may("see the department's records") or not ctx.calendar.is_workday(day):
        return []
    people = department(ctx)
    later = []
    prev = day - timedelta(days=1)
    while not ctx.calendar.is_workday(prev) and (day - prev).days < 15:
        prev -= timedelta(days=1)
    for p in people:
        nxt, start, reason = person_next_start(ctx, p, prev)
        if nxt == day and reason != "normal":
            later.append(f"{p.login} {start:%H:%M}")
    text = _("Record this morning's arrivals: {n} people expected.").format(n=len(people))
    if later:
        text += " " + _("Later starts: {who}.").format(who=", ".join(later))
    return [_item("attendance", "ATTEND-1", "", text, f"csops attendance day --date {day.isoformat()}", mine=True)]


def _operations(ctx: Ctx, day: date) -> list[AgendaItem]:
    """RCPT-2 and CLIENT-6 for an operations team: its own hold, and the shipments whose consignee's
    details changed since the last delivery there (check before delivering)."""
    from csops.services.receipt import holds

    me = ctx.actor
    if me is None or me.role != "ops" or not me.team:
        return []
    out = []
    # every team's hold, computed once per command (a cron run's twenty operations agendas share it)
    held = ctx.once(("holds", day), lambda: {h["team"]: h for h in holds(ctx, None, day, limit=1)})
    for h in [held[me.team]] if me.team in held else []:
        out.append(
            _item(
                "receipts",
                "RCPT-2",
                me.team,
                _(
                    "Your team gets no new work order until its receipts are in: {n_none} not back, "
                    "{n_unc} not confirmed, {n_unq} unqualified."
                ).format(n_none=h["no_receipt"], n_unc=h["unconfirmed"], n_unq=h["unqualified"]),
                f"csops receipt hold --team {me.team}",
                mine=True,
            )
        )
    # the shipments to check, every team's at once (one query a run, not one per team's member)
    for shipment_no, consignee_id, name in ctx.once(("consignee-changed", day), lambda: _to_check(ctx, day)).get(
        me.team, ()
    ):
        out.append(
            _item(
                "consignees",
                "CLIENT-6",
                me.team,
                _("Shipment {no} to {name}: the consignee's details changed; check them before delivery.").format(
                    no=shipment_no, name=name
                ),
                f"csops consignee show {consignee_id}",
                mine=True,
            )
        )
    return out


def _to_check(ctx: Ctx, day: date) -> dict[str, list[tuple[str, int, str]]]:
    """CLIENT-6: by team, the shipments of the last 14 days still out whose consignee's details
    changed since the last delivery there (shipment, consignee id, consignee), oldest first."""
    from sqlmodel import select

    from csops.models import Consignee, Receipt

    out: dict[str, list[tuple[str, int, str]]] = {}
    for team, shipment_no, consignee_id, name in ctx.session.exec(
        select(Receipt.team, Receipt.shipment_no, Consignee.id, Consignee.name)
        .join(Consignee, Consignee.id == Receipt.consignee_id)
        .where(
            Receipt.reminder.is_(True),
            Receipt.returned_on.is_(None),
            Receipt.ship_date >= day - timedelta(days=14),
        )
        .order_by(Receipt.ship_date, Receipt.shipment_no)
    ):
        out.setdefault(team, []).append((shipment_no, consignee_id, name))
    return out


def _leave(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import select

    from csops.models import LeaveApproval, LeaveRequest

    me, logins, out = ctx.me, logins_by_id(ctx), []

    def pending() -> list[tuple[Any, int | None]]:  # every pending leave and its next approver, once per command
        rows = []
        for lv in ctx.session.exec(
            select(LeaveRequest).where(LeaveRequest.status == "pending").order_by(LeaveRequest.starts_at)
        ):
            nxt = ctx.session.exec(
                select(LeaveApproval)
                .where(LeaveApproval.leave_id == lv.id, LeaveApproval.decision == "pending")
                .order_by(LeaveApproval.level)
            ).first()
            rows.append((lv, nxt.approver_id if nxt is not None else None))
        return rows

    for lv, next_approver in ctx.once(("pending leave",), pending):
        if next_approver == me.id:
            out.append(
                _item(
                    "leave",
                    "LEAVE-5",
                    logins[lv.staff_id],
                    _("Leave #{id} of {login} ({start}) waits for your approval.").format(
                        id=lv.id, login=logins[lv.staff_id], start=ctx.local(lv.starts_at).strftime("%Y-%m-%d %H:%M")
                    ),
                    f"csops leave approve {lv.id}",
                    ctx.local(lv.starts_at),
                    mine=True,
                )
            )
        if lv.late_notice and (lv.staff_id == me.id or ctx.may("see the department's records")):
            out.append(
                _item(
                    "leave",
                    "LEAVE-4",
                    logins[lv.staff_id],
                    _("Leave #{id} of {login} was asked late: absenteeism until approved.").format(
                        id=lv.id, login=logins[lv.staff_id]
                    ),
                    f"csops leave show {lv.id}",
                    mine=lv.staff_id == me.id,
                )
            )
    return out


def _attendance(ctx: Ctx, day: date) -> list[AgendaItem]:
    from csops.services.attendance import STATUS_WORDS, department, evaluate

    prev = day - timedelta(days=1)
    while not ctx.calendar.is_workday(prev) and (day - prev).days < 15:
        prev -= timedelta(days=1)
    # the department's day, evaluated once per command (a cron run's 300 agendas share it)
    found = ctx.once(("attendance", prev), lambda: evaluate(ctx, department(ctx), prev, prev))
    if ctx.may("see the department's records"):
        shown = sorted(found.items(), key=lambda kv: kv[1].staff.login)
    else:  # a reader's own line: found by person in an index built once per command
        by_person = ctx.once(("attendance-by-person", prev), lambda: _by_person(found))
        shown = by_person.get(ctx.me.id, [])
    out = []
    for (_sid, d), r in shown:
        if r.status.status in ("violation", "absent"):
            out.append(
                _item(
                    "attendance",
                    r.status.clause,
                    r.staff.login,
                    _("{login} on {date}: {status}.").format(
                        login=r.staff.login, date=d.isoformat(), status=_(STATUS_WORDS[r.status.status])
                    ),
                    f"csops attendance day --date {d.isoformat()}",
                    mine=r.staff.id == ctx.me.id,
                )
            )
    return out


def _evenings(ctx: Ctx, day: date) -> list[AgendaItem]:
    """ATTEND-2: the head knows of each later start: the evenings recorded since the last working day
    that move a person's start on ``day`` or on the next working day (the front desk sees the
    expected start in its day sheet)."""
    from sqlmodel import select

    from csops.models import EveningDuty, Staff
    from csops.services.duty import person_next_start

    if not ctx.may("attendance start"):
        return []
    prev = day - timedelta(days=1)
    while not ctx.calendar.is_workday(prev) and (day - prev).days < 15:
        prev -= timedelta(days=1)
    out = []
    seen = set()
    for d, s in ctx.session.exec(
        select(EveningDuty, Staff)
        .join(Staff, Staff.id == EveningDuty.staff_id)
        .where(EveningDuty.day >= prev, EveningDuty.day <= day)
        .order_by(Staff.login)
    ):
        nxt, start, reason = person_next_start(ctx, s, d.day)
        if reason == "normal" or (s.id, nxt) in seen or nxt < day:
            continue
        seen.add((s.id, nxt))
        out.append(
            _item(
                "duty",
                "ATTEND-2",
                s.login,
                _("{login} worked late ({date}): starts {day} at {start} (DUTY-2).").format(
                    login=s.login, date=d.day.isoformat(), day=nxt.isoformat(), start=start.strftime("%H:%M")
                ),
                f"csops duty next-start --staff {s.login} --date {d.day.isoformat()}",
                datetime.combine(nxt, start, tzinfo=ctx.now.tzinfo),
                mine=True,
            )
        )
    return out


def _duty(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import col, select

    from csops.models import CompRest

    logins, me = logins_by_id(ctx), ctx.me

    def everyone() -> dict[int, list[date]]:  # the rest owed to each person, once per command
        owed: dict[int, list[date]] = {}
        q = select(CompRest).where(col(CompRest.taken_on).is_(None), CompRest.earned_on <= day)
        for c in ctx.session.exec(q.order_by(col(CompRest.earned_on))):
            owed.setdefault(c.staff_id, []).append(c.earned_on)
        return owed

    owed = ctx.once(("comp rest owed", day), everyone)
    if not ctx.may("see the department's records"):
        owed = {sid: days for sid, days in owed.items() if sid == me.id}
    return [
        _item(
            "duty",
            "DUTY-4",
            logins[sid],
            ngettext(
                "{login} has {n} rest day to take (earned {date}).",
                "{login} has {n} rest days to take (oldest earned {date}).",
                len(days),
            ).format(login=logins[sid], n=len(days), date=days[0].isoformat()),
            "csops duty comp-rest take --date DATE" + ("" if sid == me.id else f" --staff {logins[sid]}"),
            mine=sid == me.id,
        )
        for sid, days in sorted(owed.items(), key=lambda kv: logins[kv[0]])
    ]


def _by_person(found: dict[tuple[int, date], Any]) -> dict[int, list[tuple[tuple[int, date], Any]]]:
    index: dict[int, list[tuple[tuple[int, date], Any]]] = {}
    for key, r in sorted(found.items(), key=lambda kv: kv[1].staff.login):
        index.setdefault(r.staff.id, []).append((key, r))
    return index


def _receipts(ctx: Ctx, day: date) -> list[AgendaItem]:
    if not ctx.may("receipt"):
        return []
    return list(ctx.once(("agenda-receipts", day), lambda: _receipts_of_the_department(ctx, day)))


def _receipts_of_the_department(ctx: Ctx, day: date) -> list[AgendaItem]:
    """The receipts part of every customer-service reader's agenda: the same for all of them."""
    from sqlalchemy import func, select

    from csops.models import Receipt
    from csops.rules.receipt import month_key, task_month
    from csops.services.receipt import holds, overdue_count

    out = []
    for h in holds(ctx, None, day, limit=3):
        out.append(
            _item(
                "receipts",
                "RCPT-2",
                h["team"],
                _(
                    "Team {team} gets no new work order: {n_none} receipts not back, "
                    "{n_unc} not confirmed, {n_unq} unqualified."
                ).format(team=h["team"], n_none=h["no_receipt"], n_unc=h["unconfirmed"], n_unq=h["unqualified"]),
                f"csops receipt hold --team {h['team']}",
            )
        )
    n = overdue_count(ctx, day, None, None)
    if n:
        out.append(
            _item(
                "receipts",
                "RCPT-3",
                "",
                ngettext("{n} receipt is overdue.", "{n} receipts are overdue.", n).format(n=n),
                "csops receipt overdue",
            )
        )
    conn = ctx.session.connection()
    # RCPT-4: from the 15th until that month's hand-over is done: confirmed receipts of that month (or
    # before) not yet handed back; one confirmed after the hand-over goes at the next month's
    y, m = task_month(day, "handover")
    last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    done = conn.execute(select(Receipt.id).where(Receipt.handover_month == month_key(y, m)).limit(1)).first()
    ready = (
        0
        if done
        else conn.execute(
            select(func.count())
            .select_from(Receipt.__table__)
            .where(
                Receipt.confirmed_on.is_not(None),
                Receipt.confirmed_on <= day,
                Receipt.handover_month.is_(None),
                Receipt.ship_date <= last,
            )
        ).scalar_one()
    )
    if ready:
        out.append(
            _item(
                "receipts",
                "RCPT-4",
                "",
                _(
                    "{n} confirmed receipts of {month} or before wait to be handed back to the clients "
                    "against signature (due the 15th)."
                ).format(n=ready, month=month_key(y, m)),
                f"csops receipt handover --month {month_key(y, m)}",
                mine=True,
            )
        )
    # ... and from the 20th until done: hand-overs whose sign-off records are not filed yet
    y, m = task_month(day, "archive")
    for key, k in _unfiled(conn, month_key(y, m)):
        out.append(
            _item(
                "receipts",
                "RCPT-4",
                "",
                _(
                    "The sign-off records of the {month} hand-over ({n} receipts) go to the "
                    "assistant for filing (due the 20th)."
                ).format(month=key, n=k),
                f"csops receipt archive --month {key}",
                mine=True,
            )
        )
    return out


def _unfiled(conn: Any, up_to: str) -> list[tuple[str, int]]:
    """RCPT-4: the hand-over months up to ``up_to`` whose sign-off records are not all filed, with
    how many receipts wait. Month by month along ix_receipt_handover (next month, then its
    unfiled count: two index seeks a month), not one GROUP BY over every receipt handed over
    since the start (a quarter second at a million receipts)."""
    from sqlalchemy import func, select

    from csops.models import Receipt

    out: list[tuple[str, int]] = []
    month: str | None = None
    while True:
        after = Receipt.handover_month > month if month is not None else Receipt.handover_month.is_not(None)
        month = conn.execute(select(func.min(Receipt.handover_month)).where(after)).scalar()
        if month is None or month > up_to:
            return out
        n = conn.execute(
            select(func.count())
            .select_from(Receipt.__table__)
            .where(Receipt.handover_month == month, Receipt.archived_on.is_(None))
        ).scalar_one()
        if n:
            out.append((month, n))


def _consignees(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import func, select

    from csops.models import Mismatch

    if not ctx.may("receipt"):
        return []
    n = ctx.once(
        ("open-mismatches",),
        lambda: ctx.session.exec(select(func.count()).select_from(Mismatch).where(Mismatch.status == "open")).one(),
    )
    if not n:
        return []
    return [
        _item(
            "consignees",
            "CLIENT-4",
            "",
            ngettext(
                "{n} consignee mismatch waits for the client's confirmation.",
                "{n} consignee mismatches wait for the client's confirmation.",
                n,
            ).format(n=n),
            f"csops consignee review --month {day:%Y-%m}",
        )
    ]


def _meetings(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import col, or_, select

    from csops.models import Meeting, MeetingItem, Minutes
    from csops.services.meeting import minutes_due_at, window_end

    out, me = [], ctx.me

    def read() -> tuple[dict[int, Any], list[Any], dict[int, datetime], dict[int, datetime]]:  # nobody's own
        mins = {x.meeting_id: x for x in ctx.session.exec(select(Minutes))}
        recent = or_(Meeting.day >= day - timedelta(days=60), col(Meeting.held_at).is_(None))  # a sign-in missing stays
        meetings = list(ctx.session.exec(select(Meeting).where(Meeting.day <= day, recent).order_by(Meeting.day)))
        dues = {m.id: minutes_due_at(ctx, m) for m in meetings}
        ends = {i: window_end(ctx, mn) for i, mn in mins.items() if mn.status == "sent"}
        return mins, meetings, dues, ends

    mins, meetings, dues, ends = ctx.once(("meetings", day), read)  # once per command
    for m in meetings:
        mn = mins.get(m.id)
        began = datetime.combine(m.day, m.start, tzinfo=ctx.now.tzinfo) <= ctx.now
        if m.held_at is None and began and ctx.may("meeting signin"):
            out.append(
                _item(
                    "meetings",
                    "MEETING-2",
                    "",
                    _("The meeting of {date} has no sign-in recorded: record who came.").format(date=m.day.isoformat()),
                    f"csops meeting signin {m.id} --staff LOGIN",
                    mine=ctx.has_role("assistant"),
                )
            )
        due = dues[m.id]
        if ctx.may("meeting minutes") and (mn is None or mn.status == "draft"):
            late = ctx.now > due
            out.append(
                _item(
                    "meetings",
                    "MEETING-6",
                    "",
                    (
                        _("Minutes of the meeting of {date} are overdue (due {due}).")
                        if late
                        else _("Minutes of the meeting of {date} are due {due}.")
                    ).format(date=m.day.isoformat(), due=due.strftime("%Y-%m-%d %H:%M")),
                    f"csops meeting minutes {m.id} --file FILE.md"
                    if mn is None
                    else f"csops meeting minutes {m.id} --send",
                    due,
                    mine=ctx.has_role("assistant"),
                )
            )
        if mn is not None and mn.status == "sent":
            end = ends[m.id]
            if ctx.now <= end:
                out.append(
                    _item(
                        "meetings",
                        "MEETING-7",
                        "",
                        _("Minutes of {date}: report omissions by {end}.").format(
                            date=m.day.isoformat(), end=end.strftime("%Y-%m-%d %H:%M")
                        ),
                        f'csops meeting feedback {m.id} "..."',
                        end,
                        mine=True,
                    )
                )
            elif ctx.may("meeting minutes"):
                out.append(
                    _item(
                        "meetings",
                        "MEETING-7",
                        "",
                        _("Minutes of {date}: print them for the head's signature.").format(date=m.day.isoformat()),
                        f"csops meeting minutes {m.id} --print",
                        mine=ctx.has_role("assistant"),
                    )
                )
        if mn is not None and mn.status == "confirmed" and ctx.may("meeting archive"):
            out.append(
                _item(
                    "meetings",
                    "MEETING-7",
                    "",
                    _("Minutes of {date}: file them once the head has signed.").format(date=m.day.isoformat()),
                    f"csops meeting archive {m.id} --signed-by HEAD",
                    mine=ctx.has_role("assistant"),
                )
            )

    def open_items() -> dict[int, list[Any]]:  # every open follow-up, by owner: read once per command
        by_owner: dict[int, list[Any]] = {}
        for it in ctx.session.exec(select(MeetingItem).where(MeetingItem.status == "open").order_by(MeetingItem.id)):
            by_owner.setdefault(it.owner_id, []).append(it)
        return by_owner

    for it in ctx.once(("meeting-items",), open_items).get(me.id, []):
        if it.due is None:
            text = _("Follow up: {text}").format(text=it.text)
        elif it.due < day:
            text = _("Follow up (overdue since {due}): {text}").format(due=it.due.isoformat(), text=it.text)
        else:
            text = _("Follow up by {due}: {text}").format(due=it.due.isoformat(), text=it.text)
        out.append(
            _item(
                "meetings",
                "MEETING-5",
                me.login,
                text,
                f"csops meeting item-done {it.id}",
                mine=True,
                due=None
                if it.due is None
                else datetime.combine(it.due, ctx.policy_on(it.due)["workday.end"], tzinfo=ctx.now.tzinfo),
            )
        )
    return out


def _expenses(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import func, select

    from csops.models import Expense, ExpenseReport
    from csops.rules.expense import report_due, report_month
    from csops.services.expense import pending_addenda, unreported_months

    if not ctx.may("expense record"):
        return []
    out = []
    n = ctx.session.exec(select(func.count()).select_from(Expense).where(Expense.recorded_at.is_(None))).one()
    if n:
        out.append(
            _item(
                "expenses",
                "EXPENSE-2",
                "",
                ngettext(
                    "{n} expense claim waits to be recorded.", "{n} expense claims wait to be recorded.", n
                ).format(n=n),
                "csops expense list",
                mine=ctx.has_role("assistant"),
            )
        )
    y, m = report_month(day)
    key = f"{y}-{m:02d}"
    sent = ctx.session.exec(select(ExpenseReport.id).where(ExpenseReport.month == key)).first()
    for month in unreported_months(ctx, date(y, m, 1)):  # older months whose report never went out
        out.append(
            _item(
                "expenses",
                "EXPENSE-3",
                "",
                _("The expense report of {month} was never sent to the head.").format(month=month),
                f"csops expense report --month {month} --send",
                mine=ctx.has_role("assistant"),
            )
        )
    if report_due(day) and sent is None:
        out.append(
            _item(
                "expenses",
                "EXPENSE-3",
                "",
                _("The expense report of {month} is due to the head on the 5th.").format(month=key),
                f"csops expense report --month {key} --send",
                mine=ctx.has_role("assistant"),
            )
        )
    for month in pending_addenda(ctx):
        out.append(
            _item(
                "expenses",
                "EXPENSE-3",
                "",
                _("Claims for {month} were filed after its report: send the head the addendum.").format(month=month),
                f"csops expense report --month {month} --send",
                mine=ctx.has_role("assistant"),
            )
        )
    return out


def _inquiries(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import select

    from csops.models import Inquiry

    logins, out, me = logins_by_id(ctx), [], ctx.me
    q = select(Inquiry).where(Inquiry.answered_at.is_(None)).order_by(Inquiry.due_at, Inquiry.id)
    sups = None
    for x in ctx.once(("open-inquiries",), lambda: list(ctx.session.exec(q))):  # every reader's, read once
        overdue = ctx.now > x.due_at
        mine = x.owner_id == me.id
        if not (mine or (overdue and ctx.may("see the department's records"))):
            continue
        if sups is None:
            from csops.services.staff import superiors_map

            sups = ctx.once(("superiors",), lambda: superiors_map(ctx))
        sup = sups.get(x.owner_id)
        text = (
            _("Inquiry #{id} is overdue (due {due}); tell {sup}.") if overdue else _("Inquiry #{id}: answer by {due}.")
        ).format(
            id=x.id,
            due=ctx.local(x.due_at).strftime("%Y-%m-%d %H:%M"),
            sup=(logins.get(sup) if sup is not None else None) or "-",
        )
        out.append(
            _item(
                "inquiries",
                "INQUIRY-1",
                logins[x.owner_id],
                text,
                f'csops inquiry answer {x.id} "..."',
                ctx.local(x.due_at),
                mine=mine,
            )
        )
    return out


def _reports(ctx: Ctx, day: date) -> list[AgendaItem]:
    from sqlmodel import select

    from csops.models import Report

    logins, me, out = logins_by_id(ctx), ctx.me, []
    q = select(Report).where(Report.status == "open").order_by(Report.id)
    for r in ctx.once(("open-reports",), lambda: list(ctx.session.exec(q))):  # every reader's, read once
        if (
            r.inform_id is not None
            and r.informed_at is None
            and (r.reporter_id == me.id or ctx.may("see the department's records"))
        ):
            out.append(
                _item(
                    "reports",
                    "REPORT-4",
                    logins[r.reporter_id],
                    _("Report #{id}: tell {login} about the emergency by {due}.").format(
                        id=r.id, login=logins[r.inform_id], due=ctx.local(r.inform_due).strftime("%Y-%m-%d %H:%M")
                    ),
                    f"csops report inform {r.id}",
                    ctx.local(r.inform_due),
                    mine=r.reporter_id == me.id,
                )
            )
        if r.recipient_id == me.id:
            out.append(
                _item(
                    "reports",
                    "REPORT-1",
                    logins[r.reporter_id],
                    _("Report #{id} from {login} waits for you: {text}").format(
                        id=r.id, login=logins[r.reporter_id], text=r.text[:60]
                    ),
                    f"csops report close {r.id}",
                    mine=True,
                )
            )
    return out


def _calendar(ctx: Ctx, day: date) -> list[AgendaItem]:
    if not ctx.calendar.is_provisional(day.year):
        return []
    from csops.services.calendar import provisional_warning

    return [_item("calendar", "WORKDAY-1", "", provisional_warning(day.year), "csops calendar import FILE.json")]


def _outbox(ctx: Ctx, day: date) -> list[AgendaItem]:
    """Mail and report files that could not be delivered yet (csops.services.mail)."""
    from sqlmodel import col, func, select

    from csops.models import OutboxItem

    if not ctx.may("mail retry"):
        return []
    waiting = col(OutboxItem.status).in_(["failed", "sending"])
    n = ctx.session.exec(select(func.count()).select_from(OutboxItem).where(waiting)).one()
    if not n:
        return []
    text = ngettext(
        "{n} message or file waits in the outbox, not delivered.",
        "{n} messages or files wait in the outbox, not delivered.",
        n,
    ).format(n=n)
    return [_item("mail", "", "", text, "csops mail retry", mine=True)]
