"""Rate-limit storage: places taken and given back (limits on accepted filings), and the fall-back to the process
while Redis cannot be reached (a throwaway redis-server of this test's own: the shared one is never stopped)."""

from __future__ import annotations

import os
import secrets

import pytest
import redis
from flask import Flask

from core.ratelimit import EXTENSION, Limiter, release, reserve
from core.ratelimit_storage import FallbackCounters, MemoryCounters, RedisCounters, Slot
from tests.redis_helpers import ThrowawayRedis, free_port

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def shared_redis():
    """Counters in the shared test Redis under a prefix of this test's own, deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis is required and unreachable at {REDIS_URL}: {error}. Run `make test`.", pytrace=False)
    prefix = f"test-rls-{secrets.token_hex(4)}"
    yield RedisCounters(REDIS_URL), prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture
def throwaway():
    server = ThrowawayRedis()
    yield server
    server.close()


def _places(counters, prefix: str, amount: int = 2):
    tries = [Slot(f"{prefix}:tries", 60, 5)]
    places = [Slot(f"{prefix}:done:60", 60, amount), Slot(f"{prefix}:done:3600", 3600, 10)]
    return lambda: counters.count(tries, places), [s.key for s in places], places


@pytest.mark.parametrize("storage", ["memory", "redis"])
def test_places_are_taken_while_there_is_room_and_given_back(storage, request):
    if storage == "memory":
        counters, prefix = MemoryCounters(), "m"
    else:
        counters, prefix = request.getfixturevalue("shared_redis")
    take, keys, places = _places(counters, prefix)
    first = take()
    assert first.reserved and [c for c, _ in first.counts] == [1, 1, 1]
    counters.release(keys)  # the form was refused after all: its place is free again
    assert [c for c, _ in take().counts] == [2, 1, 1]
    full = take()
    assert full.reserved and [c for c, _ in full.counts] == [3, 2, 2]
    refused = take()
    assert not refused.reserved, "the minute window is full"
    assert [c for c, _ in refused.counts] == [4, 2, 2], "an attempt counts, a refused place does not"
    assert 0 < refused.counts[1][1] <= 60
    over = take()  # the 5th attempt …
    assert [c for c, _ in over.counts] == [5, 2, 2]
    assert [c for c, _ in take().counts] == [6, 2, 2], "… and above the attempt limit no place is taken"
    counters.release(keys)
    counters.release(keys)
    counters.release(keys)  # never below zero
    assert [c for c, _ in counters.count([], places).counts] == [1, 1]


def _app(**config) -> Flask:
    app = Flask(__name__)
    app.config.update(RATELIMIT_HEADERS_ENABLED=False, **config)
    Limiter().init_app(app)
    return app


def test_reserve_tells_which_limit_refused_and_release_frees_the_place():
    app = _app()
    with app.test_request_context(method="POST"):
        taken = reserve("s", attempts="4 per minute", done="1 per hour", client="c")
        assert taken.refused is None and len(taken.keys) == 1
        full = reserve("s", attempts="4 per minute", done="1 per hour", client="c")
        assert full.refused == "done" and 3000 < full.retry_after <= 3600
        release(taken)
        again = reserve("s", attempts="4 per minute", done="1 per hour", client="c")
        assert again.refused is None
        assert reserve("s", attempts="4 per minute", done="1 per hour", client="c").refused == "done"  # 4th
        refused = reserve("s", attempts="4 per minute", done="1 per hour", client="c")
        assert refused.refused == "attempts" and refused.retry_after <= 60 and refused.keys == ()


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_an_unreachable_redis_is_replaced_by_the_process_and_retried_after_a_backoff(throwaway):
    clock, events = _Clock(), []
    counters = FallbackCounters(RedisCounters(throwaway.url, timeout=0.25), clock=clock,
                                on_change=lambda event, error: events.append((event, error)))
    slots = [Slot("k:60", 60, 100)]
    assert counters.count(slots, []).counts[0][0] == 1 and throwaway.client().get("k:60") == b"1"
    port = throwaway.port
    throwaway.kill()
    counted = counters.count(slots, [])  # no exception: counted in the process
    assert isinstance(counted.source, MemoryCounters) and counted.counts[0][0] == 1
    assert counters.is_down and [e for e, _ in events] == ["down"] and "ConnectionError" in events[0][1]
    clock.now += 0.5
    assert counters.count(slots, []).counts[0][0] == 2, "within the backoff: the process counts, Redis is not tried"
    clock.now += 0.6  # 1 s after the failure: one request tries Redis again, which is still down
    assert isinstance(counters.count(slots, []).source, MemoryCounters)
    assert [e for e, _ in events] == ["down", "still_down"]
    clock.now += 1.5  # the backoff doubled to 2 s: not yet
    counters.count(slots, [])
    assert [e for e, _ in events] == ["down", "still_down"]
    restarted = ThrowawayRedis(port)
    try:
        clock.now += 1.0
        back = counters.count(slots, [])
        assert back.source is counters.primary and back.counts[0][0] == 1, "Redis counts again (a fresh server)"
        assert not counters.is_down and [e for e, _ in events] == ["down", "still_down", "up"]
        assert restarted.client().get("k:60") == b"1"
    finally:
        restarted.close()


def test_a_redis_uri_that_never_answers_does_not_stop_requests():
    """The limiter counts in the process from the first request when Redis was never there."""
    app = _app(RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{free_port()}/0")
    heard = []
    Limiter().on_storage_change(app, lambda event, error: heard.append(event))
    with app.test_request_context(method="POST"):
        taken = reserve("s", attempts="10 per minute", done="1 per hour", client="c")
        assert taken.refused is None
        assert reserve("s", attempts="10 per minute", done="1 per hour", client="c").refused == "done"
    assert app.extensions[EXTENSION].counters.is_down and heard == ["down"]
