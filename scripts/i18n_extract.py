"""List every translatable message of csops (``_()``, ``N_()`` and ``help=`` literals).

Usage: python scripts/i18n_extract.py [--missing]   (--missing: only those without Chinese)
The test suite uses the same function to fail when a message lacks its Chinese.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "csops"
PLURALS: dict[str, str] = {}  # singular msgid -> plural msgid of ngettext() calls


def messages(src: Path = SRC) -> dict[str, str]:
    """msgid -> first place it appears."""
    out: dict[str, str] = {}
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            if (
                name in ("_", "N_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                out.setdefault(node.args[0].value, f"{path.relative_to(src)}:{node.lineno}")
            if name == "ngettext" and len(node.args) >= 2 and isinstance(node.args[0], ast.Constant):
                # the plural follows the singular after a tab (scripts/i18n_add.py reads it so)
                out.setdefault(node.args[0].value, f"{path.relative_to(src)}:{node.lineno}")
                PLURALS[node.args[0].value] = node.args[1].value
            for kw in node.keywords:
                if kw.arg == "help" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                    out.setdefault(kw.value.value, f"{path.relative_to(src)}:{node.lineno}")
                if kw.arg == "help" and isinstance(kw.value, ast.Call) and getattr(kw.value.func, "id", None) == "N_":
                    pass  # counted above
    return out


if __name__ == "__main__":
    sys.path.insert(0, str(SRC.parent))
    from csops.i18n import catalog

    cat = catalog()
    for msgid, where in messages().items():
        if "--missing" in sys.argv and cat.get(msgid):
            continue
        print(f"{where}\t{msgid}" + (f"\t{PLURALS[msgid]}" if msgid in PLURALS else ""))
