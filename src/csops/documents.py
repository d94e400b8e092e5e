"""Files people keep: xlsx workbooks (openpyxl)."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from csops.i18n import _
from csops.output import LABELS


def write_xlsx(path: Path, sheets: dict[str, list[dict]], *, title: str | None = None,
               footer: list[str] | None = None) -> None:
    """One sheet per entry; typed cells (dates, numbers), translated headers, sensible widths;
    ``title`` above the table and ``footer`` lines (e.g. signature lines) below it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(_sheet_name(name, wb))
        cols = list(rows[0].keys()) if rows else []
        head_row = 1
        if title:
            ws.append([f"{title} — {name}" if len(sheets) > 1 else title])
            ws.cell(1, 1).font = Font(bold=True, size=13)
            head_row = 2
        ws.append([_(LABELS.get(c, c)) for c in cols])
        for c in ws[head_row]:
            c.font = Font(bold=True)
        for r in rows:
            vals = []
            for c in cols:
                v = r.get(c)
                if isinstance(v, datetime):
                    v = v.replace(tzinfo=None)
                elif isinstance(v, dict):
                    v = ", ".join(f"{k}: {x}" for k, x in v.items())
                elif isinstance(v, list):
                    v = ", ".join(map(str, v))
                vals.append(v)
            ws.append(vals)
        for i, c in enumerate(cols, 1):
            width = max([len(str(_(LABELS.get(c, c)))) * 2] + [len(str(r.get(c) or "")) for r in rows]) + 2
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(width, 60)
            for row in ws.iter_rows(min_row=head_row + 1, min_col=i, max_col=i):
                for cell in row:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "0.00"
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(cell.value, time):
                        cell.number_format = "hh:mm"
        ws.freeze_panes = ws.cell(head_row + 1, 1)
        if footer:
            ws.append([])
            for line in footer:
                ws.append([line])
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _sheet_name(name: str, wb) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    import re

    base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet"
    out, n = base, 2
    while out in wb.sheetnames:
        out = f"{base[:28]}~{n}"
        n += 1
    return out
