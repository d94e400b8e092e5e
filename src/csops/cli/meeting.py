"""csops meeting (MEETING-1..7)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _, ngettext

app = typer.Typer(
    help=N_("Department meetings: schedule, sign-in, points, items, minutes (MEETING-*)."), no_args_is_help=True
)
MeetingId = Annotated[int, typer.Argument(help=N_("The meeting's id."))]


@app.command(
    "schedule",
    help=N_(
        "Schedule the biweekly Saturday meetings, each marked first, last or other of its month, with who must attend."
    ),
)
def schedule(
    start: Annotated[str, typer.Option("--from", help=N_("The first date to consider."))],
    limit: Annotated[int | None, typer.Option("--limit", help=N_("How many meetings (default 6)."))] = None,
    break_rhythm: Annotated[
        bool,
        typer.Option(
            "--break-rhythm",
            help=N_("Start on the first Saturday from --from, not on the two-week rhythm (the head only)."),
        ),
    ] = False,
    fmt: FormatOpt = "table",
    count_old: Annotated[int | None, typer.Option("--count", hidden=True)] = None,  # the old name, one release
) -> None:
    from csops.cli.common import renamed, warn
    from csops.dates import parse_date
    from csops.services.meeting import schedule as svc

    fmt = fmt_check(fmt)
    count = renamed(limit, count_old, old="--count", new="--limit") or 6
    out = service(lambda ctx: svc(ctx, parse_date(start, ctx.today), count, break_rhythm=break_rhythm), write=True)
    for note in out.notes:
        warn(note)
    show_rows(out.rows, fmt)


@app.command("list", help=N_("List meetings with their kind and the state of their minutes."))
def list_(
    month: Annotated[str | None, typer.Option("--month", help=N_("Only this month."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.meeting import list_meetings

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: list_meetings(ctx, month), write=False), fmt)


@app.command("signin", help=N_("Sign people in (assistant, head); without --staff, yourself."))
def signin(
    mid: MeetingId,
    staff: Annotated[list[str] | None, typer.Option("--staff", help=N_("Who (repeat for several)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.meeting import signin as svc

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: svc(ctx, mid, staff or []), write=True), fmt)


@app.command(
    "attendance", help=N_("Present, absent with leave, absent without leave, and points deducted (MEETING-2).")
)
def attendance(mid: MeetingId, fmt: FormatOpt = "table") -> None:
    from csops.services.meeting import attendance_for as svc

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: svc(ctx, mid), write=False), fmt)


@app.command("item", help=N_("Add an issue, report or follow-up with its owner (MEETING-3/4/5)."))
def item(
    mid: MeetingId,
    text: Annotated[str, typer.Argument(help=N_("What it is."))],
    owner: Annotated[str, typer.Option("--owner", help=N_("Who owns it (login)."))],
    collected_from: Annotated[
        str | None,
        typer.Option("--collected-from", help=N_("Collected from this person, who does not attend (MEETING-3).")),
    ] = None,
    due: Annotated[
        str | None, typer.Option("--due", help=N_("The deadline the meeting set: the owner reports back by then."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.services.meeting import add_item

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: add_item(
            ctx,
            mid,
            owner=owner,
            text=text,
            collected_from=collected_from,
            due=parse_date(due, ctx.today) if due else None,
        ),
        write=True,
    )
    show_one(row, fmt, _("Item #{id} added.").format(id=row.id))


@app.command("items", help=N_("List meeting items (issues and follow-ups)."))
def items(
    open_: Annotated[bool, typer.Option("--open", help=N_("Only open ones."))] = False,
    meeting: Annotated[int | None, typer.Option("--meeting", help=N_("Only this meeting's."))] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=N_("Only this owner's."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.meeting import list_items

    fmt = fmt_check(fmt)
    show_rows(service(lambda ctx: list_items(ctx, open_only=open_, meeting=meeting, owner=owner), write=False), fmt)


@app.command("item-done", help=N_("Close a follow-up (its owner, the assistant or the head)."))
def item_done(item_id: Annotated[int, typer.Argument(help=N_("The item's id."))], fmt: FormatOpt = "table") -> None:
    from csops.services.meeting import item_done as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, item_id), write=True)
    show_one(row, fmt, _("Item #{id} done.").format(id=item_id))


@app.command(
    "item-edit",
    help=N_(
        "Correct an item's text or owner while the minutes are a draft (MEETING-6). Example: csops meeting item-edit 3 --owner liu.yang"
    ),
)
def item_edit(
    item_id: Annotated[int, typer.Argument(help=N_("The item's id."))],
    text: Annotated[str | None, typer.Option("--text", help=N_("The new text."))] = None,
    owner: Annotated[str | None, typer.Option("--owner", help=N_("Who owns it (login)."))] = None,
    due: Annotated[str | None, typer.Option("--due", help=N_("The new deadline."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.dates import parse_date
    from csops.services.meeting import edit_item

    fmt = fmt_check(fmt)
    row = service(
        lambda ctx: edit_item(ctx, item_id, text=text, owner=owner, due=parse_date(due, ctx.today) if due else None),
        write=True,
    )
    show_one(row, fmt, _("Item #{id} changed.").format(id=item_id))


@app.command("item-remove", help=N_("Remove an item added by mistake while the minutes are a draft (MEETING-6)."))
def item_remove(item_id: Annotated[int, typer.Argument(help=N_("The item's id."))], fmt: FormatOpt = "table") -> None:
    from csops.services.meeting import remove_item

    fmt = fmt_check(fmt)
    row = service(lambda ctx: remove_item(ctx, item_id), write=True)
    show_one(row, fmt, _("Item #{id} removed.").format(id=item_id))


@app.command(
    "minutes",
    help=N_(
        "The minutes: --file records them (Markdown), --send mails them to everyone with the PDF, --print makes the PDF for the head's signature."
    ),
)
def minutes(
    mid: MeetingId,
    file: Annotated[
        Path | None,
        typer.Option("--file", help=N_("Record (or replace, before sending) the minutes from this Markdown file.")),
    ] = None,
    send: Annotated[bool, typer.Option("--send", help=N_("Mail them to everyone (MEETING-6)."))] = False,
    resend: Annotated[bool, typer.Option("--resend", help=N_("Send them again."))] = False,
    print_: Annotated[bool, typer.Option("--print", help=N_("Write the printable PDF (MEETING-7)."))] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=N_("The PDF file to write."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.errors import BadInput
    from csops.services import meeting as svc

    fmt = fmt_check(fmt)
    chosen = [x for x in (file is not None, send or resend, print_) if x]
    if len(chosen) != 1:
        raise BadInput(_("Say one of --file FILE.md, --send (or --resend) or --print."))
    if file is not None:
        row = service(lambda ctx: svc.record_minutes(ctx, mid, file), write=True)
        msg = _("Minutes of meeting #{id} recorded (draft).").format(id=mid)
    elif send or resend:
        row = service(lambda ctx: svc.send_minutes(ctx, mid, resend=resend), write=True)
        msg = ngettext(
            "Minutes of meeting #{id} sent to {n} person.",
            "Minutes of meeting #{id} sent to {n} people.",
            len(row.recipients),
        ).format(id=mid, n=len(row.recipients))
    else:
        row = service(lambda ctx: svc.print_minutes(ctx, mid, output), write=True)
        msg = _("Printable minutes written to {path}: for the head's signature.").format(path=row.pdf)
    show_one(row, fmt, msg)


@app.command("feedback", help=N_("Report an omission in the minutes, within one working day of sending (MEETING-7)."))
def feedback(
    mid: MeetingId, text: Annotated[str, typer.Argument(help=N_("What is missing or wrong."))], fmt: FormatOpt = "table"
) -> None:
    from csops.services.meeting import feedback as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, mid, text), write=True)
    show_one(row, fmt, _("Feedback recorded."))


@app.command("archive", help=N_("File the minutes signed by the department head (MEETING-7)."))
def archive(
    mid: MeetingId,
    signed_by: Annotated[str, typer.Option("--signed-by", help=N_("The head who signed (login)."))],
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.meeting import archive as svc

    fmt = fmt_check(fmt)
    row = service(lambda ctx: svc(ctx, mid, signed_by), write=True)
    show_one(row, fmt, _("Minutes of meeting #{id} signed by {head} and filed.").format(id=mid, head=row.signed_by))
