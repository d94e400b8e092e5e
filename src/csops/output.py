"""One rendering path for every list and every write: table, JSON or CSV.

JSON is a list of objects (or one object) with snake_case keys; dates
``YYYY-MM-DD``, times ISO 8601 with offset, money as strings with two decimals
("350.00", exact), Chinese as UTF-8. CSV has the same keys as its header row.
Tables translate their headers.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, TextIO

from csops.errors import BadInput
from csops.i18n import N_, _
from csops.options import FORMATS as FORMATS
from csops.text import display_width as display_width
from csops.text import fold as fold
from csops.views import Shown, View, spec_of

# Column headers for tables (snake_case key -> English label, translated on output).
LABELS = {
    "id": N_("ID"),
    "login": N_("Login"),
    "name": N_("Name"),
    "role": N_("Role"),
    "superior": N_("Superior"),
    "email": N_("Email"),
    "team": N_("Team"),
    "active": N_("Active"),
    "base_start": N_("Base start"),
    "date": N_("Date"),
    "day": N_("Day"),
    "kind": N_("Kind"),
    "workday": N_("Working day"),
    "provisional": N_("Provisional"),
    "clause": N_("Clause"),
    "key": N_("Parameter"),
    "value": N_("Value"),
    "default": N_("Default"),
    "in_text": N_("In the text"),
    "at": N_("At"),
    "actor": N_("Actor"),
    "os_user": N_("OS account"),
    "action": N_("Action"),
    "entity": N_("Entity"),
    "entity_id": N_("Entity ID"),
    "before": N_("Before"),
    "after": N_("After"),
    "staff": N_("Staff"),
    "type": N_("Type"),
    "from": N_("From"),
    "to": N_("To"),
    "status": N_("Status"),
    "working_days": N_("Working days"),
    "working_hours": N_("Working hours"),
    "next_approver": N_("Next approver"),
    "late_notice": N_("Late notice"),
    "chain": N_("Approval chain"),
    "end": N_("End"),
    "meal_allowance": N_("Meal allowance"),
    "next_start": N_("Next start"),
    "assigned_by": N_("Assigned by"),
    "expected_start": N_("Expected start"),
    "arrived": N_("Arrived"),
    "late_minutes": N_("Minutes late"),
    "away_minutes": N_("Minutes away"),
    "reason": N_("Reason"),
    "days_worked": N_("Days worked"),
    "late_count": N_("Late"),
    "violations": N_("Violations"),
    "absences": N_("Absences"),
    "leave_days": N_("Leave (days)"),
    "evening_duties": N_("Evening duties"),
    "allowances": N_("Allowances"),
    "allowance_amount": N_("Allowance amount"),
    "weekend_duties": N_("Weekend duties"),
    "comp_rest_earned": N_("Comp rest earned"),
    "comp_rest_taken": N_("Comp rest taken"),
    "earned_on": N_("Earned on"),
    "taken_on": N_("Taken on"),
    "weekday": N_("Weekday"),
    "left": N_("Left"),
    "leave_by_type": N_("Leave by type"),
    "requested_at": N_("Requested at"),
    "clauses": N_("Clauses"),
    "text": N_("Text"),
    "parameters": N_("Parameters"),
    "problem": N_("Problem"),
    "area": N_("Area"),
    "who": N_("Who"),
    "command": N_("Command"),
    "zh": N_("Chinese"),
    "en": N_("English"),
    "reading": N_("csops reads it as"),
    "corrected": N_("Corrected"),
    "written": N_("Written"),
    "violation": N_("Violation"),
    "next_start_reason": N_("Why"),
    "returned_hours": N_("Hours given back"),
    "working_minutes": N_("Working minutes"),
    "approvals": N_("Approvals"),
    "back_at": N_("Back at"),
    "trail": N_("Rule trail"),
    "database": N_("Database"),
    "schema": N_("Schema"),
    "schema_before": N_("Schema before"),
    "backup": N_("Backup"),
    "head": N_("Head"),
    "ok": N_("OK"),
    "problems": N_("Problems"),
    "years": N_("Years"),
    "days": N_("Days"),
    "bytes": N_("Bytes"),
    "reporting_line": N_("Reporting line"),
    "reports": N_("Direct reports"),
    "shipment_no": N_("Shipment"),
    "client": N_("Client"),
    "consignee_id": N_("Consignee ID"),
    "consignee": N_("Consignee"),
    "ship_date": N_("Ship date"),
    "due_date": N_("Due date"),
    "returned_on": N_("Returned on"),
    "on_time": N_("On time"),
    "overdue": N_("Overdue"),
    "qualified": N_("Qualified"),
    "unqualified": N_("Unqualified"),
    "unqualified_reason": N_("Why unqualified"),
    "resigned_on": N_("Re-signed on"),
    "copies": N_("Copies"),
    "copy_kept": N_("Copy kept"),
    "reminder": N_("Reminder"),
    "days_overdue": N_("Days overdue"),
    "oldest_ship_date": N_("Oldest ship date"),
    "receipts": N_("Receipts"),
    "state": N_("State"),
    "handed_over_on": N_("Handed over on"),
    "archived_on": N_("Filed on"),
    "exception_notice": N_("Exception notice"),
    "field": N_("Field"),
    "on_file": N_("On file"),
    "actual": N_("Actual"),
    "reported_by": N_("Reported by"),
    "reported_at": N_("Reported at"),
    "confirmed_at": N_("Confirmed at"),
    "confirmed_by": N_("Confirmed by"),
    "contact": N_("Contact"),
    "phone": N_("Phone"),
    "address": N_("Address"),
    "receiving": N_("Receiving standard"),
    "damage": N_("Damage standard"),
    "stacking": N_("Stacking standard"),
    "signing": N_("Signing standard"),
    "missing_standards": N_("Missing standards"),
    "changed_at": N_("Changed at"),
    "remind_operations": N_("Remind operations"),
    "valid_from": N_("Valid from"),
    "source": N_("Source"),
    "imported": N_("Imported"),
    "skipped": N_("Skipped"),
    "reminders": N_("Reminders"),
    "errors": N_("Errors"),
    "file": N_("File"),
    "issued_at": N_("Issued at"),
    "audience": N_("Audience"),
    "moved_from": N_("Moved from"),
    "minutes_due": N_("Minutes due"),
    "minutes": N_("Minutes"),
    "signed_in": N_("Signed in"),
    "already": N_("Already"),
    "required": N_("Required"),
    "points_deducted": N_("Points deducted"),
    "reported": N_("Reported"),
    "meeting_id": N_("Meeting"),
    "owner": N_("Owner"),
    "collected_from": N_("Collected from"),
    "done_at": N_("Done at"),
    "due": N_("Due"),
    "sent_at": N_("Sent at"),
    "sent_late": N_("Sent late"),
    "corrections_until": N_("Corrections until"),
    "archived_at": N_("Filed at"),
    "recipients": N_("Recipients"),
    "delivery": N_("Delivery"),
    "where": N_("Where"),
    "pdf": N_("PDF"),
    "signed_by": N_("Signed by"),
    "guests": N_("Guests"),
    "amount": N_("Amount"),
    "filed_at": N_("Filed at"),
    "deadline": N_("Deadline"),
    "late": N_("Late"),
    "recorded": N_("Recorded"),
    "question": N_("Question"),
    "channel": N_("Channel"),
    "supervisor": N_("Supervisor"),
    "opened_at": N_("Opened at"),
    "due_at": N_("Due at"),
    "answered_at": N_("Answered at"),
    "answer": N_("Answer"),
    "ref": N_("Ref"),
    "category": N_("Category"),
    "reporter": N_("Reporter"),
    "emergency": N_("Emergency"),
    "inform": N_("Inform"),
    "inform_due": N_("Inform by"),
    "inform_state": N_("Inform state"),
    "closed_at": N_("Closed at"),
    "month": N_("Month"),
    "total": N_("Total"),
    "claims_count": N_("Claims"),
    "late_claims": N_("Late claims"),
    "meeting_points": N_("Meeting points"),
    "meeting_points_possible": N_("Meeting points possible"),
    "inquiries_late": N_("Inquiries late"),
    "meetings_required": N_("Meetings required"),
    "present": N_("Present"),
    "excused": N_("Excused"),
    "absent": N_("Absent"),
    "points_possible": N_("Points possible"),
    "shipped": N_("Shipped"),
    "returned_on_time": N_("Returned on time"),
    "returned_late": N_("Returned late"),
    "outstanding": N_("Outstanding"),
    "inquiries": N_("Inquiries"),
    "answered_in_time": N_("Answered in time"),
    "answered_late": N_("Answered late"),
    "open": N_("Open"),
    "filed": N_("Filed"),
    "inform_overdue": N_("Inform overdue"),
    "claims": N_("Claims"),
    "job": N_("Job"),
    "when": N_("When"),
    "what": N_("What"),
    "period": N_("Period"),
    "files": N_("Files"),
    "mailed": N_("Mailed to"),
    "error": N_("Error"),
    "scope": N_("Scope"),
    "table": N_("Table"),
    "rows": N_("Rows"),
    "checksum": N_("Checksum"),
    "holiday_break": N_("Holiday break"),
    "confirmed_on": N_("Confirmed on"),
    "no_receipt": N_("No receipt back"),
    "unconfirmed": N_("Not confirmed"),
    "held": N_("Held"),
    "noticed": N_("Head knew in time"),
    "recorded_at": N_("Recorded at"),
    "early_minutes": N_("Minutes early"),
    "expected_end": N_("Expected end"),
    "days_on_leave": N_("Days on leave"),
    "days_leave_pending": N_("Leave not yet approved"),
    "days_absent": N_("Days absent"),
    "days_comp_rest": N_("Comp rest days"),
    "early_leave_count": N_("Left early"),
    "marked": N_("Marked"),
    "marked_by": N_("Marked by"),
    "set_by_department": N_("Set by the department"),
    "change_scheduled": N_("Change scheduled"),
    "set_at": N_("Set at"),
    "report_sent_at": N_("Report sent at"),
    "kept_back": N_("Kept back"),
    "identical": N_("Identical"),
    "note": N_("Note"),
    "start": N_("Start"),
    "set_by": N_("Set by"),
}


def check_format(fmt: str, allowed: Iterable[str] = FORMATS) -> str:
    fmt = (fmt or "table").lower()
    if fmt not in allowed:
        raise BadInput(
            _("Unknown format {fmt!r}; choose one of: {choices}.").format(fmt=fmt, choices=", ".join(allowed))
        )
    return fmt


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return (
            value.isoformat(timespec="minutes")
            if value.second == 0 and value.microsecond == 0
            else value.isoformat(timespec="seconds")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, (dict, View)):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, str) and type(value) is not str:
        return str(value)  # a coded value (StrEnum): its code
    return value


def _json_default(value: Any) -> Any:
    v = jsonable(value)
    if v is value:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")
    return v


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """A spreadsheet or CSV cell that begins like a formula is written as text (the OWASP
    CSV-injection rule: a leading apostrophe); a number stays a number."""
    if value and value[0] in _FORMULA:
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def csv_value(v: Any) -> Any:
    """A CSV field: the stable code (not translated), fast for plain values; never a live formula."""
    t = type(v)
    if v is None:
        return ""
    if t is int:
        return v
    if t is str:
        return as_text(v) if v and v[0] in _FORMULA else v
    if t is bool:
        return "true" if v else "false"
    if t is date:
        return v.isoformat()
    if isinstance(v, str):  # a coded value (StrEnum)
        return str(v)
    if isinstance(v, datetime):
        return jsonable(v)
    if isinstance(v, (list, tuple)) and not any(isinstance(x, (dict, View)) for x in v):
        return as_text(", ".join(str(csv_value(x)) for x in v))
    return as_text(cell(v))


def to_json(data: Any) -> str:
    return json.dumps(jsonable(data), ensure_ascii=False, indent=2)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F] if c not in (0x09, 0x0A)}
_CONTROL[0x09] = " "
_CONTROL[0x0A] = " "


def safe_text(text: str) -> str:
    """Data as a terminal shows it: control characters escaped (``\\x1b``), so data cannot move the
    cursor or retitle the window (as ``ls`` does); line breaks and tabs become spaces."""
    return text.translate(_CONTROL) if not text.isprintable() else text


def cell(value: Any, how: Shown | None = None) -> str:
    """A value as a table shows it, by its field's declaration (never guessed from the value)."""
    if value is None:
        return ""
    kind = how.kind if how else None
    if kind == "code" and how is not None and how.words is not None:
        words = how.words.get(value)
        return _(words) if words else safe_text(str(value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, View):
        return ", ".join(f"{k}: {cell(v, h)}" for (k, h), v in zip(value.spec(), value.values(), strict=True))
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (dict, View)) for v in value):
            return safe_text(json.dumps(jsonable(value), ensure_ascii=False))
        item = Shown(how.label, "code", how.words) if how is not None and how.words is not None else None
        return ", ".join(cell(v, item) for v in value)  # a list of codes: each in the reader's words
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    value = jsonable(value)
    return safe_text(value) if isinstance(value, str) else str(value)


def label(key: str, how: Shown | None = None) -> str:
    """A column's header in the reader's language."""
    return _(how.label) if how else _(LABELS.get(key, key))


def render(
    rows: Sequence[Mapping[str, Any]],
    fmt: str = "table",
    *,
    columns: list[str] | None = None,
    title: str | None = None,
    out: TextIO | None = None,
) -> None:
    """Print a list of records in the chosen format."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(to_json(rows) + "\n")
        return
    cols = columns or (_default_columns(rows[0]) if rows else [])
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([csv_value(r.get(c)) for c in cols])
        return
    write_table(out, rows, cols, title)


def _default_columns(row: Any) -> list[str]:
    """A view's table columns, or every key of a plain record."""
    return row.columns() if isinstance(row, View) else list(row.keys())


def table_width_limit(out: TextIO) -> int | None:
    """The width a table must fit: ``$COLUMNS`` when set, else the terminal's when ``out`` is one;
    None (no limit: piped output is never wrapped) otherwise, or with ``CSOPS_WIDE=1`` (``--wide``)."""
    import os
    import shutil

    if os.environ.get("CSOPS_WIDE") == "1":
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        if out.isatty():
            return shutil.get_terminal_size().columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


_UNBROKEN = {"code", "date", "datetime", "month", "time", "int", "days", "money", "person", "bool"}
MIN_COLUMN = 8


def fit_widths(widths: list[int], floors: list[int], limit: int) -> list[int]:
    """Column widths whose table (borders included) fits ``limit``: the widest column shrinks
    first, each down to its floor (a code, date or number column's widest value: they never
    break; a text column's :data:`MIN_COLUMN`); headers fold. When the floors do not fit, the
    table is as narrow as it can be."""
    frame = 3 * len(widths) + 1  # "│ " + " │ " between + " │"
    widths = list(widths)
    over = sum(widths) + frame - limit
    while over > 0:
        room = [i for i, w in enumerate(widths) if w > floors[i]]
        if not room:
            break
        i = max(room, key=lambda j: widths[j])
        widths[i] -= 1
        over -= 1
    return widths


def wrap_lines(text: str, out: TextIO, indent: str = "") -> str:
    """Prose for the terminal: each line folded to the table width limit (none when piped), the
    continuation lines indented as the first."""
    limit = table_width_limit(out)
    if limit is None:
        return text
    lead = len(text) - len(text.lstrip(" "))
    pad = " " * lead + indent
    parts = fold(text[lead:], max(20, limit - len(pad)))
    return "\n".join([" " * lead + parts[0], *(pad + p for p in parts[1:])])


HEADING_FLOOR = 8  # display columns: a heading up to this wide is never folded


def write_table(
    out: TextIO,
    rows: Sequence[Mapping[str, Any]],
    cols: list[str],
    title: str | None = None,
    rest: Iterable[Mapping[str, Any]] = (),
) -> int:
    """A plain box table. Column widths come from ``rows``; ``rest`` (any iterable) is printed in
    those widths. On a terminal (or with ``$COLUMNS``) the table fits the width: long text folds
    within its column; piped output is never wrapped (fast for a million rows)."""
    if not rows:
        out.write(_("(nothing to show)") + "\n")
        return 0
    how = spec_of(rows[0])
    heads = [label(c, how.get(c)) for c in cols]
    body = [[cell(r.get(c), how.get(c)) for c in cols] for r in rows]
    values = [1] * len(cols)  # each column's widest value
    for line in body:
        for i, v in enumerate(line):
            w = display_width(v)
            if w > values[i]:
                values[i] = w
    widths = [max(display_width(h), v) for h, v in zip(heads, values, strict=True)]
    limit = table_width_limit(out)
    if limit is not None:
        kinds = [how[c].kind if c in how else None for c in cols]
        floors = [
            min(v, 10)
            if k == "datetime"
            else v
            if k in _UNBROKEN
            else min(v, MIN_COLUMN)  # a date-time folds at its space
            for v, k in zip(values, kinds, strict=True)
        ]
        floors = [max(f, 2) for f in floors]  # room for one Chinese character
        if sum(floors) + 3 * len(cols) + 1 > limit:  # too many columns for the window: one record per block
            return _write_records(out, heads, body, rest, cols, how, limit, title)
        # short headings (编号, 星期, Held) stay on one line as far as the window has the room, shortest first
        spare = limit - sum(floors) - 3 * len(cols) - 1
        for i in sorted(range(len(cols)), key=lambda i: display_width(heads[i])):
            need = min(display_width(heads[i]), HEADING_FLOOR) - floors[i]
            if 0 < need <= spare:
                floors[i] += need
                spare -= need
        widths = fit_widths(widths, floors, limit)

    def one(values: list[str]) -> str:
        return "│ " + " │ ".join(v + " " * max(0, widths[i] - display_width(v)) for i, v in enumerate(values)) + " │\n"

    def fmt(values: list[str]) -> str:
        if limit is not None and any(display_width(v) > widths[i] for i, v in enumerate(values)):
            parts = [fold(v, widths[i]) for i, v in enumerate(values)]
            height = max(len(p) for p in parts)
            return "".join(one([p[k] if k < len(p) else "" for p in parts]) for k in range(height))
        return one(values)

    if title:
        out.write(title + "\n")
    out.write("┌─" + "─┬─".join("─" * w for w in widths) + "─┐\n")
    out.write(fmt(heads))
    out.write("├─" + "─┼─".join("─" * w for w in widths) + "─┤\n")
    out.writelines(fmt(line) for line in body)
    n = len(body)
    for r in rest:
        out.write(fmt([cell(r.get(c), how.get(c)) for c in cols]))
        n += 1
    out.write("└─" + "─┴─".join("─" * w for w in widths) + "─┘\n")
    return n


def _write_records(
    out: TextIO,
    heads: list[str],
    body: list[list[str]],
    rest: Iterable[Mapping[str, Any]],
    cols: list[str],
    how: Mapping[str, Any],
    limit: int,
    title: str | None,
) -> int:
    """A table too wide for the window, as ``psql -x`` prints one: each row a block of
    ``label  value`` lines under a rule, values folded to the window."""
    label_w = max(display_width(h) for h in heads)
    value_w = max(limit - label_w - 2, 10)
    if title:
        out.write(title + "\n")
    n = 0

    def block(values: list[str]) -> None:
        nonlocal n
        n += 1
        mark = f"─ {n} "
        out.write(mark + "─" * max(limit - display_width(mark), 0) + "\n")
        for h, v in zip(heads, values, strict=True):
            lines = fold(v, value_w) or [""]
            pad = " " * (label_w - display_width(h))
            out.write(f"{h}{pad}  {lines[0]}".rstrip() + "\n")
            for more in lines[1:]:
                out.write(" " * (label_w + 2) + more + "\n")

    for line in body:
        block(line)
    for r in rest:
        block([cell(r.get(c), how.get(c)) for c in cols])
    return n


def render_one(
    obj: Mapping[str, Any],
    fmt: str = "table",
    *,
    message: str | None = None,
    notes: list[str] | None = None,
    out: TextIO | None = None,
) -> None:
    """Print one record (a show or a write): JSON object, or key/value lines."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(to_json(obj) + "\n")
        return
    if fmt == "csv":
        render([obj], "csv", out=out)
        return
    if message:
        out.write(message + "\n")
    how = spec_of(obj)
    shown = {
        k: v
        for k, v in obj.items()
        if k != "notes"
        and not (how.get(k) and how[k].kind == "detail")
        and not (isinstance(v, (list, tuple)) and v and isinstance(v[0], (dict, View)))
    }  # nested records: JSON only
    labels = {k: label(k, how.get(k)) for k in shown}
    width = max((display_width(t) for t in labels.values()), default=0)
    limit = table_width_limit(out)
    for k, v in shown.items():
        text = cell(v, how.get(k))
        lines = fold(text, max(limit - width - 4, 10)) if limit is not None and text else [text]
        out.write(f"  {labels[k]}{' ' * (width - display_width(labels[k]))}  {lines[0]}\n")
        for more in lines[1:]:  # a long value folds under itself on a narrow terminal
            out.write(" " * (width + 4) + more + "\n")
    for n in notes or obj.get("notes") or []:
        out.write(wrap_lines(f"  ! {n}", out, indent="  ") + "\n")


def render_stream(
    rows: Iterable[Any],
    fmt: str = "table",
    *,
    columns: list[str] | None = None,
    out: TextIO | None = None,
    sample: int = 1000,
) -> int:
    """Print rows as they come (memory stays flat for a million rows). Rows are dicts, or
    tuples in the order of ``columns``. Tables size their columns on the first ``sample``
    rows. Returns how many rows were printed."""
    import itertools

    out = out or sys.stdout
    it = iter(rows)
    first = next(it, None)
    if first is not None and not isinstance(first, dict):
        assert columns is not None  # plain values come in the order of ``columns``
        if fmt == "csv":  # plain values: straight to the csv writer
            w = csv.writer(out, lineterminator="\n")
            w.writerow(columns)
            w.writerow([csv_value(v) for v in first])
            counter = itertools.count(1)
            w.writerows(r for r, _n in zip(it, counter, strict=False))  # the C loop of the csv module
            return next(counter)
        it = (dict(zip(columns, r, strict=False)) for r in itertools.chain([first], it))
    elif first is not None:
        it = itertools.chain([first], it)
    head = list(itertools.islice(it, sample))
    cols = columns or (_default_columns(head[0]) if head else [])
    n = 0
    if fmt == "json":
        out.write("[")
        for r in itertools.chain(head, it):
            out.write(("," if n else "") + "\n  " + json.dumps(r, ensure_ascii=False, default=_json_default))
            n += 1
        out.write("\n]\n" if n else "]\n")
        return n
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(cols)
        for r in itertools.chain(head, it):
            w.writerow([csv_value(r.get(c)) for c in cols])
            n += 1
        return n
    return write_table(out, head, cols, rest=it)
