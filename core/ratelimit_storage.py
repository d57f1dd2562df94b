"""Where rate-limit counters live: in the process (`MemoryCounters`), in Redis (`RedisCounters`), or in Redis
with the process as the stand-in while Redis cannot be reached (`FallbackCounters`, what a ``redis://`` URI
gives). Every storage counts the same way (`count`): hits that always count, and reservations that count only
while there is room, all windows of a request at once (one script call in Redis)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from redis.exceptions import RedisError


@dataclass(frozen=True)
class Slot:
    """One window's counter of one client: its key, the window's length and the amount it allows."""

    key: str
    seconds: int
    amount: int


@dataclass
class Counted:
    """The outcome of `count`: (count, seconds until reset) per slot, hits first then reservations; whether the
    reservations were counted; and the storage that counted them (where `release` must go)."""

    counts: list[tuple[int, float]]
    reserved: bool
    source: object = None


UNLIMITED = 2 ** 52  # the amount of a slot counted by `hit`, which never refuses by itself


class MemoryCounters:
    """Counters of one process: development and tests, and the stand-in while Redis is unreachable."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def hit(self, keys: list[tuple[str, int]]) -> list[tuple[int, float]]:
        """Count one hit in each (key, window seconds); → (count in the window, seconds until it resets)."""
        return self.count([Slot(key, seconds, UNLIMITED) for key, seconds in keys], []).counts

    def count(self, hits: list[Slot], reserve: list[Slot]) -> Counted:
        """Count one hit in every slot of `hits`; then, unless one of them is over its amount, one in every slot
        of `reserve` if each is still below its amount (all or none)."""
        now = self._clock()
        with self._lock:
            if len(self._counts) > 10_000:
                self._counts = {k: v for k, v in self._counts.items() if v[1] > now}
            counted = [self._add(slot, now, 1) for slot in hits]
            over = any(count > slot.amount for slot, (count, _) in zip(hits, counted, strict=True))
            current = [self._add(slot, now, 0) for slot in reserve]
            reserved = bool(reserve) and not over and all(c < slot.amount for slot, (c, _) in
                                                        zip(reserve, current, strict=True))
            if reserved:
                current = [self._add(slot, now, 1) for slot in reserve]
        return Counted(counted + current, reserved, self)

    def _add(self, slot: Slot, now: float, step: int) -> tuple[int, float]:
        count, ends = self._counts.get(slot.key, (0, 0.0))
        if ends <= now:
            count, ends = 0, now + slot.seconds
        if step:
            self._counts[slot.key] = (count + step, ends)
        return count + step, ends - now

    def release(self, keys: list[str]) -> None:
        """Take back one reservation of each key (a filing that did not happen)."""
        with self._lock:
            for key in keys:
                count, ends = self._counts.get(key, (0, 0.0))
                if count > 0:
                    self._counts[key] = (count - 1, ends)


COUNT_SCRIPT = """
local hits = tonumber(ARGV[1])
local counted = {}
local over = false
for i = 1, #KEYS do
    local seconds, amount = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
    local count, ttl
    if i <= hits then
        count = redis.call("incr", KEYS[i])
        ttl = redis.call("ttl", KEYS[i])
        if count == 1 or ttl < 0 then
            redis.call("expire", KEYS[i], seconds)
            ttl = seconds
        end
        if count > amount then over = true end
    else
        count = tonumber(redis.call("get", KEYS[i]) or "0")
        ttl = redis.call("ttl", KEYS[i])
        if ttl < 0 then ttl = seconds end
        if count >= amount then over = true end
    end
    counted[2 * i - 1] = count
    counted[2 * i] = ttl
end
local reserved = 0
if not over and #KEYS > hits then
    reserved = 1
    for i = hits + 1, #KEYS do
        local count = redis.call("incr", KEYS[i])
        local ttl = redis.call("ttl", KEYS[i])
        if count == 1 or ttl < 0 then
            redis.call("expire", KEYS[i], ARGV[2 * i])
            ttl = tonumber(ARGV[2 * i])
        end
        counted[2 * i - 1] = count
        counted[2 * i] = ttl
    end
end
counted[#counted + 1] = reserved
return counted
"""

RELEASE_SCRIPT = """
for i, key in ipairs(KEYS) do
    if tonumber(redis.call("get", key) or "0") > 0 then redis.call("decr", key) end
end
return 0
"""


class RedisCounters:
    """Counters shared by every worker: all windows of a request in one script call. `timeout` (seconds) bounds
    the connect and every reply, and a failed command is tried once more on a fresh connection, no more: an
    unreachable Redis must not hold a citizen's request (see `FallbackCounters`)."""

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        self._client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout,
                                            retry=Retry(NoBackoff(), 1))
        self._script = self._client.register_script(COUNT_SCRIPT)
        self._release = self._client.register_script(RELEASE_SCRIPT)

    def hit(self, keys: list[tuple[str, int]]) -> list[tuple[int, float]]:
        return self.count([Slot(key, seconds, UNLIMITED) for key, seconds in keys], []).counts

    def count(self, hits: list[Slot], reserve: list[Slot]) -> Counted:
        slots = hits + reserve
        args: list[int] = [len(hits)]
        for slot in slots:
            args += [slot.seconds, slot.amount]
        flat = self._script(keys=[slot.key for slot in slots], args=args)
        counts = [(int(flat[i]), float(flat[i + 1])) for i in range(0, 2 * len(slots), 2)]
        return Counted(counts, bool(flat[-1]), self)

    def release(self, keys: list[str]) -> None:
        self._release(keys=keys)


class FallbackCounters:
    """Redis, and the process's own counters while Redis cannot be reached: filing never stops for a Redis outage.

    A Redis error (refused, timed out, reset, a broken reply) makes this request and the following ones count in
    the process (each worker then counts alone, so a client gets up to workers × the limit) until a backoff
    has passed: 1 s after the first failure, doubling to 30 s; one request then tries Redis again, the others
    keep counting in the process meanwhile. `on_change(event, error)` hears ``"down"`` (the first failure),
    ``"still_down"`` (a retry failed) and ``"up"`` (Redis answers again) so the outage can be shown.
    """

    MIN_BACKOFF, MAX_BACKOFF = 1.0, 30.0

    def __init__(self, primary, *, clock: Callable[[], float] = time.monotonic,
                 on_change: Callable[[str, str | None], None] | None = None) -> None:
        self.primary = primary
        self.memory = MemoryCounters(clock)
        self.on_change = on_change
        self._clock = clock
        self._lock = threading.Lock()
        self._down = False
        self._retry_at = 0.0
        self._backoff = self.MIN_BACKOFF

    @property
    def is_down(self) -> bool:
        return self._down

    def hit(self, keys: list[tuple[str, int]]) -> list[tuple[int, float]]:
        return self.count([Slot(key, seconds, UNLIMITED) for key, seconds in keys], []).counts

    def count(self, hits: list[Slot], reserve: list[Slot]) -> Counted:
        probing = self._claim()
        if probing is None:
            return self.memory.count(hits, reserve)
        try:
            counted = self.primary.count(hits, reserve)
        except (RedisError, OSError) as error:
            self._failed(error, probing)
            return self.memory.count(hits, reserve)
        if probing:
            self._recovered()
        return counted

    def release(self, keys: list[str]) -> None:
        self.primary.release(keys)

    def _claim(self) -> bool | None:
        """False: Redis is up, use it; True: this request tries Redis again; None: count in the process."""
        if not self._down:
            return False
        with self._lock:
            now = self._clock()
            if not self._down:
                return False
            if now < self._retry_at:
                return None
            self._retry_at = now + self._backoff  # the other requests keep to the process while this one tries
            return True

    def _failed(self, error: Exception, probing: bool) -> None:
        with self._lock:
            first = not self._down
            if first:
                self._down, self._backoff = True, self.MIN_BACKOFF
            elif probing:
                self._backoff = min(self._backoff * 2, self.MAX_BACKOFF)
            else:
                return  # a request sent before the outage was noticed: nothing new
            self._retry_at = self._clock() + self._backoff
        self._tell("down" if first else "still_down", f"{type(error).__name__}: {error}"[:500])

    def _recovered(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down, self._backoff = False, self.MIN_BACKOFF
        self._tell("up", None)

    def _tell(self, event: str, error: str | None) -> None:
        if self.on_change is not None:
            self.on_change(event, error)


def counters_for(uri: str, *, timeout: float = 5.0):
    if uri.startswith("memory://"):
        return MemoryCounters()
    if uri.startswith(("redis://", "rediss://", "unix://")):
        return FallbackCounters(RedisCounters(uri, timeout=timeout))
    raise ValueError(f"RATELIMIT_STORAGE_URI must be memory://, redis://, rediss:// or unix://, not {uri!r}")
