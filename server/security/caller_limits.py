"""Limits per caller: requests per second (a token bucket for each role and subject), calls
of one kind in progress (watches), and bytes of uploads in flight (per caller and per
process).

In Redis when the change feed has one (every replica draws from the same
bucket: a Lua script takes a token atomically), in-process otherwise. A
caller past its rate is answered RESOURCE_EXHAUSTED with a RetryInfo saying
when a token will be there. Redis unreachable: the process's own buckets
decide meanwhile (a limit a little looser, never an outage).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol

import redis

from matcher.errors import Reason, ResourceExhausted
from matcher.principal import Principal
from matcher.text import Text

log = logging.getLogger("cpmi.limits")

# After Redis fails, the process's own buckets decide this long before Redis is tried again.
REDIS_RETRY_SECONDS = 5.0
# Buckets a process remembers; the least recently used are forgotten past this.
MAX_LOCAL_BUCKETS = 100_000

_TAKE = """
local rate, burst, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local held = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens, at = tonumber(held[1]) or burst, tonumber(held[2]) or now
tokens = math.min(burst, tokens + (now - at) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
return tostring(wait)
"""


class RateLimiter(Protocol):
    def take(self, caller: str) -> float:
        """0 when the call may go ahead, else the seconds until it may."""
        ...


class Unlimited:
    def take(self, caller: str) -> float:
        return 0.0


def rate_kind(principal: Principal) -> str:
    """Which rate applies to a caller: its role's, or the service's when a frontend acts for
    a candidate (the bucket is still the candidate's: one person, whatever door they use)."""
    return "service" if principal.actor.startswith("service:") else principal.role.value


class RatesByKind:
    """One limiter per kind of caller, each with its own rate and burst."""

    def __init__(self, limiters: Mapping[str, RateLimiter]) -> None:
        self._limiters = dict(limiters)
        self._unlimited = Unlimited()

    def admit(self, principal: Principal) -> float:
        """0 when ``principal`` may call now, else the seconds until it may."""
        return self._limiters.get(rate_kind(principal), self._unlimited).take(principal.key)


class LocalBuckets:
    def __init__(self, rate: float, burst: float) -> None:
        self._rate, self._burst = rate, burst
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def take(self, caller: str) -> float:
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.pop(caller, (self._burst, now))
            tokens = min(self._burst, tokens + (now - at) * self._rate)
            wait = 0.0
            if tokens >= 1:
                tokens -= 1
            else:
                wait = (1 - tokens) / self._rate
            self._buckets[caller] = (tokens, now)
            if len(self._buckets) > MAX_LOCAL_BUCKETS:
                self._buckets.popitem(last=False)
        return wait


class RedisBuckets:
    def __init__(self, url: str, rate: float, burst: float) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._redis.register_script(_TAKE)
        self._rate, self._burst = rate, burst
        self._fallback = LocalBuckets(rate, burst)
        self._failing = False
        self._retry_at = 0.0

    def take(self, caller: str) -> float:
        if self._failing and time.monotonic() < self._retry_at:
            return self._fallback.take(caller)  # no call waits on a Redis known to be down
        try:
            answer = self._script(keys=[f"cpmi:rate:{caller}"], args=[self._rate, self._burst, time.time()])
        except redis.RedisError:
            if not self._failing:
                log.warning("Redis unreachable: rate limits are per process until it is back")
            self._failing, self._retry_at = True, time.monotonic() + REDIS_RETRY_SECONDS
            return self._fallback.take(caller)
        if self._failing:
            log.info("Redis back: rate limits are shared again")
            self._failing = False
        return float(answer)


def rate_limiter(rate: float, burst: float, redis_url: str) -> RateLimiter:
    if rate <= 0:
        return Unlimited()
    burst = max(1.0, burst or math.ceil(rate))
    return RedisBuckets(redis_url, rate, burst) if redis_url else LocalBuckets(rate, burst)


def rates_by_kind(rates: Mapping[str, tuple[float, float]], redis_url: str) -> RatesByKind:
    """``rates``: (per second, burst) of each kind of caller; 0 per second is no limit."""
    return RatesByKind({kind: rate_limiter(rate, burst, redis_url) for kind, (rate, burst) in rates.items()})


class UploadBytes:
    """Bytes of uploads in progress, bounded per caller and per process.

    A company is one caller however many of its workers upload at once, so the bound is
    on bytes, not on a count: 30 agreements of 2 MB fit the default 64 MiB of one caller.
    An upload that would pass a bound waits for others to finish, up to ``queue_seconds``
    (cheaper than sending it back over the network), then hears TOO_MANY_UPLOADS with a
    RetryInfo. An upload larger than a bound alone is measured as the bound, so it waits
    for the rest instead of never fitting.
    """

    def __init__(self, per_caller: int, per_process: int, queue_seconds: float) -> None:
        self._per_caller = per_caller
        self._per_process = per_process
        self._queue_seconds = queue_seconds
        self._by_caller: Counter[str] = Counter()
        self._total = 0
        self._changed = threading.Condition()

    @property
    def in_flight(self) -> int:
        return self._total

    @contextmanager
    def hold(self, caller: str, size: int) -> Iterator[None]:
        size = max(0, min(size, self._per_caller, self._per_process))
        give_up = time.monotonic() + self._queue_seconds
        with self._changed:
            while not self._fits(caller, size):
                left = give_up - time.monotonic()
                if left <= 0:
                    raise too_many_uploads()
                self._changed.wait(left)
            self._by_caller[caller] += size
            self._total += size
        try:
            yield
        finally:
            with self._changed:
                self._by_caller[caller] -= size
                if self._by_caller[caller] <= 0:
                    del self._by_caller[caller]
                self._total -= size
                self._changed.notify_all()

    def _fits(self, caller: str, size: int) -> bool:
        held = self._by_caller.get(caller, 0)
        return held + size <= self._per_caller and self._total + size <= self._per_process


class CallerSlots:
    """At most ``limit`` calls of one kind in progress per caller in this process (watch
    streams): past it, the caller hears ``refusal()`` instead of queueing behind itself."""

    def __init__(self, limit: int, refusal: Callable[[], Exception]) -> None:
        self._limit = limit
        self._refusal = refusal
        self._held: Counter[str] = Counter()
        self._lock = threading.Lock()

    @contextmanager
    def hold(self, caller: str) -> Iterator[None]:
        with self._lock:
            if self._held[caller] >= self._limit:
                raise self._refusal()
            self._held[caller] += 1
        try:
            yield
        finally:
            with self._lock:
                self._held[caller] -= 1
                if not self._held[caller]:
                    del self._held[caller]


def too_many_requests(wait_seconds: float) -> ResourceExhausted:
    """This caller is past its rate; RetryInfo says when it may call again."""
    wait = f"{max(wait_seconds, 0.001):.3f}"
    text = Text(
        id=f"Terlalu banyak permintaan dari pemanggil ini; coba lagi dalam {wait} detik",
        en=f"Too many requests from this caller; retry in {wait} s",
    )
    return ResourceExhausted(Reason.TOO_MANY_REQUESTS, text, metadata={"retry_after_seconds": wait})


def too_many_uploads() -> ResourceExhausted:
    """The bytes of this caller's uploads in progress (or of this process's) stayed at their
    bound while this upload waited; RetryInfo says when to try again."""
    text = Text(
        id="Unggahan lain dari pemanggil ini masih berjalan; coba lagi sebentar lagi",
        en="Other uploads of this caller are still in progress; retry shortly",
    )
    return ResourceExhausted(Reason.TOO_MANY_UPLOADS, text, metadata={"retry_after_seconds": "1.000"})


def too_many_watchers(*, per_caller: bool = False) -> ResourceExhausted:
    """Every watch slot of this process (or of this caller) is taken; retry later or list instead."""
    if per_caller:
        text = Text(
            id="Pemanggil ini sudah membuka terlalu banyak pemantauan; tutup salah satunya",
            en="This caller has too many open watches; close one first",
        )
    else:
        text = Text(
            id="Terlalu banyak pemantauan terbuka; coba lagi nanti atau gunakan ListApplications",
            en="Too many open watches; retry later or use ListApplications",
        )
    return ResourceExhausted(Reason.TOO_MANY_WATCHERS, text)
