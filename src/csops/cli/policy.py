"""csops policy: the rulebook's clauses and their parameters."""
from __future__ import annotations

from typing import Annotated, Optional

import typer

from csops.cli.common import FormatOpt, fmt_check
from csops.i18n import N_, _

app = typer.Typer(help=N_("The rulebook: clauses and parameters."), no_args_is_help=True)


@app.command("show", help=N_("Every clause with its Chinese text, English reading and parameters."))
def show(
    clause: Annotated[Optional[str], typer.Option("--clause", help=N_("Only this clause, e.g. DUTY-2."))] = None,
    fmt: FormatOpt = "table",
) -> None:
    from csops.config import load_config
    from csops.errors import NotFound
    from csops.output import to_json
    from csops.rules.policy import clauses, display
    from csops.services.context import load_policy

    fmt = fmt_check(fmt)
    policy = load_policy(load_config())
    chosen = [c for c in clauses() if clause is None or c.id.upper() == clause.upper()]
    if not chosen:
        raise NotFound(_("No clause {clause!r} (e.g. LEAVE-2, DUTY-2).").format(clause=clause))
    rows = []
    for c in chosen:
        params = [{"key": p.key, "value": display(p, policy[p.key]), "default": display(p, p.default),
                   "in_text": p.in_text, "overridden": p.key in policy.overridden} for p in c.params]
        rows.append({"clause": c.id, "zh": c.zh, "en": c.en, "reading": c.reading, "parameters": params})
    if fmt == "json":
        typer.echo(to_json(rows))
        return
    if fmt == "csv":
        import csv
        import sys

        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["clause", "key", "value", "default", "in_text"])
        for r in rows:
            for p in r["parameters"] or [{"key": "", "value": "", "default": "", "in_text": ""}]:
                w.writerow([r["clause"], p["key"], p["value"], p["default"], p["in_text"]])
        return
    for r in rows:
        typer.echo(f"{r['clause']}")
        if r["zh"]:
            typer.echo(f"  {r['zh']}")
        typer.echo(f"  {r['en']}")
        if r["reading"]:
            typer.echo("  " + _("csops reads it as: {text}").format(text=r["reading"]))
        for p in r["parameters"]:
            mark = "" if p["in_text"] else "  " + _("(not in the text: a default, not a company rule)")
            over = "  " + _("(set in the config file)") if p["overridden"] else ""
            typer.echo(f"    {p['key']} = {p['value']}{mark}{over}")
        typer.echo("")
