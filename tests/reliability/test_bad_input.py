"""Bad input never gets a traceback and never changes the database: exit 1 or 2 with a message.
Property-based (hypothesis) over command arguments and over receipt CSV imports."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIGURES

pytestmark = pytest.mark.slow  # a long campaign: CI runs it; `pytest -m 'not slow'` for the quick loop

CASES = {"args": 0, "csv": 0}
NASTY = st.sampled_from(
    [
        "",
        " ",
        "2026-02-30",
        "2026-13-01",
        "1e9",
        "-0.00",
        "0",
        "12.345",
        "NaN",
        "'; DROP TABLE staff; --",
        "$(rm -rf /)",
        "`id`",
        "张伟🙂",
        "\x00",
        "a" * 300,
        "25:00",
        "9999-99-99",
        "-1",
        "１２",
        "今天",
        "明天",
    ]
)
TEXT = st.one_of(NASTY, st.text(min_size=0, max_size=40))


COMMANDS = [
    lambda a, b: ["leave", "request", "--type", a, "--from", b, "--to", b],
    lambda a, b: ["leave", "request", "--type", "personal", "--from", a, "--to", b],
    lambda a, b: ["expense", "add", "--date", "2026-11-26", "--client", "华东电子", "--guests", a, "--amount", b],
    lambda a, b: ["expense", "add", "--date", a, "--client", b, "--guests", "王经理", "--amount", "10"],
    lambda a, b: ["attendance", "record", "--date", a, "--staff", "rep1", "--in", b],
    lambda a, b: ["duty", "log", "--staff", a, "--date", "2026-11-26", "--end", b],
    lambda a, b: ["receipt", "add", "--client", "华东电子", "--shipment", a, "--ship-date", b, "--team", "运作一组"],
    lambda a, b: ["receipt", "return", a, "--date", b],
    lambda a, b: ["staff", "add", "--login", a, "--name", b, "--role", "rep"],
    lambda a, b: ["consignee", "mismatch", "1", "--field", a, "--actual", b],
    lambda a, b: ["inquiry", "open", "--client", a, "--question", b, "--channel", "phone"],
    lambda a, b: ["report", "file", "--category", a, b],
    lambda a, b: ["calendar", "set", a, b],
    lambda a, b: ["meeting", "schedule", "--from", a, "--limit", b],
    lambda a, b: ["attendance", "summary", "--month", a, "--format", b],
    lambda a, b: ["leave", "approve", a],
]


@pytest.fixture
def world(dept):
    """The department with a client and a consignee; ``world.committed()`` changes whenever a
    command commits anything (reliability.committed)."""
    from reliability.committed import Committed

    dept.ok("client", "add", "华东电子")
    dept.ok("consignee", "add", "--client", "华东电子", "--name", "上海仓", "--address", "上海", "--phone", "021")
    dept.committed = Committed()
    yield dept
    dept.committed.close()


@settings(
    max_examples=int(os.environ.get("CSOPS_FUZZ_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.integers(min_value=0, max_value=len(COMMANDS) - 1), a=TEXT, b=TEXT)
def test_bad_arguments_exit_1_or_2_with_a_message_and_change_nothing(world, which, a, b):
    args = COMMANDS[which](a, b)
    before = world.committed()
    r = world(*args, user="rep1" if which < 4 else "boss")
    CASES["args"] += 1
    assert "Traceback" not in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    if r.exit_code != 0:
        assert r.exit_code in (1, 2), (args, r.exit_code, r.output)
        assert r.output.strip(), args
        assert world.committed() == before, args
    else:  # accepted: then every option's value was within the limits (issue 14)
        assert _outside_limits(args) is None, (args, r.output)


def _outside_limits(args: list[str]) -> str | None:
    """The first option value a command should have refused: a control character in a one-line
    option (multi-line ones may hold line breaks and tabs), or a required text left empty."""
    from csops.cli.app import MULTILINE_OPTIONS
    from csops.limits import control_character

    for opt, value in zip(args, args[1:], strict=False):
        if not opt.startswith("--"):
            continue
        name = opt[2:].replace("-", "_")
        if control_character(value, multiline=name in MULTILINE_OPTIONS) is not None:
            return value
    return None


ROW = st.fixed_dictionaries(
    {
        "no": TEXT,
        "client": st.sampled_from(["华东电子", "无此客户", ""]),
        "date": TEXT,
        "team": TEXT,
        "copies": st.one_of(st.just(""), TEXT),
    }
)


@settings(
    max_examples=int(os.environ.get("CSOPS_FUZZ_EXAMPLES", "300")) // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(ROW, min_size=0, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16"]),
    header=st.sampled_from(
        [
            "shipment_no,client,ship_date,team,copies",
            "运单号,客户,发货日期,班组,联数",
            "shipment,client",
            "shipment_no,client,ship_date,team,copies,extra",
            "",
        ]
    ),
)
def test_receipt_import_of_broken_csv_is_all_or_nothing(world, tmp_path, rows, encoding, header):
    f = tmp_path / "in.csv"
    text = (
        header
        + "\n"
        + "".join(f"{r['no']},{r['client']},{r['date']},{r['team']},{r['copies']}\n".replace("\x00", "") for r in rows)
    )
    try:
        f.write_bytes(text.encode(encoding))
    except UnicodeEncodeError:
        f.write_bytes(text.encode("utf-8", "replace"))
    before = world.committed()
    r = world("receipt", "import", str(f))
    CASES["csv"] += 1
    assert "Traceback" not in r.output and (r.exception is None or isinstance(r.exception, SystemExit))
    if r.exit_code != 0:
        assert r.exit_code in (1, 2) and r.output.strip()
        assert world.committed() == before


def test_zz_report_how_many_cases_ran():
    FIGURES.append(f"bad input: {CASES['args']} argument cases and {CASES['csv']} CSV cases ran")


def test_a_10mb_field_is_refused_cleanly(world, tmp_path):
    f = tmp_path / "big.csv"
    f.write_text(
        "shipment_no,client,ship_date,team\n" + "X" * 10_000_000 + ",华东电子,2026-11-01,运作一组\n", encoding="utf-8"
    )
    before = world.committed()
    r = world("receipt", "import", str(f))
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert world.committed() == before
