"""Paper a department signs (issue 16): the workbooks csops writes, printed the way a person would
print them: LibreOffice (`soffice --headless --convert-to pdf`, Debian's libreoffice-calc-nogui,
installed by .ci/run) turns each into a PDF, and poppler (pdfinfo, pdftotext) reads it back.
The page counts are printed at the end of the run (and kept in docs/performance.md)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FIGURES

pytestmark = [
    pytest.mark.skipif(
        not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
        reason="LibreOffice and poppler-utils not installed (.ci/run installs libreoffice-calc-nogui, poppler-utils)",
    ),
    pytest.mark.sqlite_only,  # about paper: the demo is a SQLite file, the workbooks are the same on both
]
NOW = "2026-11-27T10:00"
HEAD = "wang.fang"


def _pdfs(files: list[Path], out: Path, profile: Path) -> dict[str, Path]:
    """Every workbook converted in one LibreOffice run (a profile of its own: the two halves of
    the suite may convert at the same time)."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {f.stem: out / f"{f.stem}.pdf" for f in files}


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def _text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in out.split("\f") if p.strip()]


def test_the_demos_paper_prints_on_the_pages_it_should(cli, tmp_path):
    db = tmp_path / "demo.db"
    cli.ok("demo", "--db", db, user=None, now=NOW)

    def run(*args, lang="zh", user=HEAD):
        return cli.ok("--db", db, *args, user=user, now=NOW, lang=lang)

    # a client with 40 receipts in October, all back and confirmed: its hand-over sheet
    run("client", "add", "西部物流")
    csv = tmp_path / "r.csv"
    csv.write_text(
        "shipment_no,client,ship_date,team\n"
        + "".join(f"XB{i:04d},西部物流,2026-10-{1 + i % 28:02d},运作一组\n" for i in range(1, 41)),
        encoding="utf-8",
    )
    run("receipt", "import", csv)
    for i in range(1, 41):
        run("receipt", "return", f"XB{i:04d}", "--date", "2026-11-10", "--confirm")
    books = {
        "attendance-zh": ("attendance", "summary", "--month", "2026-10"),
        "attendance-en": ("attendance", "summary", "--month", "2026-10"),
        "handover-zh": ("receipt", "handover", "--month", "2026-10"),
        "review-zh": ("summary", "month", "--month", "2026-10"),
        "review-en": ("summary", "month", "--month", "2026-10"),
    }
    files = []
    for name, args in books.items():
        f = tmp_path / f"{name}.xlsx"
        run(*args, "-f", "xlsx", "--output", f, lang=name.rsplit("-", 1)[1])
        files.append(f)
    pdfs = _pdfs(files, tmp_path / "pdf", tmp_path / "lo-profile")
    pages = {name: _pages(pdf) for name, pdf in pdfs.items()}
    FIGURES.append("printed (LibreOffice, A4): " + ", ".join(f"{n} {p} page(s)" for n, p in pages.items()))

    # the demo's attendance summary fits one A4 page, in either language
    assert pages["attendance-zh"] == 1 and pages["attendance-en"] == 1

    # each client's hand-over sheet on one page, the signature block under its table, with the count
    from openpyxl import load_workbook

    clients = load_workbook(files[2]).sheetnames
    sheets = _text(pdfs["handover-zh"])
    assert len(sheets) == len(clients) == pages["handover-zh"]
    for client, page in zip(clients, sheets, strict=True):
        assert client in page and "客户签收" in page and "共交接回单" in page, client
    west = next(p for p in sheets if "西部物流" in p)
    assert all(f"XB{i:04d}" in west for i in range(1, 41)) and "共交接回单 40 张" in west

    # each sheet of the monthly review fits the page width: one page per sheet (the demo's are short),
    # and every header of a sheet on the page with its first column
    for lang in ("zh", "en"):
        wb = load_workbook(tmp_path / f"review-{lang}.xlsx")
        assert pages[f"review-{lang}"] == len(wb.sheetnames), (lang, pages)
        for ws, page in zip(wb.worksheets, _text(pdfs[f"review-{lang}"]), strict=True):
            headers = [c.value for c in ws[2] if c.value]
            flat = page.replace(" ", "").replace("\n", "")
            assert all(str(h).replace(" ", "") in flat for h in headers), (lang, ws.title)
