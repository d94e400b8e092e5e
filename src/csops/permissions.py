"""Who may do what (CLI.md "Who may do what"): one table, action → roles → clause.

``Ctx.require(action)`` refuses (exit 1, naming the rule) unless the acting user's role is in
the action's roles; ``Ctx.may(action)`` asks. docs/permissions.md is generated from this table
(scripts/permissions_doc.py) and the permission tests iterate it. What a role alone cannot
decide (the person themselves, the next approver, the recipient) is checked by the service
that owns the record, and written in ``note``.
"""

from __future__ import annotations

from dataclasses import dataclass

from csops.i18n import N_
from csops.rules.staff import DEPARTMENT_ROLES, ROLES

HEAD = ("head",)
ADMIN = ("head", "assistant")
OVERSIGHT = ("head", "assistant", "supervisor")  # see the whole department's records
DUTY = ("head", "supervisor", "rep")  # DUTY-3: those who arrange evening work
CS = ("head", "supervisor", "rep", "assistant")  # customer service at large
DEPARTMENT = DEPARTMENT_ROLES  # the department's own people
ANYONE = ROLES  # anyone registered


@dataclass(frozen=True)
class Permission:
    action: str  # the command, as typed ("leave approve"), or a right without a command of its own
    roles: tuple[str, ...]
    clause: str | None = None
    note: str = ""  # what else decides, for people (the docs)


PERMISSIONS: tuple[Permission, ...] = (
    Permission("staff add", ADMIN),
    Permission("staff edit", ADMIN, note=N_("only the head changes who is head, and any role to or from head")),
    Permission("staff deactivate", ADMIN),
    Permission("calendar set", ADMIN, "WORKDAY-1"),
    Permission("calendar import", ADMIN, "WORKDAY-1"),
    Permission("keys add", ADMIN, None, N_("and `keys sync`; shared use over SSH")),
    Permission("keys remove", ADMIN),
    Permission("keys list", ADMIN),
    Permission("policy set", HEAD),
    Permission("policy import", HEAD),
    Permission("policy what-if", OVERSIGHT, "ATTEND-5", N_("reads every person's records, writes nothing")),
    Permission("leave request", ANYONE, "LEAVE-7", N_("for oneself only")),
    Permission("leave approve", ANYONE, "LEAVE-5", N_("only the next approver in the requester's chain (LEAVE-5/6)")),
    Permission("leave reject", ANYONE, "LEAVE-5", N_("only the next approver in the requester's chain (LEAVE-5/6)")),
    Permission("leave cancel", ANYONE, "LEAVE-1", N_("the person, before it starts; the head at any time")),
    Permission("leave back", ANYONE, "LEAVE-1", N_("the person; the head")),
    Permission("duty log", DUTY, "DUTY-3"),
    Permission("duty mark", DUTY, "DUTY-4"),
    Permission("duty unmark", DUTY, "DUTY-4"),
    Permission("duty roster --write", DUTY, "DUTY-4"),
    Permission("duty swap", DUTY, "DUTY-4"),
    Permission(
        "duty comp-rest take", ANYONE, "DUTY-4", N_("for oneself; for another person: the head or a supervisor")
    ),
    Permission("duty comp-rest take --staff", ("head", "supervisor"), "DUTY-4"),
    Permission("attendance record", ("frontdesk", "head"), "ATTEND-1"),
    Permission("attendance away", ("frontdesk", "head"), "LEAVE-9"),
    Permission("attendance start", HEAD, "ATTEND-4"),
    Permission("expense add", ANYONE, "EXPENSE-1", N_("for oneself")),
    Permission("expense record", ADMIN, "EXPENSE-2"),
    Permission("expense report", ADMIN, "EXPENSE-3"),
    Permission("meeting schedule", ADMIN, "MEETING-1"),
    Permission("meeting schedule --break-rhythm", HEAD, "MEETING-1"),
    Permission("meeting signin", ADMIN, "MEETING-2"),
    Permission("meeting minutes", ADMIN, "MEETING-6", N_("record, send and print")),
    Permission("meeting archive", ADMIN, "MEETING-7", N_("--signed-by names the head")),
    Permission("meeting item", DEPARTMENT, "MEETING-4"),
    Permission("meeting item-done", ANYONE, "MEETING-5", N_("the item's owner, the assistant or the head")),
    Permission(
        "meeting item-edit",
        DEPARTMENT,
        "MEETING-6",
        N_("while the minutes are a draft: the one who added it, the assistant or the head; and `item-remove`"),
    ),
    Permission("meeting feedback", DEPARTMENT, "MEETING-7"),
    Permission("receipt", CS, "RCPT-1", N_("every command that changes receipts or issues work orders")),
    Permission("client", CS, "CLIENT-2", N_("add and edit")),
    Permission("consignee add", CS, "CLIENT-3"),
    Permission("consignee confirm", CS, "CLIENT-5"),
    Permission("consignee mismatch", CS + ("ops",), "CLIENT-7"),
    Permission("inquiry", CS, "INQUIRY-1", N_("open and answer")),
    Permission("report file", ANYONE, "REPORT-2"),
    Permission("report inform", ANYONE, "REPORT-4", N_("the reporter")),
    Permission("report close", ANYONE, "REPORT-4", N_("the reporter or the recipient")),
    Permission("audit list", OVERSIGHT, None, N_("and `audit head`")),
    Permission("summary month", OVERSIGHT, "ATTEND-5"),
    Permission("cron run", ADMIN, None, N_("and the service account; replaying a past date is the head's")),
    Permission("mail retry", ADMIN, None, N_("and `mail outbox`; and the service account")),
    Permission("mail test", ADMIN),
    Permission(
        "see the department's records",
        OVERSIGHT,
        None,
        N_("everyone's leave, attendance, expenses, duties and meeting deductions; others see their own"),
    ),
    Permission("see the day's attendance", OVERSIGHT + ("frontdesk",), "ATTEND-1"),
)
BY_ACTION = {p.action: p for p in PERMISSIONS}


def allowed(action: str, role: str) -> bool:
    """Whether ``role`` may do ``action`` (an action missing from the table is a programming error)."""
    return role in BY_ACTION[action].roles


# Commands that only read: anyone registered runs them (each shows what its reader may see)
READS = (
    "today",
    "leave list",
    "leave show",
    "duty list",
    "duty next-start",
    "duty roster",
    "duty marked",
    "duty comp-rest list",
    "attendance day",
    "attendance calendar",
    "attendance summary",
    "receipt show",
    "receipt hold",
    "receipt overdue",
    "client list",
    "client show",
    "consignee show",
    "consignee review",
    "meeting list",
    "expense list",
    "inquiry list",
    "inquiry show",
    "report list",
    "calendar show",
    "policy show",
    "policy history",
    "staff list",
    "staff show",
)


def action_of(command: str) -> str | None:
    """The action of the table a suggested command line needs (None: it only reads), e.g.
    ``csops duty comp-rest take --date D --staff x`` -> ``duty comp-rest take --staff``. The agenda
    offers a person only the commands their role may run (tests/test_audiences.py)."""
    words = command.split()
    if words and words[0] == "csops":
        words = words[1:]
    plain = [w for w in words if not w.startswith("-")]
    flags = {w for w in words if w.startswith("--")}
    for n in (3, 2, 1):
        name = " ".join(plain[:n])
        for flag in sorted(flags):
            if f"{name} {flag}" in BY_ACTION:
                return f"{name} {flag}"
        if name in READS:
            return None
        if name in BY_ACTION:
            return name
    raise KeyError(f"no permission for {command!r}: add it to csops.permissions (PERMISSIONS or READS)")
