# shellcheck shell=bash
# Find or start the Redis server that shared rate-limit tests use. Sourced, not executed.
ensure_test_redis() {
  TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/15}"
  if redis-cli -u "$TEST_REDIS_URL" ping >/dev/null 2>&1; then return 0; fi
  if command -v redis-server >/dev/null; then
    mkdir -p .tmp/redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir "$(pwd)/.tmp/redis" --logfile "$(pwd)/.tmp/redis/redis.log" >/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do redis-cli -u "$TEST_REDIS_URL" ping >/dev/null 2>&1 && return 0; sleep 0.3; done
  fi
  echo "Redis is required for the shared rate-limit tests and is unreachable at $TEST_REDIS_URL" >&2
  return 1
}
