"""csops leave (LEAVE-1..9)."""

from __future__ import annotations

from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

app = typer.Typer(help=N_("Leave: request, approve, reject, cancel, report back (LEAVE-*)."), no_args_is_help=True)
LeaveId = Annotated[int, typer.Argument(help=N_("The leave's id."))]


@app.command("request", help=N_("Request leave for yourself (LEAVE-7): prints the approval chain and any notice note."))
def request(
    type_: Annotated[str, typer.Option("--type", help=N_("personal, special, sick, annual or other."))],
    start: Annotated[
        str, typer.Option("--from", help=N_("When it starts (a date alone means the start of your shift)."))
    ],
    end: Annotated[str, typer.Option("--to", help=N_("When it ends (a date alone means the end of the working day)."))],
    reason: Annotated[str | None, typer.Option("--reason", help=N_("Why."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.leave import request_leave

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: request_leave(ctx, leave_type=type_, start_text=start, end_text=end, reason=reason), write=True
    )
    show_one(
        row,
        fmt,
        _("Leave #{id} requested: {days} working days; next approver {next}.").format(
            id=row["id"], days=row["working_days"], next=row["next_approver"]
        ),
    )


@app.command("approve", help=N_("Approve a leave as its next approver (LEAVE-5/6)."))
def approve(
    leave_id: LeaveId,
    note: Annotated[str | None, typer.Option("--note", help=N_("A note."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.leave import decide

    fmt = fmt_check(fmt)
    row = service(lambda ctx: decide(ctx, leave_id, approve=True, note=note), write=True)
    msg = (
        _("Leave #{id} approved: in effect.")
        if row["status"] == "approved"
        else _("Leave #{id} approved at your level; next approver {next}.")
    )
    show_one(row, fmt, msg.format(id=leave_id, next=row["next_approver"]))


@app.command("reject", help=N_("Reject a leave as its next approver."))
def reject(
    leave_id: LeaveId, reason: Annotated[str, typer.Option("--reason", help=N_("Why."))], fmt: FormatOpt = "table"
) -> None:
    from csops.services.leave import decide

    fmt = fmt_check(fmt)
    row = service(lambda ctx: decide(ctx, leave_id, approve=False, note=reason), write=True)
    show_one(row, fmt, _("Leave #{id} rejected.").format(id=leave_id))


@app.command("cancel", help=N_("Cancel a leave (yourself before it starts; the head at any time)."))
def cancel(leave_id: LeaveId, fmt: FormatOpt = "table") -> None:
    from csops.services.leave import cancel as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, leave_id), write=True)
    show_one(row, fmt, _("Leave #{id} cancelled.").format(id=leave_id))


@app.command("back", help=N_("Report back from leave (销假); an early return gives the unused time back."))
def back(
    leave_id: LeaveId,
    at: Annotated[str | None, typer.Option("--at", help=N_("When you came back (default: now)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.leave import report_back

    fmt = fmt_check(fmt)
    row = service(lambda ctx: report_back(ctx, leave_id, at), write=True)
    show_one(
        row,
        fmt,
        _("Reported back from leave #{id}; {hours} working hours given back.").format(
            id=leave_id, hours=row["returned_hours"]
        ),
    )


@app.command("list", help=N_("List leave."))
def list_(
    mine: Annotated[bool, typer.Option("--mine", help=N_("Only my own leave."))] = False,
    pending: Annotated[bool, typer.Option("--pending", help=N_("Only leave waiting for approval."))] = False,
    month: Annotated[str | None, typer.Option("--month", help=N_("Only leave in this month."))] = None,
    staff: Annotated[str | None, typer.Option("--staff", help=N_("Only this person's leave."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.leave import list_leave

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: list_leave(ctx, mine=mine, pending=pending, month=month, staff=staff), write=False)
    show_rows(rows, fmt)


@app.command("show", help=N_("Show a leave with its rule trail (which clause decided what)."))
def show(leave_id: LeaveId, fmt: FormatOpt = "table") -> None:
    from csops.services.leave import show_leave

    fmt = fmt_check(fmt)
    row = service(lambda ctx: show_leave(ctx, leave_id), write=False)
    if fmt != "table":
        show_one(row, fmt)
        return
    show_one(row, fmt)
    import sys

    from csops.output import wrap_lines

    typer.echo(_("Rule trail:"))
    for t in row.trail:  # the reason folds under itself on a narrow terminal
        typer.echo(wrap_lines(f"  {t['clause']:<10} {t['code']:<20} {t['text']}", sys.stdout, indent=" " * 32))
