"""Issue 14's red-team list: every value outside csops.limits is refused with exit 2, a message
naming the field and the limit, no traceback, and nothing changed; identical on SQLite and
PostgreSQL (which would otherwise refuse an over-long value with a raw DataError)."""

from pathlib import Path

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


@pytest.mark.sqlite_only
def test_a_newer_schema_is_refused_before_any_backup_and_db_copy_leaves_no_target(dept, tmp_path):
    """init, db upgrade and db copy refuse a database of a newer csops with a clear message, and
    leave no stray backup and no half-made target behind."""
    import os
    import shutil
    import sqlite3
    from pathlib import Path

    newer = tmp_path / "newer.db"
    shutil.copyfile(os.environ["CSOPS_DB"], newer)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '0099'")
    con.commit()
    con.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    for args in (["init"], ["db", "upgrade"], ["db", "copy", "--target", str(tmp_path / "copy.db")]):
        r = dept("--db", str(newer), *args)
        assert r.exit_code == 1 and "newer csops" in r.output and "internal error" not in r.output, (args, r.output)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert not Path(tmp_path / "copy.db").exists()


_FULL_DISK = (
    "import resource, signal, sys\n"
    "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
    "resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))\n"
)


@pytest.mark.sqlite_only
def test_a_full_disk_during_db_backup_leaves_no_file_and_says_so(dept, tmp_path):
    """The disk fills up (a file-size limit of 40 KB, as a full disk would): `db backup` says it
    could not write, exits 1, and leaves neither a 0-byte target nor a temporary file."""
    import os
    import subprocess
    import sys

    out = tmp_path / "out"
    out.mkdir()
    code = _FULL_DISK + "from csops.cli.app import main\nsys.argv = ['csops'] + sys.argv[1:]\nmain()\n"
    env = dict(os.environ, CSOPS_USER="boss", CSOPS_NOW="2026-11-27T10:00")
    r = subprocess.run(
        [sys.executable, "-c", code, "db", "backup", str(out / "backup.db")], env=env, capture_output=True, text=True
    )
    assert os.path.getsize(os.environ["CSOPS_DB"]) > 40_000  # the backup cannot fit
    assert r.returncode == 1 and "Could not write" in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert list(out.iterdir()) == []


def test_a_full_disk_during_any_export_leaves_no_file(tmp_path):
    """Every file csops writes (workbooks, CSV, PDF, reports) goes through csops.files.write_atomic."""
    import subprocess
    import sys

    code = _FULL_DISK + (
        "from csops.files import write_atomic\n"
        "from csops.errors import StoreError\n"
        "try:\n"
        "    write_atomic(sys.argv[1], b'x' * 100_000)\n"
        "except StoreError as exc:\n"
        "    print(exc.message); sys.exit(1)\n"
    )
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, "-c", code, str(out / "a.xlsx")], capture_output=True, text=True)
    assert r.returncode == 1 and "Could not write" in r.stdout and "nothing was written" in r.stdout, r
    assert list(out.iterdir()) == []


@pytest.mark.sqlite_only
def test_a_value_stored_before_the_limits_does_not_block_changes_to_the_rest_of_its_row(with_client):
    """An old client file whose contact holds a line break (accepted before the limits) can still
    be edited; only the values a command writes are checked."""
    import os
    import sqlite3

    con = sqlite3.connect(os.environ["CSOPS_DB"])
    con.execute("UPDATE client SET contact = ? WHERE name = ?", ("陈经理\n王经理", "华东电子"))
    con.commit()
    con.close()
    with_client.ok("client", "edit", "华东电子", "--damage", "破损拍照留证")
    with_client.fails(2, "client", "edit", "华东电子", "--contact", "陈经理\x1b")


def _read_only_here(monkeypatch, folder: bool):
    """The database's folder (a read-only mount) or file cannot be written, as os.access reports
    it to csops; SQLite itself is then opened read-only and refuses any write on its own."""
    import os as _os

    import csops.db

    db = _os.path.realpath(_os.environ["CSOPS_DB"])
    real = _os.access

    def access(path, mode, *a, **kw):
        p = _os.path.realpath(path)
        if mode & _os.W_OK and (p == db or (folder and p == _os.path.dirname(db))):
            return False
        return real(path, mode, *a, **kw)

    monkeypatch.setattr(csops.db.os, "access", access)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("folder", [True, False], ids=["read-only mount", "read-only file"])
def test_a_read_only_database_is_read_and_never_written(dept, monkeypatch, folder):
    """Issue 14: a database on a read-only mount could not even be read. Reading commands work;
    a write is refused clearly (exit 1), and the file is unchanged."""
    import hashlib
    import os as _os

    dept.ok("client", "add", "华东电子")
    db = _os.environ["CSOPS_DB"]
    dept.ok("db", "check")  # settle the WAL into the file before it becomes read-only
    before = hashlib.sha256(Path(db).read_bytes()).hexdigest()
    _read_only_here(monkeypatch, folder)
    assert [s["login"] for s in dept.json("staff", "list")][:1]
    assert dept.json("client", "list")[0]["name"] == "华东电子"
    r = dept("client", "add", "北方日化")
    assert r.exit_code == 1 and "read-only" in r.stderr and "Traceback" not in r.output, r.output
    r = dept("leave", "request", "--type", "personal", "--from", "2026-12-01", "--to", "2026-12-01", user="rep1")
    assert r.exit_code == 1 and "read-only" in r.stderr
    zh = dept("client", "add", "北方日化", lang="zh")
    assert zh.exit_code == 1 and "只读" in zh.stderr
    assert hashlib.sha256(Path(db).read_bytes()).hexdigest() == before


# The quick answers of csops.limits (is_code, control_character's isprintable test, receipt_problem's
# common case) must never pass what the character-by-character checks refuse, nor refuse what they pass.
_SAMPLES = [
    "SH00000001",
    "运作1组",
    "A",
    "x" * 64,
    "x" * 65,
    "",
    "=1+1",
    "+86",
    "-1",
    "@sum",
    "a=b",
    "S,1",
    'S"1',
    "S\n1",
    "S\r1",
    "S\t1",
    "S\x00",
    "S\x1b[2J",
    "S\x7f",
    "S\u200b",  # zero-width space, Cf
    "S\u2028",  # line separator, Zl
    "S\u2029",  # paragraph separator, Zp
    "S\u00ad",  # soft hyphen, Cf
    "S\ufeff",  # byte-order mark, Cf
    "运作\u3000组",  # ideographic space, Zs: not printable to Python, allowed here
    "S\u00a0",  # no-break space, Zs
    "S\ue000",  # private use, Co
    "S\U000e0001",  # language tag, Cf
    "S ",
    " S",
    "华东电子 (上海)",
]


def test_the_quick_code_check_agrees_with_the_full_one():
    from csops import limits

    values = _SAMPLES + [chr(c) for c in range(0x300)] + [f"S{chr(c)}1" for c in range(0x300)]
    values += [f"S{chr(c)}" for c in (0x2028, 0x2029, 0x3000, 0xFEFF, 0xE000, 0xFFFD, 0x1F600)]
    for value in values:
        slow = limits.one_line("f", value, limits.CODE_LENGTH)
        if slow is None and any(ch in value for ch in (",", '"', "\n", "\r")):
            slow = "separator"
        if slow is None and value[0] in "=+-@":
            slow = "formula"
        assert (limits.code("f", value) is None) == (slow is None), repr(value)
        if limits.is_code(value):
            assert slow is None, repr(value)


@pytest.mark.parametrize("value", _SAMPLES + ["a\nb\tc", "a\n\x1bb", "\t", "\n\u2028"])
@pytest.mark.parametrize("multiline", [False, True])
def test_the_quick_control_character_check_agrees_with_the_character_by_character_one(value, multiline):
    import unicodedata

    from csops.limits import control_character

    allowed = {"\n", "\t"} if multiline else set()
    first = next(
        (ch for ch in value if ch not in allowed and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")), None
    )
    assert control_character(value, multiline=multiline) == first


@pytest.mark.parametrize("shipment", ["SH1", "S,1", "S\x00", "运作\u3000组", "x" * 65])
@pytest.mark.parametrize("team", ["运作1组", "=T"])
@pytest.mark.parametrize(
    "ship_date", ["1999-12-31", "2000-01-01", "2026-11-27", "2026-11-28", "2099-12-31", "2100-01-01"]
)
@pytest.mark.parametrize("copies", [0, 1, 99, 100])
def test_rcpt_3_6_a_receipts_quick_check_gives_the_full_checks_answer(shipment, team, ship_date, copies):
    """RCPT-3/RCPT-6: receipt_problem's common case answers as the field-by-field checks do,
    today 2026-11-27 (a ship date of tomorrow is refused), copies 1 to 99, dates 2000 to 2099."""
    from datetime import date

    from csops import limits
    from csops.services.receipt import receipt_problem

    d, today = date.fromisoformat(ship_date), date(2026, 11, 27)
    full = (
        limits.code("n", shipment)
        or limits.code("t", team)
        or limits.day("d", d)
        or ("future" if d > today else None)
        or limits.whole_number("c", copies, *limits.COPIES)
    )
    assert (receipt_problem(shipment, team, d, copies, today) is None) == (full is None)
