"""A workbook written as its own XML: the few parts of SpreadsheetML (ECMA-376 part 1) that
csops's printed sheets use (inline text, numbers, dates, eight cell styles, column widths, a
frozen header, page setup, print titles, page header and footer), read alike by Excel,
LibreOffice and openpyxl. csops.documents.xlsx_bytes decides what goes in; this writes it.

Why not openpyxl: a month's hand-over and filing sheets at a million receipts are some 200,000
cells, and openpyxl's cell objects and their serialisation took ten of the cron run's seconds
(issue 20); here a cell is one formatted string. The output is deterministic: the same sheets
give the same bytes (no creation time, fixed zip dates)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# characters XML cannot hold, written as \x1b (controls) or \ud800 (lone surrogates, U+FFFE/FFFF)
ILLEGAL = {c: f"\\x{c:02x}" for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]} | {
    c: f"\\u{c:04x}" for c in [*range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
}
MAX_TEXT = 32_767  # Excel's longest cell text, in UTF-16 units
_ESCAPED = re.compile(r"_x[0-9A-Fa-f]{4}_")  # Excel reads _x0041_ in a text as "A"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\\x00-\x1f\ud800-\udfff\ufffe\uffff]")  # not in a sheet's name
# cell styles: indexes into styles.xml's cellXfs below
PLAIN, TITLE, HEAD, TEXT, MONEY, DATETIME, DATE, TIME = range(8)
_EPOCH = date(1899, 12, 30)  # Excel's day 0 in the 1900 date system (right from 1900-03-01:
_FIRST_DATE = date(1900, 3, 1)  # Excel counts a 1900-02-29; earlier dates are written as text)
_EPOCH_ORDINAL = _EPOCH.toordinal()
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    _HEAD_XML + f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="hh:mm"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="13"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border>'
    + "".join(f'<{s} style="thin"><color rgb="FF808080"/></{s}>' for s in ("left", "right", "top", "bottom"))
    + "<diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'  # PLAIN
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'  # TITLE
    + "".join(
        f'<xf numFmtId="{fmt}" fontId="{font}" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1"'
        ' applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'
        for fmt, font in ((0, 2), (0, 0), (4, 0), (164, 0), (165, 0), (166, 0))  # HEAD TEXT MONEY DATETIME DATE TIME
    )
    + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _units(text: str) -> int:
    """Length in UTF-16 units, as Excel counts."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int, mark: str = "") -> str:
    """``text`` within ``units`` UTF-16 units, ``mark`` ending it when it was cut."""
    if _units(text) <= units:
        return text
    cut = text[: units - len(mark)]
    over = _units(cut) - (units - len(mark))
    return (cut[: len(cut) - over] if over > 0 else cut) + mark


def _x(value: str) -> str:
    """Text as XML character data: escaped; characters XML cannot hold written as ``\\x1b``."""
    if not value.isprintable():
        value = value.translate(ILLEGAL)
    return escape(value) if "&" in value or "<" in value or ">" in value else value


def _text(value: str) -> str:
    """An inline-string cell's content: at most Excel's 32,767 units (cut with an ellipsis),
    Excel's own ``_xHHHH_`` escapes kept literal, spaces and line ends at either end kept, a
    carriage return as a reference (a parser would read it as a line feed)."""
    preserve = value[:1].isspace() or value[-1:].isspace()
    if not value.isprintable():
        value = value.translate(ILLEGAL)
    value = _cut(value, MAX_TEXT, "…")
    if "_x" in value:
        value = _ESCAPED.sub(lambda m: "_x005F" + m.group(0), value)
    t = escape(value) if "&" in value or "<" in value or ">" in value else value
    if "\r" in t:
        t = t.replace("\r", "&#13;")
    return f'<is><t xml:space="preserve">{t}</t></is>' if preserve else f"<is><t>{t}</t></is>"


def _seconds(value: datetime | time) -> float:
    return value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6


# a value's type -> its SpreadsheetML number (days since 1899-12-30 for dates and times), or None:
# text. Whole numbers of 16 digits or more are text (Excel keeps 15 and would round them away).
_NUMBER: dict[type, Any] = {
    bool: lambda v: None,
    int: lambda v: str(v) if abs(v) < 10**15 else None,
    float: lambda v: repr(v) if math.isfinite(v) and abs(v) < 1e300 else None,
    Decimal: lambda v: format(v, "f") if v.is_finite() and abs(v) < 10**15 else None,
    datetime: lambda v: repr(v.toordinal() - _EPOCH_ORDINAL + _seconds(v) / 86400) if v.date() >= _FIRST_DATE else None,
    date: lambda v: str(v.toordinal() - _EPOCH_ORDINAL) if v >= _FIRST_DATE else None,
    time: lambda v: repr(_seconds(v) / 86400),
}


def _number(value: Any) -> str | None:
    """A cell's value as SpreadsheetML's number, or None for text."""
    convert = _NUMBER.get(type(value))
    if convert is None:
        convert = next((f for t, f in _NUMBER.items() if isinstance(value, t)), lambda v: None)
    result: str | None = convert(value)
    return result


def _header_code(text: str) -> str:
    """A centred page header or footer within Excel's 255 characters, never cutting an ``&&``."""
    code = "&C" + text
    if len(code) <= 255:
        return code
    code = code[:254]
    if (len(code) - len(code.rstrip("&"))) % 2:  # half of an && at the end
        code = code[:-1]
    return code + "…"


def sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    """A name Excel accepts for a sheet: none of []:*?/\\ or control characters, no apostrophe
    at either end, not "History" (reserved), at most 31 UTF-16 units, and unique in the book
    compared as Excel compares (case-insensitively): a second "acme" beside "ACME" is "acme~2"."""
    base = _SHEET_BAD.sub("_", name).strip("'") or "Sheet"
    if base.casefold() == "history":
        base += "_"
    used = {t.casefold() for t in taken}
    out, n = _cut(base, 31), 2
    while out.casefold() in used:
        suffix = f"~{n}"
        out = _cut(base, 31 - len(suffix)) + suffix
        n += 1
    return out


class Sheet:
    """One worksheet, filled a row at a time (cells as (value, style) pairs), then set up to print."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = 0
        self.columns = 0
        self._data: list[str] = []
        self._letters: list[str] = []
        self._texts: dict[str, str] = {}  # a text -> its cell content (names and teams repeat)
        self._tail = ""
        self._head_row = 0

    def row(self, cells: Sequence[tuple[Any, int]]) -> None:
        """The next row; None or "" is an empty cell that still carries its style (a border)."""
        self.rows += 1
        n = self.rows
        if len(cells) > len(self._letters):
            self._letters = [column_letter(i) for i in range(1, len(cells) + 1)]
        self.columns = max(self.columns, len(cells))
        letters = self._letters
        texts = self._texts
        parts = [f'<row r="{n}">']
        for i, (value, style) in enumerate(cells):
            head = f'<c r="{letters[i]}{n}" s="{style}"' if style else f'<c r="{letters[i]}{n}"'
            if value is None or value == "":
                parts.append(head + "/>")
            elif type(value) is str:
                text = texts.get(value)
                if text is None:
                    text = texts[value] = _text(value)
                parts.append(f'{head} t="inlineStr">{text}</c>')
            elif (number := _number(value)) is not None:
                parts.append(f"{head}><v>{number}</v></c>")
            else:
                parts.append(f'{head} t="inlineStr">{_text(str(value))}</c>')
        parts.append("</row>")
        self._data.append("".join(parts))

    def setup(
        self,
        *,
        widths: Sequence[float],
        head_row: int,
        landscape: bool,
        one_page: bool,
        header: str,
        footer: str,
    ) -> None:
        """Column widths (in characters), the rows above ``head_row``'s next frozen and
        ``head_row`` repeated on every printed page, A4 in the orientation given, one page wide
        (and one page tall when ``one_page``), ``header`` and ``footer`` centred on every page
        (Excel's header codes: &P the page, &N the pages, && an ampersand)."""
        self._head_row = head_row
        cols = "".join(f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>' for i, w in enumerate(widths, 1))
        self._cols = f"<cols>{cols}</cols>" if cols else ""
        top = f"A{head_row + 1}"
        self._view = (
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{head_row}" topLeftCell="{top}" '
            f'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="{top}" '
            f'sqref="{top}"/></sheetView></sheetViews>'
            if head_row
            else ""
        )
        self._tail = (
            '<pageMargins left="0.4" right="0.4" top="1" bottom="1" header="0.5" footer="0.5"/>'
            f'<pageSetup paperSize="9" orientation="{"landscape" if landscape else "portrait"}" '
            f'fitToWidth="1" fitToHeight="{1 if one_page else 0}"/>'
            f"<headerFooter><oddHeader>{_x(_header_code(header))}</oddHeader>"
            f"<oddFooter>{_x(_header_code(footer))}</oddFooter></headerFooter>"
        )

    def print_titles(self) -> str | None:
        """The defined name's value that repeats the header row on every page."""
        if not self._head_row:
            return None
        quoted = self.name.replace("'", "''")
        return f"'{quoted}'!${self._head_row}:${self._head_row}"

    def xml(self) -> str:
        last = f"{column_letter(max(self.columns, 1))}{max(self.rows, 1)}"
        return "".join(
            (
                _HEAD_XML,
                f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
                f'<dimension ref="A1:{last}"/>',
                getattr(self, "_view", ""),
                '<sheetFormatPr defaultRowHeight="15"/>',
                getattr(self, "_cols", ""),
                "<sheetData>",
                *self._data,
                "</sheetData>",
                self._tail,
                "</worksheet>",
            )
        )


class Book:
    """Sheets in order, written as one .xlsx file's bytes."""

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []

    def sheet(self, name: str) -> Sheet:
        """A new sheet at the end, its name made one Excel accepts (:func:`sheet_name`)."""
        s = Sheet(sheet_name(name, [t.name for t in self.sheets]))
        self.sheets.append(s)
        return s

    def bytes(self, title: str | None = None) -> bytes:
        if not self.sheets:
            self.sheet("Sheet")  # a workbook has at least one sheet
        n = len(self.sheets)
        sheets = "".join(
            f'<sheet name={quoteattr(s.name)} sheetId="{i}" r:id="rId{i}"/>' for i, s in enumerate(self.sheets, 1)
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{_x(t)}</definedName>'
            for i, s in enumerate(self.sheets)
            if (t := s.print_titles())
        )
        workbook = (
            _HEAD_XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><bookViews><workbookView activeTab="0"/>'
            f"</bookViews><sheets>{sheets}</sheets>"
            + (f"<definedNames>{titles}</definedNames>" if titles else "")
            + "</workbook>"
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        workbook_rels = (
            _HEAD_XML + f'<Relationships xmlns="{_PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
        )
        types = (
            _HEAD_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, n + 1)
            )
            + "</Types>"
        )
        root_rels = (
            _HEAD_XML + f'<Relationships xmlns="{_PKG_REL}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>"
        )
        core = (
            _HEAD_XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{_x(title or '')}</dc:title><dc:creator>csops</dc:creator></cp:coreProperties>"
        )
        parts = [
            ("[Content_Types].xml", types),
            ("_rels/.rels", root_rels),
            ("docProps/core.xml", core),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", workbook_rels),
            ("xl/styles.xml", _STYLES),
            *((f"xl/worksheets/sheet{i}.xml", s.xml()) for i, s in enumerate(self.sheets, 1)),
        ]
        import zipfile

        buf = BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in parts:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("utf-8"))
        return buf.getvalue()
