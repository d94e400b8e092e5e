"""Two languages: English message ids, Simplified Chinese in ``zh_CN.po``.

The catalog is a gettext PO file, so a translator edits it with any PO editor.
``_()`` translates at call time into the current language; ``N_()`` only marks a
string for the catalog (headers, help texts translated later). The language is
chosen once per process by :func:`detect_language`: ``--lang``, then
``$CSOPS_LANG``, then the locale (``LANG=zh_CN.UTF-8`` gives Chinese).
"""

from __future__ import annotations

import os
from pathlib import Path

LANGUAGES = ("en", "zh")
_state = {"lang": "en"}
_catalog: dict[str, str] | None = None


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == '"' and s[-1] == '"':
        s = s[1:-1]
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def parse_po(text: str) -> dict[str, str]:
    """Read a PO file's msgid/msgstr pairs (multi-line strings concatenated)."""
    out: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key = "".join(msgid)
            if key:
                out[key] = "".join(msgstr)

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [_unquote(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [_unquote(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
    flush()
    return out


def catalog() -> dict[str, str]:
    global _catalog
    if _catalog is None:
        path = Path(__file__).with_name("zh_CN.po")
        _catalog = parse_po(path.read_text(encoding="utf-8"))
    return _catalog


def set_language(lang: str) -> None:
    _state["lang"] = "zh" if lang.lower().startswith("zh") else "en"


def language() -> str:
    return _state["lang"]


def detect_language(argv: list[str] | None = None, environ: dict | None = None) -> str:
    """``--lang`` on the command line, then ``CSOPS_LANG``, then the locale."""
    env = os.environ if environ is None else environ
    args = list(argv or [])
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "zh" if args[i + 1].lower().startswith("zh") else "en"
        if a.startswith("--lang="):
            return "zh" if a.split("=", 1)[1].lower().startswith("zh") else "en"
    if env.get("CSOPS_LANG"):
        return "zh" if env["CSOPS_LANG"].lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        v = env.get(var)
        if v:
            return "zh" if v.lower().startswith("zh") else "en"
    return "en"


def _(msgid: str) -> str:
    """Translate ``msgid`` into the current language."""
    if _state["lang"] == "zh":
        return catalog().get(msgid) or msgid
    return msgid


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it now."""
    return msgid
