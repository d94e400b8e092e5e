"""Shared use: the forced command's parsing and refusals, in-process (issue 13). The same paths
through a real sshd are in tests/reliability/test_ssh.py."""

from __future__ import annotations

import os

import pytest

from conftest import config_text
from csops.errors import BadInput, NotPermitted
from csops.remote import check_environment, parse_request
from csops.services.keys import forced_command, merged_authorized_keys, parse_public_key

ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMCl1io1QhggLu4wx2B0kNXLLKJmFK3RKT9ck0otPlNu laptop"


@pytest.mark.parametrize(
    "request_line, framed, args",
    [
        ("leave list", False, ["leave", "list"]),
        ("csops leave list", False, ["leave", "list"]),
        ("csops-client/1 leave show 3", True, ["leave", "show", "3"]),
        ("--lang zh today", False, ["--lang", "zh", "today"]),
        ("--lang=zh today", False, ["--lang=zh", "today"]),
        ("leave request --reason '家里有事 明天'", False, ["leave", "request", "--reason", "家里有事 明天"]),
        ("leave list; rm -rf /", False, ["leave", "list;", "rm", "-rf", "/"]),  # words, never a shell
        ("db check", False, ["db", "check"]),
        ("--help", False, ["--help"]),
    ],
)
def test_a_request_is_words_of_a_csops_command(request_line, framed, args):
    assert parse_request(request_line) == (framed, args)


@pytest.mark.parametrize(
    "request_line, error, says",
    [
        ("", NotPermitted, "csops commands only"),
        ("bash", NotPermitted, "Only csops commands"),
        ("CSOPS_USER=boss leave list", NotPermitted, "Only csops commands"),
        ("--db /tmp/x.db leave list", NotPermitted, "--db"),
        ("--db=/tmp/x.db leave list", NotPermitted, "--db"),
        ("--remote h leave list", NotPermitted, "--remote"),
        ("--config /tmp/evil.toml leave list", NotPermitted, "--config"),
        ("init --head-login x", NotPermitted, "host itself"),
        ("demo", NotPermitted, "host itself"),
        ("remote-shell boss", NotPermitted, "host itself"),
        ("db backup /tmp/x", NotPermitted, "host itself"),
        ("db copy --to postgresql://evil/db", NotPermitted, "host itself"),
        ("db", NotPermitted, "host itself"),
        ("leave list 'unclosed", BadInput, "Cannot read"),
    ],
)
def test_a_request_that_is_not_refused(request_line, error, says):
    with pytest.raises(error, match=says):
        parse_request(request_line)


def test_csops_settings_in_the_environment_are_refused_but_the_language():
    check_environment({"LANG": "zh_CN.UTF-8", "CSOPS_LANG": "zh", "SSH_ORIGINAL_COMMAND": "x"})
    for name in ("CSOPS_USER", "CSOPS_NOW", "CSOPS_CONFIG", "CSOPS_DB", "CSOPS_OUTPUT", "CSOPS_REMOTE"):
        with pytest.raises(NotPermitted, match=name):
            check_environment({name: "x"})


def test_public_keys_are_checked():
    key = parse_public_key(ED)
    assert key.key_type == "ssh-ed25519" and key.comment == "laptop"
    assert key.fingerprint == "SHA256:3tUPU8cKh303TgNHqBM7DojcieapeJOaBHD8FSNAC1I"
    for bad, says in (
        ('command="sh" ' + ED, "known type"),
        ("ssh-rsa " + ED.split()[1], "says ssh-ed25519 inside"),
        ("ssh-ed25519 !!!notbase64", "base64"),
        (ED + "\nssh-ed25519 AAAA", "one line"),
        ("ssh-ed25519", "missing"),
    ):
        with pytest.raises(BadInput, match=says):
            parse_public_key(bad)


def test_the_forced_command_and_the_managed_block():
    cmd = forced_command("liu.yang", exe="/opt/csops bin/csops", config="/srv/c.toml", db=None)
    assert cmd == "'/opt/csops bin/csops' remote-shell --config /srv/c.toml liu.yang"
    other = "ssh-ed25519 AAAAadmin admin@host\n"
    text = merged_authorized_keys(other, ["line 1", "line 2"])
    assert text.startswith(other) and "line 1\nline 2\n# csops keys: end" in text
    again = merged_authorized_keys(text, ["line 3"])
    assert "line 1" not in again and "line 3" in again and again.count("admin@host") == 1


def _remote(cli, login, request_line, *, lang="en"):
    """`csops remote-shell LOGIN` as sshd runs it: the host's settings on the key line only."""
    env = {k: None for k in os.environ if k.startswith("CSOPS_")}
    env["SSH_ORIGINAL_COMMAND"] = request_line
    return cli(
        "--db",
        os.environ["CSOPS_DB"],
        "remote-shell",
        "--config",
        os.environ["CSOPS_CONFIG"],
        login,
        user=None,
        lang=lang,
        env=env,
    )


def test_the_key_line_decides_who_acts(dept):
    """Issue 13: the login of the key line acts, whatever the client says."""
    r = _remote(dept, "asst", "staff edit rep2 --email rep2@example.com")
    assert r.exit_code == 0, r.output
    r = _remote(dept, "rep1", "staff edit rep2 --email x@example.com")
    assert r.exit_code == 1 and "you are rep" in r.output
    r = _remote(dept, "nobody", "leave list")
    assert r.exit_code == 1 and "not registered" in r.output
    dept.ok("staff", "deactivate", "rep3")
    r = _remote(dept, "rep3", "leave list")
    assert r.exit_code == 1 and "deactivated" in r.output
    audit = dept.json("audit", "list", "--entity", "staff", user="boss")
    assert [a["actor"] for a in audit if "rep2@example.com" in str(a.get("after"))] == ["asst"]


def test_keys_add_list_remove(dept, tmp_path):
    cfg = tmp_path / "csops.toml"
    ak = tmp_path / "ssh" / "authorized_keys"
    cfg.write_text(config_text(f'[ssh]\nauthorized_keys = "{ak}"\ncommand = "/usr/bin/csops"\n'), encoding="utf-8")
    dept.fails(1, "keys", "add", "rep1", ED, user="rep1")
    out = dept.json("keys", "add", "rep1", ED, user="asst")
    assert out["login"] == "rep1" and out["fingerprint"].startswith("SHA256:")
    assert oct(ak.stat().st_mode & 0o777) == "0o600" and oct(ak.parent.stat().st_mode & 0o777) == "0o700"
    text = ak.read_text()
    assert (
        'restrict,command="/usr/bin/csops --db ' in text
        and "remote-shell --config" in text
        and ' rep1" ssh-ed25519' in text
    )
    r = dept.fails(1, "keys", "add", "rep2", ED, user="asst")
    assert "rep1 already" in r.output  # one key, one person
    dept.fails(2, "keys", "add", "rep2", "ssh-ed25519 AAAA", user="asst")
    assert [k["login"] for k in dept.json("keys", "list", user="boss")] == ["rep1"]
    dept.ok("keys", "remove", "rep1", user="boss")
    assert "ssh-ed25519" not in ak.read_text()
    assert dept.json("keys", "list", user="boss") == []
    assert [k["active"] for k in dept.json("keys", "list", "--all", user="boss")] == [False]
