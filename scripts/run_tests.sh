#!/usr/bin/env bash
# The test command of the README and of CI: the whole suite on SQLite, then again on a
# throwaway PostgreSQL server (started from the machine's binaries, on 127.0.0.1, as a
# non-root user, in a temporary folder). Without PostgreSQL binaries the second half is
# skipped, and this says so plainly.
set -uo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python}

echo "== csops tests on SQLite =="
"$py" -m pytest -q -p no:cacheprovider --durations=10 "$@"
sqlite_rc=$?

pg_rc=0
if out=$(bash scripts/pg_server.sh start 2>/tmp/csops-pg-start.err); then
  eval "$out"
  trap 'bash scripts/pg_server.sh stop "$CSOPS_PG_DIR"' EXIT
  echo "== csops tests on PostgreSQL ($CSOPS_TEST_PG) =="
  CSOPS_TEST_PG=$CSOPS_TEST_PG "$py" -m pytest -q -p no:cacheprovider --durations=10 "$@"
  pg_rc=$?
else
  echo "== PostgreSQL half SKIPPED: $(cat /tmp/csops-pg-start.err) (install postgresql to run it) =="
fi
echo "== SQLite half exit $sqlite_rc; PostgreSQL half exit $pg_rc =="
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
