"""Department meetings (MEETING-1..7): schedule, sign-in, points, items, minutes by mail,
printed for the head's signature and filed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from csops.errors import BadInput, NotFound, NotPermitted, Refused
from csops.i18n import N_, _
from csops.rules.meeting import MeetingKind, MinutesState
from csops.services.context import Ctx, audit, snapshot
from csops.services.staff import ROLE_WORDS, get_by_login
from csops.views import WEEKDAY_WORDS, View, shown

# The meeting area's words for its coded values (shown in the reader's language; JSON keeps the codes)
KIND_WORDS: dict[str, str] = {
    MeetingKind.FIRST: N_("first"),
    MeetingKind.LAST: N_("last"),
    MeetingKind.OTHER: N_("other"),
}
MINUTES_WORDS: dict[str, str] = {
    MinutesState.DRAFT: N_("draft"),
    MinutesState.SENT: N_("sent"),
    MinutesState.CONFIRMED: N_("confirmed"),
    MinutesState.ARCHIVED: N_("archived"),
}
ATTENDANCE_WORDS: dict[str, str] = {  # MEETING-2 (points_verdict's codes), and a meeting not held
    "present": N_("present"),
    "absent-with-leave": N_("absent-with-leave"),
    "absent-without-leave": N_("absent-without-leave"),
    "upcoming": N_("upcoming"),
    "not-held": N_("not-held"),
}
ITEM_WORDS: dict[str, str] = {"open": N_("open"), "done": N_("done")}
MINUTES_ACTION_WORDS: dict[str, str] = {
    "record": N_("record"),
    "send": N_("send"),
    "resend": N_("resend"),
    "feedback": N_("feedback"),
    "print": N_("print"),
    "archive": N_("archive"),
}


def _meeting(ctx: Ctx, mid: int) -> Any:
    from csops.models import Meeting

    m = ctx.session.get(Meeting, mid)
    if m is None:
        raise NotFound(_("No meeting #{id}.").format(id=mid))
    return m


def kinds(ctx: Ctx, days: list[date]) -> dict[date, str]:
    """MEETING-1 for stored meetings: first/last/other within each month, counting the meetings
    the rhythm will still bring into the month; a held meeting keeps the kind fixed when it
    was held."""
    from sqlmodel import select

    from csops.dates import month_range
    from csops.models import Meeting
    from csops.rules.meeting import meeting_kind, months_meetings

    out: dict[date, str] = {}
    for y, m in sorted({(d.year, d.month) for d in days}):
        first, last = month_range(y, m)
        month = list(
            ctx.session.exec(select(Meeting.day, Meeting.kind).where(Meeting.day >= first, Meeting.day <= last))
        )
        policy = ctx.policy_on(first)
        month_days = months_meetings(
            [d for d, _k in month],
            weekday=policy["meeting.weekday"],
            every_weeks=policy["meeting.every_weeks"],
            in_break=ctx.calendar.is_holiday,
        )
        for d, fixed in month:
            out[d] = fixed or meeting_kind(d, month_days)
    return out


def minutes_due_at(ctx: Ctx, m: Any) -> datetime:
    """MEETING-6: when the minutes of meeting ``m`` are due (the Monday morning after it), under the
    policy of the meeting's day."""
    from csops.rules.meeting import minutes_due

    when = ctx.policy_on(m.day)["meeting.minutes_due"]
    day = minutes_due(m.day, due=when, is_workday=ctx.calendar.is_workday)
    return datetime.combine(day, when[1], tzinfo=ctx.now.tzinfo)


@dataclass(frozen=True)
class MeetingView(View):
    """MEETING-1/6: a meeting on the calendar, its kind and audience, and the state of its minutes."""

    id: int = shown(N_("ID"), "int")
    date: date = shown(N_("Date"), "date")
    weekday: str = shown(N_("Weekday"), "code", words=WEEKDAY_WORDS)
    start: time = shown(N_("Start"), "time")
    kind: MeetingKind = shown(N_("Kind"), "code", words=KIND_WORDS)
    audience: list[str] = shown(N_("Audience"), "list", words=ROLE_WORDS)  # roles
    moved_from: dt.date | None = shown(N_("Moved from"), "date")  # dt.date: `date` is a field here
    held: bool = shown(N_("Held"), "bool")
    minutes_due: datetime = shown(N_("Minutes due"), "datetime")
    minutes: MinutesState | None = shown(N_("Minutes"), "code", words=MINUTES_WORDS)


def meeting_row(ctx: Ctx, m: Any, kind: str, minutes: Any = None) -> MeetingView:
    from csops.rules.meeting import audience

    return MeetingView(
        id=m.id,
        date=m.day,
        weekday=m.day.strftime("%a"),
        start=m.start,
        kind=MeetingKind(kind),
        audience=list(audience(kind)),
        moved_from=m.moved_from,
        held=m.held_at is not None,
        minutes_due=minutes_due_at(ctx, m),
        minutes=MinutesState(minutes.status) if minutes else None,
    )


@dataclass(frozen=True)
class ScheduleView(View):
    """MEETING-1: the meetings scheduled (or kept), and what the rhythm and the holiday breaks did."""

    rows: list[MeetingView] = shown(N_("Meetings"), "detail")
    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def schedule(ctx: Ctx, start: date, count: int, *, break_rhythm: bool = False) -> ScheduleView:
    """MEETING-1: put the biweekly meetings on the calendar (dates already scheduled are kept).
    New meetings keep the rhythm counted from the last meeting held or scheduled; breaking it
    needs the head to say so. None falls in a holiday break (WORKDAY-1)."""
    from sqlmodel import select

    from csops.models import Meeting
    from csops.rules.meeting import first_weekday_on_or_after, meeting_days

    ctx.require("meeting schedule")
    if break_rhythm:
        ctx.require("meeting schedule --break-rhythm")
    if not 1 <= count <= 60:
        raise BadInput(_("--count must be from 1 to 60."))
    policy = ctx.policy_on(start)
    anchor = None
    if not break_rhythm:
        anchor = (
            ctx.session.exec(select(Meeting.day).where(Meeting.day <= start).order_by(Meeting.day.desc())).first()
            or ctx.session.exec(select(Meeting.day).where(Meeting.day > start).order_by(Meeting.day)).first()
        )
    slots = meeting_days(
        start,
        count,
        anchor=anchor,
        weekday=policy["meeting.weekday"],
        every_weeks=policy["meeting.every_weeks"],
        in_break=ctx.calendar.is_holiday,
    )
    made = []
    for s in slots:
        m = ctx.session.exec(select(Meeting).where(Meeting.day == s.day)).first()
        if m is None:
            m = Meeting(
                day=s.day, start=ctx.policy_on(s.day)["meeting.start"], moved_from=s.moved_from, created_at=ctx.now
            )
            ctx.session.add(m)
            ctx.session.flush()
            audit(ctx, "meeting.schedule", "meeting", m.id, after=m)
        made.append(m)
    k = kinds(ctx, [m.day for m in made])
    notes = []
    plain = first_weekday_on_or_after(start, policy["meeting.weekday"])
    if anchor is not None and slots and slots[0].day != plain and slots[0].moved_from is None:
        notes.append(
            _(
                "Kept the {n}-week rhythm from the meeting of {anchor}: the first is {first}, not {plain} "
                "(MEETING-1; the head breaks the rhythm with --break-rhythm)."
            ).format(
                n=policy["meeting.every_weeks"],
                anchor=anchor.isoformat(),
                first=slots[0].day.isoformat(),
                plain=plain.isoformat(),
            )
        )
    for s in slots:
        if s.moved_from is not None:
            brk = ctx.calendar.holiday_break(s.moved_from)
            notes.append(
                _("{planned} is in the holiday break {name}: the meeting moves to {day} (MEETING-1).").format(
                    planned=s.moved_from.isoformat(), name=brk.name if brk else "", day=s.day.isoformat()
                )
            )
    return ScheduleView(rows=[meeting_row(ctx, m, k[m.day]) for m in made], notes=tuple(notes))


def list_meetings(ctx: Ctx, month: str | None = None) -> list[MeetingView]:
    from sqlmodel import select

    from csops.dates import month_range, parse_month
    from csops.models import Meeting, Minutes

    q = select(Meeting).order_by(Meeting.day)
    if month:
        first, last = month_range(*parse_month(month, ctx.today))
        q = q.where(Meeting.day >= first, Meeting.day <= last)
    ms = list(ctx.session.exec(q))
    mins = {x.meeting_id: x for x in ctx.session.exec(select(Minutes))}
    k = kinds(ctx, [m.day for m in ms])
    return [meeting_row(ctx, m, k[m.day], mins.get(m.id)) for m in ms]


def _hold(ctx: Ctx, m: Any) -> None:
    """MEETING-1/2: the first sign-in holds the meeting: whether it is the month's first or last,
    and so who was expected, is fixed now; later scheduling never changes it."""
    from sqlmodel import select

    from csops.models import MeetingExpected, Staff
    from csops.rules.meeting import audience
    from csops.rules.staff import DEPARTMENT_ROLES

    before = snapshot(m)
    kind = kinds(ctx, [m.day])[m.day]
    m.held_at, m.kind = ctx.now, kind
    ctx.session.add(m)
    roles = audience(kind)
    for s in ctx.session.exec(select(Staff).where(Staff.active.is_(True), Staff.role.in_(DEPARTMENT_ROLES))):
        if s.role in roles:
            ctx.session.add(MeetingExpected(meeting_id=m.id, staff_id=s.id, role=s.role))
    ctx.session.flush()
    audit(ctx, "meeting.hold", "meeting", m.id, before=before, after=m)


@dataclass(frozen=True)
class SigninView(View):
    """MEETING-2: one person signed in to a meeting."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    signed_in: bool = shown(N_("Signed in"), "bool")
    already: bool = shown(N_("Already"), "bool")


def signin(ctx: Ctx, mid: int, logins: list[str]) -> list[SigninView]:
    """MEETING-2: sign-in (recorded by the assistant or the head); the first one holds the meeting."""
    from sqlmodel import select

    from csops.models import MeetingSignin

    ctx.require("meeting signin")
    m = _meeting(ctx, mid)
    if m.day > ctx.today:
        raise Refused(_("Meeting #{id} is on {date}: sign-in opens that day.").format(id=mid, date=m.day.isoformat()))
    people = [get_by_login(ctx, login) for login in logins] or [ctx.actor]
    if m.held_at is None:
        _hold(ctx, m)
    out = []
    for p in people:
        exists = ctx.session.exec(
            select(MeetingSignin).where(MeetingSignin.meeting_id == mid, MeetingSignin.staff_id == p.id)
        ).first()
        if exists is None:
            at = ctx.now if m.day == ctx.today else datetime.combine(m.day, m.start, tzinfo=ctx.now.tzinfo)
            s = MeetingSignin(meeting_id=mid, staff_id=p.id, signed_at=at, recorded_by_id=ctx.me.id)
            ctx.session.add(s)
            ctx.session.flush()
            audit(ctx, "meeting.signin", "meeting_signin", s.id, after=s)
        out.append(SigninView(staff=p.login, name=p.name, signed_in=True, already=exists is not None))
    return out


def _on_leave(ctx: Ctx, staff_ids: list[int], at: datetime) -> set[int]:
    """Absent *with leave*: an approved leave, or one asked in time and pending, that covers the meeting."""
    from sqlmodel import select

    from csops.models import LeaveRequest

    q = select(LeaveRequest.staff_id, LeaveRequest.status, LeaveRequest.late_notice).where(
        LeaveRequest.staff_id.in_(staff_ids),
        LeaveRequest.starts_at <= at,
        LeaveRequest.ends_at > at,
        LeaveRequest.status.in_(("approved", "pending")),
    )
    return {sid for sid, status, late in ctx.session.exec(q) if status == "approved" or not late}


@dataclass(frozen=True)
class AttendanceView(View):
    """MEETING-1/2/4: one person's attendance at a meeting."""

    staff: str = shown(N_("Staff"), "person")
    name: str = shown(N_("Name"))
    role: str = shown(N_("Role"), "code", words=ROLE_WORDS)
    required: bool = shown(N_("Required"), "bool")
    status: str = shown(N_("Status"), "code", words=ATTENDANCE_WORDS)
    points_deducted: int = shown(N_("Points deducted"), "int")
    reported: bool | None = shown(N_("Reported"), "bool")
    clause: str = shown(N_("Clause"))


def attendance(ctx: Ctx, mid: int) -> list[AttendanceView]:
    """MEETING-1/2/4: who had to attend (fixed when the meeting was held), who did, excused or
    not, points deducted, and whether each attendee has reported (an item in their name). A
    meeting not held yet shows its audience as it stands, with no deduction."""
    from sqlmodel import select

    from csops.models import MeetingExpected, MeetingItem, MeetingSignin, Staff
    from csops.rules.meeting import audience, points_verdict
    from csops.rules.staff import DEPARTMENT_ROLES

    m = _meeting(ctx, mid)
    signed = {s.staff_id for s in ctx.session.exec(select(MeetingSignin).where(MeetingSignin.meeting_id == mid))}
    reported = {i.owner_id for i in ctx.session.exec(select(MeetingItem).where(MeetingItem.meeting_id == mid))}
    held = m.held_at is not None
    if held:
        expected = {
            e.staff_id for e in ctx.session.exec(select(MeetingExpected).where(MeetingExpected.meeting_id == mid))
        }
        staff = list(ctx.session.exec(select(Staff).where(Staff.id.in_(expected | signed)).order_by(Staff.login)))
    else:
        roles = audience(kinds(ctx, [m.day])[m.day])
        staff = [
            s
            for s in ctx.session.exec(
                select(Staff).where(Staff.active.is_(True), Staff.role.in_(DEPARTMENT_ROLES)).order_by(Staff.login)
            )
            if s.role in roles
        ]
        expected = {s.id for s in staff}
    at = datetime.combine(m.day, m.start, tzinfo=ctx.now.tzinfo)
    leave = _on_leave(ctx, [s.id for s in staff], at)
    points = ctx.policy_on(m.day)["meeting.points"]
    rows = []
    for s in staff:
        required = s.id in expected
        v = points_verdict(s.id in signed, s.id in leave, points=points)
        status = v.code if held else ("upcoming" if m.day >= ctx.today else "not-held")
        rows.append(
            AttendanceView(
                staff=s.login,
                name=s.name,
                role=s.role,
                required=required,
                status=status,
                points_deducted=v.detail["deducted"] if (held and required) else 0,
                reported=s.id in reported if s.id in signed else None,
                clause=v.clause,
            )
        )
    return rows


def attendance_for(ctx: Ctx, mid: int) -> list[AttendanceView]:
    """MEETING-2 as the acting user may see it: everyone's for the head, the assistant and
    supervisors; one's own line otherwise."""
    rows = attendance(ctx, mid)
    if ctx.may("see the department's records"):
        return rows
    return [r for r in rows if r.staff == ctx.me.login]


def add_item(
    ctx: Ctx, mid: int, *, owner: str, text: str, collected_from: str | None, due: date | None = None
) -> ItemAdded:
    """MEETING-3/4/5: an issue, a report or a follow-up, with the person who owns it and, when the
    meeting set one, its deadline (not before the meeting)."""
    from csops.models import MeetingItem
    from csops.rules.meeting import collect_check

    ctx.require("meeting item")
    m = _meeting(ctx, mid)
    if not (text or "").strip():
        raise BadInput(_("The item's text is required."))
    o = get_by_login(ctx, owner)
    _check_due(due, m.day)
    notes = []
    cf = None
    if collected_from:
        cf = get_by_login(ctx, collected_from)
        kind = kinds(ctx, [m.day])[m.day]
        v = collect_check(kind, cf.role)
        if not v.ok:
            notes.append(
                _("{login} attends the first meeting: issues are collected from those who do not (MEETING-3).").format(
                    login=cf.login
                )
            )
    item = MeetingItem(
        meeting_id=mid,
        owner_id=o.id,
        text=text.strip(),
        collected_from_id=cf.id if cf else None,
        added_by_id=ctx.me.id,
        created_at=ctx.now,
        due=due,
    )
    ctx.session.add(item)
    ctx.session.flush()
    audit(ctx, "meeting.item", "meeting_item", item.id, after=item)
    return ItemAdded(**_item_fields(ctx, item, m), notes=tuple(notes))


Day = date  # the type, where a view's field is named ``date``


@dataclass(frozen=True)
class ItemView(View):
    """MEETING-3/4/5: an issue, a report or a follow-up of a meeting, with its owner."""

    id: int = shown(N_("ID"), "int")
    meeting_id: int = shown(N_("Meeting"), "int")
    date: date = shown(N_("Date"), "date")
    owner: str | None = shown(N_("Owner"), "person")
    text: str = shown(N_("Text"))
    collected_from: str | None = shown(N_("Collected from"), "person")
    due: Day | None = shown(N_("Due"), "date")
    status: str = shown(N_("Status"), "code", words=ITEM_WORDS)
    done_at: datetime | None = shown(N_("Done at"), "datetime")


@dataclass(frozen=True)
class ItemAdded(ItemView):
    """MEETING-3: an item just added, with what the rules noticed."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def _item_fields(ctx: Ctx, item: Any, meeting: Any = None, logins: dict[int, str] | None = None) -> dict[str, Any]:
    from csops.services.staff import logins_by_id

    logins = logins or logins_by_id(ctx)
    meeting = meeting or _meeting(ctx, item.meeting_id)
    return {
        "id": item.id,
        "meeting_id": item.meeting_id,
        "date": meeting.day,
        "owner": logins.get(item.owner_id),
        "text": item.text,
        "collected_from": logins.get(item.collected_from_id),
        "due": item.due,
        "status": item.status,
        "done_at": ctx.local(item.done_at),
    }


def item_row(ctx: Ctx, item: Any, meeting: Any = None, logins: dict[int, str] | None = None) -> ItemView:
    return ItemView(**_item_fields(ctx, item, meeting, logins))


def list_items(ctx: Ctx, *, open_only: bool, meeting: int | None = None, owner: str | None = None) -> list[ItemView]:
    from sqlmodel import select

    from csops.models import Meeting, MeetingItem
    from csops.services.staff import logins_by_id

    q = (
        select(MeetingItem, Meeting)
        .join(Meeting, Meeting.id == MeetingItem.meeting_id)
        .order_by(Meeting.day, MeetingItem.id)
    )
    if open_only:
        q = q.where(MeetingItem.status == "open")
    if meeting:
        q = q.where(MeetingItem.meeting_id == meeting)
    if owner:
        q = q.where(MeetingItem.owner_id == get_by_login(ctx, owner).id)
    logins = logins_by_id(ctx)
    return [item_row(ctx, i, m, logins) for i, m in ctx.session.exec(q)]


def item_done(ctx: Ctx, item_id: int) -> ItemView:
    """MEETING-5: a follow-up is done (its owner, the assistant or the head)."""
    from csops.models import MeetingItem

    item = ctx.session.get(MeetingItem, item_id)
    if item is None:
        raise NotFound(_("No meeting item #{id}.").format(id=item_id))
    if item.owner_id != ctx.me.id and not ctx.has_role("head", "assistant"):
        raise NotPermitted(_("Only the item's owner, the assistant or the head may close it."))
    if item.status == "done":
        raise Refused(_("Item #{id} is done already.").format(id=item_id))
    before = snapshot(item)
    item.status, item.done_at = "done", ctx.now
    ctx.session.add(item)
    audit(ctx, "meeting.item_done", "meeting_item", item.id, before=before, after=item)
    return item_row(ctx, item)


def _editable_item(ctx: Ctx, item_id: int) -> Any:
    """MEETING-6/7: an item may change while its meeting's minutes are a draft (or not written
    yet), by whoever added it, the assistant or the head; once the minutes are sent they stand
    as sent, and an omission is reported as feedback."""
    from csops.models import MeetingItem

    ctx.require("meeting item-edit")
    item = ctx.session.get(MeetingItem, item_id)
    if item is None:
        raise NotFound(_("No meeting item #{id}.").format(id=item_id))
    if item.added_by_id != ctx.me.id and not ctx.has_role("head", "assistant"):
        raise NotPermitted(_("Only the one who added the item, the assistant or the head may change it."))
    mn = _minutes(ctx, item.meeting_id, required=False)
    if mn is not None and mn.status != "draft":
        raise Refused(
            _(
                "The minutes of meeting #{id} were sent: its items stand as sent. Report an omission with `csops meeting feedback {id}`."
            ).format(id=item.meeting_id),
            clause="MEETING-7",
        )
    return item


def _check_due(due: date | None, meeting_day: date) -> None:
    if due is not None and due < meeting_day:
        raise BadInput(
            _("An item's deadline ({due}) cannot be before its meeting ({day}).").format(
                due=due.isoformat(), day=meeting_day.isoformat()
            )
        )


def edit_item(ctx: Ctx, item_id: int, *, text: str | None, owner: str | None, due: date | None = None) -> ItemView:
    """MEETING-6: correct an item's text, owner or deadline while the minutes are a draft."""
    item = _editable_item(ctx, item_id)
    if text is None and owner is None and due is None:
        raise BadInput(_("Nothing to change: give --text, --owner or --due."))
    if due is not None:
        _check_due(due, _meeting(ctx, item.meeting_id).day)
    before = snapshot(item)
    if text is not None:
        if not text.strip():
            raise BadInput(_("The item's text is required."))
        item.text = text.strip()
    if owner is not None:
        item.owner_id = get_by_login(ctx, owner).id
    if due is not None:
        item.due = due
    ctx.session.add(item)
    audit(ctx, "meeting.item_edit", "meeting_item", item.id, before=before, after=item)
    return item_row(ctx, item)


def remove_item(ctx: Ctx, item_id: int) -> ItemView:
    """MEETING-6: remove an item added by mistake while the minutes are a draft."""
    item = _editable_item(ctx, item_id)
    row = item_row(ctx, item)
    audit(ctx, "meeting.item_remove", "meeting_item", item.id, before=item)
    ctx.session.delete(item)
    return row


# -- minutes ---------------------------------------------------------------------------------


def _minutes(ctx: Ctx, mid: int, *, required: bool = True) -> Any:
    from sqlmodel import select

    from csops.models import Minutes

    mn = ctx.session.exec(select(Minutes).where(Minutes.meeting_id == mid)).first()
    if mn is None and required:
        raise Refused(
            _("Meeting #{id} has no minutes yet: record them with `csops meeting minutes {id} --file FILE.md`.").format(
                id=mid
            ),
            clause="MEETING-6",
        )
    return mn


def _step(mn_status: str, action: str, mid: int) -> None:
    from csops.rules.meeting import minutes_step

    v = minutes_step(mn_status, action)
    if not v.ok:
        raise Refused(
            _(
                "The minutes of meeting #{id} are {status}: they cannot be {action} now (order: draft → sent → confirmed → archived)."
            ).format(id=mid, status=_(MINUTES_WORDS[MinutesState(mn_status)]), action=_(MINUTES_ACTION_WORDS[action])),
            clause=v.clause,
        )


def window_end(ctx: Ctx, mn: Any) -> datetime:
    from csops.rules.meeting import correction_window_end

    sent = ctx.local(mn.sent_at)
    return correction_window_end(sent, ctx.calendar.next_workday, ctx.policy_on(sent.date())["workday.end"])


@dataclass(frozen=True)
class MinutesView(View):
    """MEETING-6/7: the minutes of a meeting and their clock."""

    meeting_id: int = shown(N_("Meeting"), "int")
    date: date = shown(N_("Date"), "date")
    status: MinutesState | None = shown(N_("Status"), "code", words=MINUTES_WORDS)
    due: datetime = shown(N_("Due"), "datetime")
    sent_at: datetime | None = shown(N_("Sent at"), "datetime")
    sent_late: bool | None = shown(N_("Sent late"), "bool")
    corrections_until: datetime | None = shown(N_("Corrections until"), "datetime")
    confirmed_at: datetime | None = shown(N_("Confirmed at"), "datetime")
    archived_at: datetime | None = shown(N_("Filed at"), "datetime")


@dataclass(frozen=True)
class MinutesSent(MinutesView):
    """MEETING-6: the minutes as mailed: to whom, how, and whether late."""

    recipients: list[str] = shown(N_("Recipients"), "list")  # logins; the mail goes out after the commit
    outbox_id: int = shown(N_("Outbox"), "int", table=False)
    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


@dataclass(frozen=True)
class MinutesPrinted(MinutesView):
    """MEETING-7: the minutes printed for the head's signature."""

    pdf: str = shown(N_("PDF"))


@dataclass(frozen=True)
class MinutesArchived(MinutesView):
    """MEETING-7: the minutes signed by the head and filed."""

    signed_by: str = shown(N_("Signed by"), "person")


def _minutes_fields(ctx: Ctx, m: Any, mn: Any) -> dict[str, Any]:
    return {
        "meeting_id": m.id,
        "date": m.day,
        "status": MinutesState(mn.status) if mn else None,
        "due": minutes_due_at(ctx, m),
        "sent_at": ctx.local(mn.sent_at) if mn else None,
        "sent_late": mn.sent_late if mn else None,
        "corrections_until": window_end(ctx, mn) if mn and mn.sent_at else None,
        "confirmed_at": ctx.local(mn.confirmed_at) if mn else None,
        "archived_at": ctx.local(mn.archived_at) if mn else None,
    }


def minutes_view(ctx: Ctx, m: Any, mn: Any) -> MinutesView:
    return MinutesView(**_minutes_fields(ctx, m, mn))


def record_minutes(ctx: Ctx, mid: int, path: Path) -> MinutesView:
    """MEETING-6: the assistant writes the minutes (Markdown); recorded or replaced before sending."""
    from csops.models import Minutes

    ctx.require("meeting minutes")
    m = _meeting(ctx, mid)
    if m.day > ctx.today:
        raise Refused(_("Meeting #{id} has not taken place yet.").format(id=mid))
    try:
        body = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(_("Cannot read {path}: {reason}").format(path=path, reason=exc)) from None
    if not body.strip():
        raise BadInput(_("The minutes file is empty."))
    mn = _minutes(ctx, mid, required=False)
    if mn is None:
        mn = Minutes(meeting_id=mid, body=body, recorded_at=ctx.now, recorded_by_id=ctx.me.id)
        before = None
    else:
        _step(mn.status, "record", mid)
        before = snapshot(mn)
        mn.body, mn.recorded_at, mn.recorded_by_id = body, ctx.now, ctx.me.id
    ctx.session.add(mn)
    ctx.session.flush()
    audit(ctx, "meeting.minutes", "minutes", mn.id, before=before, after=mn)
    return minutes_view(ctx, m, mn)


def minutes_content(ctx: Ctx, m: Any, mn: Any) -> dict[str, Any]:
    """What the minutes say, for paper and mail alike: title, date and kind, attendance, the
    items with their owners (followed up by the next meeting), the text, corrections received."""
    from sqlmodel import select

    from csops.models import Meeting, MinutesFeedback
    from csops.services.staff import logins_by_id, names_by_login

    kind = kinds(ctx, [m.day])[m.day]
    att = attendance(ctx, m.id)
    status_word = {
        "present": _("present"),
        "absent-with-leave": _("excused (on leave)"),
        "absent-without-leave": _("absent without leave"),
        "upcoming": _("upcoming"),
    }
    logins = logins_by_id(ctx)
    names = names_by_login(ctx)  # paper shows people by name (issue 16), the login beside it where needed

    def person(login: str | None) -> str:
        return names.get(login or "", login or "")

    items = list_items(ctx, open_only=False, meeting=m.id)
    fb = list(
        ctx.session.exec(select(MinutesFeedback).where(MinutesFeedback.meeting_id == m.id).order_by(MinutesFeedback.id))
    )
    kind_word = {
        "first": _("the month's first meeting"),
        "last": _("the month's last meeting"),
        "other": _("a regular meeting"),
    }[kind]
    data = {
        "title": _("Customer Service Department: minutes of the meeting of {date}").format(date=m.day.isoformat()),
        "subtitle": _("{date} {start}, {kind}; minutes by {who}").format(
            date=m.day.isoformat(),
            start=m.start.strftime("%H:%M"),
            kind=kind_word,
            who=person(logins.get(mn.recorded_by_id)),
        ),
        "labels": {
            "attendance": _("Attendance"),
            "items": _("Reports, issues and follow-ups"),
            "minutes": _("Minutes"),
            "feedback": _("Corrections received"),
            "signature": _("Department head: ____________________    Date: ____________"),
            "signin": _("Sign-in"),
        },
        "attendance": [[_("Name"), _("Role"), _("Status"), _("Points deducted")]]
        + [
            [
                f"{a.name} ({a.staff})",
                _(ROLE_WORDS[a.role]),
                status_word.get(a.status) or _(ATTENDANCE_WORDS[a.status]),
                str(a.points_deducted),
            ]
            for a in att
        ],
        "items": [[_("Owner"), _("Item"), _("Collected from"), _("Due"), _("Status")]]
        + [
            [
                person(i.owner),
                i.text,
                person(i.collected_from),
                i.due.isoformat() if i.due else "",
                _(ITEM_WORDS[i.status]),
            ]
            for i in items
        ],
        "signin": [[_("Name"), _("Role"), _("Signature")]]
        + [[f"{a.name} ({a.staff})", _(ROLE_WORDS[a.role]), ""] for a in att if a.status == "present"],
        "body": mn.body,
        "feedback": (
            [[_("Who"), _("When"), _("Text")]]
            + [[person(logins.get(f.staff_id)), ctx.local(f.at).strftime("%Y-%m-%d %H:%M"), f.text] for f in fb]
        )
        if fb
        else None,
    }
    following = ctx.session.exec(select(Meeting.day).where(Meeting.day > m.day).order_by(Meeting.day)).first()
    data["follow_up_by"] = following
    return data


def minutes_document(ctx: Ctx, m: Any, mn: Any) -> bytes:
    """The printable minutes (PDF bytes) with attendance, items, feedback and the head's signature line."""
    from csops.documents import find_cjk_font, minutes_pdf

    return minutes_pdf(minutes_content(ctx, m, mn), find_cjk_font(ctx.config.output.get("font")))


def minutes_text(data: dict[str, Any]) -> str:
    """The minutes as the plain text of their mail (the PDF goes with it)."""
    lines = [data["title"], data["subtitle"], ""]
    lines.append(data["labels"]["attendance"])
    for name, role, status, points in data["attendance"][1:]:
        lines.append(f"  {name}  {role}  {status}" + (f"  -{points}" if points not in ("0", "") else ""))
    lines.append("")
    if len(data["items"]) > 1:
        lines.append(data["labels"]["items"])
        for owner, text, collected, due, status in data["items"][1:]:
            when = f"; {_('due {date}').format(date=due)}" if due else ""
            lines.append(f"  - {text}  ({owner}; {status}{when})" + (f" [{collected}]" if collected else ""))
        if data.get("follow_up_by"):
            lines.append(
                "  " + _("Follow-ups are reported at the next meeting, {date}.").format(date=data["follow_up_by"])
            )
        lines.append("")
    lines.append(data["labels"]["minutes"])
    lines += ["  " + line if line.strip() else "" for line in (data["body"] or "").splitlines()]
    return "\n".join(lines).rstrip() + "\n"


def send_minutes(ctx: Ctx, mid: int, *, resend: bool) -> MinutesSent:
    """MEETING-6: the minutes go to everyone the Monday morning after the meeting (late is flagged),
    as text with the printable PDF attached. A failed send leaves them unsent."""
    from sqlmodel import select

    from csops.models import Staff
    from csops.rules.meeting import sent_late
    from csops.rules.staff import DEPARTMENT_ROLES
    from csops.services.mail import PDF, queue_mail

    ctx.require("meeting minutes")
    m = _meeting(ctx, mid)
    mn = _minutes(ctx, mid)
    if mn.status == "sent" and not resend:
        raise Refused(
            _("The minutes of meeting #{id} were sent already; use --resend to send them again.").format(id=mid),
            clause="MEETING-6",
        )
    _step(mn.status, "resend" if resend else "send", mid)
    people = list(
        ctx.session.exec(
            select(Staff).where(Staff.active.is_(True), Staff.role.in_(DEPARTMENT_ROLES)).order_by(Staff.login)
        )
    )
    to = [(p.name, p.email) for p in people if p.email]
    if not to:
        raise Refused(_("Nobody in the department has an email address: `csops staff edit LOGIN --email ...`."))
    content = minutes_content(ctx, m, mn)
    pdf = minutes_document(ctx, m, mn)
    subject = _("Minutes of the department meeting of {date}").format(date=m.day.isoformat())
    body = (
        minutes_text(content)
        + "\n"
        + _('Report any omission within one working day (MEETING-7): csops meeting feedback {id} "..."').format(id=mid)
        + "\n"
    )
    before = snapshot(mn)
    queued = queue_mail(
        ctx,
        f"minutes:{mid}:{'resend:' + ctx.now.isoformat() if resend else 'send'}",
        [p for p in people if p.email],
        subject,
        body,
        (f"minutes-{m.day.isoformat()}.pdf", pdf, PDF),
    )
    due = minutes_due_at(ctx, m)
    if not resend:
        mn.sent_at = ctx.now
        mn.sent_late = sent_late(ctx.now, due.date(), due.time())
    mn.status = "sent"
    mn.sent_to = ", ".join(p.email for p in people if p.email)
    ctx.session.add(mn)
    audit(ctx, "meeting.minutes_send", "minutes", mn.id, before=before, after=mn)
    notes = (
        (_("Sent late: they were due {due} (MEETING-6).").format(due=due.strftime("%Y-%m-%d %H:%M")),)
        if mn.sent_late
        else ()
    )
    assert queued is not None  # someone has an email address (refused above otherwise)
    return MinutesSent(
        **_minutes_fields(ctx, m, mn),
        recipients=[p.login for p in people if p.email],
        outbox_id=queued.id,
        notes=notes,
    )


@dataclass(frozen=True)
class FeedbackView(View):
    """MEETING-7: an omission reported in the minutes, within the correction window."""

    id: int = shown(N_("ID"), "int")
    meeting_id: int = shown(N_("Meeting"), "int")
    staff: str = shown(N_("Staff"), "person")
    text: str = shown(N_("Text"))
    at: datetime = shown(N_("At"), "datetime")
    corrections_until: datetime = shown(N_("Corrections until"), "datetime")
    date: date = shown(N_("Date"), "date")


def feedback(ctx: Ctx, mid: int, text: str) -> FeedbackView:
    """MEETING-7: an omission reported within one working day after the minutes were sent."""
    from csops.models import MinutesFeedback

    ctx.require("meeting feedback")
    if not (text or "").strip():
        raise BadInput(_("The feedback text is required."))
    m = _meeting(ctx, mid)
    mn = _minutes(ctx, mid)
    _step(mn.status, "feedback", mid)
    end = window_end(ctx, mn)
    if ctx.now > end:
        raise Refused(
            _("The correction window closed at {end}.").format(end=end.strftime("%Y-%m-%d %H:%M")), clause="MEETING-7"
        )
    f = MinutesFeedback(meeting_id=mid, staff_id=ctx.me.id, text=text.strip(), at=ctx.now)
    ctx.session.add(f)
    ctx.session.flush()
    audit(ctx, "meeting.feedback", "minutes_feedback", f.id, after=f)
    return FeedbackView(
        id=f.id,
        meeting_id=mid,
        staff=ctx.me.login,
        text=f.text,
        at=ctx.now,
        corrections_until=end,
        date=m.day,
    )


def print_minutes(ctx: Ctx, mid: int, output: Path | None) -> MinutesPrinted:
    """MEETING-7: once the correction window has closed the minutes are confirmed (feedback folded
    in) and printed for the head's signature."""
    ctx.require("meeting minutes")
    m = _meeting(ctx, mid)
    mn = _minutes(ctx, mid)
    _step(mn.status, "print", mid)
    if mn.status == "sent":
        end = window_end(ctx, mn)
        if ctx.now <= end:
            raise Refused(
                _("Corrections are open until {end}; print after that.").format(end=end.strftime("%Y-%m-%d %H:%M")),
                clause="MEETING-7",
            )
        before = snapshot(mn)
        mn.status, mn.confirmed_at = "confirmed", ctx.now
        ctx.session.add(mn)
        audit(ctx, "meeting.minutes_confirm", "minutes", mn.id, before=before, after=mn)
    pdf = minutes_document(ctx, m, mn)
    output = Path(output or f"minutes-{m.day.isoformat()}.pdf")
    from csops.files import write_atomic

    write_atomic(output, pdf)
    return MinutesPrinted(**_minutes_fields(ctx, m, mn), pdf=str(output))


def archive(ctx: Ctx, mid: int, signed_by: str) -> MinutesArchived:
    """MEETING-7: signed by the department head and filed by the assistant."""
    ctx.require("meeting archive")
    m = _meeting(ctx, mid)
    mn = _minutes(ctx, mid)
    head = get_by_login(ctx, signed_by)
    if head.role != "head":
        raise Refused(
            _("The minutes are signed by the department head; {login} is {role}.").format(
                login=head.login, role=_(ROLE_WORDS.get(head.role, head.role))
            ),
            clause="MEETING-7",
        )
    _step(mn.status, "archive", mid)
    before = snapshot(mn)
    mn.status, mn.signed_by_id, mn.archived_at = "archived", head.id, ctx.now
    ctx.session.add(mn)
    audit(ctx, "meeting.archive", "minutes", mn.id, before=before, after=mn)
    return MinutesArchived(**_minutes_fields(ctx, m, mn), signed_by=head.login)
