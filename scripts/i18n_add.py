"""Append translations to the catalog: ``python scripts/i18n_add.py IDS.tsv ZH.txt``.

IDS.tsv is the output of ``i18n_extract.py --missing`` numbered (``N<TAB>msgid``, or
``N<TAB>singular<TAB>plural`` for an ``ngettext`` message) and ZH.txt has one Chinese line per
msgid in the same order (Chinese has one plural form). Placeholders must match. The catalog is
compiled to .mo afterwards."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "src/csops/locale/zh_CN/LC_MESSAGES/csops.po"


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main(ids_file: str, zh_file: str, extra: dict[str, str] | None = None) -> None:
    rows = [line.split("\t")[1:] for line in Path(ids_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    ids = [r[0] for r in rows]
    plurals = {r[0]: r[1] for r in rows if len(r) > 1}
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
            if a in plurals:
                fh.write(f"\nmsgid {q(a)}\nmsgid_plural {q(plurals[a])}\nmsgstr[0] {q(b)}\n")
            else:
                fh.write(f"\nmsgid {q(a)}\nmsgstr {q(b)}\n")
    print(f"added {len(pairs)} messages")
    sys.path.insert(0, str(PO.parents[4]))
    from csops.i18n.catalogs import compile_catalogs

    print("compiled " + ", ".join(str(p) for p in compile_catalogs()))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
