"""Files csops writes (reports, exports, PDFs, backups): whole or not at all, private by default.

A file is written to a temporary name beside its target and renamed over it once complete; on
any error the temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from csops.errors import StoreError
from csops.i18n import _


def write_atomic(path: Path | str, data: bytes | str | Callable[[IO[bytes]], None], *, mode: int = 0o600) -> Path:
    """Write ``data`` (bytes, text as UTF-8, or a function given the open file) to ``path``."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, mode)
        with os.fdopen(fd, "wb") as fh:
            if callable(data):
                data(fh)
            else:
                fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(
            _("Could not write {path}: {reason}; nothing was written.").format(path=path, reason=exc.strerror or exc)
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
