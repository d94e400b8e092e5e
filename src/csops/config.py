"""The config file and where the database is (CLI.md "Everywhere").

Config file: ``$CSOPS_CONFIG``, else ``csops.toml`` in the user's config folder. It holds
personal settings only (database, mail transport, output folder); policy parameters are
department data in the store (``csops policy``).
Database: ``--db``, ``$CSOPS_DB``, the ``database`` key, else ``csops.db`` in the
user's data folder. A plain path is SQLite; ``postgresql+psycopg://...`` is PostgreSQL.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csops.errors import BadInput
from csops.i18n import _

TOP_LEVEL_KEYS = {"database", "lang", "mail", "output", "service_account", "ssh"}
MAIL_KEYS = {"host", "port", "security", "user", "password_env", "from", "outbox"}
OUTPUT_KEYS = {"folder", "format", "font", "file_group"}
SSH_KEYS = {"authorized_keys", "command"}


@dataclass
class Config:
    path: Path | None = None
    database: str | None = None
    service_account: str | None = None  # shared use: the OS account that alone opens the store
    lang: str | None = None  # en or zh: after --lang and $CSOPS_LANG, before the locale
    mail: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] = field(default_factory=dict)
    ssh: dict[str, Any] = field(default_factory=dict)  # shared use: authorized_keys, the csops command


def config_path(environ: Mapping[str, str] | None = None, path: str | Path | None = None) -> Path:
    """The config file: ``path`` (over SSH, from the key line), ``$CSOPS_CONFIG``, else the default."""
    if path:
        return Path(path).expanduser()
    env = os.environ if environ is None else environ
    if env.get("CSOPS_CONFIG"):
        return Path(env["CSOPS_CONFIG"]).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("csops")) / "csops.toml"


def load_config(environ: Mapping[str, str] | None = None, path: str | Path | None = None) -> Config:
    explicit = path
    path = config_path(environ, explicit)
    if not path.exists():
        if explicit or (environ or os.environ).get("CSOPS_CONFIG"):
            raise BadInput(_("Config file not found: {path}").format(path=path))
        return Config()
    import tomllib  # only when there is a file to read (`csops --help` without one starts faster)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(_("Config file {path} is not valid TOML: {reason}").format(path=path, reason=exc)) from None
    if "policy" in data:
        raise BadInput(
            _(
                "Config file {path}: a [policy] table is not read any more: policy parameters are the "
                "department's data, kept in the database with their history. The head moves an old "
                "config in with `csops policy import {path}` and changes a value with "
                "`csops policy set KEY VALUE --from DATE --reason TEXT`."
            ).format(path=path)
        )
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            raise BadInput(_("Config file {path}: unknown key {key!r}").format(path=path, key=key))
    for table, allowed in (("mail", MAIL_KEYS), ("output", OUTPUT_KEYS), ("ssh", SSH_KEYS)):
        for key in data.get(table, {}) or {}:
            if key not in allowed:
                raise BadInput(_("Config file {path}: unknown key {key!r}").format(path=path, key=f"{table}.{key}"))
    db = data.get("database")
    if data.get("lang") is not None and data["lang"] not in ("en", "zh"):
        raise BadInput(_("Config file {path}: 'lang' must be en or zh").format(path=path))
    for key in ("database", "service_account"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise BadInput(_("Config file {path}: {key!r} must be a string").format(path=path, key=key))
    return Config(
        path=path,
        database=db,
        service_account=data.get("service_account"),
        lang=data.get("lang"),
        mail=dict(data.get("mail", {}) or {}),
        output=dict(data.get("output", {}) or {}),
        ssh=dict(data.get("ssh", {}) or {}),
    )


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("csops")) / "csops.db"


def resolve_database(cli_value: str | None, config: Config, environ: Mapping[str, str] | None = None) -> str:
    """Return an SQLAlchemy URL for the database, by CLI.md's order."""
    env = os.environ if environ is None else environ
    value = cli_value or env.get("CSOPS_DB") or config.database
    if not value:
        return sqlite_url(default_db_path())
    return to_url(value)


def to_url(value: str) -> str:
    if value.startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        if value.startswith("postgres://"):
            value = "postgresql+psycopg://" + value[len("postgres://") :]
        elif value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value
    if value.startswith("sqlite:///"):
        return value
    if "://" in value:
        raise BadInput(
            _("Unsupported database URL: {value} (use a file path or postgresql+psycopg://...)").format(value=value)
        )
    return sqlite_url(Path(value).expanduser())


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.resolve()}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path:
    return Path(url[len("sqlite:///") :])


def configured_language(environ: Mapping[str, str] | None = None) -> str | None:
    """The config file's ``lang`` for choosing the language before anything else runs; a config
    file that cannot be read gives None here (the command reports it when it loads the config)."""
    try:
        return load_config(environ).lang
    except BadInput:
        return None
