"""Rate-limit counters in Redis: one round trip per window, none more for the response headers.

flask-limiter counts a hit with one script call per window (INCRBY, EXPIRE when new), then reads that window's
count and TTL again (a GET and a TTL) to write the X-RateLimit-* headers. This storage's script returns the
count and the TTL together and remembers them until the end of the request, so the header read costs nothing.
Limits are still decided by the INCRBY's result, shared by every worker; the remembered values are this
request's own hit and are forgotten at teardown (`forget`). Registered for the redis:// schemes, so the
configuration does not change.
"""

from __future__ import annotations

import threading
import time

from limits.storage import RedisStorage

INCR_EXPIRE_TTL = """
local current = redis.call("incrby", KEYS[1], ARGV[2])
if tonumber(current) == tonumber(ARGV[2]) then
    redis.call("expire", KEYS[1], ARGV[1])
end
return {current, redis.call("ttl", KEYS[1])}
"""


class RedisWindowStorage(RedisStorage):
    STORAGE_SCHEME = ["redis", "rediss", "redis+unix"]

    def initialize_storage(self, uri: str) -> None:
        super().initialize_storage(uri)
        self.lua_incr_expire_ttl = self.get_connection().register_script(INCR_EXPIRE_TTL)
        self._local = threading.local()

    def _memo(self) -> dict[str, tuple[int, float]]:
        memo = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = {}
        return memo

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        current, ttl = self.lua_incr_expire_ttl([self.prefixed_key(key)], [expiry, amount])
        self._memo()[key] = (int(current), max(int(ttl), 0) + time.time())
        return int(current)

    def get(self, key: str) -> int:
        found = self._memo().get(key)
        return found[0] if found else super().get(key)

    def get_expiry(self, key: str) -> float:
        found = self._memo().get(key)
        return found[1] if found else super().get_expiry(key)

    def forget(self) -> None:
        """End of a request: later reads go to Redis again."""
        self._memo().clear()
