"""Rate limits on what anyone can call (filing, lookup, login, Open311), counted alike by every worker.

A limit is written as in the configuration: ``"10 per minute; 60 per hour"`` is two fixed windows. Each
(route, client, window) has a counter that starts with the client's first hit and expires with its window; a hit
above any window's amount is refused with 429 (the localized error page, or the API's error body) and a
``Retry-After``. Counted responses carry ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (epoch seconds) of
the window nearest to refusing.

``RATELIMIT_STORAGE_URI=redis://…`` (also ``rediss://``, ``unix://``) keeps the counters in Redis, so every
worker and host counts the same hits; one script call increments all windows of a hit and returns their counts
and lifetimes, one round trip per request whatever the number of windows. ``memory://`` (development, tests)
counts within one process. A Redis that cannot be reached is an error (500), never a silently unlimited route.

This replaces Flask-Limiter, which on the intake routes cost a script call per window, a second evaluation of
every request, and reads of each window again for the headers (bench/README.md, "Intake figures").
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, after_this_request, current_app, request
from werkzeug.exceptions import TooManyRequests

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_ONE_LIMIT = re.compile(r"(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?", re.IGNORECASE)
EXTENSION = "policycrm.ratelimit"


@dataclass(frozen=True)
class Window:
    amount: int
    seconds: int


@functools.lru_cache(maxsize=64)
def parse_limits(text: str) -> tuple[Window, ...]:
    """``"10 per minute; 60 per hour"`` (or ``10/minute, 60/hour``, ``5 per 2 hours``) → its windows."""
    windows = []
    for part in re.split(r"[;,]", text):
        if not part.strip():
            continue
        match = _ONE_LIMIT.fullmatch(part.strip())
        if not match or int(match.group(1)) < 1 or match.group(2) == "0":
            raise ValueError(f"not a rate limit: {part.strip()!r} (write for example '10 per minute; 60 per hour')")
        multiple = int(match.group(2) or 1)
        windows.append(Window(int(match.group(1)), multiple * UNITS[match.group(3).lower()]))
    if not windows:
        raise ValueError("a rate limit needs at least one window, for example '10 per minute'")
    return tuple(windows)


class MemoryCounters:
    """Counters of one process: development and tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def hit(self, keys: list[tuple[str, int]]) -> list[tuple[int, float]]:
        """Count one hit in each (key, window seconds); → (count in the window, seconds until it resets)."""
        now = self._clock()
        counted = []
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            for key, seconds in keys:
                count, ends = self._counts.get(key, (0, 0.0))
                if ends <= now:
                    count, ends = 0, now + seconds
                self._counts[key] = (count + 1, ends)
                counted.append((count + 1, ends - now))
        return counted


HIT_SCRIPT = """
local counted = {}
for i, key in ipairs(KEYS) do
    local count = redis.call("incr", key)
    local ttl = redis.call("ttl", key)
    if count == 1 or ttl < 0 then
        redis.call("expire", key, ARGV[i])
        ttl = tonumber(ARGV[i])
    end
    counted[#counted + 1] = count
    counted[#counted + 1] = ttl
end
return counted
"""


class RedisCounters:
    """Counters shared by every worker: all windows of a hit in one script call."""

    def __init__(self, url: str) -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._script = self._client.register_script(HIT_SCRIPT)

    def hit(self, keys: list[tuple[str, int]]) -> list[tuple[int, float]]:
        flat = self._script(keys=[key for key, _ in keys], args=[seconds for _, seconds in keys])
        return [(int(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]


def counters_for(uri: str) -> MemoryCounters | RedisCounters:
    if uri.startswith("memory://"):
        return MemoryCounters()
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return RedisCounters(uri)
    raise ValueError(f"RATELIMIT_STORAGE_URI must be memory://, redis://, rediss:// or unix://, not {uri!r}")


@dataclass
class _State:
    enabled: bool
    counters: MemoryCounters | RedisCounters
    prefix: str
    headers: bool


def remote_address() -> str:
    return request.remote_addr or "127.0.0.1"


class Limiter:
    """``limiter.limit(limits, methods=["POST"], key_func=...)`` on a view; the limit is read at each request
    (a string or a function returning one), so the configuration can change it."""

    def init_app(self, app: Flask) -> None:
        for key, value in app.config.items():  # a mistyped limit stops the start, not a citizen's request later
            if key.endswith("_RATE_LIMIT") and isinstance(value, str):
                try:
                    parse_limits(value)
                except ValueError as error:
                    raise ValueError(f"{key}: {error}") from None
        app.extensions[EXTENSION] = _State(
            enabled=bool(app.config.get("RATELIMIT_ENABLED", True)),
            counters=counters_for(app.config.get("RATELIMIT_STORAGE_URI", "memory://")),
            prefix=app.config.get("RATELIMIT_KEY_PREFIX", ""),
            headers=bool(app.config.get("RATELIMIT_HEADERS_ENABLED")))

    def limit(self, limits: str | Callable[[], str], *, methods: list[str] | None = None,
              key_func: Callable[[], str] = remote_address):
        def decorate(view):
            scope = f"{view.__module__}.{view.__name__}"

            @functools.wraps(view)
            def limited(*args, **kwargs):
                if methods is None or request.method in methods:
                    hit(scope, limits() if callable(limits) else limits, key_func())
                return view(*args, **kwargs)
            return limited
        return decorate


def hit(scope: str, limits: str, client: str) -> None:
    """Count this request against every window of `limits`; TooManyRequests when one is exceeded."""
    state: _State = current_app.extensions[EXTENSION]
    if not state.enabled:
        return
    windows = parse_limits(limits)
    counted = state.counters.hit([(f"{state.prefix}rl:{scope}:{client}:{w.amount}/{w.seconds}", w.seconds)
                                  for w in windows])
    pairs = list(zip(windows, counted, strict=True))
    nearest, (count, resets_in) = min(pairs, key=lambda pair: pair[0].amount - pair[1][0])
    if state.headers:
        headers = {"X-RateLimit-Limit": str(nearest.amount),
                   "X-RateLimit-Remaining": str(max(nearest.amount - count, 0)),
                   "X-RateLimit-Reset": str(int(time.time() + resets_in))}

        @after_this_request
        def add_headers(response):
            response.headers.extend(headers)
            return response
    refused = [resets for window, (hits, resets) in pairs if hits > window.amount]
    if refused:
        current_app.logger.warning("rate limit %r of %s exceeded by %s", limits, scope, client)
        raise TooManyRequests(retry_after=max(1, int(max(refused) + 0.999)))
