"""Append translations to the catalog: ``python scripts/i18n_add.py IDS.tsv ZH.txt``.

IDS.tsv is the output of ``i18n_extract.py --missing`` numbered (``N<TAB>msgid``) and ZH.txt
has one Chinese line per msgid in the same order. Placeholders must match."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/csops/i18n/zh_CN.po"


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(ids_file: str, zh_file: str, extra: dict[str, str] | None = None) -> None:
    ids = [line.split("\t", 1)[1] for line in Path(ids_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    zh = [line for line in Path(zh_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(ids) != len(zh):
        raise SystemExit(f"{len(ids)} msgids but {len(zh)} translations")
    ph = lambda s: sorted(re.findall(r"\{\w+(?:![a-z])?\}", s))  # noqa: E731
    bad = [(a, b) for a, b in zip(ids, zh, strict=False) if ph(a) != ph(b)]
    if bad:
        raise SystemExit(f"placeholders differ: {bad}")
    pairs = list(zip(ids, zh, strict=False)) + list((extra or {}).items())
    with open(PO, "a", encoding="utf-8") as fh:
        for a, b in pairs:
            fh.write(f"\nmsgid {q(a)}\nmsgstr {q(b)}\n")
    print(f"added {len(pairs)} messages")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
