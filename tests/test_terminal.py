"""At the terminal (issue 17): tables fit the window's width, folding long text within its
column (codes, dates and numbers never break); piped output and --wide are never folded."""

import unicodedata

import pytest


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.fixture
def busy(dept):
    cli = dept
    cli.ok("client", "add", "华东电子有限公司上海浦东新区张江高科技园区分公司", "--damage", "外箱破损时拍照留证，" * 8)
    cli.ok(
        "inquiry",
        "open",
        "--client",
        "华东电子有限公司上海浦东新区张江高科技园区分公司",
        "--question",
        "The consignee says the second pallet arrived with a torn corner and wants to know who pays " * 2,
        now="2026-11-26T10:00",
    )
    return cli


TABLES = [
    ["client", "list"],
    ["inquiry", "list"],
    ["staff", "list"],
    ["today"],
    ["audit", "list", "--limit", "20"],
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", TABLES, ids=[" ".join(a) for a in TABLES])
def test_tables_fit_80_columns_and_fold_long_text(busy, args, lang):
    out = busy.ok(*args, lang=lang, now="2026-11-26T11:00", env={"COLUMNS": "80"}).stdout
    assert max(_width(line) for line in out.splitlines()) <= 80, out


def test_piped_output_and_wide_are_never_folded(busy):
    wide = busy.ok("inquiry", "list", now="2026-11-26T11:00").stdout  # not a terminal, no COLUMNS
    assert max(_width(line) for line in wide.splitlines()) > 80
    forced = busy.ok("--wide", "inquiry", "list", now="2026-11-26T11:00", env={"COLUMNS": "80"}).stdout
    assert forced == wide


def test_fold_breaks_at_spaces_and_between_chinese_characters():
    from csops.output import fold

    assert fold("Leave #3 of liu.yang waits for your approval.", 19) == [
        "Leave #3 of",
        "liu.yang waits for",
        "your approval.",
    ]
    assert fold("外箱破损时拍照留证外箱破损", 10) == ["外箱破损时", "拍照留证外", "箱破损"]
    assert fold("2026-11-26 10:00", 10) == ["2026-11-26", "10:00"]


def test_policy_show_prose_folds_to_the_terminal(dept):
    out = dept.ok("policy", "show", env={"COLUMNS": "80"}).stdout
    assert max(_width(line) for line in out.splitlines()) <= 80
    assert max(_width(line) for line in dept.ok("policy", "show").stdout.splitlines()) > 80


def _bash_completion(tmp_path):
    """A function completing a command line as bash does, with the script `csops
    --install-completion bash` installs (skips without bash or the installed csops script)."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    csops = str(Path(sys.executable).with_name("csops"))
    if not shutil.which("bash") or not Path(csops).exists():
        pytest.skip("needs bash and the installed csops script")
    env = dict(os.environ, PATH=f"{Path(csops).parent}:{os.environ['PATH']}")
    script = subprocess.run(
        [csops], env=dict(env, _CSOPS_COMPLETE="bash_source"), capture_output=True, text=True, check=True
    ).stdout
    assert "complete -o default -F _csops_completion csops" in script
    (tmp_path / "c.sh").write_text(script, encoding="utf-8")

    def complete(line: str) -> list[str]:
        words = line.split(" ")
        prog = (
            f"source {tmp_path / 'c.sh'}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
            '_csops_completion csops; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        return subprocess.run(["bash", "-c", prog], env=env, capture_output=True, text=True, check=True).stdout.split()

    return complete


def test_bash_completion_completes_groups_and_commands(tmp_path):
    """Shell completion (bash, as `csops --install-completion bash` installs it): the script
    itself, and completions of a group and of a command, run through a real bash."""

    complete = _bash_completion(tmp_path)

    assert "leave" in complete("csops lea")
    assert complete("csops leave appr") == ["approve"]
    assert "--month" in complete("csops attendance summary --mo")


@pytest.mark.sqlite_only  # the demo is a SQLite file; tables are drawn the same on both engines
def test_every_table_command_fits_80_columns_in_both_languages(cli, tmp_path):
    """Issue 17: every reading command's table at COLUMNS=80, English and Chinese, on the demo
    department (the commands of docs/json.md); a table with more columns than the window can hold
    prints one record per block, as `psql -x` does."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from json_reference import COMMANDS, HEAD, NOW

    db = tmp_path / "demo.db"
    cli.ok("demo", "--db", db, user=None, now=NOW)
    too_wide = {}
    for lang in ("en", "zh"):
        for cmd in COMMANDS:
            out = cli.ok("--db", db, *cmd, user=HEAD, now=NOW, lang=lang, env={"COLUMNS": "80"}).stdout
            # the crontab lines `cron list` prints are to be copied whole: a folded one would not run
            lines = [x for x in out.splitlines() if not (cmd == ("cron", "list") and "csops cron run" in x)]
            widest = max((_width(line) for line in lines), default=0)
            if widest > 80:
                too_wide[(lang, " ".join(cmd))] = widest
    assert not too_wide, too_wide
    summary = cli.ok(
        "--db", db, "attendance", "summary", "--month", "2026-10", user=HEAD, now=NOW, env={"COLUMNS": "80"}
    )
    assert "─ 1 ─" in summary.stdout and "Minutes late" in summary.stdout  # records, every column kept


@pytest.mark.sqlite_only  # the completion reads the database the environment names
def test_bash_completion_offers_choices_logins_and_clients(dept, tmp_path):
    """Issue 17: closed sets complete to their choices; logins and clients from the database."""

    complete = _bash_completion(tmp_path)
    dept.ok("client", "add", "华东电子")

    assert complete("csops staff add --role re") == ["rep"]
    assert complete("csops leave request --type s") == ["special", "sick"]
    assert complete("csops leave list --staff rep") == ["rep1", "rep2", "rep3"]
    assert complete("csops receipt add --client 华") == ["华东电子"]
    assert complete("csops --db /nowhere/x.db leave list --staff rep") == []  # no database: nothing, no error
