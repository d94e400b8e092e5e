#!/usr/bin/env bash
# The test command of the README and of CI: the whole suite on SQLite and again on a throwaway
# PostgreSQL server (started from the machine's binaries, on 127.0.0.1, as a non-root user, in a
# temporary folder). The two halves run side by side, one per core (CSOPS_TESTS_SERIAL=1 runs
# them one after the other); each half's output is printed whole when it ends. Without
# PostgreSQL binaries the second half is skipped, and this says so plainly.
# Arguments go to pytest, e.g. `bash scripts/run_tests.sh -m "not slow"` for the quick loop.
set -uo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-python}
logs=$(mktemp -d)

sqlite_half() {
  echo "== csops tests on SQLite =="
  # the PostgreSQL half's server is started first (its URL is exported): not for this half
  env -u CSOPS_TEST_PG "$py" -m pytest -q -p no:cacheprovider --durations=10 --basetemp="$logs/sqlite-tmp" "$@"
}

pg_half() {
  echo "== csops tests on PostgreSQL ($CSOPS_TEST_PG) =="
  CSOPS_TEST_PG=$CSOPS_TEST_PG "$py" -m pytest -q -p no:cacheprovider --durations=10 --basetemp="$logs/pg-tmp" "$@"
}

pg_rc=0
pg_pid=""
if out=$(bash scripts/pg_server.sh start 2>"$logs/pg-start.err"); then
  eval "$out"
  trap 'bash scripts/pg_server.sh stop "$CSOPS_PG_DIR"; rm -rf "$logs"' EXIT
  if [ "${CSOPS_TESTS_SERIAL:-0}" = 1 ]; then
    pg_half "$@"
    pg_rc=$?
  else
    pg_half "$@" >"$logs/pg.log" 2>&1 &
    pg_pid=$!
  fi
else
  trap 'rm -rf "$logs"' EXIT
  echo "== PostgreSQL half SKIPPED: $(cat "$logs/pg-start.err") (install postgresql to run it) =="
fi

sqlite_half "$@"
sqlite_rc=$?

if [ -n "$pg_pid" ]; then
  wait "$pg_pid"
  pg_rc=$?
  cat "$logs/pg.log"
fi
echo "== SQLite half exit $sqlite_rc; PostgreSQL half exit $pg_rc =="
[ "$sqlite_rc" = 0 ] && [ "$pg_rc" = 0 ]
