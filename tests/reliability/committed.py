"""Whether a command committed anything: the check behind "a refusal changes nothing" in the
generated-input tests (test_campaign, test_bad_input), cheap enough to run after every case."""

from __future__ import annotations

import os

from conftest import ON_PG, pg_url


class Committed:
    """Whether anything was committed since the last look: call it before and after a command.

    SQLite: ``PRAGMA data_version`` of a connection kept open for the campaign, which SQLite
    changes whenever another connection commits a change to the file. PostgreSQL: a row trigger
    on every table counts the rows written into one counter row, in the writing transaction, so
    a refusal that rolled back leaves it as it was and anything committed moves it (audit rows
    included). A refused command must commit nothing; hashing every table after each case, as
    this did before, found the same in an eighth more of the campaign's time."""

    def __init__(self) -> None:
        from csops.config import to_url
        from csops.db import make_engine
        from csops.models import load_all

        self.engine = make_engine(pg_url(os.environ["CSOPS_TEST_DBNAME"]) if ON_PG else to_url(os.environ["CSOPS_DB"]))
        self.conn = self.engine.connect()
        if ON_PG:
            self.conn.exec_driver_sql("CREATE TABLE campaign_writes (n bigint NOT NULL)")
            self.conn.exec_driver_sql("INSERT INTO campaign_writes VALUES (0)")
            self.conn.exec_driver_sql(
                "CREATE FUNCTION campaign_count() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS "
                "$$ BEGIN UPDATE campaign_writes SET n = n + 1; RETURN NULL; END $$"
            )
            for table in load_all().sorted_tables:
                self.conn.exec_driver_sql(
                    f'CREATE TRIGGER campaign_count AFTER INSERT OR UPDATE OR DELETE ON "{table.name}" '
                    "FOR EACH ROW EXECUTE FUNCTION campaign_count()"
                )
                self.conn.exec_driver_sql(
                    f'CREATE TRIGGER campaign_truncate AFTER TRUNCATE ON "{table.name}" '
                    "FOR EACH STATEMENT EXECUTE FUNCTION campaign_count()"
                )
            self.conn.commit()

    def __call__(self):
        if ON_PG:
            out = {"rows written": self.conn.exec_driver_sql("SELECT n FROM campaign_writes").scalar()}
        else:
            out = {"data_version": self.conn.exec_driver_sql("PRAGMA data_version").scalar()}
        self.conn.rollback()  # no snapshot held between cases
        return out

    def close(self):
        self.conn.close()
        self.engine.dispose()
