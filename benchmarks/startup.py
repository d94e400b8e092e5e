"""Start-up time: `csops --help` against `import typer`, `csops staff list` on a 200-person
department against `import sqlmodel`. Prints medians; targets from the foundation issue."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from _common import CSOPS, PY, report, wall


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="csops-bench-"))
    db = tmp / "csops.db"
    cfg = tmp / "csops.toml"
    cfg.write_text("")
    env = {"CSOPS_DB": str(db), "CSOPS_CONFIG": str(cfg), "CSOPS_USER": "boss", "CSOPS_NOW": "2026-11-27T10:00"}
    subprocess.run(
        [CSOPS, "init", "--head-login", "boss"], env=dict(os.environ, **env), check=True, capture_output=True
    )
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO staff (login, name, role, superior_id, active, created_at) VALUES (?, ?, 'rep', 1, 1, '2026-11-27 02:00:00')",
        [(f"rep{i:03d}", f"代表{i:03d}") for i in range(199)],
    )
    conn.commit()
    conn.close()
    typer_t = wall([PY, "-c", "import typer"])
    sqlmodel_t = wall([PY, "-c", "import sqlmodel"])
    help_t = wall([CSOPS, "--help"])
    list_t = wall([CSOPS, "staff", "list"], env=env)
    ok = report("csops --help", help_t, "import typer", typer_t, 2.0)
    ok &= report("csops staff list (200 people)", list_t, "import sqlmodel", sqlmodel_t, 1.3)
    print("all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
