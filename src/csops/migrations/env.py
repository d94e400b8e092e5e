"""Alembic's environment. csops passes its engine in (csops.db.alembic_config); run from the
repository with alembic.ini (CONTRIBUTING.md), the database is $CSOPS_DB, else the ini's URL."""

import os

from alembic import context

from csops.models import load_all

target_metadata = load_all()


def _engine():
    engine = context.config.attributes.get("engine")
    if engine is None:
        from csops.config import to_url
        from csops.db import make_engine

        url = os.environ.get("CSOPS_DB") or context.config.get_main_option("sqlalchemy.url") or ""
        engine = make_engine(to_url(url), create=True)
    return engine


def run() -> None:
    with _engine().execution_options(csops_write=True).connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        if connection.in_transaction():
            connection.commit()


run()
