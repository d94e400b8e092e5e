"""csops policy: the rulebook's clauses and their parameters, kept in the store with their history."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from csops.cli.common import FormatOpt, fmt_check, service, show_one, show_rows
from csops.i18n import N_, _

if TYPE_CHECKING:
    from csops.services.context import Ctx
    from csops.services.policy import ClauseView
    from csops.services.what_if import WhatIfReport

app = typer.Typer(
    help=N_("The rulebook: clauses and parameters, and their history (set by the head)."), no_args_is_help=True
)


def _date(ctx: Ctx, text: str | None) -> date | None:
    from csops.dates import parse_date

    return parse_date(text, ctx.today) if text else None


@app.command(
    "show",
    help=N_("Every clause with its Chinese text, English reading and parameters in force (today, or --at DATE)."),
)
def show(
    clause: Annotated[str | None, typer.Option("--clause", help=N_("Only this clause, e.g. DUTY-2."))] = None,
    at: Annotated[
        str | None, typer.Option("--at", help=N_("The policy in force on this date (default: today)."))
    ] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.output import to_json

    fmt = fmt_check(fmt)
    rows = _show_rows(clause, at)
    if fmt == "json":
        typer.echo(to_json(rows))
        return
    if fmt == "csv":
        import csv
        import sys

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["clause", "key", "value", "default", "in_text", "set_by_department"])
        for r in rows:
            for p in r["parameters"] or [
                {"key": "", "value": "", "default": "", "in_text": "", "set_by_department": ""}
            ]:
                w.writerow([r["clause"], p["key"], p["value"], p["default"], p["in_text"], p["set_by_department"]])
        return
    import sys

    from csops.output import wrap_lines

    def echo(line: str) -> None:  # folded to the terminal's width (never when piped)
        typer.echo(wrap_lines(line, sys.stdout))

    for r in rows:
        echo(
            f"{r['clause']}" + ("  " + _("(reading revised {date})").format(date=r["revised"]) if r["revised"] else "")
        )
        if r["zh"]:
            echo(f"  {r['zh']}")
        echo(f"  {r['en']}")
        if r["reading"]:
            echo("  " + _("csops reads it as: {text}").format(text=r["reading"]))
        for p in r["parameters"]:
            mark = "" if p["in_text"] else "  " + _("(not in the text: a default, not a company rule)")
            over = "  " + _("(set by the department)") if p["set_by_department"] else ""
            later = "  " + _("(a change is scheduled: `csops policy history`)") if p["change_scheduled"] else ""
            echo(f"    {p['key']} = {p['value']}{mark}{over}{later}")
        typer.echo("")


def _show_rows(clause: str | None, at: str | None) -> list[ClauseView]:
    """The clauses with the parameters in force: from the store when there is one (anyone may
    read them, registered or not); the defaults, said so, where there is no database yet."""
    from csops.cli.common import warn
    from csops.errors import StoreError
    from csops.services.policy import show as svc

    try:
        return service(lambda ctx: svc(ctx, clause, _date(ctx, at)), write=False, actor="optional")
    except StoreError as exc:
        if "init" not in exc.message:
            raise
        warn(_("No database yet: these are the defaults ({reason}).").format(reason=exc.message))
        from datetime import date

        from csops.dates import parse_date

        return svc(None, clause, parse_date(at, date.today()) if at else None)


@app.command(
    "set",
    help=N_(
        "Change a parameter from a date on (the head only; today or later), saying why; `default` restores the default."
    ),
)
def set_(
    key: Annotated[str, typer.Argument(help=N_("The parameter, e.g. leave.department_max_days."))],
    value: Annotated[str, typer.Argument(help=N_("The new value (as `policy show` writes it), or `default`."))],
    start: Annotated[str | None, typer.Option("--from", help=N_("From this date on (default: today)."))] = None,
    reason: Annotated[str, typer.Option("--reason", help=N_("Why the department changes it."))] = "",
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.policy import set_value

    fmt = fmt_check(fmt)
    row = service(lambda ctx: set_value(ctx, key, value, effective_from=_date(ctx, start), reason=reason), write=True)
    show_one(
        row,
        fmt,
        _("{key} = {value} from {date}.").format(key=row["key"], value=row["value"], date=row["from"].isoformat()),
    )


@app.command("history", help=N_("Every change of the policy: value, from when, who set it, when and why."))
def history(
    key: Annotated[str | None, typer.Option("--key", help=N_("Only this parameter."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.policy import history as svc

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: svc(ctx, key), write=False)
    if fmt == "table" and not rows:
        typer.echo(_("The policy has its defaults: nothing was changed."))
        return
    show_rows(rows, fmt)


@app.command(
    "import", help=N_("Move the [policy] table of an old config file into the store (the head only; all or nothing).")
)
def import_(
    file: Annotated[Path, typer.Argument(help=N_("The TOML file with a [policy] table."))],
    start: Annotated[
        str | None,
        typer.Option("--from", help=N_("In force from this date (default: since always, as the old config was).")),
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help=N_("Why (default: imported from FILE)."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.services.policy import import_file

    fmt = fmt_check(fmt)
    rows = service(lambda ctx: import_file(ctx, file, effective_from=_date(ctx, start), reason=reason), write=True)
    show_rows(rows, fmt)


@app.command(
    "what-if",
    help=N_(
        "Replay a period under a proposed policy: what would change, area by area and person by person. Writes nothing. "
        "Example: csops policy what-if --set attendance.violation_minutes=15 --month 2026-10"
    ),
)
def what_if(
    proposals: Annotated[
        list[str] | None, typer.Option("--set", help=N_("KEY=VALUE, as `policy set` takes it (repeatable)."))
    ] = None,
    month: Annotated[str | None, typer.Option("--month", help=N_("The month to replay (or --from and --to)."))] = None,
    start: Annotated[str | None, typer.Option("--from", help=N_("First day of the period."))] = None,
    end: Annotated[str | None, typer.Option("--to", help=N_("Last day of the period."))] = None,
    at: Annotated[
        str | None, typer.Option("--at", help=N_("Replay under the policy in force on this date (with --set on top)."))
    ] = None,
    fmt: FormatOpt = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    from csops.cli.common import export, warn
    from csops.dates import month_range, parse_date, parse_month
    from csops.errors import BadInput
    from csops.services.what_if import parse_proposal, what_if

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))
    if (month is None) == (start is None or end is None) or (month is not None and (start or end)):
        raise BadInput(_("Give the period as --month M, or as --from D --to D."))
    proposal = parse_proposal(proposals or [])

    def run(ctx: Ctx) -> WhatIfReport:
        if month is not None:
            first, last = month_range(*parse_month(month, ctx.today))
        else:
            assert start is not None and end is not None
            first, last = parse_date(start, ctx.today), parse_date(end, ctx.today)
        return what_if(ctx, proposal, first, last, at=parse_date(at, ctx.today) if at else None)

    rep = service(run, write=False, snapshot=True)  # both passes read the same moment
    if fmt == "json":
        if output is not None:
            from csops.files import write_atomic
            from csops.output import to_json

            write_atomic(output, to_json(rep) + "\n")
            warn(_("Wrote {path}.").format(path=output))
        else:
            show_one(rep, "json")
        return
    if fmt in ("csv", "xlsx"):
        if fmt == "xlsx":  # the totals, then one sheet per area with its changed items
            if output is None:
                raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
            from csops.documents import write_xlsx

            sheets: dict[str, list[Any]] = {_("Totals"): list(rep.totals)}
            for c in rep.changes:
                sheets.setdefault(_(AREA_TITLES.get(c.area, c.area)), []).append(c)
            title = _("What if {proposal}: {first} to {last}").format(
                proposal=rep.proposal, first=rep.first.isoformat(), last=rep.last.isoformat()
            )
            write_xlsx(output, sheets, title=title)
            warn(_("Wrote {path}.").format(path=output))
            return
        export(list(rep.changes), "csv", output)  # the changed items (the totals: table, json or xlsx)
        return
    typer.echo(
        _("What if {proposal}, from {first} to {last}:").format(
            proposal=rep.proposal, first=rep.first.isoformat(), last=rep.last.isoformat()
        )
    )
    show_rows(rep.totals, "table")
    if rep.changes:
        typer.echo("")
        show_rows(rep.changes, "table")
    else:
        typer.echo(_("No verdict of the period would change."))


AREA_TITLES = {
    "attendance": N_("attendance"),
    "duty": N_("duty"),
    "leave": N_("leave"),
    "meetings": N_("meetings"),
    "receipts": N_("receipts"),
    "expenses": N_("expenses"),
    "inquiries": N_("inquiries"),
    "reports": N_("reports"),
}
