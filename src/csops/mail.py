"""Mail, a real component: the standard library's SMTP client, or an outbox folder.

Settings come from the config file's ``[mail]`` table: ``host``, ``port``, ``security``
(``starttls``, ``ssl`` or ``none``), ``user``, ``password_env`` (the name of the environment
variable that holds the password: never the password itself), ``from`` and ``outbox``.
Without a ``host``, every message is written to the outbox folder as an ``.eml`` file
that any mail program opens (``outbox``, else ``$CSOPS_OUTBOX``, else ``outbox`` in the
user's data folder).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, formatdate, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from csops.errors import BadInput, StoreError
from csops.i18n import _

if TYPE_CHECKING:
    from csops.config import Config


@dataclass(frozen=True)
class MailSettings:
    host: str | None
    port: int
    security: str
    user: str | None
    password_env: str | None
    sender: str
    outbox: Path


def settings(config: Config) -> MailSettings:
    m = dict(config.mail or {})
    security = str(m.get("security", "starttls")).lower()
    if security not in ("starttls", "ssl", "none"):
        raise BadInput(_("Config file: mail.security must be starttls, ssl or none."))
    port = m.get("port", 465 if security == "ssl" else 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise BadInput(_("Config file: mail.port must be a port number."))
    outbox = m.get("outbox") or os.environ.get("CSOPS_OUTBOX")
    if not outbox:
        from platformdirs import user_data_dir

        outbox = Path(user_data_dir("csops")) / "outbox"
    return MailSettings(
        host=m.get("host") or None,
        port=port,
        security=security,
        user=m.get("user"),
        password_env=m.get("password_env"),
        sender=m.get("from") or "csops@localhost",
        outbox=Path(outbox).expanduser(),
    )


def build_message(
    sender: str,
    to: list[tuple[str, str]],
    subject: str,
    body: str,
    attachments: Sequence[tuple[str, bytes, str, str]] = (),
    *,
    message_id: str | None = None,
    when: datetime | None = None,
) -> EmailMessage:
    """A proper MIME message: UTF-8 subject and body, attachments as (filename, data, maintype,
    subtype). ``message_id`` and ``when`` make it the same message however often it is built (the
    outbox: a message delivered again is recognisably the same one)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(formataddr((name, addr)) for name, addr in to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when) if when else formatdate(localtime=True)
    msg["Message-ID"] = message_id or make_msgid(domain="csops.local")
    msg.set_content(body, charset="utf-8")
    for filename, data, maintype, subtype in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    if message_id and msg.is_multipart():  # the parts' boundary too: built again, the same bytes
        msg.set_boundary(_boundary(message_id, [body, *(a[0] for a in attachments)]))
    return msg


def _boundary(message_id: str, texts: Sequence[str]) -> str:
    """A MIME boundary derived from the Message-ID, and found in none of ``texts`` (the body, sent
    as it is, and the attachments' names; the attachments themselves go in base64, which has no
    ``-`` or ``_``): set by hand, the email package would not check it against the content as it
    checks a boundary it makes itself. The same message gives the same boundary."""
    from hashlib import sha256

    salt = 0
    while True:
        boundary = "=_csops_" + sha256(f"{message_id}#{salt}".encode()).hexdigest()[:32]
        if not any(boundary in t for t in texts):
            return boundary
        salt += 1


def deliver(config: Config, msg: EmailMessage) -> dict[str, str]:
    """Send through SMTP, or write to the outbox when no SMTP host is configured.
    A failure raises (nothing is recorded as sent) and says why."""
    s = settings(config)
    if not s.host:
        s.outbox.mkdir(parents=True, exist_ok=True)
        name = msg["Message-ID"].strip("<>").replace("@", "_").replace("/", "_") + ".eml"
        path = s.outbox / name
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(bytes(msg))
        os.replace(tmp, path)
        return {"method": "folder", "where": str(path)}
    import smtplib
    import ssl

    password = os.environ.get(s.password_env) if s.password_env else None
    if s.password_env and password is None:
        raise StoreError(
            _("Mail not sent: the environment variable {name} (mail.password_env) is not set.").format(
                name=s.password_env
            )
        )
    try:
        server: smtplib.SMTP
        if s.security == "ssl":
            server = smtplib.SMTP_SSL(s.host, s.port, timeout=30, context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(s.host, s.port, timeout=30)
        with server:
            if s.security == "starttls":
                server.starttls(context=ssl.create_default_context())
            if s.user:
                server.login(s.user, password or "")
            refused = server.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise StoreError(
            _("Mail not sent ({host}:{port}): {reason}").format(host=s.host, port=s.port, reason=exc)
        ) from None
    if refused:
        raise StoreError(_("Mail not sent: the server refused {who}.").format(who=", ".join(refused)))
    return {"method": "smtp", "where": f"{s.host}:{s.port}"}
