"""`csops cron run`: every job due on a date by the policy, each producing its report file in the
output folder and mailing it to whom it concerns. A job done for a period is recorded (table
``job_run``) and not done again; a failed job leaves no half report (files are written to a
temporary name and renamed) and is retried on the next run."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csops.errors import Deactivated, NotPermitted, Refused
from csops.i18n import N_, _
from csops.services.context import Ctx, Options
from csops.views import View, shown

if TYPE_CHECKING:
    from csops.services.today import AgendaItem


@dataclass(frozen=True)
class Job:
    """A job of the schedule. ``produce`` queues its report files and mail in the job's
    transaction (csops.services.mail): they go out once the job is recorded as done, and a job
    that fails half-way leaves nothing behind."""

    name: str
    when: str  # daily | monthly:N | weekly
    clause: str
    what: str
    to_roles: tuple[str, ...]

    def produce(self, run: Production) -> None:  # pragma: no cover - every job overrides it
        raise NotImplementedError


@dataclass
class Production:
    """One job's run: its context, day, period, report folder, and what it queued."""

    ctx: Ctx
    job: Job
    day: date
    period: str
    folder: Path
    files: list[str] = field(default_factory=list)
    mailed: list[str] = field(default_factory=list)

    @property
    def month(self) -> tuple[int, int]:
        return int(self.period[:4]), int(self.period[5:7])

    def file(self, name: str, data: bytes) -> Path:
        from csops.services.mail import queue_file

        path = self.folder / self.job.name / name
        queue_file(self.ctx, f"job:{self.job.name}:{self.period}:file:{name}", path, data)
        self.files.append(str(path))
        return path

    def mail(
        self,
        people: Sequence[Any],
        subject: str,
        body: str,
        attachment: tuple[str, bytes] | None = None,
        *,
        key: str = "all",
    ) -> None:
        from csops.services.mail import XLSX, queue_mail

        att = (attachment[0], attachment[1], XLSX) if attachment else None
        row = queue_mail(self.ctx, f"job:{self.job.name}:{self.period}:mail:{key}", people, subject, body, att)
        if row is not None:
            from csops.services.mail import recipients_of

            self.mailed += recipients_of(row)

    def recipients(self, roles: tuple[str, ...] | None = None) -> list[Any]:
        return _recipients(self.ctx, roles or self.job.to_roles)


class Reminders(Job):
    """Each person's agenda, mailed to them: only what is theirs to do (csops.services.today)."""

    def produce(self, run: Production) -> None:
        from csops.services.today import agenda

        ctx, lines = run.ctx, []
        actor = ctx.actor
        for p in run.recipients():
            ctx.actor = p
            try:
                items = [
                    i for i in agenda(ctx, run.day) if i["scope"] == "mine" or ctx.may("see the department's records")
                ]
            finally:
                ctx.actor = actor
            if not items:
                continue
            text = "\n".join(f"- [{i['clause']}] {i['text']}  →  {i['command']}" for i in items)
            lines.append(f"## {p.login}\n{text}\n")
            run.mail([p], _("csops: your agenda for {date}").format(date=run.day.isoformat()), text + "\n", key=p.login)
        run.file(f"{run.period}.txt", ("\n".join(lines) or _("Nothing is due.") + "\n").encode("utf-8"))


class MinutesReminder(Job):
    def produce(self, run: Production) -> None:
        items = [i for i in agenda_for_role(run.ctx, run.day, "assistant") if i["clause"] == "MEETING-6"]
        text = "\n".join(f"- {i['text']}  →  {i['command']}" for i in items) or _("Nothing is due.")
        run.file(f"{run.period}.txt", (text + "\n").encode("utf-8"))
        if items:
            run.mail(run.recipients(), _("csops: minutes to send"), text + "\n")


class MonthlyReview(Job):
    def produce(self, run: Production) -> None:
        from csops.services.summary import month_summary

        xlsx = summary_workbook(month_summary(run.ctx, *run.month))
        path = run.file(f"review-{run.period}.xlsx", xlsx)
        run.mail(
            run.recipients(),
            _("Department review {month}").format(month=run.period),
            _("The department's review of {month} is attached (ATTEND-5).").format(month=run.period)
            + "\n\n"
            + _chain_line(run.ctx)
            + "\n",
            (path.name, xlsx),
        )


class ConsigneeReview(Job):
    def produce(self, run: Production) -> None:
        from csops.i18n import ngettext
        from csops.services.client import review

        rows = review(run.ctx, *run.month, None)
        xlsx = _xlsx(_by_client(rows), _("Consignee review {month}").format(month=run.period))
        path = run.file(f"consignee-review-{run.period}.xlsx", xlsx)
        run.mail(
            run.recipients(),
            _("Consignee review {month}").format(month=run.period),
            ngettext(
                "{n} mismatch to confirm with the clients (CLIENT-4).",
                "{n} mismatches to confirm with the clients (CLIENT-4).",
                len(rows),
            ).format(n=len(rows))
            + "\n",
            (path.name, xlsx),
        )


class ExpenseReportJob(Job):
    def produce(self, run: Production) -> None:
        from csops.services.expense import expense_workbook, month_report, send_report

        rep = month_report(run.ctx, *run.month)
        xlsx = expense_workbook(rep)
        run.file(f"expenses-{run.period}.xlsx", xlsx)
        if rep["report_sent_at"] is None:  # the assistant may have sent it by hand already
            run.mailed += send_report(run.ctx, rep, xlsx)["to"]


class ExpenseAddendum(Job):
    def produce(self, run: Production) -> None:
        from csops.services.expense import expense_workbook, month_report, pending_addenda, send_report

        for month in pending_addenda(run.ctx):
            rep = month_report(run.ctx, int(month[:4]), int(month[5:7]), addendum_only=True)
            xlsx = expense_workbook(rep)
            run.file(f"expenses-{month}-addendum-{run.period}.xlsx", xlsx)
            run.mailed += send_report(run.ctx, rep, xlsx)["to"]


class ReceiptSheet(Job):
    def produce(self, run: Production) -> None:
        from csops.services.receipt import SIGNED_SHEET_ONE_PAGE, sign_off_paper, sign_off_sheet

        task = self.name.split("-")[1]
        rows = sign_off_sheet(run.ctx, *run.month, None, task=task, apply=False)["rows"]
        title, footer = sign_off_paper(task, run.period)
        xlsx = _xlsx(_by_client(rows), title, footer=footer, one_page_up_to=SIGNED_SHEET_ONE_PAGE)
        path = run.file(f"{self.name}-{run.period}.xlsx", xlsx)
        run.mail(run.recipients(), title, title + "\n", (path.name, xlsx))


JOBS: tuple[Job, ...] = (
    Reminders("reminders", "daily", "WORKDAY-1", N_("each person's agenda, mailed to them"), ("*",)),
    MinutesReminder(
        "minutes-reminder", "weekly", "MEETING-6", N_("minutes still to send, on Monday morning"), ("assistant",)
    ),
    MonthlyReview(
        "monthly-review", "monthly:1", "ATTEND-5", N_("last month's department review (xlsx)"), ("head", "assistant")
    ),
    ConsigneeReview(
        "consignee-review",
        "monthly:1",
        "CLIENT-4",
        N_("last month's consignee review for the clients (xlsx)"),
        ("rep", "supervisor"),
    ),
    ExpenseReportJob(
        "expense-report",
        "monthly:5",
        "EXPENSE-3",
        N_("last month's entertainment expenses (xlsx), to the head"),
        ("head",),
    ),
    ExpenseAddendum(
        "expense-addendum",
        "daily",
        "EXPENSE-3",
        N_("claims filed after their month's report, to the head as its addendum"),
        ("head",),
    ),
    ReceiptSheet(
        "receipt-handover",
        "monthly:15",
        "RCPT-4",
        N_("last month's receipt hand-over sheets (xlsx)"),
        ("rep", "supervisor"),
    ),
    ReceiptSheet(
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


RUN_AT = (8, 30)  # in the policy's time zone: before the Monday 12:00 minutes deadline (MEETING-6)


def cron_honours_cron_tz() -> bool:
    """Whether this machine's cron reads ``CRON_TZ`` (cronie does; Debian's cron does not)."""
    import shutil

    return shutil.which("crond") is not None or os.path.exists("/usr/sbin/crond")


def crontab_lines(
    *,
    exe: str,
    db: str,
    config: Path | None,
    lang: str,
    folder: Path,
    tz: str,
    local_tz: tzinfo | None = None,
    cron_tz: bool | None = None,
) -> list[str]:
    """The crontab lines that run the jobs exactly as they are meant to run: this database, this
    config file, this language, at 08:30 in the policy's time zone (CRON_TZ where cron honours
    it, else the hour converted to the machine's zone, said in a comment)."""
    import shlex
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    env = [f"CSOPS_DB={shlex.quote(db)}"]
    if config is not None:
        env.append(f"CSOPS_CONFIG={shlex.quote(str(config))}")
    env.append(f"CSOPS_LANG={lang}")
    command = f"{' '.join(env)} {shlex.quote(exe)} cron run >> {shlex.quote(str(folder / 'cron.log'))} 2>&1"
    command = command.replace("%", "\\%")  # cron reads % as a newline
    h, m = RUN_AT
    cron_tz = cron_honours_cron_tz() if cron_tz is None else cron_tz
    if cron_tz:
        return [f"CRON_TZ={tz}", f"{m} {h} * * * {command}"]
    there = datetime.combine(date.today(), time(h, m), tzinfo=ZoneInfo(tz))
    here = there.astimezone(local_tz) if local_tz is not None else there.astimezone()
    comment = _("# {h:02d}:{m:02d} in {tz} is {here} on this machine ({zone}); this cron does not read CRON_TZ").format(
        h=h, m=m, tz=tz, here=here.strftime("%H:%M"), zone=here.tzname()
    )
    return [comment, f"{here.minute} {here.hour} * * * {command}"]


def schedule() -> list[JobView]:
    """The jobs, as `cron list` shows them."""
    return [JobView(j.name, j.when, j.clause, _(j.what), ", ".join(j.to_roles)) for j in JOBS]


# What became of a job in a run
RUN_WORDS = {
    "ran": N_("ran"),
    "undelivered": N_("undelivered"),
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
    outbox_folder: str | None = shown(N_("Outbox folder"), table=False, default=None)  # no SMTP: mail went here


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


def output_folder(config: Any) -> Path:
    folder = (config.output or {}).get("folder") or os.environ.get("CSOPS_OUTPUT")
    if not folder:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("csops")) / "reports"
    return Path(folder).expanduser()


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


def _xlsx(sheets: Mapping[str, Sequence[Mapping[str, Any]]], title: str, **kw: Any) -> bytes:
    from csops.documents import xlsx_bytes

    return xlsx_bytes(sheets, title=title, **kw)


def _by_client(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[Mapping[str, Any]]]:
    """One sheet per client (a workbook needs at least one sheet)."""
    sheets: dict[str, list[Mapping[str, Any]]] = {}
    for r in rows:
        sheets.setdefault(r["client"], []).append(r)
    return sheets or {"-": []}


def _recipients(ctx: Ctx, roles: tuple[str, ...]) -> list[Any]:
    from sqlmodel import select

    from csops.models import Staff

    q = select(Staff).where(Staff.active.is_(True))
    if "*" not in roles:
        q = q.where(Staff.role.in_(roles))
    return [s for s in ctx.session.exec(q.order_by(Staff.login)) if s.email]


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


def agenda_for_role(ctx: Ctx, day: date, role: str) -> list[AgendaItem]:
    from csops.services.today import agenda

    for p in _recipients(ctx, (role,)) or []:
        saved, ctx.actor = ctx.actor, p
        try:
            return agenda(ctx, day)
        finally:
            ctx.actor = saved
    return []


def summary_workbook(data: Mapping[str, Any]) -> bytes:
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


def cron_caller(ctx: Ctx, action: str = "cron run") -> str:
    """Who may run the department's jobs: the head or the assistant (``cron run`` in
    csops.permissions), or the service account the store belongs to (the OS account named
    ``service_account`` in the config file, else the owner of the SQLite file), acting as itself
    (no ``CSOPS_USER``)."""
    if ctx.actor is not None:
        ctx.require(action)
        login: str = ctx.me.login
        return login
    if not os.environ.get("CSOPS_USER") and ctx.os_user == service_account(ctx):
        return ctx.os_user
    if isinstance(ctx.actor_error, Deactivated):
        raise ctx.actor_error
    raise NotPermitted(
        _("Not permitted: `{action}` is the head's, the assistant's or the service account's ({account}).").format(
            action=action, account=service_account(ctx) or "-"
        )
    )


def service_account(ctx: Ctx) -> str | None:
    """The OS account the department's store belongs to (shared use: the one account that opens it)."""
    if ctx.config.service_account:
        account: str = ctx.config.service_account
        return account
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
    from csops.services.context import audit, open_ctx, transaction

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
    if not dry_run:  # what earlier runs could not deliver goes first
        waiting = _deliver(ctx.config, ctx.url, None)
        if waiting:
            results.append(waiting)
    for job, period, done in plan:
        if done or dry_run:
            status = "done-already" if done else "would-run"
            results.append(JobRunView(job.name, period, job.clause, status))
            continue

        def produce(ctx: Ctx, job: Job = job, period: str = period) -> Production:
            production = Production(ctx, job, day, period, folder)
            job.produce(production)
            out = {"files": production.files, "mailed": production.mailed}
            ctx.session.add(
                JobRun(job=job.name, period=period, done_at=ctx.now, output=json.dumps(out, ensure_ascii=False))
            )
            audit(ctx, "cron.job", "job_run", f"{job.name}:{period}", after={**out, "run_by": run_by})
            return production

        try:  # one transaction per job (run again on a serialization conflict)
            production, committed = transaction(opts, produce, write=True, actor="system")
        except Exception as exc:  # one failed job does not stop the others; it is retried next run
            from csops.errors import CsopsError

            error = exc.message if isinstance(exc, CsopsError) else f"{type(exc).__name__}: {exc}"
            results.append(JobRunView(job.name, period, job.clause, "failed", error=error))
            continue
        # recorded as done: now its files and mail go out
        delivered = _deliver(committed.config, committed.url, committed.queued)
        results.append(
            JobRunView(
                job.name,
                period,
                job.clause,
                "ran",
                production.files,
                production.mailed,
                error=delivered.error if delivered is not None else None,
                outbox_folder=delivered.outbox_folder if delivered is not None else None,
            )
        )
    return results


def _deliver(config: Any, url: str, ids: list[int] | None) -> JobRunView | None:
    """Deliver queued files and mail; a line of the run's report when something went out or failed."""
    from csops.services.mail import deliver

    views = deliver(config, url, ids)
    if not views:
        return None
    failed = [v for v in views if v.status == "failed"]
    error = (
        _("not delivered, waiting in the outbox: {what}").format(
            what="; ".join(f"{v.subject or v.key}: {v.error}" for v in failed)
        )
        if failed
        else None
    )
    sent = [v for v in views if v.status == "sent"]
    folders = sorted({str(Path(v.location).parent) for v in sent if v.method == "folder" and v.location})
    return JobRunView(
        "outbox",
        "-",
        "",
        "undelivered" if failed else "ran",
        [v.location or "" for v in sent if v.kind == "file"],
        sorted({p for v in sent for p in v.to}),
        error=error,
        outbox_folder=folders[0] if folders else None,
    )
