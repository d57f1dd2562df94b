"""Rate limits on what anyone can call (filing, lookup, login, Open311), counted alike by every worker.

A limit is written as in the configuration: ``"10 per minute; 60 per hour"`` is two fixed windows. Each
(route, client, window) has a counter that starts with the client's first hit and expires with its window; a hit
above any window's amount is refused with 429 (the localized error page, or the API's error body) and a
``Retry-After``. Counted responses carry ``X-RateLimit-Limit``, ``-Remaining`` and ``-Reset`` (epoch seconds) of
the window nearest to refusing.

``RATELIMIT_STORAGE_URI=redis://…`` (also ``rediss://``, ``unix://``) keeps the counters in Redis, so every
worker and host counts the same hits; one script call increments all windows of a hit and returns their counts
and lifetimes, one round trip per request whatever the number of windows. ``memory://`` (development, tests)
counts within one process. A Redis that cannot be reached (connect and replies bounded by
``RATELIMIT_STORAGE_TIMEOUT``, 0.25 s) never stops a request and never leaves a route unlimited: each worker
counts in its own memory until Redis answers again (retried after a backoff, `ratelimit_storage.FallbackCounters`),
and the outage is reported to the listeners (`Limiter.on_storage_change`: an alert on the monitoring page).

A limit on things done rather than requests (accepted 민원 filings) takes a place before doing it (`reserve`, in
the same storage call as the limit on attempts) and gives it back when the thing was not done (`release`).

This replaces Flask-Limiter, which on the intake routes cost a script call per window, a second evaluation of
every request, and reads of each window again for the headers (bench/README.md, "Intake figures").
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, after_this_request, current_app, request
from redis.exceptions import RedisError
from werkzeug.exceptions import TooManyRequests

from core.ratelimit_storage import (  # noqa: F401 - MemoryCounters, RedisCounters: part of this module's interface
    FallbackCounters,
    MemoryCounters,
    RedisCounters,
    Slot,
    counters_for,
)

UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}
_ONE_LIMIT = re.compile(r"(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?", re.IGNORECASE)
EXTENSION = "policycrm.ratelimit"
log = logging.getLogger(__name__)


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


@dataclass
class _State:
    enabled: bool
    counters: MemoryCounters | FallbackCounters
    prefix: str
    headers: bool
    #: called with (event, error) when the shared storage goes away or comes back (see `FallbackCounters`)
    listeners: list[Callable[[str, str | None], None]] = field(default_factory=list)


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
        counters = counters_for(app.config.get("RATELIMIT_STORAGE_URI", "memory://"),
                                timeout=float(app.config.get("RATELIMIT_STORAGE_TIMEOUT", 0.25)))
        state = _State(enabled=bool(app.config.get("RATELIMIT_ENABLED", True)), counters=counters,
                       prefix=app.config.get("RATELIMIT_KEY_PREFIX", ""),
                       headers=bool(app.config.get("RATELIMIT_HEADERS_ENABLED")))
        if isinstance(counters, FallbackCounters):
            counters.on_change = functools.partial(_storage_changed, state)
        app.extensions[EXTENSION] = state

    def on_storage_change(self, app: Flask, listener: Callable[[str, str | None], None]) -> None:
        """Call `listener(event, error)` (in the request that noticed) when Redis goes away or comes back."""
        app.extensions[EXTENSION].listeners.append(listener)

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


def _storage_changed(state: _State, event: str, error: str | None) -> None:
    if event == "up":
        log.warning("rate-limit storage answers again; counting there again")
    else:
        log.error("rate-limit storage unreachable (%s); counting in this process meanwhile", error)
    for listener in state.listeners:
        try:
            listener(event, error)
        except Exception:  # noqa: BLE001 - telling about the outage must never fail the citizen's request
            log.exception("rate-limit storage listener %r failed", listener)


def _slots(state: _State, scope: str, client: str, limits: str) -> list[Slot]:
    return [Slot(f"{state.prefix}rl:{scope}:{client}:{w.amount}/{w.seconds}", w.seconds, w.amount)
            for w in parse_limits(limits)]


def _headers(state: _State, slots: list[Slot], counts: list[tuple[int, float]]) -> None:
    if not state.headers or not slots:
        return
    nearest, (count, resets_in) = min(zip(slots, counts, strict=True), key=lambda pair: pair[0].amount - pair[1][0])
    headers = {"X-RateLimit-Limit": str(nearest.amount), "X-RateLimit-Remaining": str(max(nearest.amount - count, 0)),
               "X-RateLimit-Reset": str(int(time.time() + resets_in))}

    @after_this_request
    def add_headers(response):
        response.headers.extend(headers)
        return response


def _seconds(resets: list[float]) -> int:
    return max(1, int(max(resets) + 0.999))


def hit(scope: str, limits: str, client: str) -> None:
    """Count this request against every window of `limits`; TooManyRequests when one is exceeded."""
    state: _State = current_app.extensions[EXTENSION]
    if not state.enabled:
        return
    slots = _slots(state, scope, client, limits)
    counts = state.counters.count(slots, []).counts
    _headers(state, slots, counts)
    refused = [resets for slot, (hits, resets) in zip(slots, counts, strict=True) if hits > slot.amount]
    if refused:
        current_app.logger.warning("rate limit %r of %s exceeded by %s", limits, scope, client)
        raise TooManyRequests(retry_after=_seconds(refused))


@dataclass(frozen=True)
class Reservation:
    """A place in a limit on things done (accepted filings), taken before doing it: `refused` is None, or
    ``"attempts"`` / ``"done"`` with `retry_after` seconds. Give it back with `release` when the thing was not
    done after all (the input was refused, a duplicate …), so only what was done counts."""

    refused: str | None
    retry_after: int = 0
    keys: tuple[str, ...] = ()
    source: object = None


def reserve(scope: str, *, attempts: str, done: str, client: str) -> Reservation:
    """Count an attempt against every window of `attempts` and, unless one is exceeded, take a place in every
    window of `done` if each has one left: one storage call. Nothing refuses the request by itself."""
    state: _State = current_app.extensions[EXTENSION]
    if not state.enabled:
        return Reservation(None)
    tries, places = _slots(state, f"{scope}:attempts", client, attempts), _slots(state, scope, client, done)
    counted = state.counters.count(tries, places)
    _headers(state, tries + places, counted.counts)
    tried, placed = counted.counts[:len(tries)], counted.counts[len(tries):]
    over = [resets for slot, (hits, resets) in zip(tries, tried, strict=True) if hits > slot.amount]
    if over:
        current_app.logger.warning("attempt limit %r of %s exceeded by %s", attempts, scope, client)
        return Reservation("attempts", _seconds(over))
    if not counted.reserved:
        full = [resets for slot, (hits, resets) in zip(places, placed, strict=True) if hits >= slot.amount]
        current_app.logger.warning("rate limit %r of %s reached by %s", done, scope, client)
        return Reservation("done", _seconds(full or [1.0]))
    return Reservation(None, 0, tuple(slot.key for slot in places), counted.source)


def release(reservation: Reservation) -> None:
    """Give back the places of `reservation` (nothing when it took none)."""
    if not reservation.keys or reservation.source is None:
        return
    try:
        reservation.source.release(list(reservation.keys))
    except (RedisError, OSError) as error:  # the place is lost, not the request: it expires with its window
        log.warning("could not give back a rate-limit place: %s", error)
