"""Issue 14's red-team list: every value outside csops.limits is refused with exit 2, a message
naming the field and the limit, no traceback, and nothing changed; identical on SQLite and
PostgreSQL (which would otherwise refuse an over-long value with a raw DataError)."""

import pytest

LONG = "长" * 10_000

CASES = [
    # (args, what the message names)
    (["client", "add", LONG], "client.name"),
    (["client", "add", "华东\x1b[2J电子"], "U+001B"),
    (["client", "add", "华东电子\n"], "U+000A"),
    (["client", "add", "华东\x00电子"], "U+0000"),
    (["client", "edit", "华东电子", "--phone", "1" * 10_000], "client.phone"),
    (["client", "edit", "华东电子", "--contact", LONG], "client.contact"),
    (["client", "edit", "华东电子", "--damage", "破损\x1b]0;owned\x07"], "U+001B"),
    (["staff", "add", "--login", "mallory\r", "--name", "x", "--role", "rep", "--superior", "sup1"], "U+000D"),
    (["staff", "add", "--login", "m2", "--name", LONG, "--role", "rep", "--superior", "sup1"], "staff.name"),
    (["staff", "edit", "rep1", "--email", "a@example.com\x1b"], "U+001B"),
    (["receipt", "add", "--client", "华东电子", "--shipment", "S\x00", "--ship-date", "2026-11-02", "--team", "T"], ""),
    (
        [
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            "=cmd|' /C calc'!A0",
            "--ship-date",
            "2026-11-02",
            "--team",
            "T",
        ],
        "formula",
    ),
    (["receipt", "add", "--client", "华东电子", "--shipment", "S1", "--ship-date", "", "--team", "T"], ""),
    (
        ["receipt", "add", "--client", "华东电子", "--shipment", "S1", "--ship-date", "0001-01-01", "--team", "T"],
        "2000-01-01",
    ),
    (
        [
            "receipt",
            "add",
            "--client",
            "华东电子",
            "--shipment",
            "S1",
            "--ship-date",
            "2026-11-02",
            "--team",
            "T",
            "--copies",
            "99999999999",
        ],
        "",
    ),
    (["meeting", "schedule", "--from", "1900-01-01"], "2000-01-01"),
    (["duty", "roster", "--month", "0001-01", "--write"], "2000-01-01"),
    (["duty", "comp-rest", "take", "--staff", "rep1", "--date", "9999-12-31"], "2099-12-31"),
    (["leave", "show", str(2**64)], "2147483647"),
    (["leave", "reject", "1", "--reason", ""], "empty"),
    (["leave", "reject", "1", "--reason", "   "], "empty"),
    (["attendance", "day", "--date", "11/12/2026"], "read differently"),
    (["attendance", "day", "--date", "2026/11/12"], "2026-12-01"),
    (["inquiry", "open", "--client", "华东电子", "--question", "q\x1b[31m"], "U+001B"),
]


@pytest.fixture
def with_client(dept):
    dept.ok("client", "add", "华东电子")
    return dept


@pytest.mark.parametrize(("args", "named"), CASES, ids=[" ".join(a)[:50] for a, _ in CASES])
def test_a_value_outside_the_limits_is_refused_clearly_and_changes_nothing(with_client, args, named):
    cli = with_client
    before = cli.json("audit", "list", "--limit", "100000")
    r = cli(*args)
    assert r.exit_code == 2, (r.exit_code, r.output)
    assert "Traceback" not in r.output and "internal error" not in r.output.lower()
    assert named in r.output, r.output
    assert cli.json("audit", "list", "--limit", "100000") == before


def test_multi_line_text_keeps_its_line_breaks_and_tabs(with_client):
    cli = with_client
    cli.ok("client", "edit", "华东电子", "--damage", "外箱破损：\n\t拍照留证\n\t拒收")
    assert cli.json("client", "show", "华东电子")["damage"] == "外箱破损：\n\t拍照留证\n\t拒收"


def test_a_client_named_like_an_id_is_found_by_name_and_an_id_is_written_with_a_hash(with_client):
    cli = with_client
    cli.ok("client", "add", "1")  # a client named "1" (id 2)
    assert cli.json("client", "show", "1")["name"] == "1"
    assert cli.json("client", "show", "#1")["name"] == "华东电子"
    cli.fails(1, "client", "show", "#99")


@pytest.mark.sqlite_only
def test_terminal_output_escapes_control_characters_in_old_data(with_client):
    """Data written before the limits (or straight into the file) cannot move the cursor."""
    import os
    import sqlite3

    cli = with_client
    con = sqlite3.connect(os.environ["CSOPS_DB"])
    con.execute("UPDATE client SET contact = ? WHERE name = ?", ("\x1b[2J\x1b]0;owned\x07", "华东电子"))
    con.commit()
    con.close()
    out = cli.ok("client", "list").stdout
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out


@pytest.mark.sqlite_only
@pytest.mark.parametrize("damage", ["not a database", "truncated"])
def test_a_damaged_file_is_reported_as_damaged_never_a_traceback(dept, tmp_path, damage):
    """db check says the file is damaged (exit 1); any other command refuses clearly (exit 1)."""
    import os
    from pathlib import Path

    src = Path(os.environ["CSOPS_DB"])
    bad = tmp_path / "bad.db"
    if damage == "not a database":
        bad.write_bytes(b"this is not a database\n" * 100)
    else:
        bad.write_bytes(src.read_bytes()[:8192] + b"\x00garbage" * 2000)
    r = dept("--db", str(bad), "db", "check")
    assert r.exit_code == 1 and "damaged" in r.output and "internal error" not in r.output, r.output
    r = dept("--db", str(bad), "staff", "list")
    assert r.exit_code == 1 and "internal error" not in r.output, r.output
