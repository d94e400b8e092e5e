"""MEETING-1..7: rule tables, the minutes' life, mail to a live SMTP server and the outbox, the PDF."""

import email
import json
import shutil
import subprocess
from datetime import date
from email import policy as email_policy
from zoneinfo import ZoneInfo

import pytest

from conftest import config_text
from csops.rules.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")


def _has_cjk_font() -> bool:
    try:
        from csops.documents import find_cjk_font

        find_cjk_font()
        return True
    except Exception:
        return False


# The printable minutes need a Chinese TrueType font on the machine (.ci/run installs fonts-wqy-zenhei).
needs_font = pytest.mark.skipif(
    not _has_cjk_font(), reason="no CJK font: apt-get install fonts-wqy-zenhei (csops says so too)"
)
cal = WorkCalendar()
D = date.fromisoformat


@pytest.fixture
def meeting_dept(dept, tmp_path):
    cli = dept
    for login in ("boss", "sup1", "sup2", "asst", "rep1", "rep2", "rep3", "on1", "on2", "on3"):
        cli.ok("staff", "edit", login, "--email", f"{login}@example.com")
    rows = cli.json("meeting", "schedule", "--from", "2026-11-01", "--limit", "3", user="asst", now="2026-10-30T10:00")
    cli.mids = {r["date"]: r["id"] for r in rows}
    md = tmp_path / "minutes.md"
    md.write_text("# 11月第二次例会\n\n- 回单回收率提升到98%\n- 华东电子新仓地址已确认\n", encoding="utf-8")
    cli.md = md
    return cli


def test_meeting_1_2_4_schedule_signin_attendance(meeting_dept):
    """MEETING-1, MEETING-2, MEETING-4."""
    cli = meeting_dept
    rows = cli.json("meeting", "list", now="2026-11-14T08:00")
    assert [(r["date"], r["kind"]) for r in rows] == [
        ("2026-11-07", "first"),
        ("2026-11-21", "last"),
        ("2026-12-05", "first"),  # 12-19 follows by the rhythm
    ]
    assert rows[0]["audience"] == ["head", "supervisor", "rep"] and rows[1]["minutes_due"] == "2026-11-23T12:00+08:00"
    first = cli.mids["2026-11-07"]
    cli.fails(1, "meeting", "signin", first, "--staff", "rep1", user="rep1", now="2026-11-07T09:30")
    cli.fails(1, "meeting", "signin", cli.mids["2026-11-21"], "--staff", "rep1", user="asst", now="2026-11-07T09:30")
    cli.ok(
        "meeting",
        "signin",
        first,
        "--staff",
        "boss",
        "--staff",
        "sup1",
        "--staff",
        "sup2",
        "--staff",
        "rep1",
        user="asst",
        now="2026-11-07T09:30",
    )
    # rep2 asked for leave for the meeting in time; rep3 did not
    cli.ok(
        "leave",
        "request",
        "--type",
        "personal",
        "--from",
        "2026-11-07 09:00",
        "--to",
        "2026-11-07 12:00",
        user="rep2",
        now="2026-11-05T10:00",
    )
    cli.ok(
        "meeting",
        "item",
        first,
        "--owner",
        "rep1",
        "上周回单逾期3张，已催运作一组",
        user="rep1",
        now="2026-11-07T10:00",
    )
    att = {a["staff"]: a for a in cli.json("meeting", "attendance", first, now="2026-11-07T12:00")}
    assert set(att) == {"boss", "sup1", "sup2", "rep1", "rep2", "rep3"}  # the first meeting's audience only
    assert (att["rep2"]["status"], att["rep2"]["points_deducted"]) == ("absent-with-leave", 0)
    assert (att["rep3"]["status"], att["rep3"]["points_deducted"]) == ("absent-without-leave", 10)
    assert att["rep1"]["reported"] is True and att["sup1"]["reported"] is False


def test_meeting_3_5_items_and_follow_ups(meeting_dept):
    """MEETING-3, MEETING-5."""
    cli = meeting_dept
    first = cli.mids["2026-11-07"]
    r = cli.json(
        "meeting",
        "item",
        first,
        "--owner",
        "rep1",
        "--collected-from",
        "on1",
        "现场叉车不足",
        user="rep1",
        now="2026-11-06T10:00",
    )
    assert r["collected_from"] == "on1" and r["notes"] == []
    r2 = cli.json(
        "meeting",
        "item",
        first,
        "--owner",
        "rep1",
        "--collected-from",
        "rep2",
        "x",
        user="rep1",
        now="2026-11-06T10:00",
    )
    assert any("MEETING-3" in n for n in r2["notes"])
    assert len(cli.json("meeting", "items", "--open", now="2026-11-08T10:00")) == 2
    cli.fails(1, "meeting", "item-done", r["id"], user="rep2", now="2026-11-08T10:00")
    cli.ok("meeting", "item-done", r["id"], user="rep1", now="2026-11-08T10:00")
    assert [i["id"] for i in cli.json("meeting", "items", "--open", now="2026-11-08T10:00")] == [r2["id"]]
    cli.fails(1, "meeting", "item", first, "--owner", "rep1", "x", user="desk", now="2026-11-06T10:00")


@needs_font
def test_meeting_6_7_minutes_cycle_through_the_outbox(meeting_dept, tmp_path):
    """MEETING-6, MEETING-7."""
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    cli.fails(1, "meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")  # nothing recorded
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-22T20:00")
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")  # replace before sending
    cli.fails(1, "meeting", "archive", mid, "--signed-by", "boss", user="asst", now="2026-11-23T08:00")
    sent = cli.json("meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T12:30")
    assert sent["status"] == "sent" and sent["sent_late"] is True and sent["outbox_id"] > 0
    assert "boss" in sent["recipients"] and sent["corrections_until"].startswith("2026-11-24T18:00")
    cli.fails(1, "meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T12:31")  # twice without --resend
    cli.fails(1, "meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T12:31")  # after sending
    eml = list((tmp_path / "outbox").glob("*.eml"))
    assert len(eml) == 1
    msg = email.message_from_bytes(eml[0].read_bytes(), policy=email_policy.default)
    assert msg["Subject"] == "Minutes of the department meeting of 2026-11-21"
    assert "回单回收率" in msg.get_body(("plain",)).get_content()
    pdf = [p for p in msg.iter_attachments() if p.get_content_type() == "application/pdf"]
    assert pdf and pdf[0].get_content()[:5] == b"%PDF-"
    cli.ok("meeting", "feedback", mid, "漏记：南方食品投诉一件", user="rep1", now="2026-11-24T17:59")
    cli.fails(1, "meeting", "feedback", mid, "too late", user="rep2", now="2026-11-24T18:01")
    cli.fails(1, "meeting", "minutes", mid, "--print", user="asst", now="2026-11-24T10:00")  # window open
    out = tmp_path / "m.pdf"
    printed = cli.json("meeting", "minutes", mid, "--print", "--output", out, user="asst", now="2026-11-25T09:00")
    assert printed["status"] == "confirmed" and out.read_bytes()[:5] == b"%PDF-"
    cli.fails(1, "meeting", "archive", mid, "--signed-by", "sup1", user="asst", now="2026-11-25T10:00")
    done = cli.json("meeting", "archive", mid, "--signed-by", "boss", user="asst", now="2026-11-25T10:00")
    assert done["status"] == "archived" and done["signed_by"] == "boss"
    cli.fails(1, "meeting", "archive", mid, "--signed-by", "boss", user="asst", now="2026-11-25T10:01")


@needs_font
def test_meeting_6_minutes_sent_to_a_live_smtp_server(meeting_dept, tmp_path):
    """MEETING-6."""
    from aiosmtpd.controller import Controller

    class Sink:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sink = Sink()
    ctl = Controller(sink, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        (tmp_path / "csops.toml").write_text(
            config_text()
            + f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nfrom = "客服部 <cs@example.com>"\n',
            encoding="utf-8",
        )
        cli = meeting_dept
        mid = cli.mids["2026-11-21"]
        cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")
        r = cli.ok("meeting", "minutes", mid, "--send", "-f", "json", user="asst", now="2026-11-23T09:00", lang="zh")
        assert json.loads(r.stdout)["sent_late"] is False and f"127.0.0.1:{port}" in r.stderr
    finally:
        ctl.stop()
    assert len(sink.messages) == 1
    env = sink.messages[0]
    assert set(env.rcpt_tos) == {
        f"{x}@example.com" for x in ("boss", "sup1", "sup2", "asst", "rep1", "rep2", "rep3", "on1", "on2", "on3")
    }
    msg = email.message_from_bytes(env.content, policy=email_policy.default)
    assert msg["Subject"] == "部门例会纪要 2026-11-21"
    assert "华东电子新仓地址已确认" in msg.get_body(("plain",)).get_content()
    att = next(msg.iter_attachments())
    assert att.get_filename() == "minutes-2026-11-21.pdf" and att.get_content()[:5] == b"%PDF-"


@needs_font
def test_meeting_6_a_failed_send_waits_in_the_outbox_and_goes_once(meeting_dept, tmp_path):
    """MEETING-6 and issue 15: the minutes are recorded as sent; their mail, refused by the SMTP
    server, waits in the outbox (exit 1, saying so) and goes out once when retried."""
    cfg = tmp_path / "csops.toml"
    cfg.write_text(config_text('[mail]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\n'), encoding="utf-8")
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")
    r = cli.fails(1, "meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")
    assert "Mail not sent (127.0.0.1:9)" in r.stderr and "mail retry" in r.stderr
    assert [m["minutes"] for m in cli.json("meeting", "list", now="2026-11-23T09:00") if m["id"] == mid] == ["sent"]
    waiting = cli.json("mail", "outbox", user="asst", now="2026-11-23T09:05")
    assert [(w["status"], w["attempts"]) for w in waiting] == [("failed", 1)]
    assert any(i["command"] == "csops mail retry" for i in cli.json("today", user="asst", now="2026-11-23T09:05"))
    cli.fails(1, "mail", "outbox", user="rep1", now="2026-11-23T09:05")
    cfg.write_text(config_text(), encoding="utf-8")  # the SMTP server is back: here, the outbox folder
    cli.ok("mail", "retry", user="asst", now="2026-11-23T09:10")
    cli.ok("mail", "retry", user="asst", now="2026-11-23T09:11")  # nothing left: nothing twice
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1
    assert cli.json("mail", "outbox", user="asst", now="2026-11-23T09:12") == []


@needs_font
@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed (.ci/run installs it)")
def test_meeting_7_pdf_embeds_the_chinese_font_and_has_the_signature_line(meeting_dept, tmp_path):
    """MEETING-7."""
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")
    cli.ok("meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")
    out = tmp_path / "m.pdf"
    cli.ok("meeting", "minutes", mid, "--print", "--output", out, user="asst", now="2026-11-25T09:00", lang="zh")
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    # reportlab always lists Helvetica (a standard font every viewer has, not used for any text here);
    # every other font, the Chinese one above all, is embedded as a subset
    others = [line for line in fonts if not line.startswith("Helvetica ")]
    assert others and all(line.split()[-5] == "yes" and line.split()[-4] == "yes" for line in others)
    assert not any("STSong" in line for line in fonts)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "回单回收率提升到98%" in text and "部门负责人" in text and "签" in text
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(png)], check=True)
    assert list(tmp_path.glob("page*.png"))


def test_meeting_7_without_a_cjk_font_csops_says_which_package_to_install(meeting_dept, tmp_path, monkeypatch):
    """MEETING-7: no font found: a clear error naming the packages, and nothing is sent."""
    import csops.documents as docs

    monkeypatch.setattr(docs, "_CANDIDATES", ())
    monkeypatch.setenv("PATH", "/nonexistent")  # no fc-match either
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")
    r = cli.fails(1, "meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")
    assert "fonts-wqy-zenhei" in r.stderr and "fonts-noto-cjk" in r.stderr
    assert not list((tmp_path / "outbox").glob("*.eml"))


@needs_font
def test_meeting_7_a_long_item_wraps_in_its_column_and_pages_are_numbered(tmp_path):
    """MEETING-7: one 204-character Chinese item made every --send fail ("negative availWidth")."""
    from csops.documents import find_cjk_font, minutes_pdf
    from csops.i18n import set_language

    set_language("zh")
    long_item = "客户反映回单签收后未按时返还，" * 14  # 210 characters
    data = {
        "title": "客服部例会纪要",
        "subtitle": "2026-11-21",
        "labels": {
            "attendance": "出席",
            "items": "事项",
            "minutes": "纪要",
            "feedback": "反馈",
            "signature": "部门负责人签字：",
        },
        "attendance": [["姓名", "签到"], ["王芳", "08:55"]],
        "items": [["#", "事项", "负责人", "状态"], ["1", long_item, "刘洋", "待办"]],
        "body": "\n".join(f"- 第{i}条" for i in range(80)),
        "feedback": [],
    }
    out = tmp_path / "m.pdf"
    out.write_bytes(minutes_pdf(data, find_cjk_font()))
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "负责人" in text and "刘洋" in text  # the other columns keep their width
    assert "第1页" in text.replace(" ", "") and "第2页" in text.replace(" ", "")
    set_language("en")


def test_meeting_6_7_items_change_while_the_minutes_are_a_draft_and_stand_once_sent(meeting_dept):
    """MEETING-6 / MEETING-7: an item may be corrected or removed until the minutes go out."""
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    a = cli.json("meeting", "item", mid, "回单回收率", "--owner", "rep1", user="asst", now="2026-11-21T10:00")
    b = cli.json("meeting", "item", mid, "误加的事项", "--owner", "rep2", user="rep2", now="2026-11-21T10:05")
    cli.fails(1, "meeting", "item-edit", a["id"], "--owner", "rep2", user="rep2", now="2026-11-21T10:10")  # not theirs
    cli.fails(2, "meeting", "item-edit", a["id"], user="asst", now="2026-11-21T10:10")  # nothing to change
    r = cli.json(
        "meeting",
        "item-edit",
        a["id"],
        "--owner",
        "rep2",
        "--text",
        "回单回收率提升到98%",
        user="asst",
        now="2026-11-21T10:10",
    )
    assert (r["owner"], r["text"]) == ("rep2", "回单回收率提升到98%")
    cli.ok("meeting", "item-remove", b["id"], user="rep2", now="2026-11-21T10:15")  # the one who added it
    assert [i["id"] for i in cli.json("meeting", "items", "--meeting", mid, now="2026-11-21T10:20")] == [a["id"]]
    actions = [e["action"] for e in cli.json("audit", "list", "--entity", "meeting_item")]
    assert "meeting.item_edit" in actions and "meeting.item_remove" in actions
    cli.ok("meeting", "minutes", mid, "--file", cli.md, user="asst", now="2026-11-23T08:00")
    cli.ok("meeting", "item-edit", a["id"], "--text", "草稿中仍可修改", user="asst", now="2026-11-23T08:30")  # a draft
    cli.ok("meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")
    r = cli.fails(1, "meeting", "item-edit", a["id"], "--text", "x", user="asst", now="2026-11-23T10:00")
    assert "MEETING-7" in r.output and "feedback" in r.output
    cli.fails(1, "meeting", "item-remove", a["id"], user="boss", now="2026-11-23T10:00")


def test_meeting_5_items_carry_the_deadline_the_meeting_set(meeting_dept):
    """MEETING-5 (issue 16): `meeting item --due`: shown in the list, on the owner's agenda (overdue
    once past), never before its meeting; changed with item-edit while the minutes are a draft."""
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    it = cli.json("meeting", "item", mid, "华东电子回单延误", "--owner", "rep1", "--due", "2026-11-26", user="asst")
    assert it["due"] == "2026-11-26"
    r = cli("meeting", "item", mid, "x", "--owner", "rep1", "--due", "2026-11-20", user="asst")
    assert r.exit_code == 2 and "cannot be before its meeting" in r.stderr, r.stderr
    agenda = cli.json("today", user="rep1", now="2026-11-25T10:00")
    mine = [a for a in agenda if a["clause"] == "MEETING-5"]
    assert mine[0]["text"] == "Follow up by 2026-11-26: 华东电子回单延误" and mine[0]["due"].startswith(
        "2026-11-26T18:00"
    )
    agenda = cli.json("today", user="rep1", now="2026-11-27T10:00")
    assert "overdue since 2026-11-26" in [a for a in agenda if a["clause"] == "MEETING-5"][0]["text"]
    assert cli.json("meeting", "item-edit", it["id"], "--due", "2026-11-30", user="asst")["due"] == "2026-11-30"
    assert [i["due"] for i in cli.json("meeting", "items", "--meeting", mid)] == ["2026-11-30"]


def test_meeting_7_markdown_becomes_paragraphs_lists_and_tables():
    """MEETING-7 (issue 16): the minutes' Markdown read by a real parser, not line by line."""
    from csops.documents import markdown_blocks

    blocks = markdown_blocks(
        "# 十一月例会\n\n**刘洋**：回单 *待客户确认*。\n\n- 一\n- 二\n  1. 甲\n\n"
        "| 客户 | 回单 |\n|---|---|\n| 华东电子 | 12 |\n\n```\nraw <b>\n```\n"
    )
    assert blocks[0] == ("heading", "十一月例会")
    assert blocks[1] == ("para", "<b>刘洋</b>：回单 <i>待客户确认</i>。")
    assert blocks[2:5] == [("item", (1, "·", "一")), ("item", (1, "·", "二")), ("item", (2, "1.", "甲"))]
    assert blocks[5] == ("table", [["客户", "回单"], ["华东电子", "12"]])
    assert blocks[6] == ("code", "raw <b>")  # escaped when laid out, never markup


@needs_font
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed (.ci/run installs it)")
def test_meeting_7_the_printed_minutes_as_a_person_reads_them(meeting_dept, tmp_path):
    """MEETING-7 (issue 16): Markdown rendered (no raw ** or |---|), a 2,000-character item, every
    column at least as wide as its longest word (each header on one line), names not logins, a
    sign-in table with a signature column, "第 1 页 / 共 N 页", the signature on the last lines' page."""
    cli = meeting_dept
    mid = cli.mids["2026-11-21"]
    cli.ok("meeting", "signin", mid, "--staff", "boss", "--staff", "rep1", user="asst", now="2026-11-21T09:25")
    cli.ok(
        "meeting", "item", mid, "客户反映回单未按时返还，" * 166, "--owner", "rep1", user="asst", now="2026-11-21T10:00"
    )
    cli.ok(
        "meeting", "item", mid, "ConsigneeAddressVerification", "--owner", "rep2", "--due", "2026-11-30", user="asst"
    )
    md = tmp_path / "m.md"
    md.write_text(
        "# 十一月第二次例会\n\n**刘洋**：华东电子回单 *待客户确认*。\n\n"
        "| Client | Receipts | Outstanding |\n|---|---|---|\n| 华东电子有限公司 | 120 | 3 |\n",
        encoding="utf-8",
    )
    cli.ok("meeting", "minutes", mid, "--file", md, user="asst", now="2026-11-23T08:00")
    cli.ok("meeting", "minutes", mid, "--send", user="asst", now="2026-11-23T09:00")
    out = tmp_path / "m.pdf"
    cli.ok("meeting", "minutes", mid, "--print", "--output", out, user="asst", now="2026-11-25T09:00", lang="zh")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    assert "**" not in text and "|---" not in text and "刘洋：华东电子回单待客户确认" in text.replace(" ", "")
    for header in ("Client", "Receipts", "Outstanding", "ConsigneeAddressVerification", "负责人", "截止"):
        assert header in text, header  # on one line: not broken inside
    items = text[text.index("事项") : text.index("纪要\n")]
    assert "刘洋" in items and "rep1" not in items  # owners by name
    signin = text[text.index("签到") :]
    assert "签名" in signin and "王芳 (boss)" in signin.replace("  ", " ") and "刘洋 (rep1)" in signin
    n = len([p for p in pages if p.strip()])
    assert (
        n >= 2 and f"第1页/共{n}页" in pages[0].replace(" ", "") and f"第{n}页/共{n}页" in pages[n - 1].replace(" ", "")
    )
    last = pages[n - 1]
    assert "部门负责人" in last and "签名" in last  # the signature line with the last lines above it


def test_a_message_built_again_is_the_same_bytes_attachment_boundary_included():
    """The outbox keeps a message's identity (its Message-ID derives from its key): built again
    (a retry, a re-delivery), it is byte for byte the same message, its parts' boundary too."""
    import email
    from datetime import UTC, datetime
    from email import policy

    from csops.mail import build_message

    def build(key: str) -> bytes:
        return bytes(
            build_message(
                "csops@example.com",
                [("王芳", "wang@example.com")],
                "会议纪要 2026-11-27",
                "纪要见附件。\n",
                [("minutes.pdf", b"%PDF-1.4 ...", "application", "pdf")],
                message_id=f"<{key}@csops.local>",
                when=datetime(2026, 11, 27, 2, 0, tzinfo=UTC),
            )
        )

    first, again, other = build("minutes-7"), build("minutes-7"), build("minutes-8")
    assert first == again
    assert first != other
    parsed = email.message_from_bytes(first, policy=policy.default)
    assert parsed.is_multipart() and [p.get_filename() for p in parsed.iter_attachments()] == ["minutes.pdf"]
    assert parsed.get_boundary().startswith("=_csops_")


def test_a_body_that_contains_the_derived_boundary_keeps_its_attachment():
    """The boundary derives from the Message-ID (predictable from a message's key), and a body is
    sent as it is: a body that holds the boundary's line must not end the part early and hide the
    attachment (or smuggle in a part of its own)."""
    import email
    from email import policy

    from csops.mail import _boundary, build_message

    mid = "<minutes:7:send@csops.local>"
    first = _boundary(mid, [""])
    body = f"纪要如下。\n--{first}--\n--{first}\nContent-Type: text/html\n\n<b>x</b>\n"
    raw = bytes(
        build_message(
            "csops@example.com",
            [("王芳", "wang@example.com")],
            "会议纪要",
            body,
            [("minutes.pdf", b"%PDF-1.4 ...", "application", "pdf")],
            message_id=mid,
        )
    )
    parsed = email.message_from_bytes(raw, policy=policy.default)
    assert parsed.get_boundary() != first
    assert [p.get_filename() for p in parsed.iter_attachments()] == ["minutes.pdf"]
    assert parsed.get_body(("plain",)).get_content() == body
    assert len(list(parsed.iter_parts())) == 2
