"""Signed delivery receipts (RCPT-1..6): add, bulk import, return, re-sign, overdue, holds,
work orders, the 15th's hand-over and the 20th's filing. Bulk paths use plain rows, never
ORM objects: a 3PL keeps a million receipts on file."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from csops import limits
from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _, ngettext
from csops.limits import require
from csops.rules.receipt import HoldReason, ReceiptState
from csops.services.client import get_client, get_consignee, reminder_for
from csops.services.context import Ctx, audit, snapshot
from csops.views import View, shown

if TYPE_CHECKING:
    from sqlalchemy import Case, Connection

# The CSV layout of `receipt import` (a header line is required; Chinese headers work too).
IMPORT_COLUMNS = {
    "shipment_no": ("shipment_no", "shipment", "运单号", "单号"),
    "client": ("client", "客户"),
    "ship_date": ("ship_date", "发货日期"),
    "team": ("team", "班组", "运作班组"),
    "consignee_id": ("consignee_id", "consignee", "收货客户"),
    "copies": ("copies", "联数"),
}
REQUIRED = ("shipment_no", "client", "ship_date", "team")
CHUNK = 10_000
IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache while importing (the default 2 MB spills)
# an import of at least this many lines, and at least as many as are on file, builds the receipt
# table's secondary indexes once at the end instead of updating them line by line (SQLite)
REBUILD_FROM_LINES = 50_000


def get_receipt(ctx: Ctx, shipment_no: str) -> Any:
    from sqlmodel import select

    from csops.models import Receipt

    r = ctx.session.exec(select(Receipt).where(Receipt.shipment_no == shipment_no)).first()
    if r is None:
        raise NotFound(_("No receipt for shipment {no!r}.").format(no=shipment_no))
    return r


def state_of(r: Any) -> ReceiptState:
    """RCPT-2/4/5: the receipt's state, from its columns (rules.receipt.receipt_state)."""
    from csops.rules.receipt import receipt_state

    return receipt_state(
        returned_on=r.returned_on,
        qualified=r.qualified,
        resigned_on=r.resigned_on,
        confirmed_on=r.confirmed_on,
        handed_over_on=r.handed_over_on,
        archived_on=r.archived_on,
    )


# The receipt area's words for its coded values (shown in the reader's language; JSON keeps the codes)
STATE_WORDS: dict[str, str] = {
    ReceiptState.EXPECTED: N_("expected"),
    ReceiptState.RETURNED: N_("returned"),
    ReceiptState.UNQUALIFIED: N_("unqualified"),
    ReceiptState.RESIGNED: N_("resigned"),
    ReceiptState.CONFIRMED: N_("confirmed"),
    ReceiptState.HANDED_BACK: N_("handed-back"),
    ReceiptState.FILED: N_("filed"),
}


@dataclass(frozen=True)
class ReceiptView(View):
    """RCPT-2..6: a shipment's receipt, its state and its dates."""

    shipment_no: str = shown(N_("Shipment"))
    client: str = shown(N_("Client"))
    consignee_id: int | None = shown(N_("Consignee ID"), "int")
    team: str = shown(N_("Team"))
    ship_date: date = shown(N_("Ship date"), "date")
    due_date: date = shown(N_("Due date"), "date")
    state: ReceiptState = shown(N_("State"), "code", words=STATE_WORDS)
    returned_on: date | None = shown(N_("Returned on"), "date")
    on_time: bool | None = shown(N_("On time"), "bool")
    overdue: bool = shown(N_("Overdue"), "bool")
    qualified: bool | None = shown(N_("Qualified"), "bool")
    unqualified_reason: str | None = shown(N_("Why unqualified"))
    resigned_on: date | None = shown(N_("Re-signed on"), "date")
    confirmed_on: date | None = shown(N_("Confirmed on"), "date")
    copies: int = shown(N_("Copies"), "int")
    copy_kept: bool = shown(N_("Copy kept"), "bool")
    reminder: bool = shown(N_("Reminder"), "bool")
    handed_over_on: date | None = shown(N_("Handed over on"), "date")
    archived_on: date | None = shown(N_("Filed on"), "date")


@dataclass(frozen=True)
class ReceiptChangeView(ReceiptView):
    """RCPT-2..6: a receipt just put on file, confirmed or re-signed, with what to do next."""

    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


@dataclass(frozen=True)
class ReturnView(ReceiptView):
    """RCPT-3/5: a receipt back (on time or late), or found unqualified, with its exception notice."""

    exception_notice: int | None = shown(N_("Exception notice"), "int", default=None)
    notes: tuple[str, ...] = shown(N_("Notes"), "list", table=False, default=())


def receipt_row(ctx: Ctx, r: Any, client_name: str | None = None) -> ReceiptView:
    return ReceiptView(**_receipt_fields(ctx, r, client_name))


def _receipt_fields(ctx: Ctx, r: Any, client_name: str | None = None) -> dict[str, Any]:
    from csops.models import Client
    from csops.rules.receipt import is_overdue

    return {
        "shipment_no": r.shipment_no,
        "client": client_name or ctx.session.get_one(Client, r.client_id).name,
        "consignee_id": r.consignee_id,
        "team": r.team,
        "ship_date": r.ship_date,
        "due_date": r.due_date,
        "state": state_of(r),
        "returned_on": r.returned_on,
        "on_time": None if r.returned_on is None else r.returned_on <= r.due_date,
        "overdue": is_overdue(r.due_date, r.returned_on, ctx.today),
        "qualified": r.qualified,
        "unqualified_reason": r.unqualified_reason,
        "resigned_on": r.resigned_on,
        "confirmed_on": r.confirmed_on,
        "copies": r.copies,
        "copy_kept": r.copy_kept,
        "reminder": r.reminder,
        "handed_over_on": r.handed_over_on,
        "archived_on": r.archived_on,
    }


def show_receipt(ctx: Ctx, shipment_no: str) -> ReceiptView:
    return receipt_row(ctx, get_receipt(ctx, shipment_no))


def due_date_for(ctx: Ctx, ship_date: date) -> date:
    """RCPT-3 under the policy in force on the ship date (a later change does not move it)."""
    from csops.rules.receipt import receipt_due_date

    return receipt_due_date(ship_date, return_within_days=ctx.policy_on(ship_date)["receipt.return_within_days"])


def receipt_problem(shipment_no: str, team: str, ship_date: date, copies: int, today: date) -> str | None:
    """Why a receipt's fields cannot go on file (None: they can): the one check of `receipt add`
    and of every line of `receipt import` (csops.limits)."""
    if (
        limits.is_code(shipment_no)
        and limits.is_code(team)
        and limits.FIRST_DAY <= ship_date <= today
        and ship_date <= limits.LAST_DAY
        and limits.COPIES[0] <= copies <= limits.COPIES[1]
    ):
        return None  # the common case, without naming the fields (a million lines of an import)
    return (
        limits.code(_("The shipment number"), shipment_no)
        or limits.code(_("The team"), team)
        or limits.day(_("The ship date"), ship_date)
        or (
            _("The ship date {date} is in the future.").format(date=ship_date.isoformat())
            if ship_date > today
            else None
        )
        or limits.whole_number(_("Copies"), copies, *limits.COPIES)
    )


def add_receipt(
    ctx: Ctx, *, client: str, shipment_no: str, ship_date: date, team: str, consignee_id: int | None, copies: int
) -> ReceiptChangeView:
    """RCPT-3 due date; CLIENT-6 reminder on the first shipment after a consignee's change; RCPT-6 copies."""
    from sqlmodel import select

    from csops.models import Receipt
    from csops.rules.receipt import copy_to_keep

    ctx.require("receipt")
    c = get_client(ctx, client)
    shipment_no, team = (shipment_no or "").strip(), (team or "").strip()
    require(receipt_problem(shipment_no, team, ship_date, copies, ctx.today))
    if ctx.session.exec(select(Receipt.id).where(Receipt.shipment_no == shipment_no)).first():
        raise Refused(_("Shipment {no} has a receipt on file already.").format(no=shipment_no))
    notes = []
    remind = False
    if consignee_id is not None:
        con = get_consignee(ctx, consignee_id)
        if con.client_id != c.id:
            raise BadInput(_("Consignee #{id} is not a consignee of {client}.").format(id=consignee_id, client=c.name))
        remind = not reminder_for(ctx, con).ok
        if remind:
            notes.append(
                _(
                    "Remind operations: consignee #{id}'s details changed on {date}: {name}, {address}, {phone} (CLIENT-6)."
                ).format(
                    id=con.id,
                    date=ctx.local(con.changed_at).date().isoformat(),
                    name=con.name,
                    address=con.address,
                    phone=con.phone,
                )
            )
    r = Receipt(
        shipment_no=shipment_no,
        client_id=c.id,
        consignee_id=consignee_id,
        team=team.strip(),
        ship_date=ship_date,
        due_date=due_date_for(ctx, ship_date),
        copies=copies,
        reminder=remind,
        created_at=ctx.now,
    )
    ctx.session.add(r)
    ctx.session.flush()
    audit(ctx, "receipt.add", "receipt", r.shipment_no, after=r)
    if copy_to_keep(copies):
        notes.append(_("{n} copies: keep one on file when it comes back (RCPT-6).").format(n=copies))
    return ReceiptChangeView(**_receipt_fields(ctx, r, c.name), notes=tuple(notes))


# -- bulk import -----------------------------------------------------------------------


def _header(fields: list[str]) -> dict[str, int]:
    where: dict[str, int] = {}
    alias = {a.lower(): k for k, names in IMPORT_COLUMNS.items() for a in names}
    for i, f in enumerate(fields):
        key = alias.get((f or "").strip().lower())
        if key is None:
            raise BadInput(
                _("Unknown column {name!r} in the header; columns are: {cols}.").format(
                    name=f, cols=", ".join(IMPORT_COLUMNS)
                )
            )
        if key in where:
            raise BadInput(_("Column {name!r} appears twice in the header.").format(name=key))
        where[key] = i
    missing = [k for k in REQUIRED if k not in where]
    if missing:
        raise BadInput(_("The header lacks the required columns: {cols}.").format(cols=", ".join(missing)))
    return where


def _sqlite_ts(dt: datetime) -> str:
    u = dt.astimezone(UTC)
    return f"{u.year:04d}-{u.month:02d}-{u.day:02d} {u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}"


@dataclass(frozen=True)
class ImportView(View):
    """RCPT-3: what a bulk import put on file, and the lines it skipped."""

    file: str = shown(N_("File"))
    imported: int = shown(N_("Imported"), "int")
    skipped: int = shown(N_("Skipped"), "int")
    reminders: int = shown(N_("Reminders"), "int")
    errors: list[str] = shown(N_("Errors"), "list")


def _encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or GB18030 (GBK's superset), read through once in blocks:
    the file is never held whole."""
    import codecs

    decoder: codecs.IncrementalDecoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("gb18030")()
    try:
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        return "gb18030"
    except UnicodeDecodeError:
        raise BadInput(_("The file is neither UTF-8 nor GBK/GB18030 text.")) from None


_UNREAD = object()


class _Lines:
    """The checked lines of an import, chunk by chunk, with the lines refused and why."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.bad = 0

    def refuse(self, line: int, reason: str) -> None:
        self.bad += 1
        if len(self.errors) < 200:
            self.errors.append(_("line {n}: {reason}").format(n=line, reason=reason))


def import_receipts(
    ctx: Ctx, path: Path, *, skip_bad: bool = False, progress: Callable[[int, int], None] | None = None
) -> ImportView:
    """RCPT-3 for many receipts at once: all or nothing unless ``skip_bad``; every bad line named.

    The file streams: it is parsed and checked in chunks of CHUNK lines, each checked chunk is
    inserted inside the one transaction (a bad line anywhere and it all rolls back; with
    ``skip_bad`` the bad lines are left out), repeated values are shared, and SQLite gets a
    bounded, larger page cache for the indexes: memory does not grow with the file."""
    import sys

    from sqlalchemy import insert, select, text

    from csops.models import Client, Consignee, Receipt
    from csops.rules.client import needs_reminder

    ctx.require("receipt")
    path = Path(path)
    try:
        size = path.stat().st_size
        encoding = _encoding(path)
        fh = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BadInput(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    sqlite = ctx.engine.dialect.name == "sqlite"
    conn = ctx.session.connection()
    if sqlite:
        conn.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise BadInput(_("The file is empty.")) from None
        except csv.Error as exc:
            raise BadInput(_("Line {n}: {reason}").format(n=1, reason=exc)) from None
        col = _header(header)
        clients = {name: cid for cid, name in conn.execute(select(Client.id, Client.name))}
        consignee_client: dict[int | None, int] = dict(conn.execute(select(Consignee.id, Consignee.client_id)).all())
        remind_first: dict[int, bool] = {}  # CLIENT-6: the first shipment to a changed consignee carries it
        # ... decided per consignee on what is on file; once a bulk load has dropped the indexes, on
        # the changed consignees' last shipments read just before (this import's rows never decide it)
        basis: tuple[dict[int, Any], dict[int, Any]] | None = None
        today = ctx.today
        dates: dict[str, Any] = {}
        due_cache: dict[date, date] = {}
        iso: dict[date, str] = {}  # each date's text, once (a file has few distinct dates)
        copies_read: dict[str, tuple[int | None, str | None]] = {}  # each copies text's reading, once
        g = col.get
        i_no, i_client, i_date, i_team = col["shipment_no"], col["client"], col["ship_date"], col["team"]
        i_con, i_copies = g("consignee_id"), g("copies")
        width = len(header)
        found = _Lines()
        created = ctx.now
        ts = _sqlite_ts(created)
        sql = (
            "INSERT INTO receipt (shipment_no, client_id, consignee_id, team, ship_date, due_date, copies, "
            "copy_kept, reminder, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
        )
        dbapi: Any = conn.connection.driver_connection if sqlite else None  # the DB-API connection (sqlite3)
        intern = sys.intern
        total = reminders = 0
        first = last = None
        line = 1
        done = False
        rebuild: list[Any] | None = None  # the indexes built at the end (decided at the first chunk)
        while not done:
            chunk: list[tuple[str, Any, Any, str, Any, date, int]] = []
            lines: list[int] = []
            in_chunk: set[str] = set()
            try:
                for rec in reader:
                    line += 1
                    if not rec or (len(rec) == 1 and not rec[0].strip()):
                        continue
                    if len(rec) != width:
                        found.refuse(line, _("expected {w} fields, found {k}").format(w=width, k=len(rec)))
                        continue
                    no = rec[i_no].strip()
                    team = intern(rec[i_team].strip())
                    cid = clients.get(rec[i_client].strip())
                    raw_date = rec[i_date].strip()
                    ship = dates.get(raw_date, _UNREAD)
                    if ship is _UNREAD:
                        try:
                            ship = date.fromisoformat(raw_date)
                        except ValueError:
                            ship = None
                        if len(dates) < 10_000:  # a file has few distinct dates: share them
                            dates[raw_date] = ship
                    con = None
                    copies = 1
                    bad = None
                    if cid is None:
                        bad = _("unknown client {name!r}").format(name=rec[i_client][:50])
                    elif ship is None:
                        bad = _("bad ship date {value!r} (use YYYY-MM-DD)").format(value=raw_date[:30])
                    if bad is None and i_copies is not None and rec[i_copies].strip():
                        raw_copies = rec[i_copies]
                        reading = copies_read.get(raw_copies)
                        if reading is None:
                            reading = limits.parse_whole_number(_("Copies"), raw_copies, *limits.COPIES)
                            if len(copies_read) < 1_000:
                                copies_read[raw_copies] = reading
                        parsed, bad = reading
                        copies = copies if parsed is None else parsed  # None only with a reason in ``bad``
                    if bad is None:
                        bad = receipt_problem(no, team, ship, copies, today)
                    if bad is None and i_con is not None and rec[i_con].strip():
                        con, bad = limits.parse_whole_number(_("The consignee"), rec[i_con], 1, 2**62)
                        if bad is None and consignee_client.get(con) != cid:
                            bad = _("consignee {value!r} is not a consignee of that client").format(
                                value=rec[i_con].strip()[:30]
                            )
                    if bad is None and no in in_chunk:
                        bad = _("shipment {no} appears twice in the file").format(no=no)
                    if bad is not None:
                        found.refuse(line, bad)
                        continue
                    in_chunk.add(no)
                    due = due_cache.get(ship)
                    if due is None:
                        due = due_cache[ship] = due_date_for(ctx, ship)
                    chunk.append((no, cid, con, team, ship, due, copies))
                    lines.append(line)
                    if len(chunk) >= CHUNK:
                        break
                else:
                    done = True
            except csv.Error as exc:
                found.refuse(line + 1, str(exc))
                done = True
            if not chunk:
                continue
            # shipments already on file, earlier chunks of this file included (the same transaction)
            existing = _existing(conn, [r[0] for r in chunk])
            if existing:
                keep = []
                for r, ln in zip(chunk, lines, strict=True):
                    if r[0] in existing:
                        found.refuse(ln, _("shipment {no} has a receipt on file already").format(no=r[0]))
                    else:
                        keep.append(r)
                chunk = keep
            if not chunk or (found.bad and not skip_bad):
                continue  # nothing of it to keep (or nothing will be kept: read on to name every bad line)
            batch: list[Any] = []  # positional tuples for sqlite3, mappings for SQLAlchemy
            for no, cid, con, team, ship, due, copies in chunk:
                rem = False
                if con is not None:
                    if con not in remind_first and basis is None:
                        c = ctx.session.get_one(Consignee, con)  # checked above: it exists
                        remind_first[con] = c.changed_at is not None and not reminder_for(ctx, c).ok
                    elif con not in remind_first and basis is not None:
                        at = basis[0].get(con)
                        remind_first[con] = at is not None and not needs_reminder(at, basis[1].get(con)).ok
                    rem = remind_first[con]
                    remind_first[con] = False
                reminders += rem
                if sqlite:
                    ship_text = iso.get(ship) or iso.setdefault(ship, ship.isoformat())
                    due_text = iso.get(due) or iso.setdefault(due, due.isoformat())
                    batch.append((no, cid, con, team, ship_text, due_text, copies, int(rem), ts))
                else:
                    batch.append(
                        {
                            "shipment_no": no,
                            "client_id": cid,
                            "consignee_id": con,
                            "team": team,
                            "ship_date": ship,
                            "due_date": due,
                            "copies": copies,
                            "copy_kept": False,
                            "reminder": rem,
                            "created_at": created,
                        }
                    )
            if sqlite:
                if rebuild is None:
                    rebuild = []
                    if _bulk_load(conn, estimated_lines=line * size / max(_position(fh, size), 1)):
                        basis = _reminder_basis(conn)  # while ix_receipt_consignee_id is there
                        rebuild = _drop_secondary_indexes(conn)
                dbapi.executemany(sql, batch)
            else:
                conn.execute(insert(Receipt.__table__), batch)
            total += len(batch)
            first = first or chunk[0][0]
            last = chunk[-1][0]
            if progress:
                progress(_position(fh, size), size)
    finally:
        fh.close()
        if sqlite:
            conn.exec_driver_sql("PRAGMA cache_size = -2000")
    if found.bad and not skip_bad:
        raise BadInput(
            ngettext("{n} bad line; nothing was imported:", "{n} bad lines; nothing was imported:", found.bad).format(
                n=found.bad
            )
            + "\n  "
            + "\n  ".join(found.errors)
            + ("\n  " + _("... and {n} more").format(n=found.bad - 200) if found.bad > 200 else "")
        )
    # built again in the import's transaction (a failed import keeps them as they were), after the
    # page cache is back to its default: SQLite's sorter then spills to temporary files instead of
    # holding ~60 MB more (with the 64 MB cache: 200 MB peak and slower, measured)
    for index in rebuild or ():
        index.create(conn)
    if total:  # the planner's statistics after a bulk load (approximate on SQLite: quick)
        if sqlite:
            conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
            conn.exec_driver_sql("ANALYZE receipt")
        else:
            conn.execute(text("ANALYZE receipt"))
    audit(
        ctx,
        "receipt.import",
        "receipt",
        None,
        after={"file": path.name, "imported": total, "skipped": found.bad, "first": first, "last": last},
    )
    return ImportView(file=str(path), imported=total, skipped=found.bad, reminders=reminders, errors=found.errors)


def _position(fh: Any, size: int) -> int:
    """How far into the file the reader is, in bytes (buffered: approximate)."""
    return min(cast(IO[bytes], fh.buffer).tell() if hasattr(fh, "buffer") else size, size)


def _bulk_load(conn: Connection, *, estimated_lines: float) -> bool:
    """SQLite, whether an import is a bulk load: at least REBUILD_FROM_LINES lines and as many as
    the table holds. Its secondary indexes are then dropped and built again at the end (what bulk
    loaders do: one sort per index instead of a B-tree update per line and index; a million lines
    into an empty table in 0.6 of the time); for fewer lines than are on file, rebuilding indexes
    over all of them would cost more."""
    from sqlalchemy import func, select

    from csops.models import Receipt

    on_file: int = conn.execute(select(func.coalesce(func.max(Receipt.id), 0))).scalar_one()
    return estimated_lines >= max(REBUILD_FROM_LINES, on_file)


def _drop_secondary_indexes(conn: Connection) -> list[Any]:
    """Drop the receipt table's non-unique indexes (the unique shipment index stays: the duplicate
    check reads it), inside the import's transaction: a failed or killed import leaves every index
    as it was. Returns them, to be built again."""
    from csops.models import Receipt

    dropped = [ix for ix in Receipt.__table__.indexes if not ix.unique]
    for index in dropped:
        index.drop(conn, checkfirst=True)
    return dropped


def _reminder_basis(conn: Connection) -> tuple[dict[int, Any], dict[int, Any]]:
    """CLIENT-6 for a bulk load: when each consignee's details last changed, and its last shipment
    on file (for the changed ones), read once before the indexes go."""
    from sqlalchemy import func, select

    from csops.models import Consignee, Receipt

    changed: dict[int, Any] = dict(
        conn.execute(select(Consignee.id, Consignee.changed_at).where(Consignee.changed_at.is_not(None))).all()
    )
    last: dict[int, Any] = dict(
        conn.execute(
            select(Receipt.consignee_id, func.max(Receipt.created_at))
            .join(Consignee, Consignee.id == Receipt.consignee_id)
            .where(Consignee.changed_at.is_not(None))
            .group_by(Receipt.consignee_id)
        ).all()
    )
    return changed, last


def _existing(conn: Connection, numbers: list[str]) -> set[str]:
    """The shipment numbers of ``numbers`` on file, 500 at a time (on SQLite through the DB-API
    connection of the same transaction: SQLAlchemy would coerce each number of each IN list)."""
    from sqlalchemy import select

    from csops.models import Receipt

    found: set[str] = set()
    dbapi = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    for i in range(0, len(numbers), 500):
        chunk = numbers[i : i + 500]
        if dbapi is not None:
            marks = ",".join("?" * len(chunk))
            rows = dbapi.execute(f"SELECT shipment_no FROM receipt WHERE shipment_no IN ({marks})", chunk)
        else:
            rows = conn.execute(select(Receipt.shipment_no).where(Receipt.shipment_no.in_(chunk)))
        found.update(n for (n,) in rows)
    return found


# -- return, check, re-sign (RCPT-3/5, RCPT-2's 未确认) ----------------------------------


def _step(r: Any, action: str) -> None:
    from csops.rules.receipt import transition

    v = transition(state_of(r), action)
    if not v.ok:
        raise Refused(
            _("The receipt of {no} is {state}: it cannot be {action} now.").format(
                no=r.shipment_no, state=_(STATE_WORDS[v.detail["state"]]), action=_(ACTION_WORDS[action])
            ),
            clause=v.clause,
        )


ACTION_WORDS = {
    "return": N_("returned"),
    "unqualify": N_("found unqualified"),
    "confirm": N_("confirmed"),
    "resign": N_("re-signed"),
    "handover": N_("handed back"),
    "archive": N_("filed"),
}


def _unqualify(ctx: Ctx, r: Any, reason: str) -> int:
    """RCPT-5: an unqualified receipt goes back for re-signing; an exception notice is filed."""
    from csops.models import ExceptionNotice

    r.qualified, r.unqualified_reason, r.resigned_on = False, reason, None
    n = ExceptionNotice(receipt_id=r.id, team=r.team, reason=reason, filed_by_id=ctx.me.id, filed_at=ctx.now)
    ctx.session.add(n)
    ctx.session.flush()
    audit(ctx, "exception.file", "exception_notice", n.id, after=n)
    notice_id: int = n.id
    return notice_id


def return_receipt(
    ctx: Ctx,
    shipment_no: str,
    *,
    on: date | None,
    unqualified: bool,
    reason: str | None,
    copy_kept: bool,
    confirm: bool = False,
) -> ReturnView:
    """RCPT-3 on time or late. Back, the receipt waits to be checked (RCPT-2: 未确认) unless
    ``confirm`` (checked on the spot, 核对无误); ``unqualified`` (now, or found when checking a
    receipt back but unchecked) files an exception notice and it goes back for re-signing
    (RCPT-5); RCPT-6 a copy kept on file."""
    from csops.rules.receipt import return_verdict

    ctx.require("receipt")
    r = get_receipt(ctx, shipment_no)
    reason = (reason or "").strip()
    if unqualified and not reason:
        raise BadInput(_("An unqualified receipt needs --reason (it goes into the exception notice)."))
    if unqualified and confirm:
        raise BadInput(_("A receipt is either confirmed or unqualified, not both."))
    if r.returned_on is not None and unqualified:
        # checking a receipt that came back unchecked finds it unqualified
        _step(r, "unqualify")
        before = snapshot(r)
        notice = _unqualify(ctx, r, reason)
        ctx.session.add(r)
        audit(ctx, "receipt.unqualify", "receipt", r.shipment_no, before=before, after=r)
        return ReturnView(
            **_receipt_fields(ctx, r), exception_notice=notice, notes=(_unqualified_note(notice, r.team),)
        )
    if r.returned_on is not None:
        raise Refused(
            _("The receipt of {no} came back on {date} already.").format(
                no=r.shipment_no, date=r.returned_on.isoformat()
            )
        )
    on = on or ctx.today
    if on < r.ship_date:
        raise BadInput(
            _("A receipt cannot come back ({date}) before the shipment left ({ship}).").format(
                date=on.isoformat(), ship=r.ship_date.isoformat()
            )
        )
    if on > ctx.today:
        raise BadInput(_("The return date {date} is in the future.").format(date=on.isoformat()))
    if copy_kept and r.copies < 2:
        raise BadInput(_("This receipt has a single copy: there is none to keep (RCPT-6)."))
    before = snapshot(r)
    v = return_verdict(r.due_date, on)
    r.returned_on, r.copy_kept = on, copy_kept
    notes = [
        _("On time (RCPT-3).")
        if v.ok
        else ngettext("Late by {n} day (RCPT-3).", "Late by {n} days (RCPT-3).", v.detail["days_late"]).format(
            n=v.detail["days_late"]
        )
    ]
    notice_id = None
    if unqualified:
        notice_id = _unqualify(ctx, r, reason)
        notes.append(_unqualified_note(notice_id, r.team))
    elif confirm:
        r.qualified, r.confirmed_on, r.confirmed_by_id = True, on, ctx.me.id
        notes.append(_("Checked and confirmed (RCPT-2): it no longer holds team {team}.").format(team=r.team))
    else:
        notes.append(
            _(
                "Back but not yet checked: team {team} gets no new work order until it is confirmed "
                "(RCPT-2): `csops receipt confirm {no}`."
            ).format(team=r.team, no=r.shipment_no)
        )
    if r.copies > 1 and not copy_kept:
        notes.append(_("{n} copies: keep one on file (RCPT-6: `--copy-kept`).").format(n=r.copies))
    ctx.session.add(r)
    ctx.session.flush()
    audit(ctx, "receipt.return", "receipt", r.shipment_no, before=before, after=r)
    fields = _receipt_fields(ctx, r)
    fields["on_time"] = v.ok
    return ReturnView(**fields, exception_notice=notice_id, notes=tuple(notes))


def _unqualified_note(notice_id: int, team: str) -> str:
    return _(
        "Exception notice #{id} filed; team {team} gets no work orders until it is re-signed and confirmed (RCPT-5)."
    ).format(id=notice_id, team=team)


def confirm_receipt(ctx: Ctx, shipment_no: str, on: date | None) -> ReceiptChangeView:
    """RCPT-2/4: customer service checked the receipt and found it correct (核对无误): it no longer
    holds its team, and it goes back to the client at the next hand-over."""
    ctx.require("receipt")
    r = get_receipt(ctx, shipment_no)
    _step(r, "confirm")
    on = on or ctx.today
    start = r.resigned_on or r.returned_on
    if on > ctx.today or on < start:
        raise BadInput(
            _("The check date {date} must be between {start} and today.").format(
                date=on.isoformat(), start=start.isoformat()
            )
        )
    before = snapshot(r)
    if r.qualified is None:
        r.qualified = True
    r.confirmed_on, r.confirmed_by_id = on, ctx.me.id
    ctx.session.add(r)
    audit(ctx, "receipt.confirm", "receipt", r.shipment_no, before=before, after=r)
    fields = _receipt_fields(ctx, r)
    note = _(
        "Confirmed: it no longer holds team {team} (RCPT-2) and goes back to {client} at the next hand-over (RCPT-4)."
    ).format(team=r.team, client=fields["client"])
    return ReceiptChangeView(**fields, notes=(note,))


def resign_receipt(ctx: Ctx, shipment_no: str, on: date | None) -> ReceiptChangeView:
    """RCPT-5: the unqualified receipt was re-signed: the exception notice closes; the receipt
    still has to be checked and confirmed before the team's hold for it lifts (RCPT-2)."""
    from sqlmodel import select

    from csops.models import ExceptionNotice

    ctx.require("receipt")
    r = get_receipt(ctx, shipment_no)
    _step(r, "resign")
    on = on or ctx.today
    if on > ctx.today or on < r.returned_on:
        raise BadInput(
            _("The re-signing date {date} must be between the return and today.").format(date=on.isoformat())
        )
    before = snapshot(r)
    r.resigned_on = on
    ctx.session.add(r)
    for n in ctx.session.exec(
        select(ExceptionNotice).where(ExceptionNotice.receipt_id == r.id, ExceptionNotice.status == "open")
    ):
        nb = snapshot(n)
        n.status, n.closed_at, n.closed_by_id = "closed", ctx.now, ctx.me.id
        ctx.session.add(n)
        audit(ctx, "exception.close", "exception_notice", n.id, before=nb, after=n)
    audit(ctx, "receipt.resign", "receipt", r.shipment_no, before=before, after=r)
    note = _(
        "Re-signed; check it and confirm it to lift team {team}'s hold: `csops receipt confirm {no}` (RCPT-2/5)."
    ).format(team=r.team, no=r.shipment_no)
    return ReceiptChangeView(**_receipt_fields(ctx, r), notes=(note,))


# -- overdue and holds ---------------------------------------------------------------------------

OVERDUE_COLUMNS = ["shipment_no", "client", "team", "consignee_id", "ship_date", "due_date", "days_overdue"]


def overdue_rows(ctx: Ctx, as_of: date, client: str | None, team: str | None) -> Iterator[tuple[Any, ...]]:
    """RCPT-3: receipts not back by their due date, oldest first, streamed as plain tuples in the
    order of OVERDUE_COLUMNS (memory stays flat; a million rows stream in seconds)."""
    for chunk in overdue_chunks(ctx, as_of, client, team):
        yield from chunk


def overdue_chunks(ctx: Ctx, as_of: date, client: str | None, team: str | None) -> Iterator[list[tuple[Any, ...]]]:
    """RCPT-3: the overdue receipts in lists of up to 5,000 rows (for writers that take a list at once)."""
    from sqlalchemy import Integer, String, cast, func, literal, select, type_coerce

    from csops.models import Client, Receipt

    # a reading list: anyone registered (CLI.md "Who may do what")
    if ctx.engine.dialect.name == "sqlite":
        days = cast(func.julianday(as_of.isoformat()) - func.julianday(Receipt.due_date), Integer)
    else:
        days = literal(as_of) - Receipt.due_date
    # dates come back as the stored ISO text: no per-row parsing
    q = (
        select(
            Receipt.shipment_no,
            Client.name,
            Receipt.team,
            Receipt.consignee_id,
            type_coerce(Receipt.ship_date, String),
            type_coerce(Receipt.due_date, String),
            days,
        )
        .join(Client, Client.id == Receipt.client_id)
        .where(Receipt.returned_on.is_(None), Receipt.due_date < as_of)
        .order_by(Receipt.due_date, Receipt.shipment_no)
    )
    if client:
        q = q.where(Receipt.client_id == get_client(ctx, client).id)
    if team:
        q = q.where(Receipt.team == team)
    conn = ctx.session.connection()
    if ctx.engine.dialect.name == "sqlite":
        # straight from the sqlite3 cursor, in this transaction: no result-row objects at all
        compiled = q.compile(dialect=ctx.engine.dialect)
        raw = conn.connection.driver_connection
        assert raw is not None  # an open connection
        cursor = raw.execute(
            str(compiled),
            [
                compiled.params[k] if not isinstance(compiled.params[k], date) else compiled.params[k].isoformat()
                for k in compiled.positiontup or ()  # always a list with sqlite3's "?" parameters
            ],
        )
        while True:
            chunk = cursor.fetchmany(5000)
            if not chunk:
                break
            yield chunk
        return
    result = conn.execution_options(stream_results=True, yield_per=5000).execute(q)
    for part in result.partitions(5000):
        yield [tuple(r) for r in part]


def _csv_field_sql(expr: str) -> str:
    """SQLite: a text column as one CSV field, quoted as the csv module quotes (only when needed)."""
    return (
        f"CASE WHEN instr({expr}, ',') OR instr({expr}, '\"') OR instr({expr}, char(10)) OR instr({expr}, char(13)) "
        f"THEN '\"' || replace({expr}, '\"', '\"\"') || '\"' ELSE {expr} END"
    )


def overdue_csv_chunks(ctx: Ctx, as_of: date, client: str | None, team: str | None) -> Iterator[list[str]]:
    """RCPT-3: the overdue listing as ready CSV lines, built by SQLite itself (a million rows print
    in about the time it takes to read them). SQLite only; the same columns and quoting as
    ``csv.writer`` on ``overdue_rows``."""
    # shipment numbers and teams are codes (csops.limits.code): only the few client names may need quoting,
    # and they are quoted once per client, not once per row
    sql = (
        "SELECT "
        + " || ',' || ".join(
            [
                "r.shipment_no",
                "c.qname",
                "r.team",
                "coalesce(r.consignee_id, '')",
                "r.ship_date",
                "r.due_date",
                "CAST(julianday(:as_of) - julianday(r.due_date) AS INTEGER)",
            ]
        )
        + f" FROM receipt r JOIN (SELECT id, {_csv_field_sql('name')} AS qname FROM client) c ON c.id = r.client_id"
        " WHERE r.returned_on IS NULL AND r.due_date < :as_of"
    )
    params = {"as_of": as_of.isoformat()}
    if client:
        sql += " AND r.client_id = :client"
        params["client"] = get_client(ctx, client).id
    if team:
        sql += " AND r.team = :team"
        params["team"] = team
    sql += " ORDER BY r.due_date, r.shipment_no"
    raw = ctx.session.connection().connection.driver_connection
    assert raw is not None  # an open connection
    cursor = raw.execute(sql, params)
    while True:
        chunk = cursor.fetchmany(5000)
        if not chunk:
            break
        yield [line for (line,) in chunk]


def overdue_count(ctx: Ctx, as_of: date, client: str | None, team: str | None) -> int:
    """RCPT-3: how many receipts are overdue (one indexed count, no join)."""
    from sqlalchemy import func, select

    from csops.models import Receipt

    q = (
        select(func.count())
        .select_from(Receipt.__table__)
        .where(Receipt.returned_on.is_(None), Receipt.due_date < as_of)
    )
    if client:
        q = q.where(Receipt.client_id == get_client(ctx, client).id)
    if team:
        q = q.where(Receipt.team == team)
    count: int = ctx.session.connection().execute(q).scalar_one()
    return count


# RCPT-2: the reasons in words (未有回单, 未确认, 不合格未重签)
HOLD_WORDS: dict[str, str] = {
    HoldReason.NO_RECEIPT: N_("no receipt back"),
    HoldReason.UNCONFIRMED: N_("back, not confirmed"),
    HoldReason.UNQUALIFIED: N_("unqualified, not re-signed"),
}


def hold_word(reason: str) -> str:
    return _(HOLD_WORDS[reason])


@dataclass(frozen=True)
class HoldReceiptView(View):
    """RCPT-2/5: one receipt that holds its team, and why."""

    shipment_no: str = shown(N_("Shipment"))
    reason: HoldReason = shown(N_("Reason"), "code", words=HOLD_WORDS)
    ship_date: date = shown(N_("Ship date"), "date")


@dataclass(frozen=True)
class HeldTeamView(View):
    """RCPT-2/5: a team that gets no new work order, and how many receipts hold it for each reason."""

    team: str = shown(N_("Team"))
    no_receipt: int = shown(N_("No receipt back"), "int")
    unconfirmed: int = shown(N_("Not confirmed"), "int")
    unqualified: int = shown(N_("Unqualified"), "int")
    oldest_ship_date: date = shown(N_("Oldest ship date"), "date")


@dataclass(frozen=True)
class HoldView(HeldTeamView):
    """RCPT-2/5: a held team with the first receipts that hold it."""

    receipts: list[HoldReceiptView] = shown(N_("Receipts"), "detail", table=False)

    def line(self) -> HoldLine:
        """The team as a table (and CSV) shows it: each receipt that holds it as "NO (reason)", in one cell."""
        return HoldLine(
            team=self.team,
            no_receipt=self.no_receipt,
            unconfirmed=self.unconfirmed,
            unqualified=self.unqualified,
            oldest_ship_date=self.oldest_ship_date,
            receipts=[f"{x.shipment_no} ({hold_word(x.reason)})" for x in self.receipts],
        )


@dataclass(frozen=True)
class HoldLine(HeldTeamView):
    """RCPT-2/5: a held team as a table line (``HoldView.line``)."""

    receipts: list[str] = shown(N_("Receipts"), "list")


def _hold_reason_sql() -> Case[str]:
    """RCPT-2/5 in SQL: the reason of rules.receipt.HOLD_REASONS for a receipt not yet confirmed."""
    from sqlalchemy import case

    from csops.models import Receipt

    return case(
        (Receipt.returned_on.is_(None), HoldReason.NO_RECEIPT.value),
        ((Receipt.qualified.is_(False)) & Receipt.resigned_on.is_(None), HoldReason.UNQUALIFIED.value),
        else_=HoldReason.UNCONFIRMED.value,
    )


def holds(
    ctx: Ctx, team: str | None = None, as_of: date | None = None, *, limit: int = 10, for_shipment: str | None = None
) -> list[HoldView]:
    """RCPT-2/5: the teams that get no new work order on ``as_of``, each with the receipts that
    hold it and why: no receipt back (未有回单), back but not confirmed (未确认), unqualified and
    not re-signed. SQL twin of rules.receipt.hold_reasons (same cut-off, same reasons)."""
    from sqlalchemy import func, select

    from csops.models import Receipt
    from csops.rules.receipt import hold_cutoff

    as_of = as_of or ctx.today
    cutoff = hold_cutoff(as_of, exchange_grace_days=ctx.policy_on(as_of)["receipt.exchange_grace_days"])
    reason = _hold_reason_sql()
    cond = [Receipt.confirmed_on.is_(None), Receipt.ship_date <= cutoff]
    if team is not None:
        cond.append(Receipt.team == team)
    if for_shipment is not None:
        cond.append(Receipt.shipment_no != for_shipment)
    conn = ctx.session.connection()
    counts: dict[str, dict[HoldReason, int]] = {}
    oldest: dict[str, date] = {}
    q = (
        select(Receipt.team, reason, func.count(), func.min(Receipt.ship_date))
        .where(*cond)
        .group_by(Receipt.team, reason)
    )
    for t, why, n, first in conn.execute(q):
        counts.setdefault(t, {})[HoldReason(why)] = n
        oldest[t] = min(oldest.get(t, first), first)
    out = []
    for t in sorted(counts):
        q = (
            select(Receipt.shipment_no, reason, Receipt.ship_date)
            .where(*cond, Receipt.team == t)
            .order_by(Receipt.ship_date, Receipt.shipment_no)
            .limit(limit)
        )
        n = counts[t]
        out.append(
            HoldView(
                team=t,
                no_receipt=n.get(HoldReason.NO_RECEIPT, 0),
                unconfirmed=n.get(HoldReason.UNCONFIRMED, 0),
                unqualified=n.get(HoldReason.UNQUALIFIED, 0),
                oldest_ship_date=oldest[t],
                receipts=[HoldReceiptView(no, HoldReason(why), d) for no, why, d in conn.execute(q)],
            )
        )
    return out


@dataclass(frozen=True)
class WorkOrderView(View):
    """RCPT-2: a work order issued to a team, in exchange for its receipts."""

    id: int = shown(N_("ID"), "int")
    team: str = shown(N_("Team"))
    shipment_no: str | None = shown(N_("Shipment"))
    issued_at: datetime = shown(N_("Issued at"), "datetime")
    note: str | None = shown(N_("Note"))


def issue_work_order(ctx: Ctx, team: str, note: str | None, shipment: str | None = None) -> WorkOrderView:
    """RCPT-2: a work order is exchanged for receipts: a team gets one (for ``shipment``) only when
    every earlier shipment of it has its receipt back and confirmed."""
    from sqlmodel import select

    from csops.models import WorkOrder

    ctx.require("receipt")
    team = (team or "").strip()
    if not team:
        raise BadInput(_("The operations team is required."))
    if shipment is not None:
        r = get_receipt(ctx, shipment.strip())
        if r.team != team:
            raise BadInput(
                _("Shipment {no} belongs to team {other}, not {team}.").format(
                    no=r.shipment_no, other=r.team, team=team
                )
            )
        if ctx.session.exec(select(WorkOrder.id).where(WorkOrder.shipment_no == r.shipment_no)).first() is not None:
            raise Refused(_("Shipment {no} has its work order already.").format(no=r.shipment_no), clause="RCPT-2")
        shipment = r.shipment_no
    h = holds(ctx, team, for_shipment=shipment)
    if h:
        row = h[0]
        n = row.no_receipt + row.unconfirmed + row.unqualified
        listed = ", ".join(row.line().receipts)
        more = n - len(row.receipts)
        raise Refused(
            _(
                "Team {team} gets no new work order: {n_none} receipts not back, {n_unc} back but not confirmed, "
                "{n_unq} unqualified and not re-signed. Holding it: {list}"
            ).format(team=team, n_none=row.no_receipt, n_unc=row.unconfirmed, n_unq=row.unqualified, list=listed)
            + (" " + _("... and {n} more").format(n=more) if more > 0 else ""),
            clause="RCPT-2",
        )
    w = WorkOrder(team=team, shipment_no=shipment, issued_at=ctx.now, issued_by_id=ctx.me.id, note=note)
    ctx.session.add(w)
    ctx.session.flush()
    audit(ctx, "receipt.workorder", "work_order", w.id, after=w)
    return WorkOrderView(id=w.id, team=w.team, shipment_no=shipment, issued_at=ctx.now, note=note)


# -- the 15th and the 20th (RCPT-4) --------------------------------------------------------------


@dataclass(frozen=True)
class SheetRowView(View):
    """RCPT-4/6: one receipt on a client's sign-off sheet (appendix 4)."""

    client: str = shown(N_("Client"))
    shipment_no: str = shown(N_("Shipment"))
    consignee: str | None = shown(N_("Consignee"))
    team: str = shown(N_("Team"))
    ship_date: date = shown(N_("Ship date"), "date")
    returned_on: date | None = shown(N_("Returned on"), "date")
    confirmed_on: date | None = shown(N_("Confirmed on"), "date")
    copies: int = shown(N_("Copies"), "int")
    copy_kept: bool = shown(N_("Copy kept"), "bool")
    handed_over_on: date | None = shown(N_("Handed over on"), "date")
    archived_on: date | None = shown(N_("Filed on"), "date")


@dataclass(frozen=True)
class SignOffSheetView(View):
    """RCPT-4: a month's sign-off sheet: its receipts, how many the task marked, and how many
    receipts of that month or before wait with customer service, by reason."""

    month: str = shown(N_("Month"), "month")
    rows: list[SheetRowView] = shown(N_("Rows"), "detail", table=False)
    marked: int = shown(N_("Marked"), "int")
    kept_back: dict[HoldReason, int] = shown(N_("Kept back"), "detail", table=False)


SIGNED_SHEET_ONE_PAGE = 40  # issue 16: a client's sheet of up to 40 receipts prints on one page, signature included


def sign_off_paper(task: str, month: str) -> tuple[str, list[str]]:
    """RCPT-4 (appendix 4): the title and the lines under the table of the 15th's hand-over sheet
    (the receipt count, the client's and customer service's signatures) or of the 20th's filing
    record, the same from the command line and from cron."""
    if task == "handover":
        return _("Receipt hand-over sheet {month} (appendix 4)").format(month=month), [
            _("{rows} receipts handed over."),
            _("Client's signature: ____________    Date: ____________"),
            _("Customer service: ____________    Date: ____________"),
        ]
    return _("Receipt filing record {month} (appendix 4)").format(month=month), [
        _("{rows} receipts filed."),
        _("Filed by the manager's assistant: ____________    Date: ____________"),
    ]


def sign_off_sheet(
    ctx: Ctx, year: int, month: int, client: str | None, *, task: str, apply: bool = True
) -> SignOffSheetView:
    """RCPT-4: the client sign-off sheet (appendix 4) of a month's hand-over.

    ``handover`` (the 15th's work) hands back every receipt shipped in that month or before
    that is checked and confirmed (核对无误) and not yet handed back; an unqualified or
    unchecked one stays with customer service and goes at a later hand-over once confirmed.
    ``archive`` (the 20th's work) files that hand-over's sign-off records with the assistant.
    Without ``apply`` nothing changes: the sheet shows what the task would cover (cron's draft).
    Returns the sheet's rows and what was kept back.
    """
    from sqlalchemy import and_, func, select, update

    from csops.dates import month_range
    from csops.models import Client, Consignee, Receipt
    from csops.rules.receipt import month_key

    ctx.require("receipt")
    _first, last = month_range(year, month)
    key = month_key(year, month)
    mark = task if apply else None
    if mark == "handover" and last >= ctx.today.replace(day=1):
        raise Refused(
            _(
                "The receipts of {month} go back to the clients from the 15th of the next month; the month "
                "has not ended."
            ).format(month=key),
            clause="RCPT-4",
        )
    client_id = get_client(ctx, client).id if client else None
    conn = ctx.session.connection()
    ready = [
        Receipt.confirmed_on.is_not(None),
        Receipt.confirmed_on <= ctx.today,
        Receipt.handover_month.is_(None),
        Receipt.ship_date <= last,
    ]
    if client_id is not None:
        ready.append(Receipt.client_id == client_id)
    done = 0
    if mark == "handover":
        done = conn.execute(update(Receipt).where(*ready).values(handed_over_on=ctx.today, handover_month=key)).rowcount
        audit(ctx, "receipt.handover", "receipt", key, after={"client": client, "handed_over": done})
    batch = [Receipt.handover_month == key] + ([Receipt.client_id == client_id] if client_id is not None else [])
    if mark == "archive":
        if conn.execute(select(func.count()).select_from(Receipt.__table__).where(*batch)).scalar_one() == 0:
            raise Refused(
                _(
                    "Nothing of {month} has been handed back yet: the hand-over comes first (`csops receipt handover --month {month}`)."
                ).format(month=key),
                clause="RCPT-4",
            )
        done = conn.execute(
            update(Receipt).where(*batch, Receipt.archived_on.is_(None)).values(archived_on=ctx.today)
        ).rowcount
        audit(ctx, "receipt.archive", "receipt", key, after={"client": client, "archived": done})
    on_sheet = and_(*ready) if (task == "handover" and not apply) else and_(*batch)
    q = (
        select(
            Client.name,
            Receipt.shipment_no,
            Consignee.name,
            Receipt.team,
            Receipt.ship_date,
            Receipt.returned_on,
            Receipt.confirmed_on,
            Receipt.copies,
            Receipt.copy_kept,
            Receipt.handed_over_on,
            Receipt.archived_on,
        )
        .join(Client, Client.id == Receipt.client_id)
        .outerjoin(Consignee, Consignee.id == Receipt.consignee_id)
        .where(on_sheet)
    )
    order = (Client.name, Receipt.ship_date, Receipt.shipment_no)
    if ctx.is_postgres:  # by the server's collation (a Chinese one orders clients by pinyin)
        rows = [SheetRowView(*r) for r in conn.execute(q.order_by(*order))]
    else:  # SQLite: sorted here (the same order as its ORDER BY), which led it to walk every
        # receipt of each client by ix_receipt_client_ship (4 s at a million) instead of the month's
        rows = sorted((SheetRowView(*r) for r in conn.execute(q)), key=lambda r: (r.client, r.ship_date, r.shipment_no))
    kept = [Receipt.confirmed_on.is_(None), Receipt.ship_date <= last]  # that month's and earlier ones still waiting
    if client_id is not None:
        kept.append(Receipt.client_id == client_id)
    reason = _hold_reason_sql()
    kept_back = {
        HoldReason(why): n for why, n in conn.execute(select(reason, func.count()).where(*kept).group_by(reason))
    }
    return SignOffSheetView(month=key, rows=rows, marked=done, kept_back=kept_back)
