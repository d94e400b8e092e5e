"""JSON output (issue 17): the keys of every reading command are documented in docs/json.md
(generated from the demo department's output, so a test fails when it drifts), and every
date-time carries its offset."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import json_reference  # noqa: E402 - the generator of docs/json.md

pytestmark = pytest.mark.sqlite_only  # the demo is a SQLite file; the keys are the same on both engines


@pytest.fixture(scope="module")
def outputs():
    return json_reference.outputs()


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def test_docs_json_md_lists_each_commands_keys_and_is_up_to_date(outputs):
    text = json_reference.build(outputs)
    assert (ROOT / "docs" / "json.md").read_text(encoding="utf-8") == text, (
        "docs/json.md is stale: run python scripts/json_reference.py"
    )
    assert "`receipts[].reason`" in text and "`trail[].clause`" in text


def test_every_date_time_carries_its_offset(outputs):
    stamp = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
    seen = 0
    for cmd, value in outputs.items():
        for s in _strings(value):
            if stamp.match(s):
                seen += 1
                assert re.search(r"(?:[+-]\d{2}:\d{2}|Z)$", s), (cmd, s)
    assert seen > 50  # the check saw date-times (agenda, leave, meetings, audit, inquiries)
