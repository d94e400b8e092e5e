from alembic import context

from csops.models import load_all

target_metadata = load_all()


def run() -> None:
    engine = context.config.attributes["engine"]
    with engine.execution_options(csops_write=True).connect() as connection:
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
