"""Typed, frozen views: what the services return and what output renders.

A view is a frozen dataclass whose fields say how they are shown (:func:`shown`): the label (an
English msgid, translated on output), the kind of value, and for a coded value (a state, a type,
a reason) the words of its own area. Output renders from these declarations, never from the
values: a login ``manager`` is a login, a client named ``open`` is a name; only a field declared
``code`` is translated, through the words its area gives.

JSON keys are the field names (stable, snake_case). A view reads like a mapping too
(``view["status"]``, ``{**view}``), so a command that only passes fields on needs no change.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from csops.i18n import N_

# How a field's value is shown in a table or a workbook:
#   text      as it is (names, free text)          code      a coded value, in the reader's words
#   person    a login (tables), a name (paper)     date, datetime, time, month
#   money     yuan with two decimals               bool      yes / no
#   int, days numbers                              list      items joined by ", "
#   detail    nested records: JSON only
KINDS = (
    "text",
    "code",
    "person",
    "date",
    "datetime",
    "time",
    "month",
    "money",
    "bool",
    "int",
    "days",
    "list",
    "detail",
)


@dataclass(frozen=True)
class Shown:
    """How one field of a view is shown."""

    label: str
    kind: str = "text"
    words: Mapping[str, str] | None = None  # code: value -> msgid of its words
    table: bool = True  # a column of the table (else JSON and `show` only)
    key: str | None = None  # the JSON key, where it cannot be the field's name ("from")


_MISSING: Any = dataclasses.MISSING


WEEKDAY_WORDS: dict[str, str] = {  # a date's weekday as the views hold it (strftime %a), in the reader's words
    "Mon": N_("Mon"),
    "Tue": N_("Tue"),
    "Wed": N_("Wed"),
    "Thu": N_("Thu"),
    "Fri": N_("Fri"),
    "Sat": N_("Sat"),
    "Sun": N_("Sun"),
}


def shown(
    label: str,
    kind: str = "text",
    *,
    words: Mapping[str, str] | None = None,
    table: bool = True,
    key: str | None = None,
    default: Any = _MISSING,
) -> Any:
    """Declare a view field: its label (an English msgid), its kind, the words of a coded value,
    and its JSON key if the field's name cannot be it."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if kind == "code" and words is None:
        raise ValueError("a coded field needs the words of its values")
    meta = {"shown": Shown(label, kind, words, table, key)}
    if isinstance(default, (list, dict, set)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)


class View(Mapping[str, Any]):
    """The base of every view: a read-only mapping of its fields by their JSON keys
    (``@dataclass(frozen=True)`` subclasses)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]

    def __getitem__(self, key: str) -> Any:
        attr = self._attrs().get(key)
        if attr is None:
            raise KeyError(key)
        return getattr(self, attr)

    def __iter__(self) -> Iterator[str]:
        return iter(self._attrs())

    def __len__(self) -> int:
        return len(self.__dataclass_fields__)

    @classmethod
    def _attrs(cls) -> dict[str, str]:
        """JSON key -> attribute name."""
        found = cls.__dict__.get("_attr_map")
        if found is None:
            found = {key: f.name for f, (key, _s) in zip(fields(cls), cls.spec(), strict=True)}
            cls._attr_map = found  # type: ignore[attr-defined]
        return found

    @classmethod
    def reader(cls, keys: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
        """A function giving a view's values under ``keys`` (JSON keys) as a tuple, in order: many
        rows read by attribute, not through the mapping (a 200,000-cell sheet: a second less)."""
        from operator import attrgetter

        attrs = cls._attrs()
        get = attrgetter(*(attrs[k] for k in keys))
        if len(keys) == 1:
            return lambda v: (get(v),)
        return get

    @classmethod
    def spec(cls) -> list[tuple[str, Shown]]:
        """Each field's JSON key and how it is shown, in order."""
        out = []
        for f in fields(cls):
            how = f.metadata.get("shown") or Shown(f.name)
            out.append((how.key or f.name, how))
        return out

    @classmethod
    def columns(cls) -> list[str]:
        """The fields a table shows."""
        return [name for name, s in cls.spec() if s.table]

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (views are frozen)."""
        return dataclasses.replace(self, **changes)


def spec_of(row: Any) -> dict[str, Shown]:
    """How the fields of ``row`` are shown: its view's declarations, or nothing for a plain dict."""
    if isinstance(row, View):
        return dict(row.spec())
    return {}
