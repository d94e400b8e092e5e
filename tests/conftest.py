"""Every test gets its own database and config file; the clock is frozen with CSOPS_NOW."""
from __future__ import annotations

import json
import os

import pytest


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    cfg = tmp_path / "csops.toml"
    cfg.write_text("", encoding="utf-8")
    monkeypatch.setenv("CSOPS_CONFIG", str(cfg))
    monkeypatch.setenv("CSOPS_DB", str(tmp_path / "csops.db"))
    monkeypatch.setenv("CSOPS_LANG", "en")
    monkeypatch.setenv("CSOPS_NOW", "2026-11-27T10:00")
    monkeypatch.setenv("CSOPS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CSOPS_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.delenv("CSOPS_USER", raising=False)
    yield tmp_path


def _runner():
    """typer's CliRunner, taught to run an already-built (translated) command tree."""
    import typer
    import typer.testing as tt

    if not getattr(tt, "_csops_patched", False):
        orig = tt._get_command
        tt._get_command = lambda app: orig(app) if isinstance(app, typer.Typer) else app
        tt._csops_patched = True
    return tt.CliRunner()


class Cli:
    def __init__(self, tmp_path):
        CliRunner = _runner

        self.runner = CliRunner()
        self.tmp = tmp_path

    def __call__(self, *args, user: str | None = "boss", now: str | None = None, lang: str = "en", input=None, env=None):
        from csops.cli.app import get_cli

        e = dict(env or {})
        if user:
            e["CSOPS_USER"] = user
        if now:
            e["CSOPS_NOW"] = now
        e["CSOPS_LANG"] = lang
        return self.runner.invoke(get_cli(lang), [str(a) for a in args], env=e, input=input, prog_name="csops")

    def ok(self, *args, **kw):
        r = self(*args, **kw)
        assert r.exit_code == 0, (r.exit_code, r.output, getattr(r, "stderr", ""), r.exception)
        return r

    def json(self, *args, **kw):
        r = self.ok(*args, "--format", "json", **kw)
        return json.loads(r.stdout)

    def fails(self, code, *args, **kw):
        r = self(*args, **kw)
        assert r.exit_code == code, (r.exit_code, r.output)
        assert "Traceback" not in r.output
        return r


@pytest.fixture
def cli(tmp_path):
    return Cli(tmp_path)


DEPT = [
    # login, name, role, superior
    ("gm", "赵总", "manager", None),
    ("boss", "王芳", "head", "gm"),
    ("sup1", "李强", "supervisor", "boss"),
    ("sup2", "陈静", "supervisor", "boss"),
    ("asst", "周敏", "assistant", "boss"),
    ("rep1", "刘洋", "rep", "sup1"),
    ("rep2", "张伟", "rep", "sup1"),
    ("rep3", "孙丽", "rep", "sup2"),
    ("on1", "吴昊", "onsite", "sup2"),
    ("on2", "郑凯", "onsite", "sup2"),
    ("on3", "徐磊", "onsite", "sup2"),
    ("desk", "黄燕", "frontdesk", None),
    ("ops1", "马军", "ops", None),
]


@pytest.fixture
def dept(cli):
    """A department of 13: the head (boss) under a manager, two supervisors, reps, on-site, front desk, ops."""
    cli.ok("init", "--head-login", "boss", "--head-name", "王芳", user=None)
    cli.ok("staff", "add", "--login", "gm", "--name", "赵总", "--role", "manager")
    cli.ok("staff", "edit", "boss", "--superior", "gm")
    for login, name, role, sup in DEPT[2:]:
        args = ["staff", "add", "--login", login, "--name", name, "--role", role]
        if sup:
            args += ["--superior", sup]
        if role == "ops":
            args += ["--team", "运作一组"]
        cli.ok(*args)
    return cli
