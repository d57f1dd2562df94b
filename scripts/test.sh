#!/usr/bin/env bash
# Runs the whole test suite against SQLite and a real PostgreSQL server.
# PostgreSQL: $TEST_POSTGRES_URL if set; else the local server on 127.0.0.1:5432 (started if it is
# stopped); else a throwaway cluster under .tmp/pg (trust auth, loopback only). Never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
ensure_test_postgres
echo "test.sh: PostgreSQL at ${TEST_POSTGRES_URL}"
export TEST_POSTGRES_URL
exec .venv/bin/python -m pytest -n 2 "$@"
