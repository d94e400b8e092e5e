"""RCPT-1..6: due dates, the receipt's life, the exchange of work orders, month-end tasks (pure)."""

from datetime import date

import pytest

from csops.rules import Verdict
from csops.rules.receipt import (
    HOLD_REASONS,
    STATES,
    OpenReceipt,
    copy_to_keep,
    covered_month,
    hold_cutoff,
    hold_reasons,
    hold_verdict,
    is_overdue,
    month_key,
    receipt_due_date,
    receipt_state,
    return_verdict,
    task_month,
    transition,
)

D = date.fromisoformat


@pytest.mark.parametrize(
    "ship,returned,ok,days_late",
    [
        ("2026-11-01", "2026-11-16", True, 0),  # the 15th day is still on time
        ("2026-11-01", "2026-11-17", False, 1),  # day 16
        ("2026-11-01", "2026-11-01", True, 0),
        ("2026-11-20", "2026-12-05", True, 0),  # across the month's turn
        ("2026-12-20", "2027-01-05", False, 1),  # across the year's turn (2026-12-20 + 15 = 2027-01-04)
    ],
)
def test_rcpt_3_due_date_and_late_return(ship, returned, ok, days_late):
    """RCPT-3: within 15 calendar days of the ship date."""
    v = return_verdict(receipt_due_date(D(ship)), D(returned))
    assert v == Verdict("RCPT-3", ok, "on-time" if ok else "late", {"days_late": days_late})


def test_rcpt_3_overdue_boundaries():
    """RCPT-3: not back and past its due date; on the due date itself not overdue."""
    due = receipt_due_date(D("2026-11-01"))
    assert due == D("2026-11-16")
    assert not is_overdue(due, None, D("2026-11-16"))
    assert is_overdue(due, None, D("2026-11-17"))
    assert not is_overdue(due, D("2026-11-20"), D("2026-11-30"))
    assert receipt_due_date(D("2026-11-01"), return_within_days=10) == D("2026-11-11")
    assert receipt_due_date(D("2026-11-01"), return_within_days=1) == D("2026-11-02")


S = {
    "returned_on": None,
    "qualified": None,
    "resigned_on": None,
    "confirmed_on": None,
    "handed_over_on": None,
    "archived_on": None,
}


@pytest.mark.parametrize(
    "cols,state",
    [
        ({}, "expected"),
        ({"returned_on": D("2026-11-05")}, "returned"),
        ({"returned_on": D("2026-11-05"), "qualified": True}, "returned"),
        ({"returned_on": D("2026-11-05"), "qualified": False}, "unqualified"),
        ({"returned_on": D("2026-11-05"), "qualified": False, "resigned_on": D("2026-11-07")}, "resigned"),
        ({"returned_on": D("2026-11-05"), "qualified": True, "confirmed_on": D("2026-11-06")}, "confirmed"),
        (
            {"returned_on": D("2026-11-05"), "confirmed_on": D("2026-11-06"), "handed_over_on": D("2026-12-15")},
            "handed-back",
        ),
        (
            {
                "returned_on": D("2026-11-05"),
                "confirmed_on": D("2026-11-06"),
                "handed_over_on": D("2026-12-15"),
                "archived_on": D("2026-12-20"),
            },
            "filed",
        ),
    ],
)
def test_rcpt_2_4_5_the_receipts_life(cols, state):
    """RCPT-2, RCPT-4, RCPT-5 (revised 2026-11-28): expected → returned (unchecked) → confirmed, or
    unqualified → re-signed → confirmed; handed back; filed."""
    assert receipt_state(**{**S, **cols}) == state
    assert state in STATES


@pytest.mark.parametrize(
    "state,action,ok,clause",
    [
        ("expected", "return", True, "RCPT-3"),
        ("returned", "return", False, "RCPT-3"),
        ("returned", "confirm", True, "RCPT-2"),
        ("resigned", "confirm", True, "RCPT-2"),
        ("unqualified", "confirm", False, "RCPT-2"),
        ("expected", "confirm", False, "RCPT-2"),
        ("confirmed", "confirm", False, "RCPT-2"),
        ("returned", "unqualify", True, "RCPT-5"),
        ("confirmed", "unqualify", False, "RCPT-5"),
        ("unqualified", "resign", True, "RCPT-5"),
        ("returned", "resign", False, "RCPT-5"),
        ("confirmed", "handover", True, "RCPT-4"),
        ("unqualified", "handover", False, "RCPT-4"),
        ("returned", "handover", False, "RCPT-4"),
        ("resigned", "handover", False, "RCPT-4"),
        ("handed-back", "archive", True, "RCPT-4"),
        ("confirmed", "archive", False, "RCPT-4"),
    ],
)
def test_rcpt_2_4_5_each_step_from_the_state_it_needs(state, action, ok, clause):
    """RCPT-4 (revised 2026-11-28): only a confirmed receipt goes back to the client."""
    assert transition(state, action) == Verdict(clause, ok, "ok" if ok else f"{action}-when-{state}", {"state": state})


@pytest.mark.parametrize(
    "state,reason",
    [
        ("expected", "no-receipt"),
        ("returned", "unconfirmed"),
        ("resigned", "unconfirmed"),
        ("unqualified", "unqualified"),
    ],
)
def test_rcpt_2_why_a_receipt_holds_its_team(state, reason):
    """RCPT-2: 未有回单, 未确认, and RCPT-5's unqualified receipt not re-signed."""
    assert HOLD_REASONS[state] == reason
    assert hold_reasons([OpenReceipt("S1", D("2026-09-01"), state)], D("2026-09-10")) == [("S1", reason)]


@pytest.mark.parametrize("state", ["confirmed", "handed-back", "filed"])
def test_rcpt_2_a_confirmed_receipt_holds_nothing(state):
    """RCPT-2."""
    assert hold_verdict([OpenReceipt("S1", D("2026-09-01"), state)], D("2026-09-10")) == Verdict(
        "RCPT-2", True, "clear", {"reasons": []}
    )


def test_rcpt_2_the_exchange_has_no_grace_by_default():
    """RCPT-2 (revised 2026-11-28): S1 shipped 09-01 and not back: no work order on 09-10 or 09-16,
    not only from 09-17 (the 15 days of RCPT-3 are another deadline)."""
    s1 = [OpenReceipt("S1", D("2026-09-01"), "expected")]
    for day in ("2026-09-01", "2026-09-10", "2026-09-16", "2026-09-17"):
        assert hold_verdict(s1, D(day)) == Verdict("RCPT-2", False, "on-hold", {"reasons": [("S1", "no-receipt")]})
    assert hold_verdict(s1, D("2026-08-31")).ok  # before it shipped it holds nothing
    assert hold_cutoff(D("2026-09-10")) == D("2026-09-10")


@pytest.mark.parametrize(
    "grace,as_of,held",
    [
        (2, "2026-09-02", False),
        (2, "2026-09-03", True),
        (1, "2026-09-01", False),
        (1, "2026-09-02", True),
        (0, "2026-09-01", True),
    ],
)
def test_rcpt_2_a_company_may_leave_the_last_days_on_the_road(grace, as_of, held):
    """RCPT-2: ``receipt.exchange_grace_days`` (not in the text) exempts shipments of the last N days."""
    v = hold_verdict([OpenReceipt("S1", D("2026-09-01"), "expected")], D(as_of), exchange_grace_days=grace)
    assert v.ok is not held


def test_rcpt_2_the_work_orders_own_shipment_does_not_hold_it():
    """RCPT-2: a work order names its shipment; only the earlier ones are exchanged for it."""
    rs = [OpenReceipt("S2", D("2026-09-10"), "expected"), OpenReceipt("S1", D("2026-09-01"), "returned")]
    assert hold_reasons(rs, D("2026-09-10"), for_shipment="S2") == [("S1", "unconfirmed")]
    assert hold_reasons(rs, D("2026-09-10")) == [("S2", "no-receipt"), ("S1", "unconfirmed")]
    assert hold_verdict([rs[0]], D("2026-09-10"), for_shipment="S2").code == "clear"


def test_rcpt_4_month_end_work_covers_last_month():
    """RCPT-4."""
    assert covered_month(D("2026-12-15")) == (2026, 11)
    assert covered_month(D("2027-01-20")) == (2026, 12)
    assert covered_month(D("2027-01-01")) == (2026, 12)
    assert month_key(2026, 9) == "2026-09"


@pytest.mark.parametrize(
    "day,task,month",
    [
        ("2026-11-15", "handover", (2026, 10)),  # the 15th itself (a Sunday in 2026)
        ("2026-11-16", "handover", (2026, 10)),  # it stays on the agenda after the day until done
        ("2026-11-30", "handover", (2026, 10)),
        ("2026-11-14", "handover", (2026, 9)),  # before the 15th: the month before last is the latest due
        ("2026-11-20", "archive", (2026, 10)),
        ("2026-11-19", "archive", (2026, 9)),
        ("2027-01-15", "handover", (2026, 12)),
        ("2027-01-14", "handover", (2026, 11)),
        ("2027-02-10", "archive", (2026, 12)),
    ],
)
def test_rcpt_4_the_tasks_stay_due_from_their_day_until_done(day, task, month):
    """RCPT-4 (revised 2026-11-28): the 15th's and the 20th's tasks are due from that day on."""
    assert task_month(D(day), task) == month


@pytest.mark.parametrize("copies,keep", [(1, False), (2, True), (3, True)])
def test_rcpt_6_keep_a_copy_of_multi_copy_receipts(copies, keep):
    """RCPT-6: when a receipt has several copies (two included), one is kept on file."""
    assert copy_to_keep(copies) is keep


def test_rcpt_1_receipts_come_back_and_release_their_team():
    """RCPT-1: a receipt back and confirmed releases its team; RCPT-5 re-signed and confirmed too."""
    before = [OpenReceipt("B", D("2026-11-10"), "unqualified")]
    after = [OpenReceipt("B", D("2026-11-10"), "resigned")]
    done = [OpenReceipt("B", D("2026-11-10"), "confirmed")]
    assert hold_reasons(before, D("2026-11-20")) == [("B", "unqualified")]
    assert hold_reasons(after, D("2026-11-20")) == [("B", "unconfirmed")]
    assert hold_reasons(done, D("2026-11-20")) == []


def test_rcpt_2_4_5_states_and_hold_reasons_are_fixed():
    """RCPT-2/4/5: the codes views and JSON carry (a receipt's states, the reasons a team is held)."""
    from csops.rules.receipt import HoldReason, ReceiptState

    assert [s.value for s in ReceiptState] == [
        "expected",
        "returned",
        "unqualified",
        "resigned",
        "confirmed",
        "handed-back",
        "filed",
    ]
    assert tuple(ReceiptState) == STATES
    assert [r.value for r in HoldReason] == ["no-receipt", "unconfirmed", "unqualified"]
    assert set(HOLD_REASONS.values()) == set(HoldReason)
    assert type(receipt_state(**S)) is ReceiptState
