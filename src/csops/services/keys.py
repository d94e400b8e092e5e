"""The SSH keys of shared use (`csops keys`; docs/shared-use.md).

Each person's public key is kept in the store (who added it, when; removed keys stay on file)
and written into the service account's authorized_keys, each line with a forced command that
names the person's login::

    restrict,command="/usr/local/bin/csops remote-shell wang.fang" ssh-ed25519 AAAA... comment

sshd then runs ``csops remote-shell LOGIN`` for whatever the client asked; identity comes from
the key line, never from what the client sends. csops owns a marked block of the file and
keeps every other line as it was; the file is rewritten whole (temporary file, fsync, rename),
mode 0600, after the change is committed. ``keys sync`` writes it again from the store.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import shlex
import shutil
import struct
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from csops.errors import BadInput, NotFound, Refused
from csops.i18n import N_, _
from csops.services.context import Ctx, audit
from csops.views import View, shown

KEY_TYPES = (
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "ssh-rsa",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
BEGIN = "# csops keys: begin (written by `csops keys`; edit with `csops keys add/remove`)"
END = "# csops keys: end"


@dataclass(frozen=True)
class PublicKey:
    key_type: str
    key_data: str
    comment: str | None
    fingerprint: str  # as ssh-keygen -l prints it: SHA256:...


def parse_public_key(text: str) -> PublicKey:
    """A public key as ``ssh-keygen`` writes it (``TYPE BASE64 [COMMENT]``), checked: a known
    type, valid base64 whose embedded type is the same, no options in front, one line."""
    text = text.strip()
    if not text or "\n" in text or "\r" in text:
        raise BadInput(_("A public key is one line: TYPE BASE64 [COMMENT] (the .pub file's content)."))
    parts = text.split(None, 2)
    if parts[0] not in KEY_TYPES:
        raise BadInput(
            _("Not a public key of a known type ({types}): {start!r}.").format(
                types=", ".join(KEY_TYPES), start=parts[0][:40]
            )
        )
    if len(parts) < 2:
        raise BadInput(_("The key's data is missing after {type}.").format(type=parts[0]))
    key_type, data = parts[0], parts[1]
    try:
        blob = base64.b64decode(data, validate=True)
        (n,) = struct.unpack(">I", blob[:4])
        embedded = blob[4 : 4 + n].decode("ascii")
    except (binascii.Error, struct.error, UnicodeDecodeError, ValueError):
        raise BadInput(_("The key's data is not valid base64 of an SSH key.")) from None
    if embedded != key_type:
        raise BadInput(_("The key says {inner} inside but {outer} outside.").format(inner=embedded, outer=key_type))
    comment = parts[2].strip() if len(parts) > 2 else None
    if comment and not re.fullmatch(r"[\w.@+=:/-]+( [\w.@+=:/-]+)*", comment):
        comment = re.sub(r"[^\w.@+=:/ -]", "_", comment)[:200]
    fp = "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")
    return PublicKey(key_type, data, comment or None, fp)


@dataclass(frozen=True)
class KeyView(View):
    """One key on file."""

    id: int = shown(N_("ID"), "int")
    login: str = shown(N_("Login"), "person")
    fingerprint: str = shown(N_("Fingerprint"))
    key_type: str = shown(N_("Key type"))
    comment: str | None = shown(N_("Comment"))
    added_at: datetime = shown(N_("Added"), "datetime")
    added_by: str = shown(N_("Added by"), "person")
    removed_at: datetime | None = shown(N_("Removed"), "datetime", table=False, default=None)
    removed_by: str | None = shown(N_("Removed by"), "person", table=False, default=None)
    active: bool = shown(N_("Active"), "bool", default=True)


def _view(ctx: Ctx, row: Any, login: str) -> KeyView:
    return KeyView(
        id=row.id,
        login=login,
        fingerprint=row.fingerprint,
        key_type=row.key_type,
        comment=row.comment,
        added_at=ctx.local(row.added_at),
        added_by=row.added_by,
        removed_at=ctx.local(row.removed_at),
        removed_by=row.removed_by,
        active=row.removed_at is None,
    )


def _staff(ctx: Ctx, login: str) -> Any:
    from sqlmodel import select

    from csops.models import Staff

    staff = ctx.session.exec(select(Staff).where(Staff.login == login)).first()
    if staff is None:
        raise NotFound(_("No staff member with login {login!r}.").format(login=login))
    return staff


def add_key(ctx: Ctx, login: str, key_text: str) -> KeyView:
    """Put ``login``'s public key on file (head, assistant)."""
    from sqlmodel import col, select

    from csops.models import SshKey

    ctx.require("keys add")
    staff = _staff(ctx, login)
    if not staff.active:
        raise Refused(_("{login} is deactivated: a key would let them in.").format(login=login))
    key = parse_public_key(key_text)
    taken = ctx.session.exec(
        select(SshKey).where(SshKey.fingerprint == key.fingerprint, col(SshKey.removed_at).is_(None))
    ).first()
    if taken is not None:
        holder = _login_of(ctx, taken.staff_id)
        raise Refused(
            _("This key ({fingerprint}) is on file for {login} already: one key, one person.").format(
                fingerprint=key.fingerprint, login=holder
            )
        )
    row = SshKey(
        staff_id=staff.id,
        key_type=key.key_type,
        key_data=key.key_data,
        comment=key.comment,
        fingerprint=key.fingerprint,
        added_at=ctx.now,
        added_by=ctx.actor_login,
    )
    ctx.session.add(row)
    ctx.session.flush()
    audit(ctx, "keys.add", "ssh_key", row.id, after={"login": login, "fingerprint": key.fingerprint})
    return _view(ctx, row, login)


def remove_keys(ctx: Ctx, login: str, fingerprint: str | None = None) -> list[KeyView]:
    """Take ``login``'s keys (or the one with ``fingerprint``) off file (head, assistant)."""
    from sqlmodel import col, select

    from csops.models import SshKey

    ctx.require("keys remove")
    staff = _staff(ctx, login)
    q = select(SshKey).where(SshKey.staff_id == staff.id, col(SshKey.removed_at).is_(None))
    if fingerprint:
        q = q.where(SshKey.fingerprint == fingerprint)
    rows = list(ctx.session.exec(q.order_by(SshKey.id)))
    if not rows:
        raise NotFound(
            _("{login} has no key on file{which}.").format(
                login=login, which=(" " + _("with fingerprint {fp}").format(fp=fingerprint)) if fingerprint else ""
            )
        )
    for row in rows:
        row.removed_at = ctx.now
        row.removed_by = ctx.actor_login
        ctx.session.add(row)
        audit(ctx, "keys.remove", "ssh_key", row.id, before={"login": login, "fingerprint": row.fingerprint})
    ctx.session.flush()
    return [_view(ctx, r, login) for r in rows]


def list_keys(ctx: Ctx, *, all_: bool = False) -> list[KeyView]:
    """The keys on file (removed ones too with ``all_``)."""
    from sqlmodel import col, select

    from csops.models import SshKey
    from csops.services.staff import logins_by_id

    ctx.require("keys list")
    q = select(SshKey).order_by(SshKey.id)
    if not all_:
        q = q.where(col(SshKey.removed_at).is_(None))
    logins = logins_by_id(ctx)
    return [_view(ctx, r, logins.get(r.staff_id, "?")) for r in ctx.session.exec(q)]


def _login_of(ctx: Ctx, staff_id: int) -> str:
    from csops.services.staff import logins_by_id

    return logins_by_id(ctx).get(staff_id, "?")


# -- authorized_keys ----------------------------------------------------------------------------


def csops_command() -> str:
    """The csops executable for forced commands and crontab lines: the one running now."""
    beside = Path(sys.executable).with_name("csops")
    if beside.exists():
        return str(beside)
    return shutil.which("csops") or str(beside)


def forced_command(login: str, *, exe: str, config: str | None, db: str | None) -> str:
    """The command sshd runs for ``login``'s key: this host's csops, its config and database
    pinned in the line (the client can name neither)."""
    argv = [exe, *(["--db", db] if db else []), "remote-shell", *(["--config", config] if config else []), login]
    return shlex.join(argv)


def authorized_keys_path(ctx: Ctx) -> Path:
    configured = (ctx.config.ssh or {}).get("authorized_keys")
    return Path(configured).expanduser() if configured else Path.home() / ".ssh" / "authorized_keys"


def key_lines(ctx: Ctx, *, config: str | None, db: str | None) -> list[str]:
    """The managed block: one line per active key of an active person."""
    from sqlmodel import col, select

    from csops.models import SshKey, Staff

    exe = (ctx.config.ssh or {}).get("command") or csops_command()
    rows = ctx.session.exec(
        select(SshKey, Staff)
        .join(Staff, col(Staff.id) == col(SshKey.staff_id))
        .where(col(SshKey.removed_at).is_(None), col(Staff.active).is_(True))
        .order_by(SshKey.id)
    ).all()
    lines = []
    for key, staff in rows:
        cmd = forced_command(staff.login, exe=exe, config=config, db=db).replace("\\", "\\\\").replace('"', '\\"')
        comment = f" {key.comment}" if key.comment else ""
        lines.append(f'restrict,command="{cmd}" {key.key_type} {key.key_data}{comment}')
    return lines


def merged_authorized_keys(current: str, lines: list[str]) -> str:
    """``current`` with csops's block replaced by ``lines`` (other lines kept as they were)."""
    kept: list[str] = []
    inside = False
    for line in current.splitlines():
        if line == BEGIN:
            inside = True
            continue
        if line == END:
            inside = False
            continue
        if not inside:
            kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    block = [BEGIN, *lines, END]
    return "\n".join([*kept, *([""] if kept else []), *block]) + "\n"


def write_authorized_keys(path: Path, lines: list[str]) -> Path:
    """Rewrite ``path`` atomically (mode 0600, its folder 0700) with ``lines`` as csops's block."""
    from csops.files import write_atomic

    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    write_atomic(path, merged_authorized_keys(current, lines), mode=0o600)
    os.chmod(path, 0o600)
    return path
