"""Files people keep: xlsx workbooks (openpyxl)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from csops.i18n import N_, _
from csops.output import LABELS


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    title: str | None = None,
    footer: list[str] | None = None,
) -> None:
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
            vals: list[Any] = []
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


def _sheet_name(name: str, wb: Any) -> str:
    """Excel sheet names: at most 31 characters, none of []:*?/\\, unique in the book."""
    import re

    base = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet"
    out, n = base, 2
    while out in wb.sheetnames:
        out = f"{base[:28]}~{n}"
        n += 1
    return out


# -- PDF ------------------------------------------------------------------------------

FONT_HELP = N_(
    "No Chinese (CJK) font found for the PDF. Install one (Debian/Ubuntu: `apt-get install fonts-noto-cjk` "
    'or `fonts-wqy-zenhei`) or name a .ttf/.ttc file in the config file: [output] font = "/path/to/font.ttc".'
)
_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def find_cjk_font(configured: str | None = None) -> Path:
    """A TrueType CJK font to embed: the configured one, else fontconfig's choice for Chinese,
    else a few well-known paths. (OpenType/CFF fonts such as Noto CJK .otf cannot be embedded
    by reportlab; fontconfig is asked for TrueType first.)"""
    import shutil
    import subprocess

    from csops.errors import StoreError

    if configured:
        p = Path(configured).expanduser()
        if not p.exists():
            raise StoreError(_("The font named in the config file does not exist: {path}").format(path=p))
        return p
    if shutil.which("fc-match"):
        for pattern in (":lang=zh-cn:fontformat=TrueType", ":lang=zh-cn"):
            try:
                out = subprocess.run(
                    ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10
                ).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                out = ""
            if out and Path(out).suffix.lower() in (".ttf", ".ttc") and Path(out).exists():
                return Path(out)
        try:
            listing = subprocess.run(
                ["fc-list", ":lang=zh-cn", "file"], capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listing = ""
        for line in listing.splitlines():
            f = line.split(":")[0].strip()
            if Path(f).suffix.lower() in (".ttf", ".ttc") and Path(f).exists():
                return Path(f)
    for c in _CANDIDATES:
        if Path(c).exists():
            return Path(c)
    raise StoreError(_(FONT_HELP))


def _register_font(path: Path) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = "CJK-" + path.stem
    if name not in pdfmetrics.getRegisteredFontNames():
        if path.suffix.lower() == ".ttc":
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
        else:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return name


def minutes_pdf(data: dict[str, Any], font_path: Path) -> bytes:
    """MEETING-7: the printable minutes: department, date, kind of meeting, attendance
    (present, excused, absent), each person's report and the items with owners, the minutes
    text, corrections received, and a signature line for the head with a date. The CJK font
    is embedded (subset), so the text survives any viewer and printer."""
    import io
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _register_font(font_path)
    base = ParagraphStyle("base", fontName=font, bulletFontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    h1 = ParagraphStyle("h1", parent=base, fontSize=16, leading=22, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=base, fontSize=12.5, leading=18, spaceBefore=8, spaceAfter=4)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=data["title"],
        author="csops",
    )
    story = [Paragraph(escape(data["title"]), h1), Paragraph(escape(data["subtitle"]), base), Spacer(1, 4 * mm)]

    def table(rows: Iterable[Iterable[Any]], widths: list[float] | None = None) -> Any:
        t = Table([[Paragraph(escape(str(c)), base) for c in r] for r in rows], colWidths=widths, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), font),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    story += [Paragraph(escape(data["labels"]["attendance"]), h2), table(data["attendance"])]
    story += [
        Paragraph(escape(data["labels"]["items"]), h2),
        table(data["items"]) if len(data["items"]) > 1 else Paragraph("—", base),
    ]
    story.append(Paragraph(escape(data["labels"]["minutes"]), h2))
    for line in data["body"].splitlines():
        s = line.strip()
        if not s:
            story.append(Spacer(1, 2 * mm))
        elif s.startswith("#"):
            story.append(Paragraph(escape(s.lstrip("#").strip()), h2))
        elif s[:2] in ("- ", "* "):
            story.append(Paragraph("· " + escape(s[2:]), base))
        else:
            story.append(Paragraph(escape(s), base))
    if data.get("feedback"):
        story += [Paragraph(escape(data["labels"]["feedback"]), h2), table(data["feedback"])]
    story += [Spacer(1, 14 * mm), Paragraph(escape(data["labels"]["signature"]), base)]
    from functools import partial

    from reportlab.pdfgen.canvas import Canvas

    doc.build(story, canvasmaker=partial(Canvas, initialFontName=font, initialFontSize=10.5))  # no stray Helvetica
    return buf.getvalue()
