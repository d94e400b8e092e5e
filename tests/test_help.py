"""Help that helps (issue 17): every command's help in Chinese without English words outside codes,
placeholders that say what is expected, an example that parses for every command, and click's
own usage errors in the reader's language."""

from __future__ import annotations

import re
import shlex

import pytest

from csops.cli import words
from csops.cli.app import get_cli
from csops.cli.examples import EXAMPLES

# words that stay as they are in Chinese text: names of programs, formats and protocols, and the
# codes csops itself reads (file names, CSV column names, config keys in backquotes)
TECHNICAL = {
    "csops",
    "SQLite",
    "PostgreSQL",
    "postgresql",
    "psycopg",
    "SSH",
    "SMTP",
    "PDF",
    "CSV",
    "JSON",
    "TOML",
    "SQL",
    "Markdown",
    "md",
    "pub",
    "authorized",
    "keys",
    "docs",
    "login",
    "in",
    "out",
    "default",
    "exception",
    "path",
    "policy",
    "head",
    "HH",
    "MM",
    "CONNECT",
    "SHA",
    "UTF",
    "GBK",
    "crontab",
    "less",  # the pager's program
    "team",  # the CSV columns of `receipt import`
    "copies",
}


def _commands(cmd, path=""):
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}".strip())


def _help(cmd, path):
    return cmd.get_help(words.Context(cmd, info_name=f"csops {path}".strip()))


def _codes(tree):
    """Command names, the choices of closed sets and clause-ID prefixes: codes, not English."""
    codes = set(TECHNICAL)
    for path, cmd in _commands(tree):
        codes.update(re.findall(r"[a-z]+", path))
        for p in cmd.params:
            codes.update(re.findall(r"[a-z]+", str(p.metavar or "")))
    codes.update({"RCPT", "DUTY", "LEAVE", "ATTEND", "EXPENSE", "MEETING", "CLIENT", "INQUIRY", "REPORT", "STAFF"})
    codes.update({"WORKDAY", "UP", "REVIEW", "POLICY"})
    return codes


def _english(text, codes):
    found = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("csops ", "command=")):  # an example command line
            continue
        s = re.sub(r"`[^`]*`", " ", s)  # a command or a value in backquotes
        s = re.sub(r"'[^']*'", " ", s)  # what the user typed, quoted back
        s = re.sub(r"[a-z_/-]+\.[a-z_.]+", " ", s)  # policy keys, file names
        s = re.sub(r"--?[a-z][a-z-]*", " ", s)  # option names
        s = re.sub(r"\$?\w+_\w+|\$[A-Z]+", " ", s)  # CSV columns, role names, $VARIABLES
        found += [w for w in re.findall(r"[A-Za-z][A-Za-z']+", s) if w not in codes]
    return found


def test_every_help_in_chinese_has_no_english_outside_codes():
    tree = get_cli("zh")
    codes = _codes(tree)
    leftovers = {}
    for path, cmd in _commands(tree):
        found = _english(_help(cmd, path), codes)
        if found:
            leftovers[path or "csops"] = sorted(set(found))
    assert not leftovers, leftovers


def test_the_scan_finds_english_when_there_is_some():  # the test above can fail
    codes = _codes(get_cli("zh"))
    assert _english("用法：csops leave request [选项]\n  Show this message and exit.", codes) == [
        "Show",
        "this",
        "message",
        "and",
        "exit",
    ]


def test_placeholders_say_what_is_expected():
    tree = get_cli("en")
    for path, cmd in _commands(tree):
        assert "<str>" not in _help(cmd, path), path
    helps = {path: _help(cmd, path) for path, cmd in _commands(tree)}
    assert "--ship-date DATE" in helps["receipt add"]
    assert "--format [table|json|csv]" in helps["receipt add"]
    assert "--type [personal|special|sick|annual|other]" in helps["leave request"]
    assert "--from DATE[ HH:MM]" in helps["leave request"]
    assert "--month MONTH" in helps["attendance summary"]
    assert "--format [table|json|csv|xlsx]" in helps["attendance summary"]
    assert "--staff LOGIN" in helps["duty log"] and "--end HH:MM" in helps["duty log"]
    assert "[head|supervisor|rep|assistant|onsite|frontdesk|ops|manager]" in helps["staff add"]
    zh = {path: _help(cmd, path) for path, cmd in _commands(get_cli("zh"))}
    assert "--ship-date 日期" in zh["receipt add"] and "用法：" in zh["receipt add"]
    assert "[必填]" in zh["receipt add"] and "显示本帮助并退出。" in zh["receipt add"]


def _leaves(tree):
    return {path: cmd for path, cmd in _commands(tree) if path and not getattr(cmd, "commands", None)}


def test_every_command_has_an_example_that_parses():
    tree = get_cli("en")
    leaves = _leaves(tree)
    assert set(EXAMPLES) == set(leaves)
    for path, examples in EXAMPLES.items():
        assert examples, path
        for line in examples:
            if path == "remote-shell":  # a key line of authorized_keys: the forced command inside it
                line = re.search(r'csops [^"]*', line).group(0)
            argv = shlex.split(line)
            assert argv[0] == "csops" and argv[1 : 1 + len(path.split())] == path.split(), line
            rest = argv[1 + len(path.split()) :]
            ctx = leaves[path].make_context(f"csops {path}", rest)  # unknown options, bad values raise
            assert ctx.params is not None


def test_an_example_with_a_wrong_option_fails_to_parse():  # the test above can fail
    from csops.cli._click import UsageError

    leaf = _leaves(get_cli("en"))["receipt add"]
    with pytest.raises(UsageError):
        leaf.make_context("csops receipt add", ["--client", "x", "--shiptment", "S1"])


def test_examples_close_each_help(cli):
    out = cli.ok("receipt", "hold", "--help", user=None).stdout
    assert "Examples:" in out and "csops receipt hold --team 运作一组 --limit 5" in out
    out = cli.ok("receipt", "hold", "--help", user=None, lang="zh").stdout
    assert "示例：" in out


@pytest.mark.parametrize(
    "args,expected",
    [
        (("staff", "add", "--login", "x"), "缺少选项 '--name'。"),
        (("leave", "frobnicate"), "没有子命令 'frobnicate'。"),
        (("receipt", "add", "--copies", "abc"), "'--copies' 的值无效：应为整数。"),
        (("staff", "list", "--colour"), "没有选项 --colour"),
        (("leave", "show", "1", "2"), "多余的参数：2"),
        (("leave", "show", "--format"), "选项 '--format' 需要一个值。"),
    ],
)
def test_usage_errors_in_chinese(cli, args, expected):
    r = cli(*args, lang="zh", user=None)
    assert r.exit_code == 2, r.output
    assert "错误：" in r.stderr, r.stderr
    if "--format" not in args:  # click knows no command for an option's missing value
        assert "用法：csops" in r.stderr, r.stderr
    assert expected in r.stderr, r.stderr
    codes = _codes(get_cli("zh"))
    assert not _english(r.stderr, codes), r.stderr


def test_usage_errors_in_english_stay_as_click_says_them(cli):
    r = cli("staff", "add", "--login", "x", user=None)
    assert r.exit_code == 2
    assert "Usage: csops staff add [OPTIONS]" in r.stderr and "Error: Missing option '--name'." in r.stderr


def test_one_name_per_meaning_old_names_warn_for_a_release(dept):
    """Issue 17: `--to` is only the end of a range; `--limit N` counts. The old names still work for
    one release, saying what they are now."""
    cli = dept
    r = cli.ok("meeting", "schedule", "--from", "2026-12-01", "--count", "1", user="asst")
    assert "--count is now --limit" in r.stderr
    new = cli.ok("meeting", "schedule", "--from", "2026-12-20", "--limit", "1", "-f", "json", user="asst")
    assert "is now" not in new.stderr
    r = cli.ok("report", "file", "--category", "problem", "收货方拒签", "--to", "sup1", user="rep1")
    assert "--to is now --recipient" in r.stderr
    r = cli.ok("report", "file", "--category", "problem", "收货方拒签", "--recipient", "sup1", user="rep1")
    assert not r.stderr
    for args, name in ((("mail", "test"), "--recipient"), (("db", "copy"), "--target")):
        r = cli(*args)
        assert r.exit_code == 2 and f"Missing option '{name}'" in r.stderr, r.stderr
    zh = cli("mail", "test", lang="zh")
    assert zh.exit_code == 2 and "缺少选项 '--recipient'" in zh.stderr
