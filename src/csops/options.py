"""The options of a command line (a module of its own: `csops --help` reads it without loading
the services)."""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("table", "json", "csv")  # what every reading command's --format offers (csops.output writes them)


@dataclass
class Options:
    """What the root command line said (click's ``ctx.obj``), and over SSH what the key line says."""

    db: str | None = None
    debug: bool = False
    config: str | None = None  # the config file, when the key line names it (else $CSOPS_CONFIG, the default)
    login: str | None = None  # over SSH: the login of the key line (csops remote-shell); nothing else decides
    remote: bool = False  # running for a client over SSH
