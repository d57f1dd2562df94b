# shellcheck shell=bash
# Helpers to find or start a PostgreSQL server for tests and benchmarks. Sourced, not executed.

_pg_bin() {
  local name=$1 found
  found=$(command -v "$name" 2>/dev/null || true)
  [[ -z "$found" ]] && found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -1 || true)
  echo "$found"
}

_pg_can_connect() {  # $1 = libpq URL
  local psql; psql=$(_pg_bin psql)
  [[ -n "$psql" ]] && "$psql" "$1" -qtAc 'select 1' >/dev/null 2>&1
}

_as_db_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_test_postgres() {
  if [[ -n "${TEST_POSTGRES_URL:-}" ]]; then
    _pg_can_connect "${TEST_POSTGRES_URL/+psycopg/}" || { echo "PostgreSQL at TEST_POSTGRES_URL is unreachable" >&2; return 1; }
    return 0
  fi
  local local_url="postgresql://postgres@127.0.0.1:5432/test"
  if ! _pg_can_connect "$local_url" && command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    local v; v=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do _pg_can_connect "$local_url" && break; sleep 0.5; done
  fi
  if _pg_can_connect "$local_url"; then
    TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
    return 0
  fi
  # Fallback: our own throwaway cluster (a fresh Debian machine's default cluster does not trust us).
  local root; root="$(pwd)/.tmp/pg"; local port=55432
  local url="postgresql://postgres@127.0.0.1:${port}/postgres"
  if ! _pg_can_connect "$url"; then
    local initdb pg_ctl; initdb=$(_pg_bin initdb); pg_ctl=$(_pg_bin pg_ctl)
    [[ -z "$initdb" ]] && { echo "PostgreSQL binaries not found; run scripts/bootstrap.sh --test" >&2; return 1; }
    mkdir -p "$root"
    [[ $(id -u) -eq 0 ]] && chown -R postgres "$root"
    if [[ ! -f "$root/data/PG_VERSION" ]]; then
      _as_db_owner "$initdb" -D "$root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    _as_db_owner "$pg_ctl" -D "$root/data" -w -l "$root/server.log" \
      -o "-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  fi
  _pg_can_connect "$url" || { echo "could not start a PostgreSQL server for the tests" >&2; return 1; }
  TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:${port}/postgres"
}
