"""The services layer, called as the CLI calls it but without the CLI (issue 18): one transaction
per call (services.context.transaction), typed frozen views back, the permission table enforced
inside the service, and nothing written when a service fails."""

from __future__ import annotations

import dataclasses
import os
from datetime import date

import pytest

from conftest import ON_PG, RUNTIME_ROLE, pg_url
from csops.errors import NotPermitted, Refused
from csops.options import Options


@pytest.fixture
def svc(dept, monkeypatch):
    """``svc(fn, user=..., now=..., write=...)``: ``fn(ctx)`` in one transaction, as ``user``."""
    from csops.services.context import transaction

    def run(fn, *, user="boss", now="2026-11-27T10:00", write=True):
        monkeypatch.setenv("CSOPS_USER", user)
        if ON_PG:  # the runtime role, the server's clock fixed by the test database's setting
            monkeypatch.setenv("CSOPS_DB", pg_url(os.environ["CSOPS_TEST_DBNAME"], RUNTIME_ROLE, now))
            monkeypatch.delenv("CSOPS_NOW", raising=False)
        else:
            monkeypatch.setenv("CSOPS_NOW", now)
        result, _done = transaction(Options(), fn, write=write)
        return result

    return run


def test_leave_5_7_request_and_decide_return_typed_views(svc):
    """LEAVE-5, LEAVE-7: a rep's request goes to the supervisor, then the head."""
    from csops.rules.leave import LeaveStatus, LeaveType
    from csops.services.leave import LeaveView, decide, request_leave

    lv = svc(
        lambda ctx: request_leave(
            ctx, leave_type="personal", start_text="2026-12-01", end_text="2026-12-01", reason="家里有事"
        ),
        user="rep1",
        now="2026-11-30T09:00",
    )
    assert isinstance(lv, LeaveView)
    assert lv.type is LeaveType.PERSONAL and lv.status is LeaveStatus.PENDING
    assert lv.chain == ["sup1", "boss"] and lv.next_approver == "sup1" and lv.late_notice is False
    with pytest.raises(dataclasses.FrozenInstanceError):
        lv.status = LeaveStatus.APPROVED  # type: ignore[misc]
    after = svc(lambda ctx: decide(ctx, lv.id, approve=True, note=None), user="sup1", now="2026-11-30T09:30")
    assert after.next_approver == "boss" and after.status is LeaveStatus.PENDING
    done = svc(lambda ctx: decide(ctx, lv.id, approve=True, note=None), user="boss", now="2026-11-30T10:00")
    assert done.status is LeaveStatus.APPROVED and done.next_approver is None


def test_rcpt_3_due_date_and_a_late_return(svc):
    """RCPT-3: due 15 days after shipping; back on the 16th day is late."""
    from csops.services.client import add_client
    from csops.services.receipt import add_receipt, return_receipt

    svc(lambda ctx: add_client(ctx, "华东电子"))
    r = svc(
        lambda ctx: add_receipt(
            ctx,
            client="华东电子",
            shipment_no="S1",
            ship_date=date(2026, 11, 20),
            team="运作一组",
            consignee_id=None,
            copies=1,
        ),
        user="rep1",
    )
    assert r.due_date == date(2026, 12, 5) and r.overdue is False
    back = svc(
        lambda ctx: return_receipt(
            ctx, "S1", on=date(2026, 12, 6), unqualified=False, reason=None, copy_kept=False, confirm=True
        ),
        user="rep1",
        now="2026-12-06T10:00",
    )
    assert back.on_time is False and back.returned_on == date(2026, 12, 6)


def test_rcpt_2_holds_are_views_with_coded_reasons(svc):
    """RCPT-2: a team with a receipt not back gets no new work order; the reason is a code."""
    from csops.services.client import add_client
    from csops.services.receipt import add_receipt, holds

    svc(lambda ctx: add_client(ctx, "华东电子"))
    for no, day in (("S1", date(2026, 11, 2)), ("S2", date(2026, 11, 20))):
        svc(
            lambda ctx, no=no, day=day: add_receipt(
                ctx, client="华东电子", shipment_no=no, ship_date=day, team="运作一组", consignee_id=None, copies=1
            ),
            user="rep1",
        )
    held = svc(lambda ctx: holds(ctx, as_of=date(2026, 11, 27)), write=False)
    assert [h.team for h in held] == ["运作一组"]
    assert {(x.shipment_no, str(x.reason)) for x in held[0].receipts} == {("S1", "no-receipt"), ("S2", "no-receipt")}


def test_the_permission_table_holds_inside_the_service(svc):
    """CLI.md "Who may do what": a rep cannot add staff, even without the CLI; nothing is written."""
    from csops.services.staff import add_staff, list_staff

    before = len(svc(lambda ctx: list_staff(ctx), write=False))
    with pytest.raises(NotPermitted):
        svc(lambda ctx: add_staff(ctx, login="x1", name="新人", role="rep"), user="rep1")
    assert len(svc(lambda ctx: list_staff(ctx), write=False)) == before


def test_a_service_that_fails_leaves_nothing_behind(svc):
    """One transaction per call: a failure after a write rolls the write back."""
    from csops.services.client import add_client, list_clients

    def add_then_fail(ctx):
        add_client(ctx, "北方日化")
        raise Refused("stop")

    with pytest.raises(Refused):
        svc(add_then_fail)
    assert [c.name for c in svc(lambda ctx: list_clients(ctx), write=False)] == []


def test_a_reading_transaction_keeps_nothing(svc):
    """A service run with write=False changes nothing, whatever it tries (never committed)."""
    from csops.services.client import add_client, list_clients

    try:
        svc(lambda ctx: add_client(ctx, "北方日化"), write=False)
    except Exception:  # noqa: BLE001, S110 - PostgreSQL's READ ONLY refuses it outright; SQLite rolls it back
        pass
    assert svc(lambda ctx: list_clients(ctx), write=False) == []
