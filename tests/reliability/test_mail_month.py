"""Issue 15, done when: a month of cron days against a real SMTP server on 127.0.0.1 (aiosmtpd),
with serialization failures injected into the jobs' transactions (each job's first attempt is
rolled back and run again, as PostgreSQL makes csops do), a crash in the middle of a job, and a
crash between an SMTP conversation and its record: every expected message arrives exactly once
at exactly the expected recipients, and nobody receives a line they cannot act on."""

from __future__ import annotations

import email
import socket
from collections import Counter
from datetime import date, timedelta
from email import policy as email_policy

import pytest

from conftest import FIGURES, config_text
from csops.permissions import BY_ACTION, action_of
from test_today_summary_cron import month_dept  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow

EMAIL = {login: f"{login}@example.com" for login in ("boss", "sup1", "sup2", "asst", "rep1", "rep2", "rep3", "on1")}
ROLE = {
    "boss": "head",
    "sup1": "supervisor",
    "sup2": "supervisor",
    "asst": "assistant",
    "rep1": "rep",
    "rep2": "rep",
    "rep3": "rep",
    "on1": "onsite",
}
CS_TEAM = {"rep1", "rep2", "rep3", "sup1", "sup2"}
# day, subject, recipients: the department's monthly mail (reminders are checked line by line below)
EXPECTED = [
    (date(2026, 12, 1), "Department review 2026-11", {"boss", "asst"}),
    (date(2026, 12, 1), "Consignee review 2026-11", CS_TEAM),
    (date(2026, 12, 5), "Business entertainment expenses 2026-11", {"boss"}),
    (date(2026, 12, 16), "Receipt hand-over sheet 2026-11 (appendix 4)", CS_TEAM),  # the 15th crashed: next day
    (date(2026, 12, 20), "Receipt filing record 2026-11 (appendix 4)", {"asst"}),
]


class Crash(BaseException):
    """The process dies here (not an error csops could catch)."""


@pytest.fixture
def smtp(tmp_path):
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append((self.day, envelope.rcpt_tos, envelope.content))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    sink.day = None
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    (tmp_path / "csops.toml").write_text(
        config_text(
            f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom = "客服部 <cs@example.com>"\n'
        ),
        encoding="utf-8",
    )
    yield sink
    ctl.stop()


def test_a_month_of_cron_mails_each_message_once_to_whom_it_concerns(month_dept, smtp, tmp_path, monkeypatch):  # noqa: F811
    import sqlalchemy.exc

    from csops.services import cron, mail

    cli = month_dept
    env = {"CSOPS_OUTPUT": str(tmp_path / "reports")}

    # each job's first transaction fails as PostgreSQL's serialization check makes it fail
    class Serialization(Exception):
        sqlstate = "40001"

    failed_once: set[tuple[str, str]] = set()
    real_file = cron.Production.file

    def flaky_file(self, name, data):
        path = real_file(self, name, data)
        if (self.job.name, self.period) not in failed_once:
            failed_once.add((self.job.name, self.period))
            raise sqlalchemy.exc.OperationalError("INSERT INTO outbox", {}, Serialization("could not serialize access"))
        return path

    monkeypatch.setattr(cron.Production, "file", flaky_file)

    # the 15th: the process dies in the middle of the hand-over job, after queueing its sheet
    real_sheet = cron.ReceiptSheet.produce

    def crashing_sheet(self, run):
        if run.day == date(2026, 12, 15) and self.name == "receipt-handover":
            real_file(run, "half.xlsx", b"half")
            raise Crash()
        return real_sheet(self, run)

    monkeypatch.setattr(cron.ReceiptSheet, "produce", crashing_sheet)

    # the 5th: the process dies after the SMTP server took the expense report, before it is recorded
    real_record = mail._record
    crashed_after_send = []

    def crashing_record(engine, outcomes):
        sent = [i for i, values in outcomes if values.get("status") == "sent"]
        if smtp.day == date(2026, 12, 5) and sent and not crashed_after_send:
            crashed_after_send.append(sent[0])
            raise Crash()
        return real_record(engine, outcomes)

    monkeypatch.setattr(mail, "_record", crashing_record)

    runs = 0
    d = date(2026, 12, 1)
    while d <= date(2026, 12, 21):
        smtp.day = d
        for hour in ("08:30", "09:30"):  # run twice a day: the second must send nothing again
            runs += 1
            try:
                r = cli("cron", "run", "--format", "json", now=f"{d.isoformat()}T{hour}", user=None, env=env)
            except Crash:
                continue
            assert r.exit_code in (0, 1), r.output
        d += timedelta(days=1)

    got = []
    for day, rcpts, content in smtp.messages:
        msg = email.message_from_bytes(content, policy=email_policy.default)
        got.append((day, msg["Subject"], frozenset(rcpts), msg["Message-ID"], msg))
    ids = Counter(m[3] for m in got)
    assert all(n == 1 for n in ids.values()), [i for i, n in ids.items() if n > 1]  # nothing arrived twice
    for day, subject, people in EXPECTED:
        arrived = [(d, r) for d, s, r, _i, _m in got if s == subject]
        assert arrived == [(day, frozenset(EMAIL[p] for p in people))], (subject, arrived)
    # the reminders: to one person each, once a day, each line a command that person may run
    reminders = [(d, r, m) for d, s, r, _i, m in got if s.startswith("csops: your agenda for")]
    assert reminders
    per_day = Counter((d, r) for d, r, _m in reminders)
    assert all(n == 1 for n in per_day.values())
    lines = 0
    for _d, rcpts, msg in reminders:
        (addr,) = rcpts
        login = next(k for k, v in EMAIL.items() if v == addr)
        for line in msg.get_body(("plain",)).get_content().splitlines():
            command = line.split("→")[-1].strip()
            action = action_of(command)
            assert action is None or ROLE[login] in BY_ACTION[action].roles, (login, line)
            lines += 1
    # the crash after the SMTP conversation left that message uncertain: not sent again on its own
    waiting = cli.json("mail", "outbox", user="asst", now="2026-12-21T10:00")
    assert [w["status"] for w in waiting] == ["uncertain"] and waiting[0]["id"] == crashed_after_send[0]
    FIGURES.append(
        f"mail month: {runs} cron runs over 21 days, {len(failed_once)} transactions rolled back and run again, "
        f"2 crashes; {len(got)} messages arrived ({lines} reminder lines), each once"
    )
