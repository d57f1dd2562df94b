"""The rate limiter: limit syntax, fixed windows, the 429 it answers with, and its Redis script."""

from __future__ import annotations

import os
import secrets

import pytest
import redis
from flask import Flask

from core.ratelimit import EXTENSION, FallbackCounters, Limiter, MemoryCounters, RedisCounters, Window, parse_limits

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_limit_syntax():
    assert parse_limits("10 per minute; 60 per hour") == (Window(10, 60), Window(60, 3600))
    assert parse_limits("5/second, 2 per 3 days") == (Window(5, 1), Window(2, 3 * 86400))
    assert parse_limits("1000 PER Minutes") == (Window(1000, 60),)


@pytest.mark.parametrize("text", ["", "ten per minute", "10 per fortnight", "0 per minute", "10 per 0 hours",
                                  "10 per minute; sometimes"])
def test_bad_limits_are_refused_with_the_syntax(text):
    with pytest.raises(ValueError, match="rate limit"):
        parse_limits(text)


def test_a_mistyped_limit_in_the_configuration_stops_the_start():
    app = Flask(__name__)
    app.config["COMPLAINT_SUBMIT_RATE_LIMIT"] = "10 per minut"
    with pytest.raises(ValueError, match="COMPLAINT_SUBMIT_RATE_LIMIT"):
        Limiter().init_app(app)


def test_memory_windows_count_and_reset():
    now = [1000.0]
    counters = MemoryCounters(clock=lambda: now[0])
    keys = [("a:60", 60), ("a:3600", 3600)]
    assert counters.hit(keys) == [(1, 60.0), (1, 3600.0)]
    now[0] += 59
    assert counters.hit(keys) == [(2, 1.0), (2, 3541.0)]
    now[0] += 1  # the minute window ends, the hour window goes on
    assert counters.hit(keys) == [(1, 60.0), (3, 3540.0)]
    assert counters.hit([("b:60", 60)]) == [(1, 60.0)]  # another client, its own counter


def _app(limit: str, **config) -> Flask:
    app = Flask(__name__)
    app.config.update(RATELIMIT_HEADERS_ENABLED=True, **config)
    limiter = Limiter()
    limiter.init_app(app)

    @app.route("/", methods=["GET", "POST"])
    @limiter.limit(lambda: limit, methods=["POST"])
    def index():
        return "ok"
    return app


def test_the_hit_over_any_window_is_refused_with_retry_after():
    client = _app("2 per minute; 3 per hour").test_client()
    first = client.post("/")
    assert first.status_code == 200
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("2", "1")
    assert client.post("/").headers["X-RateLimit-Remaining"] == "0"
    refused = client.post("/")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert client.get("/").status_code == 200, "GET is not limited"


def test_disabled_limits_count_nothing():
    app = _app("1 per minute", RATELIMIT_ENABLED=False)
    client = app.test_client()
    assert [client.post("/").status_code for _ in range(3)] == [200, 200, 200]


def test_redis_script_counts_every_window_in_one_call():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis is required and unreachable at {REDIS_URL}: {error}. Run `make test`.", pytrace=False)
    prefix = f"test-rl-{secrets.token_hex(4)}"
    counters = RedisCounters(REDIS_URL)
    keys = [(f"{prefix}:60", 60), (f"{prefix}:3600", 3600)]
    try:
        assert [count for count, _ in counters.hit(keys)] == [1, 1]
        counted = counters.hit(keys)
        assert [count for count, _ in counted] == [2, 2]
        assert 0 < counted[0][1] <= 60 and 60 < counted[1][1] <= 3600
        assert 0 < client.ttl(f"{prefix}:60") <= 60, "the counter expires with its window"
    finally:
        client.delete(*(key for key, _ in keys))


def test_redis_storage_is_chosen_by_the_uri():
    app = _app("1 per minute", RATELIMIT_STORAGE_URI=REDIS_URL)
    counters = app.extensions[EXTENSION].counters
    assert isinstance(counters, FallbackCounters) and isinstance(counters.primary, RedisCounters)
    with pytest.raises(ValueError, match="RATELIMIT_STORAGE_URI"):
        _app("1 per minute", RATELIMIT_STORAGE_URI="memcached://localhost")
