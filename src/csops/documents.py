"""Files people keep: xlsx workbooks (written by csops.workbook) and the minutes' PDF (reportlab)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from csops.i18n import N_, _
from csops.output import cell as shown
from csops.output import safe_text
from csops.views import Shown

WIDE_SHEET = 110  # characters of columns beyond which a sheet prints landscape
MIN_WIDTH, MAX_WIDTH = 6, 48  # column widths, in characters (a CJK character counts 2)


def xlsx_cell(value: Any, how: Shown | None = None) -> Any:
    """A value as a workbook cell: numbers, dates and times stay typed; yes/no and coded values in
    the reader's words (csops.workbook writes control characters, which XML cannot hold, as ``\\x1b``)."""
    if value is None:
        return None
    kind = type(value)
    if kind is str and (how is None or how.kind != "code"):  # most cells: plain text
        return value if how is None else safe_text(value)
    if kind in _TYPED:
        return value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)  # the department's local time, as every csops time
    if isinstance(value, (date, time, Decimal, int, float)):
        return value
    return shown(value, how) if how is not None or not isinstance(value, str) else value


_TYPED = {date, time, Decimal, int, float}  # kept as they are (a datetime loses its zone; bool is words)


def xlsx_bytes(
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    title: str | None = None,
    footer: list[str] | None = None,
    one_page_up_to: int | None = None,
) -> bytes:
    """One sheet per entry, set up to print: typed cells (dates, times, money with thousands
    separators), translated headers and values, borders, long text wrapped, column widths by
    display width (a CJK character counts 2), landscape for wide sheets, fit to the page's width,
    the header row repeated on every page, the title in the page header and page numbers in the
    footer; ``footer`` lines (signature lines) below the table, ``{rows}`` in them the sheet's
    number of rows; a sheet of at most ``one_page_up_to`` rows is scaled to one page, so what is
    signed is on the page that is signed (the hand-over sheet, appendix 4). Every text is written
    as text (an inline string), so a cell that begins like a formula (``=``, ``+``, ``-``, ``@``)
    is never a formula.

    The workbook's XML is written here directly (SpreadsheetML, ECMA-376 part 1, the parts Excel,
    LibreOffice and openpyxl read): a month's hand-over sheets at a million receipts are some
    200,000 cells, which openpyxl's cell objects took ten seconds to write (issue 20)."""
    from csops.output import display_width, label
    from csops.views import spec_of
    from csops.workbook import DATE, DATETIME, HEAD, MONEY, PLAIN, TEXT, TIME, TITLE, Book

    style_of = {Decimal: MONEY, datetime: DATETIME, date: DATE, time: TIME}  # any other value: TEXT

    book = Book()
    for name, rows in sheets.items():
        cols = list(rows[0].keys()) if rows else []
        how = spec_of(rows[0]) if rows else {}
        heading = f"{title} — {name}" if title and len(sheets) > 1 else (title or str(name))
        sheet = book.sheet(str(name))
        if title:
            sheet.row([(heading, TITLE)])
        heads = [label(c, how.get(c)) for c in cols]
        sheet.row([(h, HEAD) for h in heads])
        head_row = sheet.rows
        widths = [display_width(h) for h in heads]
        width_of: dict[str, int] = {}  # a text -> its display width (names and teams repeat)
        hows = [how.get(c) for c in cols]
        for r in _values(rows, cols):
            values = [xlsx_cell(v, h) for v, h in zip(r, hows, strict=True)]
            sheet.row([(v, style_of.get(type(v), TEXT)) for v in values])
            for i, v in enumerate(values):
                if v is None:
                    continue
                if type(v) is str:
                    w = width_of.get(v)
                    if w is None:
                        w = width_of[v] = display_width(v)
                else:
                    w = len(_formatted(v))  # numbers and dates as shown: ASCII
                if w > widths[i]:
                    widths[i] = w
        widths = [max(MIN_WIDTH, min(w, MAX_WIDTH)) for w in widths]
        if footer:
            sheet.row([])
            for line in footer:
                sheet.row([(line.replace("{rows}", str(len(rows))), PLAIN)])
        sheet.setup(
            widths=[w + 2 for w in widths],
            head_row=head_row,
            landscape=sum(widths) + 3 * len(widths) > WIDE_SHEET,
            # as many pages down as the rows need; a short signed sheet on one page
            one_page=one_page_up_to is not None and len(rows) <= one_page_up_to,
            header=heading.replace("&", "&&"),
            footer=_("Page &P of &N"),
        )
    return book.bytes(title)


def _values(rows: Sequence[Mapping[str, Any]], cols: list[str]) -> Iterable[Sequence[Any]]:
    """Each row's values in the columns' order (views of one kind read by attribute)."""
    from csops.views import View

    kinds = {type(r) for r in rows}
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind is not None and issubclass(kind, View) and cols:
        return map(kind.reader(cols), rows)
    return ([r.get(c) for c in cols] for r in rows)


def _formatted(value: Any) -> str:
    """A typed cell as the sheet shows it, for its column's width."""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (date, time)):
        return value.isoformat()[:10]
    return str(value)


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    title: str | None = None,
    footer: list[str] | None = None,
    one_page_up_to: int | None = None,
) -> None:
    """:func:`xlsx_bytes` written to ``path`` whole or not at all (csops.files.write_atomic)."""
    from csops.files import write_atomic

    write_atomic(path, xlsx_bytes(sheets, title=title, footer=footer, one_page_up_to=one_page_up_to))


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
        from reportlab.lib.fonts import addMapping

        for bold in (0, 1):  # one face: **bold** and *italic* are drawn in it (no synthetic styles)
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return name


def markdown_blocks(text: str) -> list[tuple[str, Any]]:
    """The minutes' Markdown (CommonMark with tables, read by markdown-it-py) as blocks to lay out:
    ``("heading", markup)``, ``("para", markup)``, ``("item", (depth, bullet, markup))``,
    ``("table", rows of cell markup)``, ``("code", text)``, ``("rule", None)``. Markup is
    reportlab's paragraph markup: text escaped, ``<b>``, ``<i>``, ``<br/>``."""
    from xml.sax.saxutils import escape

    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text or "")

    def inline(tok: Any) -> str:
        out = []
        for c in tok.children or []:
            if c.type == "text":
                out.append(escape(c.content))
            elif c.type in ("strong_open", "strong_close"):
                out.append("<b>" if c.type.endswith("open") else "</b>")
            elif c.type in ("em_open", "em_close"):
                out.append("<i>" if c.type.endswith("open") else "</i>")
            elif c.type in ("softbreak", "hardbreak"):
                out.append("<br/>")
            elif c.type in ("code_inline", "image", "html_inline"):  # as plain text: no markup from the file
                out.append(escape(c.content or ""))
        return "".join(out)

    blocks: list[tuple[str, Any]] = []
    lists: list[list[Any]] = []  # [ordered, next number] per open list
    item_first = False
    table: list[list[str]] | None = None
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            lists.append([t == "ordered_list_open", int(tok.attrGet("start") or 1)])
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif t == "list_item_open":
            item_first = True
        elif t == "heading_open":
            blocks.append(("heading", inline(tokens[i + 1])))
        elif t == "paragraph_open" and table is None:
            content = inline(tokens[i + 1])
            if lists:
                ordered, number = lists[-1]
                if item_first:
                    bullet = f"{number}." if ordered else "·"
                    lists[-1][1] += 1
                else:
                    bullet = ""
                blocks.append(("item", (len(lists), bullet, content)))
                item_first = False
            else:
                blocks.append(("para", content))
        elif t == "table_open":
            table = []
        elif t == "tr_open":
            row = []
        elif t in ("th_open", "td_open") and row is not None:
            row.append(inline(tokens[i + 1]))
        elif t == "tr_close" and table is not None and row is not None:
            table.append(row)
            row = None
        elif t == "table_close" and table is not None:
            blocks.append(("table", table))
            table = None
        elif t in ("fence", "code_block"):
            blocks.append(("code", tok.content.rstrip("\n")))
        elif t == "hr":
            blocks.append(("rule", None))
    return blocks


def _continued(row: list[str], widths: list[float], em: float, *, lines: int) -> list[list[str]]:
    """``row`` as rows of at most ``lines`` lines in each column (the widths in points, ``em`` the
    points of one display column): the first keeps every cell, the next ones carry on the long
    cells alone."""
    from csops.output import fold

    parts = []
    for cell, width in zip(row, widths, strict=True):
        per_line = max(int((width - 12) / em), 2)
        folded = [piece for line in cell.splitlines() or [""] for piece in fold(line, per_line)]
        parts.append(["\n".join(folded[i : i + lines]) for i in range(0, len(folded), lines)] or [""])
    depth = max(len(p) for p in parts)
    if depth == 1:
        return [row]
    return [[p[i] if i < len(p) else "" for p in parts] for i in range(depth)]


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
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

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

    from csops.output import display_width

    avail = A4[0] - 36 * mm  # the frame's width

    def table(rows: Iterable[Iterable[Any]], *, markup: bool = False) -> Any:
        """A table whose columns share the page by their content: each column at least as wide
        as its longest word (a Latin word or code never breaks; Chinese breaks between characters),
        long text wrapping inside its column at any length."""
        import re

        cells = [[str(c) for c in r] for r in rows]
        plain = [[re.sub(r"<[^>]+>", "", c) if markup else c for c in r] for r in cells]
        em = 10.5 / 2  # a display column, in points
        ncol = max(len(r) for r in plain)
        plain = [r + [""] * (ncol - len(r)) for r in plain]
        cells = [r + [""] * (ncol - len(r)) for r in cells]

        def longest_word(text: str) -> int:
            words = re.findall(r"[^\s\u3000-\u9fff\uff00-\uffef]+", text)
            return max([display_width(w) for w in words] + [2])

        floor = [max(longest_word(r[i]) for r in plain) * em + 12 for i in range(ncol)]
        natural = [max(display_width(r[i]) for r in plain) * em + 12 for i in range(ncol)]
        if sum(natural) <= avail:
            widths = [w * avail / sum(natural) for w in natural]
        else:  # short columns keep their natural width; long ones share the rest, never below their longest word
            short = [n <= avail / 4 for n in natural]
            rest = max(avail - sum(n for n, sh in zip(natural, short, strict=True) if sh), 0)
            long_total = sum(n for n, sh in zip(natural, short, strict=True) if not sh) or 1
            widths = [
                n if sh else max(f, n * rest / long_total) for n, f, sh in zip(natural, floor, short, strict=True)
            ]
            if sum(widths) > avail:  # longest words wider than the page together: share by them
                widths = [w * avail / sum(widths) for w in widths]
        if not markup:  # a row is never split across pages: a cell longer than half a page goes on in rows below
            cells = [cells[0]] + [piece for r in cells[1:] for piece in _continued(r, widths, em, lines=30)]
        t = Table(
            [[Paragraph(c if markup else escape(c), base) for c in r] for r in cells], colWidths=widths, repeatRows=1
        )
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
    for kind, value in markdown_blocks(data["body"]):
        if kind == "heading":
            story.append(Paragraph(value, h2))
        elif kind == "para":
            story.append(Paragraph(value, base))
        elif kind == "item":
            depth, bullet, markup = value
            style = ParagraphStyle(f"li{depth}", parent=base, leftIndent=12 * depth, firstLineIndent=0)
            story.append(Paragraph(f"{bullet} {markup}" if bullet else markup, style))
        elif kind == "table":
            story += [Spacer(1, 2 * mm), table(value, markup=True), Spacer(1, 2 * mm)]
        elif kind == "code":
            story.append(Paragraph(escape(value).replace("\n", "<br/>"), base))
        elif kind == "rule":
            story.append(Spacer(1, 4 * mm))
    if data.get("feedback"):
        story += [Paragraph(escape(data["labels"]["feedback"]), h2), table(data["feedback"])]
    if len(data.get("signin") or []) > 1:  # those present sign beside their names
        signin = table(data["signin"])
        signin.setStyle(TableStyle([("BOTTOMPADDING", (0, 1), (-1, -1), 10), ("TOPPADDING", (0, 1), (-1, -1), 10)]))
        story += [Paragraph(escape(data["labels"]["signin"]), h2), signin]
    # the signature stays on the page of the last lines above it
    last = story.pop()
    story.append(KeepTogether([last, Spacer(1, 14 * mm), Paragraph(escape(data["labels"]["signature"]), base)]))
    from functools import partial

    from reportlab.pdfgen.canvas import Canvas

    page_label = _("Page {n} of {total}")

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
        """Pages are kept until the end, then each is numbered with the total ("page 1 of 2")."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(font, 9)
                self.drawCentredString(A4[0] / 2, 9 * mm, page_label.format(n=self._pageNumber, total=total))
                self.restoreState()
                super().showPage()
            super().save()

    doc.build(
        story,
        canvasmaker=partial(NumberedCanvas, initialFontName=font, initialFontSize=10.5),  # no stray Helvetica
    )
    return buf.getvalue()
