"""A writer process for the concurrency tests: N real csops commands in a row, each its own
transaction, as one person at their own desk. Prints one JSON line of figures."""
from __future__ import annotations

import json
import os
import sys


def main() -> None:
    worker, n = int(sys.argv[1]), int(sys.argv[2])
    from csops.cli.app import get_cli

    cli = get_cli("en", ["inquiry"])
    done = refused = 0
    errors = []
    for i in range(n):
        args = ["inquiry", "open", "--client", "华东电子", "--shipment", f"W{worker}-{i}", "--question", f"worker {worker} #{i}",
                "-f", "json"]
        try:
            cli.main(args=args, prog_name="csops", standalone_mode=False)
            done += 1
        except SystemExit as exc:
            if exc.code:
                refused += 1
        except Exception as exc:  # noqa: BLE001 - the figures say what went wrong
            code = getattr(exc, "exit_code", None)
            if code == 0:
                done += 1
            else:
                refused += 1
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
    print(json.dumps({"worker": worker, "pid": os.getpid(), "attempted": n, "committed": done, "refused": refused,
                      "errors": errors[:5]}))


if __name__ == "__main__":
    main()
