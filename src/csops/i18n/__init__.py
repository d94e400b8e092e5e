"""Two languages, the standard way: English message ids, Simplified Chinese in a gettext catalog.

The catalog is ``csops/locale/zh_CN/LC_MESSAGES/csops.po`` (edit it with any PO editor), compiled
to ``csops.mo`` by Babel when the package is built (setup.py) and read with the standard
library's :mod:`gettext`. ``_()`` translates at call time into the current language; ``N_()``
only marks a string for the catalog (headers, help texts translated later); ``ngettext()``
chooses the plural form (Chinese has one). The language is chosen once per process by
:func:`detect_language`: ``--lang``, then ``$CSOPS_LANG``, then the config file's ``lang``, then
the locale (``LANG=zh_CN.UTF-8`` gives Chinese).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LANGUAGES = ("en", "zh")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "csops"
_state = {"lang": "en"}
_translations: dict[str, gettext.NullTranslations] = {}


def translations(lang: str | None = None) -> gettext.NullTranslations:
    """The catalog of ``lang`` (the current language): English is the message ids themselves."""
    lang = lang or _state["lang"]
    if lang not in _translations:
        if lang == "zh":
            _translations[lang] = gettext.translation(DOMAIN, LOCALE_DIR, languages=["zh_CN"], fallback=True)
        else:
            _translations[lang] = gettext.NullTranslations()
    return _translations[lang]


def catalog(lang: str = "zh") -> dict[str, str]:
    """Every message id with its translation (for the tests and scripts/i18n_extract.py)."""
    t = translations(lang)
    found = getattr(t, "_catalog", {})
    out = {k: v for k, v in found.items() if isinstance(k, str) and k}
    out.update({k[0]: v for k, v in found.items() if isinstance(k, tuple) and k[1] == 0})  # plural entries
    return out


def set_language(lang: str) -> None:
    _state["lang"] = "zh" if lang.lower().startswith("zh") else "en"


def language() -> str:
    return _state["lang"]


def detect_language(
    argv: list[str] | None = None, environ: Mapping[str, str] | None = None, configured: str | None = None
) -> str:
    """``--lang`` on the command line, then ``CSOPS_LANG``, then the config file's ``lang``
    (``configured``), then the locale."""
    env = os.environ if environ is None else environ
    args = list(argv or [])
    for i, a in enumerate(args):
        if a == "--lang" and i + 1 < len(args):
            return "zh" if args[i + 1].lower().startswith("zh") else "en"
        if a.startswith("--lang="):
            return "zh" if a.split("=", 1)[1].lower().startswith("zh") else "en"
    if env.get("CSOPS_LANG"):
        return "zh" if env["CSOPS_LANG"].lower().startswith("zh") else "en"
    if configured:
        return "zh" if configured.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        v = env.get(var)
        if v:
            return "zh" if v.lower().startswith("zh") else "en"
    return "en"


def _(msgid: str) -> str:
    """Translate ``msgid`` into the current language."""
    if _state["lang"] == "en":
        return msgid
    return translations().gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` (English: one or many; Chinese: one form)."""
    return translations().ngettext(singular, plural, n)


def N_(msgid: str) -> str:
    """Mark ``msgid`` for the catalog without translating it now."""
    return msgid
