"""Two languages, dates as users type them, and the policy's parameters (every clause)."""

import importlib.util
import json
import re
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from csops.dates import parse_date, parse_datetime, parse_month
from csops.errors import BadInput
from csops.i18n import catalog, detect_language, ngettext, set_language, translations
from csops.rules.policy import PARAMS, Policy, PolicyValueError, clauses

ROOT = Path(__file__).resolve().parent.parent


def _extract():
    spec = importlib.util.spec_from_file_location("i18n_extract", ROOT / "scripts" / "i18n_extract.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.messages()


def test_every_message_has_its_chinese():
    cat = catalog()
    missing = [m for m in _extract() if not cat.get(m)]
    assert missing == []


def test_chinese_keeps_every_placeholder():
    for msgid, zh in catalog().items():
        assert sorted(re.findall(r"\{\w+(?:![a-z])?\}", msgid)) == sorted(re.findall(r"\{\w+(?:![a-z])?\}", zh)), msgid


def test_the_catalog_is_compiled_gettext_with_chinese_plural_forms():
    """The catalog is a gettext .mo compiled from the .po at build time; Chinese has one plural form."""
    t = translations("zh")
    assert "nplurals=1" in t.info().get("plural-forms", "")
    assert ngettext("{n} file", "{n} files", 1) == "{n} file" and ngettext("{n} file", "{n} files", 2) == "{n} files"
    try:
        set_language("zh")
        one, many = (ngettext("Recorded {n} arrival.", "Recorded {n} arrivals.", k) for k in (1, 5))
        assert one == many == "已登记 {n} 人到岗。"  # one Chinese form for every count
    finally:
        set_language("en")
    assert ngettext("Recorded {n} arrival.", "Recorded {n} arrivals.", 1) == "Recorded {n} arrival."
    assert (
        detect_language([], {}, configured="zh") == "zh"
        and detect_language([], {"CSOPS_LANG": "en"}, configured="zh") == "en"
    )


def test_the_compiled_catalog_is_the_po_file():
    """csops.mo is built from csops.po (pip install runs the build; scripts/i18n_add.py recompiles):
    a .po edited without recompiling fails here rather than showing stale Chinese."""
    from babel.messages.pofile import read_po

    po = ROOT / "src/csops/locale/zh_CN/LC_MESSAGES/csops.po"
    with po.open("rb") as fh:
        source = read_po(fh, locale="zh_CN")
    expected = {}
    for m in source:
        if not m.id:
            continue
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        expected[key] = m.string[0] if isinstance(m.string, tuple) else m.string
    compiled = catalog()
    stale = sorted(k for k, v in expected.items() if v and compiled.get(k) != v)
    assert not stale, f"csops.mo is older than csops.po: run python -m csops.i18n.catalogs ({stale[:3]})"


def test_language_choice_order():
    assert detect_language(["--lang", "zh"], {"CSOPS_LANG": "en"}) == "zh"
    assert detect_language([], {"CSOPS_LANG": "zh", "LANG": "en_US.UTF-8"}) == "zh"
    assert detect_language([], {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert detect_language([], {"LANG": "en_US.UTF-8"}) == "en"


def test_messages_and_help_in_chinese(dept):
    r = dept.fails(1, "staff", "show", "ghost", lang="zh")
    assert "错误" in r.stderr and "没有登录名" in r.stderr
    assert "请假" in dept.ok("leave", "--help", lang="zh").stdout
    rows = dept.json(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-12-01",
        "--to",
        "2026-12-01",
        user="rep1",
        now="2026-11-30T09:00",
        lang="zh",
    )
    assert rows["chain"] == ["sup1", "boss"]  # JSON keys stay English and stable


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("2026年12月1日", date(2026, 12, 1)),
        ("12月1日", date(2026, 12, 1)),
        ("today", date(2026, 11, 27)),
        ("今天", date(2026, 11, 27)),
        ("明天", date(2026, 11, 28)),
        ("yesterday", date(2026, 11, 26)),
    ],
)
def test_dates_as_users_type_them(text, expected):
    assert parse_date(text, date(2026, 11, 27)) == expected


def test_date_times_months_and_bad_input():
    now = datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert parse_datetime("22:40", now).time() == time(22, 40)
    assert parse_datetime("2026年12月1日 22:40", now) == datetime(2026, 12, 1, 22, 40, tzinfo=now.tzinfo)
    assert parse_month("2026年11月") == (2026, 11) and parse_month("2026-11") == (2026, 11)
    for bad in ("2026-02-30", "13月1日", "soon", ""):
        with pytest.raises(BadInput):
            parse_date(bad, now.date())
    with pytest.raises(BadInput):
        parse_month("2026-13")


def test_policy_parameters_defaults_and_overrides():
    p = Policy()
    assert p["duty.late_start_after"] == time(22, 0) and p["attendance.violation_minutes"] == 20
    assert p["duty.meal_allowance_amount"] is None
    p = Policy(
        {"duty.meal_allowance_amount": "25.00", "meeting.weekday": "Sunday", "meeting.minutes_due": "Tuesday 10:00"}
    )
    assert str(p["duty.meal_allowance_amount"]) == "25.00" and p["meeting.weekday"] == "sunday"
    for key, value in (
        ("leave.department_max_days", "three"),
        ("duty.late_start_after", "25:00"),
        ("no.such.key", 1),
        ("duty.meal_allowance_amount", 2.5),
        ("timezone", "Mars/Base"),
        ("meeting.every_weeks", 0),
    ):
        with pytest.raises(PolicyValueError) as e:
            Policy({key: value})
        assert e.value.key == key


def test_policy_show_marks_defaults_not_in_the_text(cli, tmp_path):
    """`policy show` without a database shows the defaults, saying so; each clause's texts and parameters."""
    from conftest import ON_PG

    r = cli("policy", "show", "--format", "json", user=None)
    assert r.exit_code == 0 and (ON_PG or "defaults" in r.stderr)  # PostgreSQL: the test database exists already
    rows = json.loads(r.stdout)
    ids = [r["clause"] for r in rows]
    assert ids == [c.id for c in clauses()] and "DUTY-2" in ids and len(ids) == 48
    duty1 = next(r for r in rows if r["clause"] == "DUTY-1")
    amount = next(p for p in duty1["parameters"] if p["key"] == "duty.meal_allowance_amount")
    assert amount["in_text"] is False and amount["value"] == "unset"
    assert "晚上作业到" in duty1["zh"]
    rcpt2 = next(r for r in rows if r["clause"] == "RCPT-2")
    assert rcpt2["revised"] == "2026-11-28" and rcpt2["parameters"] == [
        {
            "key": "receipt.exchange_grace_days",
            "value": "0",
            "default": "0",
            "in_text": False,
            "set_by_department": False,
            "change_scheduled": False,
        }
    ]
    cli.fails(1, "policy", "show", "--clause", "NOPE-1", user=None)
    table = cli.ok("policy", "show", "--clause", "DUTY-4", user=None).stdout
    assert "duty.comp_rest_per_weekend_day = 1  (not in the text: a default, not a company rule)" in table


def test_every_parameter_of_policy_md_is_known():
    text_params = set()
    for c in clauses():
        text_params |= set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)*)`\s*=", c.en + " " + c.reading))
    assert text_params <= {p.key for p in PARAMS}


# Areas built so far; later issues add theirs. A clause of a built area with no test fails here.
BUILT = ("WORKDAY", "LEAVE", "DUTY", "ATTEND")


def test_every_clause_of_a_built_area_is_named_by_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py"))
    norm = tests.upper().replace("_", "-")
    missing = [c.id for c in clauses() if c.id.split("-")[0] in BUILT and c.id not in norm]
    assert missing == []


def test_docs_policy_md_is_up_to_date():
    """docs/policy.md maps every clause to code and tests; regenerate with scripts/policy_map.py."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "policy_map.py"), "--check"])
    assert r.returncode == 0, "docs/policy.md is stale: run python scripts/policy_map.py"
