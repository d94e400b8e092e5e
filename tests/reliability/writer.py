"""A writer process for the concurrency tests: N real csops commands in a row, each its own
transaction, as people at their own desks. Prints one JSON line of figures.

Usage: writer.py WORKER N MODE    MODE: inquiries (all inquiry opens) or mix (inquiry opens,
receipt adds, receipt returns, the front desk's arrivals and leave requests, in turn)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from datetime import date, timedelta


def _as(login: str) -> None:
    """Act as ``login``: CSOPS_USER, which the host's service account may set (on PostgreSQL the
    config names it: tests/conftest.py)."""
    os.environ["CSOPS_USER"] = login


def main() -> None:
    worker, n, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "inquiries"
    from csops.cli.app import get_cli

    cli = get_cli("en", None)
    me = f"w{worker}"
    done = refused = 0
    errors = []
    for i in range(n):
        k = i % 5 if mode == "mix" else 0
        if k == 0:
            _as(me)
            args = [
                "inquiry",
                "open",
                "--client",
                "华东电子",
                "--shipment",
                f"W{worker}-{i}",
                "--question",
                f"worker {worker} #{i}",
            ]
        elif k == 1:
            _as(me)
            args = [
                "receipt",
                "add",
                "--client",
                "华东电子",
                "--shipment",
                f"M{worker}-{i}",
                "--ship-date",
                "2026-11-01",
                "--team",
                f"T{worker}",
            ]
        elif k == 2:
            _as(me)
            args = ["receipt", "return", f"M{worker}-{i - 1}", "--date", "2026-11-10"]
        elif k == 4:
            _as(me)  # a leave request of one's own (LEAVE-7), on a distinct working day of December 2026
            from csops.rules.calendar import WorkCalendar

            cal = WorkCalendar()
            day = cal.workdays_between(date(2026, 12, 1), date(2026, 12, 31))[i // 5]
            args = ["leave", "request", "--type", "annual", "--from", day.isoformat(), "--to", day.isoformat()]
        else:
            _as("desk")
            day = date(2025, 1, 1) + timedelta(days=i)
            args = ["attendance", "record", "--date", day.isoformat(), "--staff", me, "--in", "08:5" + str(worker % 10)]
        try:
            # standalone_mode=False: Click returns a refusal's exit code instead of raising SystemExit
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                rc = cli.main(args=args + ["-f", "json"], prog_name="csops", standalone_mode=False)
            if rc:
                refused += 1
                errors.append(f"{args[:2]} exit {rc}: {err.getvalue().strip()}"[:300])
            else:
                done += 1
        except SystemExit as exc:
            if exc.code:
                refused += 1
            else:
                done += 1
        except Exception as exc:  # noqa: BLE001 - the figures say what went wrong
            if getattr(exc, "exit_code", None) == 0:
                done += 1
            else:
                refused += 1
                errors.append(f"{args[:2]} {type(exc).__name__}: {exc}"[:300])
    print(json.dumps({"worker": worker, "attempted": n, "committed": done, "refused": refused, "errors": errors[:5]}))


if __name__ == "__main__":
    main()
