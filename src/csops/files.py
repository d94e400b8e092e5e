"""Files csops writes (reports, exports, PDFs, backups): whole or not at all, private by default.

A file is written to a temporary name beside its target and renamed over it once complete; on
any error the temporary file is removed and the target is left as it was. A temporary file left
by a process that was killed (kill -9, power loss) is removed by the next write of the same target.
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
        _remove_stale_parts(path)
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


def _remove_stale_parts(path: Path) -> None:
    """Remove ``.NAME.PID.part`` files beside ``path`` whose process is gone (this host only)."""
    for part in path.parent.glob(f".{path.name}.*.part"):
        pid = part.name[len(path.name) + 2 : -len(".part")]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except (PermissionError, OverflowError):
            continue  # another user's live process, or not a pid: leave it
