"""Write docs/json.md: the keys of every reading command's `--format json`, taken from what the
commands print on the demo department (so the page cannot drift from the code).

Usage: python scripts/json_reference.py [--check]   (--check: exit 1 if docs/json.md is stale)
A test runs --check, and checks that every date-time in the output carries its offset."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
NOW = "2026-11-27T10:00"
HEAD = "wang.fang"

COMMANDS: list[tuple[str, ...]] = [
    ("today",),
    ("staff", "list"),
    ("staff", "show", "liu.yang"),
    ("policy", "show"),
    ("policy", "history"),
    ("policy", "what-if", "--set", "meeting.points=5", "--month", "2026-10"),
    ("calendar", "show", "--month", "2026-10"),
    ("audit", "list", "--limit", "3"),
    ("leave", "list"),
    ("leave", "show", "3"),
    ("duty", "list", "--month", "2026-11"),
    ("duty", "marked", "--month", "2026-11"),
    ("duty", "comp-rest", "list"),
    ("attendance", "day", "--date", "2026-11-26"),
    ("attendance", "summary", "--month", "2026-10"),
    ("attendance", "calendar", "--staff", "liu.yang", "--month", "2026-11"),
    ("receipt", "show", "SH202611100050"),
    ("receipt", "overdue"),
    ("receipt", "hold"),
    ("client", "list"),
    ("client", "show", "华东电子有限公司"),
    ("consignee", "list"),
    ("consignee", "show", "1"),
    ("consignee", "check", "1"),
    ("meeting", "list"),
    ("meeting", "items"),
    ("meeting", "attendance", "1"),
    ("expense", "list", "--month", "2026-11"),
    ("inquiry", "list"),
    ("inquiry", "show", "2"),
    ("report", "list"),
    ("summary", "month", "--month", "2026-10"),
    ("cron", "list"),
    ("mail", "outbox"),
]


FREE_FORM = {"before", "after", "values"}  # maps whose keys depend on the record (an audit entry's, a rule's values)


def shape(value: Any) -> str:
    """A JSON value's shape: its keys, nested ones after a dot, lists of objects with []."""
    keys: list[str] = []

    def walk(v: Any, prefix: str) -> None:
        if isinstance(v, dict):
            for k, x in v.items():
                name = f"{prefix}{k}"
                if name not in keys:
                    keys.append(name)
                if k not in FREE_FORM:
                    walk(x, name + ".")
        elif isinstance(v, list):
            for x in v:
                if isinstance(x, (dict, list)):
                    walk(x, prefix[:-1] + "[]." if prefix else "[].")

    items = value if isinstance(value, list) else [value]
    for item in items:
        walk(item, "")
    kind = "a list of objects" if isinstance(value, list) else "an object"
    if not keys:
        return kind + " (none on the demo department)"
    return kind + ": " + ", ".join(f"`{k}`" for k in keys)


def outputs() -> dict[str, Any]:
    """Each command's JSON on a fresh demo department (built in a temporary folder)."""
    from typer.testing import CliRunner

    from csops.cli.app import get_cli

    folder = Path(tempfile.mkdtemp(prefix="csops-json-"))
    env = {
        "CSOPS_DB": str(folder / "demo.db"),
        "CSOPS_NOW": NOW,
        "CSOPS_LANG": "en",
        "CSOPS_CONFIG": str(folder / "csops.toml"),
        "CSOPS_OUTPUT": str(folder / "reports"),
        "CSOPS_OUTBOX": str(folder / "outbox"),
        "CSOPS_CACHE": str(folder / "cache"),
        "CSOPS_USER": HEAD,
        "CSOPS_TEST_PG": None,
        "COLUMNS": None,
    }
    (folder / "csops.toml").write_text("", encoding="utf-8")
    runner = CliRunner()
    tree = get_cli("en")

    def run(args: list[str]) -> str:
        with runner.isolation(env=env) as (out, err, _both):
            try:
                tree.main(args=args, prog_name="csops")
            except SystemExit as e:
                code = e.code
            else:
                code = 0
            sys.stdout.flush()
            sys.stderr.flush()
            if code:
                raise RuntimeError(f"csops {' '.join(args)}: exit {code}: {err.getvalue().decode()}")
            return out.getvalue().decode("utf-8")

    run(["demo", "--db", env["CSOPS_DB"]])
    return {" ".join(cmd): json.loads(run([*cmd, "--format", "json"])) for cmd in COMMANDS}


def build(data: dict[str, Any] | None = None) -> str:
    data = data if data is not None else outputs()
    lines = [
        "# JSON output",
        "",
        "Every command takes `--format json` (`-f json`). Keys are English and stable in every",
        "language; coded values stay codes (`pending`, `no-receipt`); dates are `YYYY-MM-DD` and",
        "date-times ISO 8601 with their offset (`2026-11-23T12:00+08:00`); money is a string with",
        'two decimals (`"350.00"`); a reason is an object (`receipt hold`\'s `receipts[].reason`, a',
        "leave's `trail[]` with `clause`, `code` and `values`). A command that changes something",
        "prints the record it wrote, with the keys of its `show`.",
        "",
        "Generated by `python scripts/json_reference.py` from the demo department's output; a test",
        "fails when it is stale. The keys of each reading command:",
        "",
    ]
    for cmd, value in data.items():
        lines += [f"## csops {cmd}", "", shape(value), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    os.environ.pop("CSOPS_TEST_PG", None)
    out = ROOT / "docs/json.md"
    text = build()
    if "--check" in sys.argv:
        sys.exit(0 if out.exists() and out.read_text(encoding="utf-8") == text else 1)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
