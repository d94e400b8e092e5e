"""The policy as department data (issue 13's groundwork, CLI.md revised 2026-11-28): parameters in the
store with their history, set by the head only, in force from a date; the config file holds no policy."""

import json

from conftest import config_text

NOW = "2026-11-27T10:00"


def test_policy_set_by_the_head_from_a_date_with_a_reason(dept):
    """LEAVE-6: the head changes the department's limit from a date on; history and `show --at` tell what was in force."""
    cli = dept
    cli.fails(
        1, "policy", "set", "leave.department_max_days", "5", "--reason", "x", user="asst", now=NOW
    )  # the head only
    cli.fails(1, "policy", "set", "leave.department_max_days", "5", "--reason", "x", user="rep1", now=NOW)
    cli.fails(2, "policy", "set", "leave.department_max_days", "5", now=NOW)  # say why
    cli.fails(2, "policy", "set", "leave.department_max_days", "five", "--reason", "x", now=NOW)
    cli.fails(1, "policy", "set", "leave.max", "5", "--reason", "x", now=NOW)
    past = cli.fails(
        1, "policy", "set", "leave.department_max_days", "5", "--from", "2026-11-01", "--reason", "x", now=NOW
    )
    assert "past months" in past.stderr  # a change never rewrites past months
    row = cli.json(
        "policy", "set", "leave.department_max_days", "5", "--from", "2026-12-01", "--reason", "总经理同意", now=NOW
    )
    assert (row["key"], row["value"], row["from"], row["set_by"], row["reason"]) == (
        "leave.department_max_days",
        "5",
        "2026-12-01",
        "boss",
        "总经理同意",
    )
    show = lambda at: cli.json("policy", "show", "--clause", "LEAVE-6", "--at", at, now=NOW)[0]["parameters"]  # noqa: E731
    assert [(p["key"], p["value"], p["set_by_department"]) for p in show("2026-11-30")][0] == (
        "leave.department_max_days",
        "3",
        False,
    )
    assert [(p["key"], p["value"], p["set_by_department"]) for p in show("2026-12-01")][0] == (
        "leave.department_max_days",
        "5",
        True,
    )
    assert show("2026-11-27")[0]["change_scheduled"] is True
    hist = cli.json("policy", "history", now=NOW)
    assert [(h["key"], h["value"], h["from"], h["set_by"]) for h in hist] == [
        ("leave.department_max_days", "5", "2026-12-01", "boss")
    ]
    assert any(a["action"] == "policy.set" for a in cli.json("audit", "list", "--entity", "policy_setting", now=NOW))
    # the verdict about a day uses the policy of that day: a 4-day leave in November goes to the manager, in December not
    nov = cli.json(
        "leave", "request", "--type", "annual", "--from", "2026-11-30", "--to", "2026-12-03", user="rep1", now=NOW
    )
    assert nov["chain"] == ["sup1", "boss", "gm"]  # asked on 11-27 under the limit of 3
    dec = cli.json(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-12-14",
        "--to",
        "2026-12-17",
        user="rep2",
        now="2026-12-01T09:00",
    )
    assert dec["chain"] == ["sup1", "boss"]
    back = cli.json(
        "policy",
        "set",
        "leave.department_max_days",
        "default",
        "--from",
        "2026-12-10",
        "--reason",
        "恢复",
        now="2026-12-01T09:00",
    )
    assert back["value"] == "default"
    assert (
        cli.json("policy", "show", "--clause", "LEAVE-6", "--at", "2026-12-10", now=NOW)[0]["parameters"][0]["value"]
        == "3"
    )


def test_policy_in_a_config_file_is_refused_and_the_head_imports_it(dept, tmp_path):
    """CLI.md (revised 2026-11-28): a [policy] table in a config file is refused, naming `csops policy import`."""
    cli = dept
    old = tmp_path / "old.toml"
    old.write_text(
        '[policy]\n"leave.department_max_days" = 5\n[policy.duty]\nmeal_allowance_amount = "25.00"\n', encoding="utf-8"
    )
    cfg = tmp_path / "csops.toml"
    cfg.write_text(config_text(old.read_text(encoding="utf-8")), encoding="utf-8")
    r = cli.fails(2, "leave", "list", user="rep1", now=NOW)
    assert "csops policy import" in r.stderr and "[policy]" in r.stderr
    cfg.write_text(config_text(), encoding="utf-8")
    cli.fails(1, "policy", "import", old, user="rep1", now=NOW)
    bad = tmp_path / "bad.toml"
    bad.write_text('[policy]\n"leave.department_max_days" = 5\n"receipt.return_within_days" = 999\n', encoding="utf-8")
    assert "receipt.return_within_days" in cli.fails(2, "policy", "import", bad, now=NOW).stderr
    assert cli.json("policy", "history", now=NOW) == []  # all or nothing
    rows = cli.json("policy", "import", old, now=NOW)
    assert {(r["key"], r["value"], r["from"]) for r in rows} == {
        ("leave.department_max_days", "5", None),
        ("duty.meal_allowance_amount", "25.00", None),
    }
    p = {
        x["key"]: x["value"] for c in cli.json("policy", "show", "--at", "2020-01-01", now=NOW) for x in c["parameters"]
    }
    assert p["leave.department_max_days"] == "5" and p["duty.meal_allowance_amount"] == "25.00"  # since always


def test_policy_from_a_callers_own_config_cannot_bend_a_verdict(dept, tmp_path):
    """The attack of issue 13: a rep's own config file with a generous policy changes nothing."""
    cli = dept
    evil = tmp_path / "evil.toml"
    evil.write_text('[policy]\n"leave.department_max_days" = 60\n', encoding="utf-8")
    r = cli(
        "leave",
        "request",
        "--type",
        "annual",
        "--from",
        "2026-12-07",
        "--to",
        "2026-12-18",
        user="rep1",
        now=NOW,
        env={"CSOPS_CONFIG": str(evil)},
    )
    assert r.exit_code == 2 and "policy import" in r.stderr
    assert cli.json("leave", "list", now=NOW) == []
    chain = cli.json(
        "leave", "request", "--type", "annual", "--from", "2026-12-07", "--to", "2026-12-18", user="rep1", now=NOW
    )["chain"]
    assert chain == ["sup1", "boss", "gm"]
    assert json.loads(cli.ok("policy", "history", "--format", "json", now=NOW).stdout) == []
