"""Read `mutmut results --all true` on stdin; print the mutation score of src/csops/rules/.

Mutants listed in the equivalents file (one per line: name, then the reason) are not counted;
a listed mutant that is killed or no longer exists is reported as stale (fix the list).
Usage: mutmut results --all true | python scripts/mutation_score.py tests/rules/equivalent-mutants.txt
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

TARGET = 0.90


def main() -> int:
    listed: dict[str, str] = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _sep, reason = line.strip().partition(" ")
            listed[name] = reason.strip()
    status: dict[str, str] = {}
    for line in sys.stdin:
        name, _sep, st = line.strip().rpartition(": ")
        if name:
            status[name] = st
    per: dict[str, Counter] = defaultdict(Counter)
    for name, st in status.items():
        module = name.split(".x")[0].rsplit(".", 0)[0]
        kind = "equivalent" if name in listed and st == "survived" else st
        per[module][kind] += 1
    stale = [n for n in listed if status.get(n) != "survived"]
    total = Counter()
    print(f"{'module':<28} {'mutants':>8} {'killed':>7} {'timeout':>8} {'survived':>9} {'equivalent':>11} {'score':>7}")
    for module in sorted(per):
        c = per[module]
        total.update(c)
        print(_line(module, c))
    print(_line("all of src/csops/rules", total))
    score = _score(total)
    survivors = sorted(n for n, st in status.items() if st == "survived" and n not in listed)
    if survivors:
        print(f"\n{len(survivors)} surviving mutants not listed as equivalent (`mutmut show NAME` shows each):")
        for n in survivors:
            print("  " + n)
    if stale:
        print(f"\n{len(stale)} listed equivalents are stale (killed, or gone after a change): " + ", ".join(stale))
    print(
        f"\nmutation score {score:.1%} of {sum(total.values()) - total['equivalent']} non-equivalent mutants "
        f"({total['equivalent']} equivalent, listed with reasons); target {TARGET:.0%}"
    )
    return 0 if score >= TARGET else 1


def _score(c: Counter) -> float:
    counted = sum(c.values()) - c["equivalent"]
    return (c["killed"] + c["timeout"]) / counted if counted else 1.0


def _line(module: str, c: Counter) -> str:
    return (
        f"{module:<28} {sum(c.values()):>8} {c['killed']:>7} {c['timeout']:>8} {c['survived']:>9} {c['equivalent']:>11} "
        f"{_score(c):>7.1%}"
    )


if __name__ == "__main__":
    sys.exit(main())
