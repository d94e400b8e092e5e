"""The context of one command: its database session, clock, policy, calendar and
acting user, opened once and passed down."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar, overload

from csops.chain import GENESIS, entry_hash
from csops.errors import Deactivated, NotPermitted, StoreError
from csops.i18n import _
from csops.options import Options as Options  # re-exported: services take the command line's options

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from csops.config import Config
    from csops.models import Staff
    from csops.rules.calendar import WorkCalendar
    from csops.rules.policy import Policy, PolicyHistory

T = TypeVar("T")


@dataclass
class Ctx:
    session: Session
    engine: Engine
    url: str
    now: datetime
    history: PolicyHistory  # the policy over time, from the store
    config: Config
    os_user: str
    actor: Staff | None = None
    system: bool = False
    actor_error: Exception | None = None  # why no acting user was found (actor="optional")
    audit_head: str | None = None  # the audit chain's newest hash, once read in this transaction
    queued: list[int] = field(default_factory=list)  # outbox items queued in this transaction (services.mail)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # read-only answers shared within a command

    def once(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per command: work that does not depend on the reader (the agenda of
        300 people in one cron run computes the department's holds once, not 300 times)."""
        if key not in self.memo:
            self.memo[key] = compute()
        result: T = self.memo[key]
        return result

    _calendar: Any = field(default=None, repr=False)

    @property
    def policy(self) -> Policy:
        """The policy in force today."""
        policy: Policy = self.history.on(self.today)
        return policy

    def policy_on(self, day: date) -> Policy:
        """The policy in force on ``day``: a verdict about a day uses it (a change never
        rewrites past months)."""
        policy: Policy = self.history.on(day)
        return policy

    def reload_policy(self) -> None:
        """Read the policy's history again (after a change in this transaction)."""
        from csops.services.policy import load_history

        self.history = load_history(self.session)
        self._calendar = None

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def is_postgres(self) -> bool:
        return bool(self.engine.dialect.name == "postgresql")

    @property
    def calendar(self) -> WorkCalendar:
        if self._calendar is None:
            from sqlmodel import select

            from csops.models import CalendarDay, CalendarYear
            from csops.rules.calendar import WorkCalendar

            overrides = {r.day: (r.kind, r.name) for r in self.session.exec(select(CalendarDay))}
            years = {r.year for r in self.session.exec(select(CalendarYear))}
            from csops.services.calendar import cached_official

            self._calendar = WorkCalendar.from_policy(self.policy, overrides, years, official=cached_official)
        calendar: WorkCalendar = self._calendar
        return calendar

    @property
    def actor_login(self) -> str:
        return "system" if self.system or self.actor is None else self.actor.login

    @overload
    def local(self, dt: datetime) -> datetime: ...
    @overload
    def local(self, dt: None) -> None: ...
    @overload
    def local(self, dt: datetime | None) -> datetime | None: ...
    def local(self, dt: datetime | None) -> datetime | None:
        from zoneinfo import ZoneInfo

        return None if dt is None else dt.astimezone(ZoneInfo(self.policy.tz))

    def may(self, action: str) -> bool:
        """Whether the acting user may do ``action`` (csops.permissions, CLI.md "Who may do what").
        The system (``cron run``) acts for every role."""
        from csops.permissions import allowed

        if self.system and self.actor is None:
            return True
        return self.actor is not None and allowed(action, self.actor.role)

    def require(self, action: str) -> None:
        """Refuse (exit 1, naming the rule) unless the acting user may do ``action``."""
        if self.may(action):
            return
        from csops.permissions import BY_ACTION

        perm = BY_ACTION[action]
        role = _(self.actor.role) if self.actor is not None else "-"
        raise NotPermitted(
            _("Not permitted: `{action}` needs the role {roles} (you are {role}).").format(
                action=action, roles=" / ".join(_(r) for r in perm.roles), role=role
            ),
            clause=perm.clause,
        )

    @property
    def me(self) -> Staff:
        """The acting user of a command that has one (open_ctx resolves it, or refuses the command
        before any service runs)."""
        if self.actor is None:
            raise NotPermitted(_("This needs a registered member of the department."))
        return self.actor

    def has_role(self, *roles: str) -> bool:
        """Whether the acting user has one of ``roles`` (for what a record's own rules decide)."""
        if self.system and self.actor is None:
            return True
        return self.actor is not None and self.actor.role in roles


def os_account() -> str:
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no passwd entry
        return os.environ.get("USER", "unknown")


def resolve_actor(
    session: Any,
    *,
    url_is_postgres: bool,
    os_user: str,
    forced: str | None = None,
    service_account: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Any:
    """Who is acting (CLI.md "Who is acting"): over SSH the login of the key line (``forced``);
    on the host, the OS account; ``$CSOPS_USER`` may name another login where the caller holds
    the store anyway (trust mode): a local SQLite file, or on PostgreSQL the service account
    (config ``service_account``), whose credentials open it. Nobody else names a login."""
    from sqlmodel import select

    from csops.models import Staff

    env = os.environ if environ is None else environ
    if forced is not None:
        login = forced
    elif url_is_postgres and env.get("CSOPS_USER") and service_account and os_user == service_account:
        login = env["CSOPS_USER"]
    elif url_is_postgres:
        if env.get("CSOPS_USER"):
            raise StoreError(
                _(
                    "CSOPS_USER is not accepted with PostgreSQL but from the service account: on the host you act "
                    "as your OS account, from elsewhere as the login of your SSH key (docs/shared-use.md)."
                )
            )
        login = os_user
    else:
        login = env.get("CSOPS_USER") or os_user
    staff = session.exec(select(Staff).where(Staff.login == login)).first()
    if staff is None:
        raise NotPermitted(
            _(
                "You ({login}) are not registered in this department: ask the head or the assistant to run `csops staff add --login {login} ...`."
            ).format(login=login)
        )
    if not staff.active:
        raise Deactivated(_("Your login {login} is deactivated.").format(login=login))
    return staff


@contextmanager
def open_ctx(
    opts: Options,
    *,
    write: bool,
    actor: str = "required",
    create: bool = False,
    check: bool = True,
    snapshot: bool = False,
) -> Iterator[Ctx]:
    """Open the command's context. ``actor``: ``required``, ``optional`` or ``system``."""
    from sqlalchemy import text
    from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

    from csops.clock import read_now
    from csops.config import load_config, resolve_database
    from csops.db import check_schema, make_engine, session_scope
    from csops.services.policy import load_history

    config = load_config(path=opts.config)
    url = resolve_database(opts.db, config)
    engine = make_engine(url, create=create)
    try:
        if check:
            check_schema(engine)
        with session_scope(engine, write=write, snapshot=snapshot) as session:
            pg_now = None
            if engine.dialect.name == "postgresql":
                pg_now = session.execute(text("SELECT now()")).scalar()
            history = load_history(session)
            now = read_now(history.on(date.today()).tz, postgres_now=pg_now)
            ctx = Ctx(
                session=session,
                engine=engine,
                url=url,
                now=now,
                history=history,
                config=config,
                os_user=os_account(),
                system=(actor == "system"),
            )
            if actor in ("required", "optional"):
                try:
                    ctx.actor = resolve_actor(
                        session,
                        url_is_postgres=ctx.is_postgres,
                        os_user=ctx.os_user,
                        forced=opts.login,
                        service_account=config.service_account,
                    )
                except NotPermitted as exc:
                    if actor == "required":
                        raise
                    ctx.actor_error = exc
            yield ctx
    except IntegrityError as exc:
        from csops.errors import Refused

        detail = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise Refused(
            _(
                "This conflicts with a record already on file (perhaps written at the same moment); nothing was changed. ({reason})"
            ).format(reason=detail)
        ) from None
    except OperationalError as exc:
        from csops.db import is_retryable

        if is_retryable(exc):
            raise
        msg = str(exc.orig) if getattr(exc, "orig", None) else str(exc)
        if "locked" in msg or "busy" in msg:
            raise StoreError(_("The database stayed busy too long; nothing was changed. Try again.")) from None
        if "readonly" in msg or "read-only" in msg:
            raise StoreError(
                _(
                    "The database is read-only here (a read-only file, folder or mount): it can be read, but nothing can be changed."
                )
            ) from None
        raise StoreError(_("Database error: {reason}").format(reason=msg.splitlines()[0])) from None
    except DatabaseError as exc:
        msg = str(getattr(exc, "orig", exc))
        if "malformed" in msg or "not a database" in msg:
            raise StoreError(
                _(
                    "The database file is damaged ({reason}); nothing was changed. Restore the latest backup: csops db restore FILE."
                ).format(reason=msg.splitlines()[0])
            ) from None
        raise StoreError(_("Database error: {reason}").format(reason=msg.splitlines()[0])) from None
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Committed:
    """What a committed transaction leaves for after the commit: the outbox items it queued."""

    queued: list[int]
    config: Any
    url: str


def transaction(
    opts: Options, fn: Callable[[Ctx], T], *, write: bool, actor: str = "required", **kw: bool
) -> tuple[T, Committed]:
    """Run ``fn(ctx)`` in one transaction. On PostgreSQL a serialization conflict with another
    writer rolls everything back and runs it again (up to 8 times): nothing has gone out yet
    (mail and files wait in the outbox until the commit), so that is safe."""
    import random
    import time as _time

    from sqlalchemy.exc import DBAPIError

    from csops.db import is_retryable

    for attempt in range(8):
        try:
            with open_ctx(opts, write=write, actor=actor, **kw) as ctx:
                result = fn(ctx)
                done = Committed(list(ctx.queued), ctx.config, ctx.url)
            return result, done
        except DBAPIError as exc:
            if not is_retryable(exc):
                raise
            _time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise StoreError(_("Too many people changed the same records at once; nothing was changed. Try again."))


# -- audit ----------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(obj: Any) -> dict[str, Any] | None:
    """The columns of a row, JSON-ready, for the audit log."""
    if obj is None:
        return None
    return {k: _jsonable(v) for k, v in obj.model_dump().items()}


def audit(ctx: Ctx, action: str, entity: str, entity_id: Any, *, before: Any = None, after: Any = None) -> None:
    """Add the audit entry of a write, in the same transaction as the write."""
    from csops.models import AuditEntry

    def enc(v: Any) -> str | None:
        if v is None:
            return None
        if not isinstance(v, dict):
            v = snapshot(v)
        return json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)

    entry = AuditEntry(
        at=ctx.now,
        actor=ctx.actor_login,
        os_user=ctx.os_user,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        before=enc(before),
        after=enc(after),
    )
    entry.prev_hash = _audit_head(ctx)
    entry.hash = entry_hash(entry.prev_hash, entry.model_dump())
    ctx.audit_head = entry.hash
    ctx.session.add(entry)  # the unit of work inserts a table's rows in the order they were added


def _audit_head(ctx: Ctx) -> str:
    """The hash of the newest entry (this transaction's last, or the store's)."""
    if ctx.audit_head is None:
        from sqlalchemy import select

        from csops.models import AuditEntry

        last = ctx.session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
        ctx.audit_head = last or GENESIS
    return ctx.audit_head
