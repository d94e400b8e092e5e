"""Every test gets its own database and config file; the clock is frozen.

The suite runs on SQLite by default. With ``CSOPS_TEST_PG`` set to an admin URL of a
PostgreSQL server (``.ci/run`` starts one), every test gets a fresh PostgreSQL database
instead, cloned from a migrated template, and csops connects as the runtime role of
docs/postgresql.md (``csops db grants``: DML on its tables, only SELECT/INSERT on the audit
log, owning nothing), as the host's service account does: the config names the OS account as
``service_account``, which alone may name the acting login with ``CSOPS_USER``. The clock is
the server's, which the test database lets a session setting (``csops.now``) fix. Tests that
are about SQLite itself are marked ``sqlite_only``; PostgreSQL-only ones ``postgres_only``.
"""

from __future__ import annotations

import json
import os
import uuid
from urllib.parse import quote

import pytest

PG_ADMIN = os.environ.get("CSOPS_TEST_PG")
ON_PG = bool(PG_ADMIN)
RUNTIME_ROLE = "csops_app"  # what csops connects as on PostgreSQL (docs/postgresql.md)
CLOCK_SQL = """
CREATE SCHEMA IF NOT EXISTS csops_clock;
CREATE OR REPLACE FUNCTION csops_clock.now() RETURNS timestamptz LANGUAGE sql STABLE AS
$$ SELECT COALESCE(NULLIF(current_setting('csops.now', true), '')::timestamptz, pg_catalog.now()) $$;
GRANT USAGE ON SCHEMA csops_clock TO PUBLIC;
"""


FIGURES: list[str] = []  # reliability figures, printed at the end of the run (and so in the CI log)


def pytest_report_header(config):
    return f"csops store under test: {'PostgreSQL' if ON_PG else 'SQLite'}"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    terminalreporter.write_line(f"csops store under test: {'PostgreSQL' if ON_PG else 'SQLite'}")
    if FIGURES:
        terminalreporter.section("reliability figures")
        for line in FIGURES:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if ON_PG and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="about SQLite itself; runs in the SQLite half"))
        if not ON_PG and item.get_closest_marker("postgres_only"):
            item.add_marker(pytest.mark.skip(reason="about PostgreSQL itself; runs in the PostgreSQL half"))


def pg_url(db: str, user: str | None = None, now: str | None = None) -> str:
    """A URL for ``db`` on the test server, as ``user``, with the test clock at ``now``."""
    base = PG_ADMIN.rsplit("/", 1)[0]
    scheme, rest = base.split("://", 1)
    hostpart = rest.split("@", 1)[1]
    admin = rest.split("@", 1)[0]
    opts = "-c search_path=public,csops_clock,pg_catalog"
    if now:
        if len(now) <= 16 or now[-6] not in "+-":
            now = now + "+08:00"
        opts += f" -c csops.now={now}"
    return f"{scheme}://{quote(user or admin, safe='')}@{hostpart}/{db}?options={quote(opts)}"


def pg_plain_url(db: str, user: str | None = None) -> str:
    """A libpq URL for ``db`` as ``user`` (psycopg itself, no csops options)."""
    base = PG_ADMIN.replace("+psycopg", "").rsplit("/", 1)[0]
    if user:
        scheme, rest = base.split("://", 1)
        base = f"{scheme}://{quote(user, safe='')}@{rest.split('@', 1)[1]}"
    return f"{base}/{db}"


def config_text(text: str = "") -> str:
    """A test's config file: on PostgreSQL the OS account is the service account (it alone names
    the acting login, as on the shared host), then ``text``."""
    if not ON_PG:
        return text
    from csops.services.context import os_account

    return f'service_account = "{os_account()}"\n' + text


def grant_runtime_role(db: str) -> None:
    """Create the runtime role (once per server) and give it `csops db grants` on ``db``."""
    from csops.services.db import grant_statements

    with _admin_conn() as c:
        if not c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (RUNTIME_ROLE,)).fetchone():
            c.execute(f'CREATE ROLE "{RUNTIME_ROLE}" LOGIN')
    with _admin_conn(db) as c:
        for sql in grant_statements(RUNTIME_ROLE, database=db):
            c.execute(sql)
        c.execute(f'GRANT USAGE ON SCHEMA csops_clock TO "{RUNTIME_ROLE}"')


def _admin_conn(db: str = "postgres"):
    import psycopg

    return psycopg.connect(PG_ADMIN.replace("+psycopg", "").rsplit("/", 1)[0] + "/" + db, autocommit=True)


@pytest.fixture(scope="session")
def pg_template():
    if not ON_PG:
        return None
    name = f"csops_tpl_{uuid.uuid4().hex[:8]}"
    with _admin_conn() as c:
        c.execute(f"CREATE DATABASE {name}")
    from csops.db import make_engine, upgrade

    engine = make_engine(pg_url(name))
    upgrade(engine)
    engine.dispose()
    with _admin_conn(name) as c:
        c.execute(CLOCK_SQL)
    grant_runtime_role(name)
    yield name
    with _admin_conn() as c:
        c.execute(f"DROP DATABASE IF EXISTS {name}")


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, request):
    cfg = tmp_path / "csops.toml"
    cfg.write_text(config_text(), encoding="utf-8")
    monkeypatch.setenv("CSOPS_CONFIG", str(cfg))
    if ON_PG:
        tpl = request.getfixturevalue("pg_template")
        name = f"t_{uuid.uuid4().hex[:12]}"
        with _admin_conn() as c:
            c.execute(f"CREATE DATABASE {name} TEMPLATE {tpl}")
        monkeypatch.setenv("CSOPS_TEST_DBNAME", name)
        monkeypatch.setenv("CSOPS_DB", pg_url(name, RUNTIME_ROLE))
    else:
        monkeypatch.setenv("CSOPS_DB", str(tmp_path / "csops.db"))
    monkeypatch.setenv("CSOPS_LANG", "en")
    from csops.i18n import set_language

    set_language("en")  # what a test calls directly speaks English, whatever the last command spoke
    monkeypatch.setenv("CSOPS_NOW", "2026-11-27T10:00")
    monkeypatch.setenv("CSOPS_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("CSOPS_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.delenv("CSOPS_USER", raising=False)
    yield tmp_path
    if ON_PG:
        with _admin_conn() as c:
            c.execute(f"DROP DATABASE IF EXISTS {os.environ['CSOPS_TEST_DBNAME']} WITH (FORCE)")


_TREES: dict[str, object] = {}


def _tree(lang: str):
    """The command tree in ``lang``, built once per session: building it (every group's module and
    annotations) costs more than most commands do."""
    if lang not in _TREES:
        from csops.cli.app import get_cli

        _TREES[lang] = get_cli(lang)
    return _TREES[lang]


def _invoke(runner, cmd, args, env, input):
    """Run ``cmd`` as `csops` would, inside the runner's public isolation (streams, env, stdin)."""
    import sys

    from typer.testing import Result

    code, exception, exc_info = 0, None, None
    with runner.isolation(input=input, env=env) as (out, err, both):
        try:
            cmd.main(args=args, prog_name="csops")
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            if code:
                exception, exc_info = e, sys.exc_info()
        except Exception as e:  # noqa: BLE001 - reported in the result, as click's runner does
            code, exception, exc_info = 1, e, sys.exc_info()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        return Result(runner, out.getvalue(), err.getvalue(), both.getvalue(), None, code, exception, exc_info)


class Cli:
    def __init__(self, tmp_path):
        from typer.testing import CliRunner

        self.runner = CliRunner()
        self.tmp = tmp_path

    def __call__(
        self, *args, user: str | None = "boss", now: str | None = None, lang: str = "en", input=None, env=None
    ):
        e = dict(env or {})
        args = [str(a) for a in args]
        if ON_PG and "--db" not in args:
            # PostgreSQL: the runtime role, the service account naming the login, the server's clock
            now = now or os.environ.get("CSOPS_NOW")
            e["CSOPS_DB"] = pg_url(os.environ["CSOPS_TEST_DBNAME"], RUNTIME_ROLE, now)
            e["CSOPS_NOW"] = None
            e["CSOPS_USER"] = user
        else:
            if user:
                e["CSOPS_USER"] = user
            if now:
                e["CSOPS_NOW"] = now
        e["CSOPS_LANG"] = lang
        e.setdefault("COLUMNS", None)  # tables at full width unless a test asks for a terminal's
        e.setdefault("CSOPS_WIDE", None)
        return _invoke(self.runner, _tree(lang), args, e, input)

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


def build_dept(cli) -> None:
    """The department of DEPT, built through the command line as a user would."""
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


class Templates:
    """Worlds built once per session through the command line, as a user would, and copied for
    each test that asks (SQLite: the file; PostgreSQL: a database cloned with the world as its
    template). ``restore(key, build)`` builds the world ``key`` on first use with ``build(cli,
    folder)`` (``folder``: the world's own folder, for the files it reads) and gives the running
    test a copy; it returns the folder."""

    def __init__(self, factory, request):
        self.factory, self.request = factory, request
        self.made: dict[str, tuple[object, object]] = {}

    def _build(self, key, build):
        folder = self.factory.mktemp(f"{key}-template")
        with pytest.MonkeyPatch.context() as mp:
            cfg = folder / "csops.toml"
            cfg.write_text(config_text(), encoding="utf-8")
            mp.setenv("CSOPS_CONFIG", str(cfg))
            mp.setenv("CSOPS_LANG", "en")
            mp.setenv("CSOPS_NOW", "2026-11-27T10:00")
            mp.setenv("CSOPS_CACHE", str(folder / "cache"))
            mp.setenv("CSOPS_OUTBOX", str(folder / "outbox"))
            mp.delenv("CSOPS_USER", raising=False)
            if ON_PG:
                tpl = self.request.getfixturevalue("pg_template")
                name = f"csops_{key}_{uuid.uuid4().hex[:8]}"
                with _admin_conn() as c:
                    c.execute(f"CREATE DATABASE {name} TEMPLATE {tpl}")
                mp.setenv("CSOPS_TEST_DBNAME", name)
                build(Cli(folder), folder)
                return folder, name
            path = folder / "csops.db"
            mp.setenv("CSOPS_DB", str(path))
            build(Cli(folder), folder)
            return folder, path

    def restore(self, key, build):
        if key not in self.made:
            self.made[key] = self._build(key, build)
        folder, source = self.made[key]
        if ON_PG:
            name = os.environ["CSOPS_TEST_DBNAME"]
            with _admin_conn() as c:
                c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                c.execute(f"CREATE DATABASE {name} TEMPLATE {source}")
        else:
            import shutil

            shutil.copyfile(source, os.environ["CSOPS_DB"])
        return folder

    def close(self):
        if ON_PG:
            with _admin_conn() as c:
                for _folder, name in self.made.values():
                    c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def templates(tmp_path_factory, request):
    t = Templates(tmp_path_factory, request)
    yield t
    t.close()


@pytest.fixture
def dept(cli, templates):
    """A department of 13: the head (boss) under a manager, two supervisors, reps, on-site, front desk, ops
    (a copy of the session's template: built once through the CLI)."""
    templates.restore("dept", lambda c, folder: build_dept(c))
    return cli
