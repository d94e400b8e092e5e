"""The command groups and their one-line help, for `csops --help` without importing any group:
the root help lists them from here (tests/test_cli_surface.py keeps this equal to each group's own help)."""

from __future__ import annotations

from csops.i18n import N_

GROUP_HELP = {
    "db": N_("The database: upgrade, backup, check."),
    "keys": N_("SSH keys for shared use: each key runs csops as its person (head, assistant)."),
    "mail": N_("Mail: what waits in the outbox, sending it again, a test message."),
    "staff": N_("People: add, list, show, edit, deactivate."),
    "policy": N_("The rulebook: clauses and parameters, and their history (set by the head)."),
    "calendar": N_("The working calendar: public holidays, make-up days, company overrides."),
    "audit": N_("The audit log: who did what, when."),
    "leave": N_("Leave: request, approve, reject, cancel, report back (LEAVE-*)."),
    "duty": N_("Evening duty and the weekend on-site rotation (DUTY-*)."),
    "attendance": N_("Attendance: arrivals, time away, start times, day status, monthly summary (ATTEND-*)."),
    "receipt": N_("Signed delivery receipts (回单): add, import, return, overdue, holds, month-end sheets (RCPT-*)."),
    "client": N_("Client files: basic data and the four standards (CLIENT-2)."),
    "consignee": N_("Consignee files, mismatches, the monthly review (CLIENT-3..7)."),
    "meeting": N_("Department meetings: schedule, sign-in, points, items, minutes (MEETING-*)."),
    "expense": N_("Business-entertainment expenses: claims, recording, the monthly report (EXPENSE-*)."),
    "inquiry": N_("Client tracking inquiries with reply deadlines (INQUIRY-1)."),
    "report": N_("Requests and reports upward, level by level (REPORT-*); exception notices too."),
    "summary": N_("The department's monthly review."),
    "cron": N_("Jobs due by the policy, run from cron: summaries, the 5th/15th/20th reports, reminders."),
}
