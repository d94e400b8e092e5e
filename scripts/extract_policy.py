"""Regenerate src/csops/rules/clauses.json from the department's POLICY.md.

Usage: python scripts/extract_policy.py PATH/TO/POLICY.md

The rulebook lives outside the package; csops ships this extract so that
`csops policy show` can print each clause's Chinese text and English reading.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

CLAUSE = re.compile(r"^\*\*([A-Z]+-\d+)\*\*\s*(.*)$")
READING = re.compile(r"^\*\*csops reads it as(?::\*\*|\*\*\s*\*\(revised ([0-9-]+)\)\*:)")
REVISED = re.compile(r"\*\(revised ([0-9-]+)\)\*")


def extract(text: str) -> list[dict]:
    clauses: list[dict] = []
    current: dict | None = None
    for line in text.splitlines():
        m = CLAUSE.match(line)
        if m:
            current = {"id": m.group(1), "zh": m.group(2).strip(), "en": [], "reading": [], "revised": None}
            clauses.append(current)
            target = "en"
            continue
        if current is None:
            continue
        if line.startswith("#") or line.startswith("---"):
            current = None
            continue
        r = READING.match(line)
        if r:
            target = "reading"
            line = line[r.end() :]
            if r.group(1):
                current["revised"] = r.group(1)
        rev = REVISED.search(line)
        if rev:
            current["revised"] = rev.group(1)
            line = REVISED.sub("", line).replace("  ", " ")
        if line.strip():
            current[target].append(line.strip())
    for c in clauses:
        if not re.search(r"[\u4e00-\u9fff]", c["zh"]):  # a clause with no Chinese original
            c["en"].insert(0, c["zh"])
            c["zh"] = ""
        c["en"] = " ".join(c["en"])
        c["reading"] = " ".join(c["reading"])
    return clauses


if __name__ == "__main__":
    src = Path(sys.argv[1]).read_text(encoding="utf-8")
    out = Path(__file__).resolve().parent.parent / "src/csops/rules/clauses.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(extract(src), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
