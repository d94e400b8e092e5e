"""Nobody bends the rules (issue 13): cron is the department's, the head's role is the head's, the
policy is the store's."""

import stat

NOW = "2026-11-27T10:00"


def test_cron_run_is_the_heads_the_assistants_or_the_service_accounts(dept, tmp_path):
    """`cron run` by a rep, an unregistered or a deactivated user is refused; `--date` ahead of today is refused;
    replaying a past date is the head's; the reports are owner-only."""
    cli = dept
    cli.ok("staff", "edit", "boss", "--email", "boss@example.com", now=NOW)
    out = {"CSOPS_OUTPUT": str(tmp_path / "reports")}
    for login in ("rep1", "sup1", "on1", "ops1", "gm"):
        r = cli("cron", "run", user=login, now=NOW, env=out)
        assert r.exit_code == 1 and "Not permitted" in r.stderr, login
    assert cli("cron", "run", user="ghost", now=NOW, env=out).exit_code == 1
    cli.ok("staff", "add", "--login", "temp", "--name", "临时", "--role", "assistant", "--superior", "boss", now=NOW)
    cli.ok("staff", "deactivate", "temp", now=NOW)
    assert "deactivated" in cli("cron", "run", user="temp", now=NOW, env=out).stderr
    r = cli("cron", "run", "--date", "2026-12-05", user="asst", now=NOW, env=out)
    assert r.exit_code == 1 and "never ahead" in r.stderr
    assert (
        cli("cron", "run", "--date", "2026-11-26", user="asst", now=NOW, env=out).exit_code == 1
    )  # a replay: the head's
    assert not (tmp_path / "reports").exists()  # nothing ran, nothing written
    cli.ok("cron", "run", "--date", "2026-11-26", user="boss", now=NOW, env=out)
    rows = cli.json("cron", "run", user="asst", now=NOW, env=out)
    assert any(r["status"] == "ran" for r in rows)
    files = [p for p in (tmp_path / "reports").rglob("*") if p.is_file()]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert stat.S_IMODE((tmp_path / "reports").stat().st_mode) & 0o077 == 0
    runs = cli.json("audit", "list", "--entity", "job_run", now=NOW)
    assert {a["after"]["run_by"] for a in runs} == {"boss", "asst"} and all(a["actor"] == "system" for a in runs)


def test_cron_run_by_the_service_account_that_owns_the_store(dept, tmp_path):
    """The OS account that owns the database file (the service account of a shared host) runs cron as itself."""
    from conftest import ON_PG

    cli = dept
    import getpass

    me = getpass.getuser()
    env = {"CSOPS_OUTPUT": str(tmp_path / "reports")}
    if ON_PG:
        (tmp_path / "csops.toml").write_text(f'service_account = "{me}"\n', encoding="utf-8")
    r = cli("cron", "run", "--dry-run", user=None, now=NOW, env=env)
    assert r.exit_code == 0, r.output
    (tmp_path / "csops.toml").write_text('service_account = "somebody-else"\n', encoding="utf-8")
    assert cli("cron", "run", "--dry-run", user=None, now=NOW, env=env).exit_code == 1


def test_only_the_head_makes_or_unmakes_a_head(dept):
    """An assistant manages staff but cannot make themselves head, demote the head, or deactivate the head."""
    cli = dept
    cli.fails(1, "staff", "edit", "asst", "--role", "head", user="asst", now=NOW)
    cli.fails(1, "staff", "edit", "boss", "--role", "rep", user="asst", now=NOW)
    cli.fails(1, "staff", "deactivate", "boss", user="asst", now=NOW)
    cli.ok("staff", "edit", "rep3", "--role", "supervisor", user="asst", now=NOW)  # other roles: the assistant may
    cli.ok("staff", "edit", "sup2", "--role", "head", user="boss", now=NOW)
    assert cli.json("staff", "show", "sup2", now=NOW)["role"] == "head"
