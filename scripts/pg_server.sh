#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the test suite: initdb into a temporary folder as a
# non-root user, listen on 127.0.0.1 only, trust authentication (local tests only).
# Usage: eval "$(scripts/pg_server.sh start)"   → exports CSOPS_TEST_PG (the admin URL) and CSOPS_PG_DIR
#        scripts/pg_server.sh stop DIR
# Prints nothing on stdout and exits 3 when no PostgreSQL binaries are found.
set -euo pipefail

find_bin() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  for d in /usr/lib/postgresql/*/bin /usr/local/pgsql/bin; do
    [ -x "$d/pg_ctl" ] && { echo "$d"; return; }
  done
  return 1
}

case "${1:-}" in
start)
  bin=$(find_bin) || { echo "no PostgreSQL binaries found" >&2; exit 3; }
  dir=$(mktemp -d /tmp/csops-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  runas=()
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown "$owner" "$dir"
    runas=(runuser -u "$owner" --)
  fi
  "${runas[@]}" "$bin/initdb" -D "$dir/data" -U csops_admin -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || "${runas[@]}" "$bin/initdb" -D "$dir/data" -U csops_admin -A trust -E UTF8 >"$dir/initdb.log" 2>&1
  "${runas[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  echo "export CSOPS_TEST_PG=postgresql+psycopg://csops_admin@127.0.0.1:$port/postgres"
  echo "export CSOPS_PG_DIR=$dir"
  ;;
stop)
  dir=${2:?dir}
  bin=$(find_bin) || exit 0
  owner=$(stat -c %U "$dir/data" 2>/dev/null || id -un)
  if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  else "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
