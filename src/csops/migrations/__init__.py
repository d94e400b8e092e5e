"""Alembic migrations, shipped inside the package.

HEAD and REVISIONS let csops check a database's schema without importing Alembic
(which costs more than a second); a test keeps them equal to Alembic's own view.
"""

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]
