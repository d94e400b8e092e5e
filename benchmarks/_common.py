"""Helpers for the benchmark scripts: wall time of a command, median of several runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PY = sys.executable
CSOPS = str(Path(PY).with_name("csops"))

# csops's bytecode is written before anything is timed, as an installed copy has it: an editable
# checkout run under PYTHONDONTWRITEBYTECODE would compile every changed module on every run.
subprocess.run([PY, "-m", "compileall", "-q", str(Path(__file__).resolve().parent.parent / "src")], check=False)


def wall(cmd: list[str], runs: int = 7, env: dict | None = None, input: str | None = None) -> float:
    """Median wall time in seconds of ``cmd`` over ``runs`` runs (after one warm-up)."""
    e = dict(os.environ, **(env or {}))
    subprocess.run(cmd, env=e, capture_output=True, input=input, text=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, env=e, capture_output=True, input=input, text=True)
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr}")
    return statistics.median(times)


def walls(*jobs: tuple[list[str], dict | None], runs: int = 7) -> list[float]:
    """Median wall times of several commands (each a (cmd, env) pair) run in turn, round after
    round (after one warm-up each): a command and its floor see the same load, where running one
    N times and then the other let a change in the machine's load decide the ratio."""
    envs = [dict(os.environ, **(env or {})) for _cmd, env in jobs]
    for (cmd, _env), e in zip(jobs, envs, strict=True):
        subprocess.run(cmd, env=e, capture_output=True, text=True)
    times: list[list[float]] = [[] for _ in jobs]
    for _ in range(runs):
        for i, ((cmd, _env), e) in enumerate(zip(jobs, envs, strict=True)):
            t = time.perf_counter()
            r = subprocess.run(cmd, env=e, capture_output=True, text=True)
            times[i].append(time.perf_counter() - t)
            if r.returncode != 0:
                raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr}")
    return [statistics.median(t) for t in times]


def report(name: str, seconds: float, baseline_name: str, baseline: float, target: float) -> bool:
    ratio = seconds / baseline
    ok = ratio <= target
    print(
        f"{name:<45} {seconds * 1000:8.1f} ms   {baseline_name} {baseline * 1000:7.1f} ms   "
        f"ratio {ratio:4.2f} (target <= {target})  {'OK' if ok else 'MISSED'}"
    )
    return ok
