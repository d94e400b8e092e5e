"""The agenda (`csops today`): what is due or overdue now, each line naming its clause
and the command that clears it. Covers the areas built so far (people-time)."""
from __future__ import annotations

from datetime import timedelta

from csops.i18n import _
from csops.services.context import Ctx


def agenda(ctx: Ctx, day=None) -> list[dict]:
    from sqlmodel import select

    from csops.models import CompRest, LeaveApproval, LeaveRequest, Staff
    from csops.services.attendance import PRIVILEGED, department, evaluate

    day = day or ctx.today
    me = ctx.actor
    items: list[dict] = []
    logins = dict(ctx.session.exec(select(Staff.id, Staff.login)).all())

    # approvals waiting for me (LEAVE-5)
    for lv in ctx.session.exec(select(LeaveRequest).where(LeaveRequest.status == "pending").order_by(LeaveRequest.starts_at)):
        nxt = ctx.session.exec(select(LeaveApproval).where(LeaveApproval.leave_id == lv.id, LeaveApproval.decision == "pending")
                               .order_by(LeaveApproval.level)).first()
        if nxt is not None and nxt.approver_id == me.id:
            items.append({"area": "leave", "clause": "LEAVE-5", "who": logins[lv.staff_id],
                          "text": _("Leave #{id} of {login} ({start}) waits for your approval.").format(
                              id=lv.id, login=logins[lv.staff_id], start=ctx.local(lv.starts_at).strftime("%Y-%m-%d %H:%M")),
                          "command": f"csops leave approve {lv.id}"})
        if lv.late_notice and (lv.staff_id == me.id or ctx.has_role(*PRIVILEGED)):
            items.append({"area": "leave", "clause": "LEAVE-4", "who": logins[lv.staff_id],
                          "text": _("Leave #{id} of {login} was asked late: absenteeism until approved.").format(id=lv.id, login=logins[lv.staff_id]),
                          "command": f"csops leave show {lv.id}"})
    # yesterday's (last working day's) breaches (LEAVE-9, ATTEND-3)
    prev = day - timedelta(days=1)
    while not ctx.calendar.is_workday(prev) and (day - prev).days < 15:
        prev -= timedelta(days=1)
    people = department(ctx, only_self=not ctx.has_role(*PRIVILEGED))
    for (_sid, d), r in sorted(evaluate(ctx, people, prev, prev).items(), key=lambda kv: kv[1].staff.login):
        if r.status.status in ("violation", "absent"):
            items.append({"area": "attendance", "clause": r.status.clause, "who": r.staff.login,
                          "text": _("{login} on {date}: {status}.").format(login=r.staff.login, date=d.isoformat(), status=_(r.status.status)),
                          "command": f"csops attendance day --date {d.isoformat()}"})
    # compensatory rest still to take (DUTY-4)
    q = select(CompRest).where(CompRest.taken_on == None, CompRest.earned_on <= day)  # noqa: E711
    if not ctx.has_role(*PRIVILEGED):
        q = q.where(CompRest.staff_id == me.id)
    owed: dict[int, list] = {}
    for c in ctx.session.exec(q.order_by(CompRest.earned_on)):
        owed.setdefault(c.staff_id, []).append(c.earned_on)
    for sid, days in sorted(owed.items(), key=lambda kv: logins[kv[0]]):
        items.append({"area": "duty", "clause": "DUTY-4", "who": logins[sid],
                      "text": _("{login} has {n} rest days to take (oldest earned {date}).").format(login=logins[sid], n=len(days), date=days[0].isoformat()),
                      "command": "csops duty comp-rest take --date DATE" + ("" if sid == me.id else f" --staff {logins[sid]}")})
    if ctx.calendar.is_provisional(day.year):
        from csops.services.calendar import provisional_warning

        items.append({"area": "calendar", "clause": "WORKDAY-1", "who": "", "text": provisional_warning(day.year),
                      "command": "csops calendar import FILE.json"})
    return items
