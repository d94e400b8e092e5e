"""Issue 19 on both engines: `policy what-if` over the test department answers from one
read-only transaction (nothing written, the audit log unchanged) on SQLite and PostgreSQL."""


def test_what_if_runs_read_only_on_either_engine(dept):
    cli = dept
    cli.ok(
        "attendance",
        "record",
        "--date",
        "2026-11-02",
        "--staff",
        "rep1",
        "--in",
        "09:12",
        user="desk",
        now="2026-11-02T09:30",
    )
    before = cli.json("audit", "list", "--limit", "100000")
    rep = cli.json(
        "policy", "what-if", "--month", "2026-11", "--set", "attendance.violation_minutes=10", now="2026-11-03T10:00"
    )
    assert {(c["subject"], c["clause"], c["now"], c["proposed"]) for c in rep["changes"]} == {("rep1", "LEAVE-9", 0, 1)}
    assert cli.json("audit", "list", "--limit", "100000") == before
