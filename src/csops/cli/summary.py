"""csops summary month (ATTEND-5/6 and every area)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csops.cli.common import fmt_check, service, show_rows, warn
from csops.i18n import N_, _

app = typer.Typer(help=N_("The department's monthly review."), no_args_is_help=True)
TITLES = {
    "assessment": N_("Assessment"),
    "attendance": N_("Attendance"),
    "meetings": N_("Meetings"),
    "expenses": N_("Expenses"),
    "receipts": N_("Receipts"),
    "consignees": N_("Consignees"),
    "inquiries": N_("Inquiries"),
    "reports": N_("Reports"),
}


@app.command(
    "month",
    help=N_(
        "The month's review: attendance, meetings, expenses, receipts, consignees, inquiries, reports, and an assessment line per person (head, assistant, supervisor)."
    ),
)
def month(
    month_: Annotated[str, typer.Option("--month", help=N_("The month."))],
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("table, json, csv or xlsx."))] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help=N_("Write to this file (required for xlsx)."))
    ] = None,
) -> None:
    from csops.dates import parse_month
    from csops.errors import BadInput
    from csops.files import write_atomic
    from csops.output import to_json
    from csops.services.summary import AREAS, month_summary

    fmt = fmt_check(fmt, ("table", "json", "csv", "xlsx"))
    data = service(lambda ctx: month_summary(ctx, *parse_month(month_, ctx.today)), write=False)
    if fmt == "xlsx":
        from csops.services.cron import summary_workbook

        if output is None:
            raise BadInput(_("--format xlsx needs --output FILE.xlsx."))
        write_atomic(output, summary_workbook(data))
        warn(_("Wrote {path}.").format(path=output))
        return
    import io

    out = io.StringIO(newline="")
    if fmt == "json":
        out.write(to_json(data) + "\n")
    elif fmt == "csv":
        show_rows(data.assessment, "csv", out=out)  # the assessment lines; the other areas: json or xlsx
    else:
        for area in AREAS:  # each area's sheet, in its own columns
            show_rows(data[area], "table", title=f"{_(TITLES[area])} {data.month}", out=out)
    if output:
        write_atomic(output, ("\ufeff" if fmt == "csv" else "") + out.getvalue())
        warn(_("Wrote {path}.").format(path=output))
    else:
        typer.echo(out.getvalue(), nl=False)
