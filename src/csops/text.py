"""Text as a terminal shows it: display width (a CJK character takes two columns) and folding
into lines. Kept apart from csops.output, with nothing but the standard library, because the
help screens use it and `csops --help` must start fast (issue 20)."""

from __future__ import annotations


def display_width(text: str) -> int:
    """Columns a string takes on a terminal (CJK characters take two)."""
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` display columns (a CJK character takes two): broken
    at a space, or beside a CJK character (Chinese has no spaces), never inside a word or a code
    written in Latin letters and digits (``frontdesk``, ``2026-11-26``) unless it is longer than
    the line."""
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, w = "", 0
    for ch in text:
        cw = display_width(ch)
        if w + cw > width and line:
            cut = _break_at(line, ch)
            if cut > 0:  # carry the unfinished word over
                lines.append(line[:cut].rstrip(" "))
                line = line[cut:].lstrip(" ")
            else:
                lines.append(line)
                line = ""
            w = display_width(line)
            if ch == " " and not line:
                continue
        line += ch
        w += cw
    lines.append(line)
    return lines


def _break_at(line: str, nxt: str) -> int:
    """Where ``line`` may break before ``nxt`` is added: its length (here), a later space's or a
    CJK boundary's position, or 0 (nowhere: break inside the word)."""
    if nxt == " " or display_width(nxt) == 2 or display_width(line[-1]) == 2:
        return len(line)
    for i in range(len(line) - 1, 0, -1):
        if line[i] == " ":
            return i + 1 if i + 1 < len(line) else i
        if display_width(line[i - 1]) == 2:  # a Latin word that follows a CJK character
            return i
    return 0
