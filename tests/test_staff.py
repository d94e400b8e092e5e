"""People, identity and audit."""

import pytest


def test_staff_add_list_show_edit_deactivate(dept):
    cli = dept
    rows = cli.json("staff", "list")
    assert {r["login"] for r in rows} >= {"boss", "rep1", "on1", "desk"}
    rep = cli.json("staff", "show", "rep1")
    assert rep["superior"] == "sup1" and rep["reporting_line"] == ["sup1", "boss", "gm"]
    assert cli.json("staff", "edit", "rep1", "--email", "liu@example.com")["email"] == "liu@example.com"
    cli.fails(1, "staff", "deactivate", "sup1")  # still has reports
    cli.ok("staff", "deactivate", "rep2")
    assert "rep2" not in {r["login"] for r in cli.json("staff", "list")}
    assert "rep2" in {r["login"] for r in cli.json("staff", "list", "--all")}
    cli.fails(1, "staff", "list", user="rep2")  # deactivated cannot act


def test_staff_errors_are_clear_and_change_nothing(dept):
    cli = dept
    before = cli.json("staff", "list", "--all")
    assert (
        "Unknown superior"
        in cli.fails(2, "staff", "add", "--login", "x", "--name", "X", "--role", "rep", "--superior", "ghost").stderr
    )
    assert "exists already" in cli.fails(1, "staff", "add", "--login", "rep1", "--name", "X", "--role", "rep").stderr
    assert (
        "email"
        in cli.fails(
            2, "staff", "add", "--login", "x", "--name", "X", "--role", "rep", "--email", "not-an-email"
        ).stderr
    )
    assert "role" in cli.fails(2, "staff", "add", "--login", "x", "--name", "X", "--role", "boss").stderr
    assert "circle" in cli.fails(1, "staff", "edit", "boss", "--superior", "rep1").stderr
    cli.fails(1, "staff", "edit", "rep1", "--superior", "rep1")
    cli.fails(1, "staff", "show", "ghost")
    assert cli.json("staff", "list", "--all") == before


def test_only_head_and_assistant_manage_staff(dept):
    cli = dept
    cli.ok("staff", "add", "--login", "new1", "--name", "新人", "--role", "rep", "--superior", "sup1", user="asst")
    for who in ("sup1", "rep1", "desk", "on1"):
        r = cli.fails(1, "staff", "add", "--login", "n" + who, "--name", "X", "--role", "rep", user=who)
        assert "Not permitted" in r.stderr


def test_unknown_acting_user_is_told_how_to_register(dept):
    r = dept.fails(1, "staff", "list", user="stranger")
    assert "csops staff add" in r.stderr


def test_every_write_is_audited_with_actor_and_os_account(dept):
    cli = dept
    cli.ok("staff", "edit", "rep1", "--name", "刘洋洋", user="asst")
    entries = cli.json("audit", "list", "--entity", "staff", "--id", "rep1")
    last = entries[-1]
    assert last["action"] == "staff.edit" and last["actor"] == "asst" and last["os_user"]
    assert last["before"]["name"] == "刘洋" and last["after"]["name"] == "刘洋洋"
    cli.fails(1, "audit", "list", user="rep1")


@pytest.mark.sqlite_only
def test_csops_now_freezes_the_clock_and_bad_now_is_rejected(dept):
    cli = dept
    cli.ok("staff", "edit", "rep1", "--team", "A", now="2026-12-01T08:30")
    at = cli.json("audit", "list", "--entity", "staff", "--id", "rep1")[-1]["at"]
    assert at.startswith("2026-12-01T08:30") and at.endswith("+08:00")
    cli.fails(2, "staff", "list", now="yesterday-ish")


def test_a_login_named_like_a_role_stays_a_login_under_zh(dept):
    """Issue: a staff login `manager` prints as 总经理 under zh. Only the role (a code) is
    translated; a login is shown as it is."""
    cli = dept
    cli.ok("staff", "add", "--login", "manager", "--name", "经理人", "--role", "rep", "--superior", "sup1")
    out = cli.ok("--lang", "zh", "staff", "list", lang="zh").stdout
    cells = {}
    for line in out.splitlines():
        parts = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(parts) > 2:
            cells[parts[1]] = parts
    assert cells["经理人"][0] == "manager" and cells["经理人"][2] == "客服代表"
    assert cells["赵总"][0] == "gm" and cells["赵总"][2] == "总经理"  # the role manager, in Chinese
    assert cli.json("staff", "show", "manager", lang="zh")["login"] == "manager"
