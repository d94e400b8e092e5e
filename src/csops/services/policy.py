"""The policy as department data: its parameters' history in the store (`csops policy`).

Only the head changes a parameter, from a date on (today or later: a change never rewrites
past months), with a reason; every change is audited and kept. A verdict about a day uses
the policy in force on that day (``Ctx.policy_on``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _
from csops.services.context import Ctx, audit
from csops.views import View, shown

if TYPE_CHECKING:
    from csops.rules.policy import Param, PolicyHistory


@dataclass(frozen=True)
class PolicyChangeView(View):
    """A change of a policy parameter: the value, from when, who set it, when and why."""

    id: int = shown(N_("ID"), "int")
    key: str = shown(N_("Parameter"))
    value: str = shown(N_("Value"))  # as `policy show` writes it, or "default"
    from_: date | None = shown(N_("From"), "date", key="from")  # None: since always
    set_at: datetime = shown(N_("Set at"), "datetime")
    set_by: str | None = shown(N_("Set by"), "person")
    reason: str | None = shown(N_("Reason"))


@dataclass(frozen=True)
class ParameterView(View):
    """A parameter of a clause as in force on a day."""

    key: str = shown(N_("Parameter"))
    value: str = shown(N_("Value"))
    default: str = shown(N_("Default"))
    in_text: bool = shown(N_("In the text"), "bool")
    set_by_department: bool = shown(N_("Set by the department"), "bool")
    change_scheduled: bool = shown(N_("Change scheduled"), "bool")


@dataclass(frozen=True)
class ClauseView(View):
    """A clause of the rulebook: its texts, how csops reads it, and its parameters."""

    clause: str = shown(N_("Clause"))
    zh: str = shown(N_("Chinese"))
    en: str = shown(N_("English"))
    reading: str = shown(N_("csops reads it as"))
    revised: str | None = shown(N_("Reading revised"), "date")  # the date of a revised reading
    parameters: list[ParameterView] = shown(N_("Parameters"), "detail")


def load_history(session: Any) -> PolicyHistory:
    """The policy's history as stored (rows in the order they were written)."""
    from sqlmodel import select

    from csops.models import PolicySetting
    from csops.rules.policy import PARAMS_BY_KEY, PolicyHistory, Setting, coerce

    settings = []
    for row in session.exec(select(PolicySetting).order_by(PolicySetting.id)):
        param = PARAMS_BY_KEY.get(row.key)
        if param is None:  # a parameter a later csops removed: kept in the history, not in force
            continue
        settings.append(Setting(row.key, None if row.value is None else coerce(param, row.value), row.effective_from))
    return PolicyHistory(settings)


def _param(key: str) -> Param:
    from csops.rules.policy import PARAMS_BY_KEY

    param = PARAMS_BY_KEY.get(key)
    if param is None:
        raise NotFound(_("No policy parameter {key!r}; `csops policy show` lists them.").format(key=key))
    return param


def check_value(key: str, value: Any) -> tuple[Param, Any]:
    """The value as the policy reads it (``default`` resets), or a clear refusal naming the key."""
    from csops.rules.policy import PolicyValueError, coerce

    param = _param(key)
    if isinstance(value, str) and value.strip().lower() == "default":
        return param, None
    try:
        return param, coerce(param, value)
    except PolicyValueError as exc:
        raise BadInput(
            _("Policy parameter {key!r}: {reason}").format(key=exc.key, reason=_(exc.reason).format(**exc.values))
        ) from None


def _write(ctx: Ctx, key: str, value: Any, effective_from: date | None, reason: str, action: str) -> PolicyChangeView:
    from csops.models import PolicySetting
    from csops.rules.policy import display

    param = _param(key)
    text = None if value is None else display(param, value)
    row = PolicySetting(
        key=key, value=text, effective_from=effective_from, set_at=ctx.now, set_by=ctx.actor_login, reason=reason
    )
    ctx.session.add(row)
    ctx.session.flush()
    audit(ctx, action, "policy_setting", key, after=row)
    return history_row(row)


def set_value(ctx: Ctx, key: str, value: str, *, effective_from: date | None, reason: str) -> PolicyChangeView:
    """The head changes a parameter from a date on (today or later), saying why."""
    ctx.require("policy set")
    _param_, coerced = check_value(key, value)
    reason = (reason or "").strip()
    if not reason:
        raise BadInput(_("Say why the policy changes: --reason TEXT."))
    start = effective_from or ctx.today
    if start < ctx.today:
        raise Refused(
            _(
                "A change takes effect today or later ({date} is past): past months keep the policy they "
                "were judged by."
            ).format(date=start.isoformat())
        )
    row = _write(ctx, key, coerced, start, reason, "policy.set")
    ctx.reload_policy()
    return row


def import_file(ctx: Ctx, path: Path, *, effective_from: date | None, reason: str | None) -> list[PolicyChangeView]:
    """The head moves an old config file's ``[policy]`` table into the store: all of it or
    nothing. Without ``--from`` the values count since always (they judged the past too)."""
    import tomllib

    from csops.rules.policy import flatten

    ctx.require("policy import")
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInput(_("Cannot read {path}: {reason}").format(path=path, reason=exc)) from None
    table = data.get("policy", data)
    if not isinstance(table, dict):
        raise BadInput(_("{path} has no [policy] table.").format(path=path))
    values = flatten(table)
    if not values:
        raise BadInput(_("{path} has no [policy] table.").format(path=path))
    if effective_from is not None and effective_from < ctx.today:
        raise Refused(
            _(
                "A change takes effect today or later ({date} is past): past months keep the policy they "
                "were judged by."
            ).format(date=effective_from.isoformat())
        )
    checked = [(key, check_value(key, v)[1]) for key, v in sorted(values.items())]
    why = (reason or "").strip() or _("imported from {file}").format(file=Path(path).name)
    rows = [_write(ctx, key, v, effective_from, why, "policy.import") for key, v in checked]
    ctx.reload_policy()
    return rows


def history_row(row: Any, set_at: datetime | None = None) -> PolicyChangeView:
    return PolicyChangeView(
        id=row.id,
        key=row.key,
        value=row.value if row.value is not None else "default",
        from_=row.effective_from,
        set_at=set_at or row.set_at,
        set_by=row.set_by,
        reason=row.reason,
    )


def history(ctx: Ctx, key: str | None = None) -> list[PolicyChangeView]:
    from sqlmodel import select

    from csops.models import PolicySetting

    q = select(PolicySetting).order_by(PolicySetting.id)
    if key:
        _param(key)
        q = q.where(PolicySetting.key == key)
    return [history_row(row, ctx.local(row.set_at)) for row in ctx.session.exec(q)]


def show(ctx: Ctx | None, clause: str | None, at: date | None) -> list[ClauseView]:
    """Every clause (or one) with its texts and its parameters as in force on ``at`` (today),
    marking defaults the text leaves blank and values the department set."""
    from csops.rules.policy import PolicyHistory, clauses, display

    history_ = ctx.history if ctx is not None else PolicyHistory()
    day = at or (ctx.today if ctx is not None else date.today())
    policy = history_.on(day)
    chosen = [c for c in clauses() if clause is None or c.id.upper() == clause.strip().upper()]
    if not chosen:
        raise NotFound(_("No clause {clause!r} (e.g. LEAVE-2, DUTY-2).").format(clause=clause))
    scheduled = {s.key for s in history_.changes_after(day)}
    rows = []
    for c in chosen:
        params = [
            ParameterView(
                key=p.key,
                value=display(p, policy[p.key]),
                default=display(p, p.default),
                in_text=p.in_text,
                set_by_department=p.key in policy.overridden,
                change_scheduled=p.key in scheduled,
            )
            for p in c.params
        ]
        rows.append(ClauseView(c.id, c.zh, c.en, c.reading, c.revised, params))
    return rows
