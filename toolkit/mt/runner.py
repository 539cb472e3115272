"""Run engine calls: bounded concurrency, a rate limit, retries with backoff, a circuit breaker.

deep-translator's ``translate_batch`` is a sequential loop of blocking requests; here a
ThreadPoolExecutor keeps up to `concurrency` requests in flight while a token bucket holds
them to `rate` per second.  Workers only do the HTTP work; every result is handed to the
caller in the main thread (cache, catalogue, progress), so nothing else needs locking, and
Ctrl-C (delivered to the main thread) stops submitting and lets the caller save.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from toolkit.mt.engines import EXCHANGE, FATAL, RETRY, Engine


@dataclass
class Policy:
    concurrency: int = 4
    rate: float = 5.0  # requests per second over all workers; 0 = unlimited
    timeout: float = 20.0  # seconds per HTTP request
    retries: int = 3  # extra attempts on 429/5xx/timeouts/connection errors
    backoff: float = 1.0  # first retry delay; doubles each time, with jitter
    max_backoff: float = 30.0
    breaker: int = 5  # this many failed items in a row stop the run
    save_every: int = 25  # save the catalogue after this many finished entries…
    save_seconds: float = 10.0  # …or this many seconds, whichever comes first


class Stopped(Exception):
    """The run was stopped (breaker, fatal error or Ctrl-C) before this item was sent."""


class Failed(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class TokenBucket:
    """At most `rate` acquisitions per second across threads (bucket of one: no bursts)."""

    def __init__(self, rate: float):
        self.rate = rate
        self.next_free = time.monotonic()
        self.lock = threading.Lock()

    def acquire(self, stop: threading.Event) -> None:
        if self.rate <= 0:
            return
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_free)
            self.next_free = slot + 1.0 / self.rate
        if slot > now and stop.wait(slot - now):
            raise Stopped()


def backoff_delay(policy: Policy, attempt: int, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (half fixed, half random), at least the server's Retry-After."""
    ceiling = min(policy.max_backoff, policy.backoff * 2**attempt)
    delay = ceiling / 2 + random.uniform(0, ceiling / 2)
    if retry_after:
        delay = max(delay, min(retry_after, policy.max_backoff))
    return delay


def run(
    items: Iterable[Hashable],
    work: Callable,
    engine: Engine,
    policy: Policy,
    on_done: Callable[[Hashable, object, Failed | None], None],
    on_tick: Callable[[], None] = lambda: None,
) -> str | None:
    """Call ``work(item)`` for every item; ``on_done(item, result, failure)`` in this thread.

    Returns None when every item was tried, else why the run stopped early (circuit
    breaker or a fatal error such as a rejected key); unsent items are simply not reported.
    """
    stop = threading.Event()
    bucket = TokenBucket(policy.rate if engine.online else 0)
    retries = policy.retries if engine.online else 0

    def attempt_all(item):
        for attempt in range(retries + 1):
            if stop.is_set():
                raise Stopped()
            bucket.acquire(stop)
            EXCHANGE.reset(policy.timeout)
            try:
                return work(item)
            except Exception as exc:
                kind, message = engine.classify(exc)
                if kind == FATAL:
                    stop.set()  # e.g. a rejected key: the next request would fail the same way
                if kind != RETRY or attempt == retries:
                    raise Failed(kind, message) from None
                if stop.wait(backoff_delay(policy, attempt, EXCHANGE.retry_after)):
                    raise Stopped() from None

    todo = iter(items)
    window = max(1, policy.concurrency) * 2  # queued + in flight: stop fast, no huge backlog
    pending: dict[Future, Hashable] = {}
    failures_in_row, stopped = 0, None
    pool = ThreadPoolExecutor(max_workers=max(1, policy.concurrency), thread_name_prefix=f"mt-{engine.name}")
    try:
        while True:
            while stopped is None and len(pending) < window:
                item = next(todo, None)
                if item is None:
                    break
                pending[pool.submit(attempt_all, item)] = item
            if not pending:
                break
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                item = pending.pop(future)
                try:
                    result, failure = future.result(), None
                except Stopped:
                    continue
                except Failed as exc:
                    result, failure = None, exc
                if failure is None:
                    failures_in_row = 0
                else:
                    failures_in_row += 1
                    if failure.kind == FATAL:
                        stopped = f"{engine.name}: {failure}; stopped"
                    elif failures_in_row >= policy.breaker and stopped is None:
                        stopped = (f"{engine.name}: {failures_in_row} failures in a row (last: {failure}); "
                                   "stopped before sending more")
                    if stopped:
                        stop.set()
                on_done(item, result, failure)
            on_tick()
    except BaseException:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    return stopped
