"""`csops cron run`: every job due on a date by the policy, each producing its report file in the
output folder and mailing it to whom it concerns. A job done for a period is recorded (table
``job_run``) and not done again; a failed job leaves no half report (files are written to a
temporary name and renamed) and is retried on the next run."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from csops.errors import Deactivated, NotPermitted, Refused
from csops.i18n import N_, _
from csops.services.context import Ctx, Options
from csops.views import View, shown


@dataclass(frozen=True)
class Job:
    name: str
    when: str  # daily | monthly:N | weekly
    clause: str
    what: str
    to_roles: tuple[str, ...]


JOBS = (
    Job("reminders", "daily", "WORKDAY-1", N_("each person's agenda, mailed to them"), ("*",)),
    Job("minutes-reminder", "weekly", "MEETING-6", N_("minutes still to send, on Monday morning"), ("assistant",)),
    Job("monthly-review", "monthly:1", "ATTEND-5", N_("last month's department review (xlsx)"), ("head", "assistant")),
    Job(
        "consignee-review",
        "monthly:1",
        "CLIENT-4",
        N_("last month's consignee review for the clients (xlsx)"),
        ("rep", "supervisor"),
    ),
    Job(
        "expense-report",
        "monthly:5",
        "EXPENSE-3",
        N_("last month's entertainment expenses (xlsx), to the head"),
        ("head",),
    ),
    Job(
        "expense-addendum",
        "daily",
        "EXPENSE-3",
        N_("claims filed after their month's report, to the head as its addendum"),
        ("head",),
    ),
    Job(
        "receipt-handover",
        "monthly:15",
        "RCPT-4",
        N_("last month's receipt hand-over sheets (xlsx)"),
        ("rep", "supervisor"),
    ),
    Job(
        "receipt-archive", "monthly:20", "RCPT-4", N_("last month's sign-off records for filing (xlsx)"), ("assistant",)
    ),
)


@dataclass(frozen=True)
class JobView(View):
    """A job of the schedule: when it runs, the clause it serves, what it produces, for whom."""

    job: str = shown(N_("Job"))
    when: str = shown(N_("When"))  # daily | weekly | monthly:N (the day of the month)
    clause: str = shown(N_("Clause"))
    what: str = shown(N_("What"))
    to: str = shown(N_("To"))  # the roles it is mailed to (* everyone)


def schedule() -> list[JobView]:
    """The jobs, as `cron list` shows them."""
    return [JobView(j.name, j.when, j.clause, _(j.what), ", ".join(j.to_roles)) for j in JOBS]


# What became of a job in a run
RUN_WORDS = {
    "ran": N_("ran"),
    "done-already": N_("done-already"),
    "would-run": N_("would-run"),
    "failed": N_("failed"),
    "due": N_("due"),
}


@dataclass(frozen=True)
class JobRunView(View):
    """A job due in a run: done now, done already, to be done (--dry-run), or failed (retried next run)."""

    job: str = shown(N_("Job"))
    period: str = shown(N_("Period"))
    clause: str = shown(N_("Clause"))
    status: str = shown(N_("Status"), "code", words=RUN_WORDS)
    files: list[str] = shown(N_("Files"), "list", default=[])
    mailed: list[str] = shown(N_("Mailed to"), "list", default=[])
    error: str | None = shown(N_("Error"), default=None)


def period_of(job: Job, day: date) -> str | None:
    """The period a job covers when run on ``day``, or None when it is not due yet that month.
    Monthly jobs catch up: due on their day or any later day of the month, for the previous month."""
    if job.when == "daily":
        return day.isoformat()
    if job.when == "weekly":
        y, w, _d = day.isocalendar()
        return f"{y}-W{w:02d}"
    n = int(job.when.split(":")[1])
    if day.day < n:
        return None
    last = day.replace(day=1) - timedelta(days=1)
    return f"{last.year}-{last.month:02d}"


def output_folder(config) -> Path:
    folder = (config.output or {}).get("folder") or os.environ.get("CSOPS_OUTPUT")
    if not folder:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("csops")) / "reports"
    return Path(folder).expanduser()


def _write_atomic(path: Path, data: bytes) -> None:
    """A report file, whole or not at all, readable by its owner only, in a folder of the owner's only."""
    from csops.files import write_atomic

    private_folder(path.parent)
    write_atomic(path, data, mode=0o600)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and the folders above it that are missing) readable by its owner only."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        p = p.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:  # made at the same moment by another run
            pass
    return folder


def _xlsx(sheets: dict[str, list[dict]], title: str) -> bytes:
    import tempfile

    from csops.documents import write_xlsx

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "r.xlsx"
        write_xlsx(p, sheets, title=title)
        return p.read_bytes()


def _by_client(rows: list[dict]) -> dict[str, list[dict]]:
    """One sheet per client (a workbook needs at least one sheet)."""
    sheets: dict[str, list[dict]] = {}
    for r in rows:
        sheets.setdefault(r["client"], []).append(r)
    return sheets or {"-": []}


def _recipients(ctx: Ctx, roles: tuple[str, ...]):
    from sqlmodel import select

    from csops.models import Staff

    q = select(Staff).where(Staff.active.is_(True))
    if "*" not in roles:
        q = q.where(Staff.role.in_(roles))
    return [s for s in ctx.session.exec(q.order_by(Staff.login)) if s.email]


def _mail(ctx: Ctx, people, subject: str, body: str, attachment: tuple[str, bytes] | None) -> list[str]:
    from csops.mail import build_message, deliver, settings

    if not people:
        return []
    att = (
        [(attachment[0], attachment[1], "application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")]
        if attachment
        else []
    )
    deliver(
        ctx.config, build_message(settings(ctx.config).sender, [(p.name, p.email) for p in people], subject, body, att)
    )
    return [p.login for p in people]


def _chain_line(ctx: Ctx) -> str:
    """The audit chain's head for the monthly mail: kept by its readers, it shows a later rewrite."""
    from csops.chain import verify_store

    report = verify_store(ctx.session)
    line = _("Audit chain head: entry #{id} of {n}, SHA-256 {hash} (`csops audit head` shows it now).").format(
        id=report.head_id, n=report.entries, hash=report.head_hash
    )
    if not report.ok:
        line += "\n" + _("WARNING: the audit chain does not verify from entry #{id} on (`csops db check`).").format(
            id=report.broken_at
        )
    return line


def run_job(ctx: Ctx, job: Job, day: date, period: str, folder: Path) -> dict:
    """Produce one job's report file(s) and mail them; returns what was done."""
    from csops.services.today import agenda

    out_dir = folder / job.name
    files, mailed = [], []
    y, m = (int(period[:4]), int(period[5:7])) if job.when.startswith("monthly") else (None, None)
    if job.name == "reminders":
        lines = []
        actor = ctx.actor
        for p in _recipients(ctx, ("*",)):
            ctx.actor = p
            try:
                items = [
                    i for i in agenda(ctx, day) if i["scope"] == "mine" or p.role in ("head", "assistant", "supervisor")
                ]
            finally:
                ctx.actor = actor
            if not items:
                continue
            text = "\n".join(f"- [{i['clause']}] {i['text']}  →  {i['command']}" for i in items)
            lines.append(f"## {p.login}\n{text}\n")
            mailed += _mail(
                ctx, [p], _("csops: your agenda for {date}").format(date=day.isoformat()), text + "\n", None
            )
        path = out_dir / f"{period}.txt"
        _write_atomic(path, ("\n".join(lines) or _("Nothing is due.") + "\n").encode("utf-8"))
        files.append(path)
    elif job.name == "minutes-reminder":
        items = [i for i in agenda_for_role(ctx, day, "assistant") if i["clause"] == "MEETING-6"]
        text = "\n".join(f"- {i['text']}  →  {i['command']}" for i in items) or _("Nothing is due.")
        path = out_dir / f"{period}.txt"
        _write_atomic(path, (text + "\n").encode("utf-8"))
        files.append(path)
        if items:
            mailed += _mail(ctx, _recipients(ctx, job.to_roles), _("csops: minutes to send"), text + "\n", None)
    elif job.name == "monthly-review":
        from csops.services.summary import month_summary

        data = month_summary(ctx, y, m)
        xlsx = summary_workbook(data)
        path = out_dir / f"review-{period}.xlsx"
        _write_atomic(path, xlsx)
        files.append(path)
        mailed += _mail(
            ctx,
            _recipients(ctx, job.to_roles),
            _("Department review {month}").format(month=period),
            _("The department's review of {month} is attached (ATTEND-5).").format(month=period)
            + "\n\n"
            + _chain_line(ctx)
            + "\n",
            (path.name, xlsx),
        )
    elif job.name == "consignee-review":
        from csops.services.client import review

        rows = review(ctx, y, m, None)
        xlsx = _xlsx(_by_client(rows), _("Consignee review {month}").format(month=period))
        path = out_dir / f"consignee-review-{period}.xlsx"
        _write_atomic(path, xlsx)
        files.append(path)
        mailed += _mail(
            ctx,
            _recipients(ctx, job.to_roles),
            _("Consignee review {month}").format(month=period),
            _("{n} mismatches to confirm with the clients (CLIENT-4).").format(n=len(rows)) + "\n",
            (path.name, xlsx),
        )
    elif job.name == "expense-report":
        from csops.services.expense import expense_workbook, month_report, send_report

        rep = month_report(ctx, y, m)
        xlsx = expense_workbook(rep)
        path = out_dir / f"expenses-{period}.xlsx"
        _write_atomic(path, xlsx)
        files.append(path)
        if rep["report_sent_at"] is None:  # the assistant may have sent it by hand already
            mailed += send_report(ctx, rep, xlsx)["to"]
    elif job.name == "expense-addendum":
        from csops.services.expense import expense_workbook, month_report, pending_addenda, send_report

        for month in pending_addenda(ctx):
            rep = month_report(ctx, int(month[:4]), int(month[5:7]), addendum_only=True)
            xlsx = expense_workbook(rep)
            path = out_dir / f"expenses-{month}-addendum-{period}.xlsx"
            _write_atomic(path, xlsx)
            files.append(path)
            mailed += send_report(ctx, rep, xlsx)["to"]
    elif job.name in ("receipt-handover", "receipt-archive"):
        from csops.services.receipt import sign_off_sheet

        rows = sign_off_sheet(ctx, y, m, None, task=job.name.split("-")[1], apply=False)["rows"]
        title = (
            _("Receipt hand-over sheet {month} (appendix 4)")
            if job.name == "receipt-handover"
            else _("Receipt filing record {month} (appendix 4)")
        ).format(month=period)
        xlsx = _xlsx(_by_client(rows), title)
        path = out_dir / f"{job.name}-{period}.xlsx"
        _write_atomic(path, xlsx)
        files.append(path)
        mailed += _mail(ctx, _recipients(ctx, job.to_roles), title, title + "\n", (path.name, xlsx))
    return {"files": [str(f) for f in files], "mailed": mailed}


def agenda_for_role(ctx: Ctx, day: date, role: str) -> list[dict]:
    from csops.services.today import agenda

    for p in _recipients(ctx, (role,)) or []:
        saved, ctx.actor = ctx.actor, p
        try:
            return agenda(ctx, day)
        finally:
            ctx.actor = saved
    return []


def summary_workbook(data: dict) -> bytes:
    from csops.i18n import _ as t

    names = {
        "assessment": t("Summary"),
        "attendance": t("Attendance"),
        "meetings": t("Meetings"),
        "expenses": t("Expenses"),
        "receipts": t("Receipts"),
        "consignees": t("Consignees"),
        "inquiries": t("Inquiries"),
        "reports": t("Reports"),
    }
    from csops.services.summary import AREAS

    return _xlsx({names[a]: data[a] for a in AREAS}, t("Department review {month}").format(month=data["month"]))


def due_jobs(ctx: Ctx, day: date) -> list[tuple[Job, str, bool]]:
    """(job, period, done already) for every job due on ``day``."""
    from sqlmodel import select

    from csops.models import JobRun

    out = []
    for job in JOBS:
        period = period_of(job, day)
        if period is None:
            continue
        done = (
            ctx.session.exec(select(JobRun.id).where(JobRun.job == job.name, JobRun.period == period)).first()
            is not None
        )
        out.append((job, period, done))
    return out


def cron_caller(ctx: Ctx) -> str:
    """Who may run the department's jobs: the head or the assistant (``cron run`` in
    csops.permissions), or the service account the store belongs to (the OS account named
    ``service_account`` in the config file, else the owner of the SQLite file), acting as itself
    (no ``CSOPS_USER``)."""
    if ctx.actor is not None:
        ctx.require("cron run")
        return ctx.actor.login
    if not os.environ.get("CSOPS_USER") and ctx.os_user == service_account(ctx):
        return ctx.os_user
    if isinstance(ctx.actor_error, Deactivated):
        raise ctx.actor_error
    raise NotPermitted(
        _("Not permitted: `cron run` is the head's, the assistant's or the service account's ({account}).").format(
            account=service_account(ctx) or "-"
        )
    )


def service_account(ctx: Ctx) -> str | None:
    """The OS account the department's store belongs to (shared use: the one account that opens it)."""
    if ctx.config.service_account:
        return ctx.config.service_account
    if ctx.engine.dialect.name == "sqlite":
        import pwd

        from csops.config import sqlite_path

        try:
            return pwd.getpwuid(sqlite_path(ctx.url).stat().st_uid).pw_name
        except (KeyError, OSError):
            return None
    return None


def run(opts: Options, day_text: str | None, *, dry_run: bool) -> list[JobRunView]:
    """Run every job due on the date, each in a transaction of its own."""
    import json

    from csops.dates import parse_date
    from csops.models import JobRun
    from csops.services.context import audit, open_ctx

    with open_ctx(opts, write=False, actor="optional") as ctx:
        run_by = cron_caller(ctx)
        day = parse_date(day_text, ctx.today) if day_text else ctx.today
        if day > ctx.today:
            raise Refused(
                _("`cron run --date {day}` is refused: jobs run on their day or later, never ahead of it.").format(
                    day=day.isoformat()
                )
            )
        if day < ctx.today and not (ctx.actor is not None and ctx.actor.role == "head"):
            raise NotPermitted(
                _("Replaying the jobs of a past date ({day}) is the head's.").format(day=day.isoformat())
            )
        plan = due_jobs(ctx, day)
        folder = output_folder(ctx.config)
    results = []
    for job, period, done in plan:
        if done or dry_run:
            status = "done-already" if done else "would-run"
            results.append(JobRunView(job.name, period, job.clause, status))
            continue
        try:
            with open_ctx(opts, write=True, actor="system") as ctx:
                out = run_job(ctx, job, day, period, folder)
                ctx.session.add(
                    JobRun(job=job.name, period=period, done_at=ctx.now, output=json.dumps(out, ensure_ascii=False))
                )
                audit(ctx, "cron.job", "job_run", f"{job.name}:{period}", after={**out, "run_by": run_by})
            results.append(JobRunView(job.name, period, job.clause, "ran", out["files"], out["mailed"]))
        except Exception as exc:  # one failed job does not stop the others; it is retried next run
            from csops.errors import CsopsError

            error = exc.message if isinstance(exc, CsopsError) else f"{type(exc).__name__}: {exc}"
            results.append(JobRunView(job.name, period, job.clause, "failed", error=error))
    return results
