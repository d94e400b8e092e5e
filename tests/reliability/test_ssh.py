"""Shared use over SSH against a real OpenSSH server on 127.0.0.1 (issue 13; docs/shared-use.md).

The test starts Debian's sshd on a free port with a throwaway host key and an authorized_keys
file that `csops keys add` writes; two people get a key each. Identity comes from the key line
only: spoofing through the environment (the server here even accepts CSOPS_* from clients, as a
careless host might), through arguments and through shell metacharacters fails, and the
permission table holds through SSH. The client mode (`CSOPS_REMOTE`) passes stdout, stderr and
the exit code through, sends input files and writes --output files on the client's side.
"""

from __future__ import annotations

import os
import shlex
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIGURES

pytestmark = [pytest.mark.sqlite_only, pytest.mark.slow]

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
CSOPS = str(Path(sys.executable).with_name("csops"))
TIMINGS: list[float] = []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sshd(tmp_path, dept):
    """A running sshd whose authorized_keys `csops keys` manages, and the department on file."""
    if SSHD is None or shutil.which("ssh") is None:
        if os.environ.get("CI"):
            pytest.fail("openssh-server and openssh-client are needed (.ci/run installs them)")
        pytest.skip("no OpenSSH server on this machine (apt-get install openssh-server)")
    home = tmp_path / "sshd"
    home.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(home / "host")], check=True)
    keys = {}
    for login in ("rep1", "asst", "boss"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", login, "-f", str(home / login)], check=True
        )
        keys[login] = home / login
    port = _free_port()
    ak = home / "authorized_keys"
    user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
    (home / "sshd_config").write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {home / 'host'}\nPidFile {home / 'sshd.pid'}\n"
        f"AuthorizedKeysFile {ak}\nStrictModes no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PubkeyAuthentication yes\nUsePAM no\nPermitRootLogin prohibit-password\n"
        "AcceptEnv LANG LC_* CSOPS_*\nLogLevel ERROR\n",
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
    proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(home / "sshd_config")], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("sshd did not start: " + proc.stderr.read().decode())
    cfg = Path(os.environ["CSOPS_CONFIG"])
    cfg.write_text(f'[ssh]\nauthorized_keys = "{ak}"\ncommand = "{CSOPS}"\n', encoding="utf-8")
    for login, key in keys.items():
        dept.ok("keys", "add", login, "--file", str(key) + ".pub", user="boss")

    class Host:
        def __init__(self):
            self.port, self.keys, self.user, self.home, self.ak = port, keys, user, home, ak
            self.dept = dept

        def ssh_args(self, login):
            return [
                "ssh",
                "-p",
                str(port),
                "-i",
                str(keys[login]),
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "IdentitiesOnly=yes",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR",
            ]

        def ssh(self, login, command, *, env=None, input=None, extra=()):
            """`ssh csops@host COMMAND` with ``login``'s key, from a clean client environment."""
            e = {k: v for k, v in os.environ.items() if not k.startswith("CSOPS_")}
            e.update(env or {})
            t = time.perf_counter()
            r = subprocess.run(
                [*self.ssh_args(login), *extra, "--", f"{user}@127.0.0.1", command],
                env=e,
                input=input,
                capture_output=True,
                text=True,
                timeout=60,
            )
            TIMINGS.append(time.perf_counter() - t)
            return r

        def client(self, login, *args, cwd, input=None):
            """The csops client on the user's machine: CSOPS_REMOTE and CSOPS_SSH."""
            e = {k: v for k, v in os.environ.items() if not k.startswith("CSOPS_")}
            e["CSOPS_REMOTE"] = f"{user}@127.0.0.1"
            e["CSOPS_SSH"] = shlex.join(self.ssh_args(login))
            e["CSOPS_LANG"] = "en"
            t = time.perf_counter()
            r = subprocess.run([CSOPS, *args], env=e, cwd=cwd, input=input, capture_output=True, text=True, timeout=60)
            TIMINGS.append(time.perf_counter() - t)
            return r

    yield Host()
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module", autouse=True)
def _figures():
    yield
    if TIMINGS:
        FIGURES.append(
            f"ssh: {len(TIMINGS)} round trips through sshd and the forced command, "
            f"median {sorted(TIMINGS)[len(TIMINGS) // 2]:.2f} s, max {max(TIMINGS):.2f} s"
        )


def _audit(db: str) -> list[tuple]:
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT actor, action, entity_id FROM audit_log ORDER BY id").fetchall()
    finally:
        c.close()


def test_two_keys_two_logins_and_the_permission_table_holds(sshd):
    """Each key acts as its own person; what a role may not do stays refused over SSH."""
    line = sshd.ak.read_text()
    assert line.count('restrict,command="') == 3 and "remote-shell" in line and ' rep1"' in line
    rep = sshd.ssh("rep1", "keys list")
    assert rep.returncode == 1 and "you are rep" in rep.stderr, rep
    asst = sshd.ssh("asst", "keys list --format json")
    assert asst.returncode == 0, asst
    assert "rep1" in asst.stdout and "asst" in asst.stdout
    r = sshd.ssh("rep1", "staff add --login mallory --name M --role head")
    assert r.returncode == 1 and "Not permitted" in r.stderr
    r = sshd.ssh("asst", "policy set leave.department_max_days 60 --reason x")
    assert r.returncode == 1 and "head" in r.stderr
    r = sshd.ssh("asst", "staff edit rep2 --email rep2@example.com")
    assert r.returncode == 0, r
    actor, action, entity = _audit(os.environ["CSOPS_DB"])[-1]
    assert (actor, action) == ("asst", "staff.edit")


@pytest.mark.parametrize(
    "command, env, expect",
    [
        ("keys list", {"CSOPS_USER": "boss"}, "CSOPS_USER"),  # sent with SendEnv: the host accepts it, csops does not
        ("keys list", {"CSOPS_DB": "/tmp/elsewhere.db"}, "CSOPS_DB"),
        ("keys list", {"CSOPS_NOW": "2030-01-01T10:00"}, "CSOPS_NOW"),
        ("keys list", {"CSOPS_CONFIG": "/tmp/evil.toml"}, "CSOPS_CONFIG"),
        ("CSOPS_USER=boss keys list", {}, "Only csops commands"),
        ("env CSOPS_USER=boss csops keys list", {}, "Only csops commands"),
        ("--db /tmp/other.db keys list", {}, "--db"),
        ("sh -c 'id'", {}, "Only csops commands"),
        ("remote-shell boss", {}, "host itself"),
        ("db backup /tmp/stolen.db", {}, "host itself"),
        ("keys list; touch {pwned}", {}, None),
        ("keys list && touch {pwned}", {}, None),
        ("keys list $(touch {pwned})", {}, None),
        ("keys list `touch {pwned}`", {}, None),
        ("keys list | touch {pwned}", {}, None),
        ("receipt import /etc/passwd", {}, "reads only files your machine sends"),
        ("summary month --month 2026-10 -f xlsx -o {pwned}", {}, "no file is written on the host"),
        ("", {}, "csops commands only"),
    ],
)
def test_spoofing_fails(sshd, tmp_path, command, env, expect):
    """Identity, clock and database come from the key line; nothing the client sends runs a shell."""
    pwned = tmp_path / "pwned"
    command = command.format(pwned=pwned)
    extra = [x for k in env for x in ("-o", f"SendEnv={k}")]
    before = _audit(os.environ["CSOPS_DB"])
    r = sshd.ssh("rep1", command, env=env, extra=extra)
    assert r.returncode != 0, r
    assert not pwned.exists()
    assert "Traceback" not in r.stderr
    if expect:
        assert expect in r.stderr, r.stderr
    assert _audit(os.environ["CSOPS_DB"]) == before  # nothing was written, by anyone


def test_client_mode_passes_exit_codes_and_moves_files(sshd, tmp_path):
    """CSOPS_REMOTE: stdout, stderr, the exit code; an input file read here; an --output file written here."""
    here = tmp_path / "laptop"
    here.mkdir()
    r = sshd.client("asst", "staff", "list", "--format", "json", cwd=here)
    assert r.returncode == 0 and '"login": "rep1"' in r.stdout, r
    r = sshd.client("rep1", "staff", "add", "--login", "m", "--name", "M", "--role", "rep", cwd=here)
    assert r.returncode == 1 and "Not permitted" in r.stderr
    r = sshd.client("asst", "leave", "list", "--format", "yaml", cwd=here)
    assert r.returncode == 2
    sshd.dept.ok("client", "add", "南方食品", user="boss")
    (here / "r.csv").write_text("shipment_no,client,ship_date,team\nS-SSH-1,南方食品,2026-11-20,T1\n", encoding="utf-8")
    r = sshd.client("asst", "receipt", "import", "r.csv", cwd=here)
    assert r.returncode == 0, r  # the host read the laptop's file
    assert "r.csv" in r.stdout and "csops-remote" not in r.stdout + r.stderr
    assert sshd.dept.json("receipt", "show", "S-SSH-1", user="boss")["team"] == "T1"
    r = sshd.client(
        "boss", "summary", "month", "--month", "2026-11", "--format", "xlsx", "--output", "nov.xlsx", cwd=here
    )
    assert r.returncode == 0, r
    assert (here / "nov.xlsx").read_bytes()[:2] == b"PK" and "nov.xlsx" in r.stderr
    assert not list(Path("/tmp").glob("csops-remote-*/out*"))  # nothing left on the host
    r = sshd.client("boss", "--db", "/tmp/x.db", "staff", "list", cwd=here)
    assert r.returncode == 2 and "--db" in r.stderr


def test_a_removed_key_no_longer_gets_in(sshd):
    assert sshd.ssh("rep1", "leave list").returncode == 0
    sshd_ok = sshd.ssh("asst", "keys remove rep1")
    assert sshd_ok.returncode == 0, sshd_ok
    assert "rep1" not in sshd.ak.read_text().split("# csops keys: begin")[1].replace("remote-shell", "")
    r = sshd.ssh("rep1", "leave list")
    assert r.returncode == 255  # ssh itself: the key is refused
    r = sshd.ssh("boss", "staff deactivate asst")
    assert r.returncode == 0, r
    r = sshd.ssh("asst", "leave list")
    assert r.returncode != 0
