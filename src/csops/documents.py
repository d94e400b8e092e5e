"""Files people keep: xlsx workbooks (openpyxl)."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from csops.i18n import _
from csops.output import LABELS


def write_xlsx(path: Path, sheets: dict[str, list[dict]]) -> None:
    """One sheet per entry; typed cells (dates, numbers), translated headers, sensible widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title[:31])
        cols = list(rows[0].keys()) if rows else []
        ws.append([_(LABELS.get(c, c)) for c in cols])
        for c in ws[1]:
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
            for row in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                for cell in row:
                    if isinstance(cell.value, Decimal):
                        cell.number_format = "0.00"
                    elif isinstance(cell.value, date):
                        cell.number_format = "yyyy-mm-dd"
                    elif isinstance(cell.value, time):
                        cell.number_format = "hh:mm"
        ws.freeze_panes = "A2"
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
