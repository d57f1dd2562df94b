#!/usr/bin/env bash
# Runs the whole test suite against SQLite and a real PostgreSQL server.
# PostgreSQL: $TEST_POSTGRES_URL if set; else the local server on 127.0.0.1:5432 (started if it is
# stopped); else a throwaway cluster under .tmp/pg (trust auth, loopback only). Never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
source scripts/redis.sh
ensure_test_postgres
ensure_test_redis
echo "test.sh: PostgreSQL at ${TEST_POSTGRES_URL}, Redis at ${TEST_REDIS_URL}"
export TEST_POSTGRES_URL TEST_REDIS_URL
# Bytecode caches as Python keeps them by default: with PYTHONDONTWRITEBYTECODE set (some machines set it), each
# worker and each server process the tests start compiles every module, and pytest rewrites every test module, anew.
unset PYTHONDONTWRITEBYTECODE
# One worker more than processors: a test often waits (PostgreSQL, the browser, a live server), and the spare
# worker uses that time. worksteal: an idle worker takes queued tests from a busy one, so the minute-long walks
# (route walk, axe sweep) at the end of one worker's queue do not leave the others idle.
workers=$(( $(nproc) + 1 ))
exec .venv/bin/python -m pytest -n "${TEST_WORKERS:-$workers}" --dist worksteal "$@"
