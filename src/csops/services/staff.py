"""People: the department's staff and their reporting lines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import Any

from csops.errors import BadInput, NotFound, NotPermitted, Refused
from csops.i18n import N_, _
from csops.rules.staff import Role
from csops.services.context import Ctx, audit, snapshot
from csops.views import View, shown

# The roles in the reader's words (JSON keeps the codes)
ROLE_WORDS: dict[str, str] = {
    Role.HEAD: N_("head"),
    Role.SUPERVISOR: N_("supervisor"),
    Role.REP: N_("rep"),
    Role.ASSISTANT: N_("assistant"),
    Role.ONSITE: N_("onsite"),
    Role.FRONTDESK: N_("frontdesk"),
    Role.OPS: N_("ops"),
    Role.MANAGER: N_("manager"),
}


def get_by_login(ctx: Ctx, login: str) -> Any:
    from sqlmodel import select

    from csops.models import Staff

    staff = ctx.session.exec(select(Staff).where(Staff.login == login)).first()
    if staff is None:
        raise NotFound(_("No staff member with login {login!r}.").format(login=login))
    return staff


def logins_by_id(ctx: Ctx) -> dict[int, str]:
    """Every staff member's login by id (one query; for rendering records that point at people)."""
    from sqlmodel import select

    from csops.models import Staff

    logins: dict[int, str] = ctx.once(("logins",), lambda: dict(ctx.session.exec(select(Staff.id, Staff.login)).all()))
    return logins


def names_by_login(ctx: Ctx) -> dict[str, str]:
    """Every staff member's name by login (one query per command; paper shows people by name)."""
    from sqlmodel import select

    from csops.models import Staff

    names: dict[str, str] = ctx.once(("names",), lambda: dict(ctx.session.exec(select(Staff.login, Staff.name)).all()))
    return names


def superiors_map(ctx: Ctx) -> dict[int, int | None]:
    from sqlmodel import select

    from csops.models import Staff

    return dict(ctx.session.exec(select(Staff.id, Staff.superior_id)).all())


def _validate(
    ctx: Ctx, *, login: str | None = None, name: str | None = None, role: str | None = None, email: str | None = None
) -> None:
    from csops.rules.staff import EMAIL, LOGIN, ROLES

    if login is not None and not LOGIN.match(login):
        raise BadInput(_("Bad login {login!r}: use letters, digits, '.', '_' or '-' (at most 64).").format(login=login))
    if name is not None and not name.strip():
        raise BadInput(_("A name is required."))
    if role is not None and role not in ROLES:
        raise BadInput(_("Unknown role {role!r}; roles are: {roles}.").format(role=role, roles=", ".join(ROLES)))
    if email and not EMAIL.match(email):
        raise BadInput(_("Bad email address {email!r}.").format(email=email))


def _head_only(ctx: Ctx, message: str) -> None:
    """What only the head may do with the head's role (the assistant manages staff, not the head)."""
    if not (ctx.system and ctx.actor is None) and (ctx.actor is None or ctx.actor.role != "head"):
        raise NotPermitted(message)


def _resolve_superior(ctx: Ctx, login: str | None) -> Any:
    if not login:
        return None
    try:
        sup = get_by_login(ctx, login)
    except NotFound:
        raise BadInput(_("Unknown superior {login!r}: add that person first.").format(login=login)) from None
    if not sup.active:
        raise BadInput(_("Superior {login!r} is deactivated.").format(login=login))
    return sup


def add_staff(
    ctx: Ctx,
    *,
    login: str,
    name: str,
    role: str,
    superior: str | None = None,
    email: str | None = None,
    team: str | None = None,
    base_start: time | None = None,
    check_permission: bool = True,
) -> Any:
    from csops.models import Staff

    if check_permission:
        ctx.require("staff add")
    _validate(ctx, login=login, name=name, role=role, email=email)
    from sqlmodel import select

    if ctx.session.exec(select(Staff.id).where(Staff.login == login)).first() is not None:
        raise Refused(_("Login {login!r} exists already.").format(login=login))
    sup = _resolve_superior(ctx, superior)
    staff = Staff(
        login=login,
        name=name.strip(),
        role=role,
        superior_id=sup.id if sup else None,
        email=email or None,
        team=team or None,
        base_start=base_start,
        created_at=ctx.now,
    )
    ctx.session.add(staff)
    ctx.session.flush()
    ctx.memo.clear()  # answers about the department shared within this command are stale now
    audit(ctx, "staff.add", "staff", staff.login, after=staff)
    return staff


def edit_staff(
    ctx: Ctx,
    login: str,
    *,
    name: str | None = None,
    role: str | None = None,
    superior: str | None = None,
    email: str | None = None,
    team: str | None = None,
    base_start: time | None = None,
    clear_superior: bool = False,
) -> Any:
    from csops.rules.staff import creates_cycle

    ctx.require("staff edit")
    staff = get_by_login(ctx, login)
    before = snapshot(staff)
    _validate(ctx, name=name, role=role, email=email)
    if role is not None and role != staff.role and "head" in (role, staff.role):
        _head_only(ctx, _("Only the head changes who is head."))
    if superior is not None or clear_superior:
        sup = None if clear_superior else _resolve_superior(ctx, superior)
        new_id = sup.id if sup else None
        if creates_cycle(staff.id, new_id, superiors_map(ctx)):
            raise Refused(
                _("{sup} cannot be the superior of {login}: the reporting line would go round in a circle.").format(
                    sup=superior, login=login
                )
            )
        staff.superior_id = new_id
    if name is not None:
        staff.name = name.strip()
    if role is not None:
        staff.role = role
    if email is not None:
        staff.email = email or None
    if team is not None:
        staff.team = team or None
    if base_start is not None:
        staff.base_start = base_start
    ctx.session.add(staff)
    ctx.memo.clear()  # as for add_staff: the department's shared answers (superiors, teams) are stale
    audit(ctx, "staff.edit", "staff", staff.login, before=before, after=staff)
    return staff


def deactivate_staff(ctx: Ctx, login: str) -> Any:
    from sqlmodel import select

    from csops.models import Staff

    ctx.require("staff deactivate")
    staff = get_by_login(ctx, login)
    if staff.role == "head":
        _head_only(ctx, _("Only the head changes who is head."))
    if not staff.active:
        raise Refused(_("{login} is deactivated already.").format(login=login))
    if ctx.actor is not None and staff.id == ctx.me.id:
        raise Refused(_("You cannot deactivate yourself."))
    reports = ctx.session.exec(select(Staff.login).where(Staff.superior_id == staff.id, Staff.active.is_(True))).all()
    if reports:
        raise Refused(
            _(
                "{login} is still the superior of {names}: give them a new superior first (csops staff edit --superior)."
            ).format(login=login, names=", ".join(reports))
        )
    before = snapshot(staff)
    staff.active = False
    ctx.session.add(staff)
    ctx.memo.clear()
    audit(ctx, "staff.deactivate", "staff", staff.login, before=before, after=staff)
    return staff


@dataclass(frozen=True)
class StaffView(View):
    """A staff member as the lists show them."""

    login: str = shown(N_("Login"))
    name: str = shown(N_("Name"))
    role: Role = shown(N_("Role"), "code", words=ROLE_WORDS)
    superior: str | None = shown(N_("Superior"), "person")
    email: str | None = shown(N_("Email"))
    team: str | None = shown(N_("Team"))
    active: bool = shown(N_("Active"), "bool")
    base_start: str | None = shown(N_("Base start"), "time")  # HH:MM


@dataclass(frozen=True)
class StaffDetailView(StaffView):
    """A staff member with their reporting line (LEAVE-5) and direct reports."""

    reporting_line: list[str] = shown(N_("Reporting line"), "list")
    reports: list[str] = shown(N_("Direct reports"), "list")


def _staff_fields(staff: Any, logins: dict[int, str]) -> dict[str, Any]:
    return {
        "login": staff.login,
        "name": staff.name,
        "role": Role(staff.role),
        "superior": logins.get(staff.superior_id) if staff.superior_id else None,
        "email": staff.email,
        "team": staff.team,
        "active": staff.active,
        "base_start": staff.base_start.strftime("%H:%M") if staff.base_start else None,
    }


def staff_row(staff: Any, logins: dict[int, str]) -> StaffView:
    return StaffView(**_staff_fields(staff, logins))


def list_staff(ctx: Ctx, *, include_inactive: bool = False, role: str | None = None) -> list[StaffView]:
    from sqlmodel import select

    from csops.models import Staff

    cols = (
        Staff.id,
        Staff.login,
        Staff.name,
        Staff.role,
        Staff.superior_id,
        Staff.email,
        Staff.team,
        Staff.active,
        Staff.base_start,
    )
    q = select(*cols).order_by(Staff.login)  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
    if not include_inactive:
        q = q.where(Staff.active.is_(True))
    if role:
        q = q.where(Staff.role == role)
    rows = ctx.session.exec(q).all()  # plain rows, no ORM objects: fast for a large department
    logins = logins_by_id(ctx)
    return [staff_row(s, logins) for s in rows]


def show_staff(ctx: Ctx, login: str) -> StaffDetailView:
    from sqlmodel import select

    from csops.models import Staff
    from csops.rules.staff import line_above

    staff = get_by_login(ctx, login)
    logins = logins_by_id(ctx)
    return StaffDetailView(
        **_staff_fields(staff, logins),
        reporting_line=[logins[i] for i in line_above(staff.id, superiors_map(ctx))],
        reports=sorted(ctx.session.exec(select(Staff.login).where(Staff.superior_id == staff.id)).all()),
    )
