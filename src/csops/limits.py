"""The limits of every field, defined once (issue 14): lengths, characters, dates, whole numbers.

Each check returns the reason a value is refused (a translated sentence that names the field
and the limit), or None; :func:`require` turns a reason into a ``BadInput`` (exit 2). The same
checks serve a command's options and the importer's lines, so both refuse the same values on
SQLite and PostgreSQL alike (PostgreSQL would refuse an over-long value with a raw error).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from csops.errors import BadInput
from csops.i18n import _

FIRST_DAY = date(2000, 1, 1)  # the calendar csops keeps starts here
LAST_DAY = date(2099, 12, 31)
COPIES = (1, 99)  # a receipt's copies (RCPT-6)
CODE_LENGTH = 64  # shipment numbers, team names
_NOT_IN_CODES = (",", '"', "\n", "\r")


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """The first control character in ``value`` (newlines and tabs allowed in multi-line text)."""
    if (value.replace("\n", "").replace("\t", "") if multiline else value).isprintable():
        return None  # str.isprintable is False for every character of Cc, Cf, Zl and Zp (and more)
    allowed = {"\n", "\t"} if multiline else set()
    for ch in value:
        if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp"):
            return ch
    return None


def one_line(field: str, value: str, max_length: int) -> str | None:
    """A one-line field: 1 to ``max_length`` characters, no control characters or line breaks."""
    if not value:
        return _("{field} is required.").format(field=field)
    if len(value) > max_length:
        return _("{field} has {n} characters; at most {max} are allowed.").format(
            field=field, n=len(value), max=max_length
        )
    ch = control_character(value)
    if ch is not None:
        return _("{field} contains a control character (U+{code:04X}); use plain text.").format(
            field=field, code=ord(ch)
        )
    return None


def code(field: str, value: str, max_length: int = CODE_LENGTH) -> str | None:
    """An identifier (a shipment number, a team): one line, without commas or quotes either (it
    goes into CSV files and sheets as it is), and not starting like a spreadsheet formula."""
    if is_code(value, max_length):
        return None
    reason = one_line(field, value, max_length)
    if reason is None and any(ch in value for ch in _NOT_IN_CODES):
        reason = _("{field} cannot contain commas, quotes or line breaks.").format(field=field)
    if reason is None and value[0] in "=+-@":
        reason = _("{field} cannot start with {char} (a spreadsheet would read a formula).").format(
            field=field, char=value[0]
        )
    return reason


def is_code(value: str, max_length: int = CODE_LENGTH) -> bool:
    """True when :func:`code` has nothing against ``value`` (a test holds the two together): the
    quick answer for the million shipment numbers of an import. False may still be a good code
    (one with a character isprintable refuses and :func:`code` allows, such as U+3000)."""
    return (
        0 < len(value) <= max_length
        and value.isprintable()
        and value[0] not in "=+-@"
        and "," not in value
        and '"' not in value
    )


def day(field: str, value: date) -> str | None:
    """A date csops keeps: from 2000-01-01 to 2099-12-31."""
    if not FIRST_DAY <= value <= LAST_DAY:
        return _("{field} {date} is outside {first}..{last}.").format(
            field=field, date=value.isoformat(), first=FIRST_DAY.isoformat(), last=LAST_DAY.isoformat()
        )
    return None


def whole_number(field: str, value: int, low: int, high: int) -> str | None:
    if not low <= value <= high:
        return _("{field} must be a whole number from {low} to {high}.").format(field=field, low=low, high=high)
    return None


def parse_whole_number(field: str, text: str, low: int, high: int) -> tuple[int | None, str | None]:
    """``text`` as a whole number in range: ASCII digits only (``²`` is a digit to Python, not here)."""
    text = text.strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > 18:
        return None, _("{field} must be a whole number from {low} to {high}.").format(field=field, low=low, high=high)
    value = int(text)
    return value, whole_number(field, value, low, high)


def require(reason: str | None) -> None:
    """Refuse (exit 2) with ``reason``, if there is one."""
    if reason is not None:
        raise BadInput(reason)


# -- what reaches the store -------------------------------------------------------------------

TEXT_MAX = 20_000  # multi-line text (reasons, notes, questions, items)
LONG_TEXT = {("minutes", "body"): 200_000}
_INTERNAL = frozenset({"audit_log", "job_run", "outbox"})  # written by csops itself, not typed in
_INTERNAL_COLUMNS = frozenset({("minutes", "sent_to")})  # the addresses csops mailed to


def stored_row_problem(obj: object, columns: set[str] | None = None) -> str | None:
    """The first value of a row about to be written that is outside its column's limits: a
    bounded text column is one line within its length, an unbounded one is multi-line text
    (newlines and tabs only) within :data:`TEXT_MAX`, a date is within 2000..2099. The same on
    SQLite, which would store anything, and PostgreSQL, which would refuse with a raw error."""
    from datetime import datetime

    table = getattr(obj, "__table__", None)
    if table is None or table.name in _INTERNAL:
        return None
    for column in table.columns:
        if (columns is not None and column.key not in columns) or (table.name, column.name) in _INTERNAL_COLUMNS:
            continue
        value = getattr(obj, column.key, None)
        field = f"{table.name}.{column.name}"
        if isinstance(value, str):
            length = getattr(column.type, "length", None)
            if length:
                if value:
                    reason = one_line(field, value, length)
                    if reason:
                        return reason
            else:
                most = LONG_TEXT.get((table.name, column.name), TEXT_MAX)
                if len(value) > most:
                    return _("{field} has {n} characters; at most {max} are allowed.").format(
                        field=field, n=len(value), max=most
                    )
                ch = control_character(value, multiline=True)
                if ch is not None:
                    return _("{field} contains a control character (U+{code:04X}); use plain text.").format(
                        field=field, code=ord(ch)
                    )
        elif isinstance(value, date):
            reason = day(field, value.date() if isinstance(value, datetime) else value)
            if reason:
                return reason
    return None


def check_before_flush(session: object, _context: object = None, _instances: object = None) -> None:
    """A session's ``before_flush`` hook: refuse (exit 2, nothing written) any new row outside the
    limits, and any change that puts a value outside them (a value stored before the limits
    existed does not block a change to another column of its row)."""
    from sqlalchemy import inspect

    for obj in session.new:  # type: ignore[attr-defined]  # a sqlalchemy Session
        require(stored_row_problem(obj))
    for obj in session.dirty:  # type: ignore[attr-defined]
        state = inspect(obj)
        changed = {key for key, attr in state.attrs.items() if attr.history.has_changes()}
        if changed:
            require(stored_row_problem(obj, changed))
