"""csops staff: the department's people and their reporting lines."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

if TYPE_CHECKING:
    from csops.services.context import Ctx
    from csops.services.staff import StaffDetailView

app = typer.Typer(help=N_("People: add, list, show, edit, deactivate."), no_args_is_help=True)

Login = Annotated[str, typer.Argument(help=N_("The person's login."))]


def _time(value: str | None) -> time | None:
    from csops.dates import parse_time

    return parse_time(value) if value else None


@app.command("add", help=N_("Register a person (head, assistant)."))
def add(
    login: Annotated[str, typer.Option("--login", help=N_("Login (the OS account name or database login)."))],
    name: Annotated[str, typer.Option("--name", help=N_("Full name, e.g. 张伟."))],
    role: Annotated[
        str, typer.Option("--role", help=N_("head, supervisor, rep, assistant, onsite, frontdesk, ops or manager."))
    ],
    superior: Annotated[str | None, typer.Option("--superior", help=N_("The login of the direct superior."))] = None,
    email: Annotated[str | None, typer.Option("--email", help=N_("Email address."))] = None,
    team: Annotated[str | None, typer.Option("--team", help=N_("Team (operations teams)."))] = None,
    start: Annotated[
        str | None, typer.Option("--start", help=N_("This person's usual start time, if not the department's."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services import staff as svc

    fmt = fmt_check(fmt)

    def run(ctx: Ctx) -> StaffDetailView:
        s = svc.add_staff(
            ctx, login=login, name=name, role=role, superior=superior, email=email, team=team, base_start=_time(start)
        )
        return svc.show_staff(ctx, s.login)

    row = service(run, write=True)
    show_one(row, fmt, _("Added {login}.").format(login=login))


@app.command("list", help=N_("List the people."))
def list_(
    all_: Annotated[bool, typer.Option("--all", help=N_("Include deactivated people."))] = False,
    role: Annotated[str | None, typer.Option("--role", help=N_("Only this role."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services import staff as svc

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: svc.list_staff(ctx, include_inactive=all_, role=role), write=False)
    show_rows(rows, fmt)


@app.command("show", help=N_("Show one person with their reporting line."))
def show(login: Login, fmt: FormatOpt = "table") -> None:
    from csops.services import staff as svc

    fmt = fmt_check(fmt)
    show_one(service(lambda ctx: svc.show_staff(ctx, login), write=False), fmt)


@app.command("edit", help=N_("Change a person's details (head, assistant)."))
def edit(
    login: Login,
    name: Annotated[str | None, typer.Option("--name", help=N_("New name."))] = None,
    role: Annotated[str | None, typer.Option("--role", help=N_("New role."))] = None,
    superior: Annotated[str | None, typer.Option("--superior", help=N_("New direct superior (login)."))] = None,
    no_superior: Annotated[
        bool, typer.Option("--no-superior", help=N_("Remove the superior (top of the line)."))
    ] = False,
    email: Annotated[str | None, typer.Option("--email", help=N_("New email address."))] = None,
    team: Annotated[str | None, typer.Option("--team", help=N_("New team."))] = None,
    start: Annotated[
        str | None, typer.Option("--start", help=N_("This person's usual start time, if not the department's."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services import staff as svc

    fmt = fmt_check(fmt)

    def run(ctx: Ctx) -> StaffDetailView:
        svc.edit_staff(
            ctx,
            login,
            name=name,
            role=role,
            superior=superior,
            email=email,
            team=team,
            base_start=_time(start),
            clear_superior=no_superior,
        )
        return svc.show_staff(ctx, login)

    show_one(service(run, write=True), fmt, _("Updated {login}.").format(login=login))


@app.command("deactivate", help=N_("Deactivate a person who left (head, assistant); their records stay."))
def deactivate(login: Login, fmt: FormatOpt = "table") -> None:
    from csops.services import staff as svc

    fmt = fmt_check(fmt)

    def run(ctx: Ctx) -> StaffDetailView:
        svc.deactivate_staff(ctx, login)
        return svc.show_staff(ctx, login)

    show_one(service(run, write=True), fmt, _("Deactivated {login}.").format(login=login))
