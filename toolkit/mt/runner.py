"""Run engine calls: bounded concurrency, a rate limit, retries with backoff, a circuit breaker.

deep-translator's ``translate_batch`` is a sequential loop of blocking requests; here a
ThreadPoolExecutor keeps up to `concurrency` requests in flight while a token bucket holds
them to `rate` per second.  Workers only do the HTTP work; every result is handed to the
caller in the main thread (cache, catalogue, progress), so nothing else needs locking, and
Ctrl-C (delivered to the main thread) stops submitting and lets the caller save.
The runner knows engines only through `toolkit.mt.engine`: it hands each a `Request`
(with the timeout) and gets a `Reply` or a classified `Failure` back; an engine with a
`batch_size` above one gets chunks of that many (and of at most `batch_chars` characters) through
`translate_batch` (one rate-limit token and one retry loop per call; items the batch could not answer,
and every item of a batch refused as a whole, are asked alone).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import TypeVar

from toolkit.mt.engine import FAIL, FATAL, RETRY, Engine, Failure, Reply, Request


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


T = TypeVar("T")
Outcome = tuple[Reply | None, Failure | None] | None  # None: the run stopped before this item was sent


class Stopped(Exception):
    """The run was stopped (breaker, fatal error or Ctrl-C) before this item was sent."""


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
    requests: Iterable[Request],
    engine: Engine,
    policy: Policy,
    on_done: Callable[[Request, Reply | None, Failure | None], None],
    on_tick: Callable[[], None] = lambda: None,
) -> str | None:
    """Ask `engine` for every request; ``on_done(request, reply, failure)`` in this thread.

    Returns None when every request was tried, else why the run stopped early (circuit
    breaker or a fatal error such as a rejected key); unsent requests are simply not reported.
    """
    stop = threading.Event()
    bucket = TokenBucket(policy.rate if engine.online else 0)
    retries = policy.retries if engine.online else 0

    def with_retries(call: Callable[[], T]) -> T:
        """`call()` with the rate limit, retried on RETRY failures with backoff (Retry-After honoured)."""
        for attempt in range(retries + 1):
            if stop.is_set():
                raise Stopped()
            bucket.acquire(stop)
            try:
                return call()
            except Failure as exc:
                failure = exc
            except Stopped:
                raise
            except Exception as exc:  # an adapter bug: this text fails, the run goes on
                failure = Failure(FAIL, f"{type(exc).__name__}: {exc}")
            if failure.kind == FATAL:
                stop.set()  # e.g. a rejected key: the next request would fail the same way
            if failure.kind != RETRY or attempt == retries:
                raise failure
            if stop.wait(backoff_delay(policy, attempt, failure.retry_after)):
                raise Stopped()
        raise AssertionError("unreachable")

    def one(request: Request) -> Outcome:
        try:
            return with_retries(lambda: engine.translate(request)), None
        except Failure as exc:
            return None, exc
        except Stopped:
            return None

    def alone(chunk: list[Request], failure: Failure) -> list[Outcome]:
        """A batch refused as a whole (a 4xx: one text too long for the model, one its filter refuses): each
        request asked alone, so one text does not fail the others; after `breaker` failures in a row the rest
        keep the batch's failure (a refusal of every request, a model that does not exist, costs no more)."""
        out: list[Outcome] = []
        in_row = 0
        for request in chunk:
            if in_row >= policy.breaker:
                out.append((None, failure))
                continue
            outcome = one(request)
            in_row = in_row + 1 if outcome is not None and outcome[1] is not None else 0
            out.append(outcome)
        return out

    def chunk_outcomes(chunk: list[Request]) -> list[Outcome]:
        """Outcomes of a chunk: one call of translate_batch; items it could not answer are asked alone."""
        if len(chunk) == 1:
            return [one(chunk[0])]
        try:
            results = with_retries(lambda: engine.translate_batch(chunk))
        except Failure as exc:
            if exc.kind != FAIL:
                return [(None, exc)] * len(chunk)
            return alone(chunk, exc)
        except Stopped:
            return [None] * len(chunk)
        if len(results) != len(chunk):  # an adapter bug: ask each alone
            results = [Failure(RETRY, "batch reply of the wrong length")] * len(chunk)
        out: list[Outcome] = []
        for request, result in zip(chunk, results):
            if isinstance(result, Failure) and result.kind == RETRY:
                out.append(one(request))
            elif isinstance(result, Failure):
                if result.kind == FATAL:
                    stop.set()
                out.append((None, result))
            else:
                out.append((result, None))
        return out

    def pace() -> None:
        bucket.acquire(stop)

    todo = (replace(r, pace=pace) for r in requests)  # a long text's further pieces wait their turn too
    chunks = batches(todo, max(1, engine.batch_size), engine.batch_chars)
    window = max(1, policy.concurrency) * 2  # queued + in flight: stop fast, no huge backlog
    pending: dict[Future, list[Request]] = {}
    failures_in_row, stopped = 0, None
    pool = ThreadPoolExecutor(max_workers=max(1, policy.concurrency), thread_name_prefix=f"mt-{engine.name}")
    try:
        while True:
            while stopped is None and len(pending) < window:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending[pool.submit(chunk_outcomes, chunk)] = chunk
            if not pending:
                break
            done, _ = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                for request, outcome in zip(chunk, future.result()):
                    if outcome is None:
                        continue
                    reply, failure = outcome
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
                    on_done(request, reply, failure)
            on_tick()
    except BaseException:
        stop.set()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True, cancel_futures=True)
    return stopped


def batches(requests: Iterable[Request], size: int, chars: int | None) -> Iterator[list[Request]]:
    """`requests` in chunks of at most `size`, and of at most `chars` characters of text (`Engine.batch_chars`)
    unless one text alone is longer; taken from `requests` only as each chunk is asked for."""
    chunk: list[Request] = []
    held = 0
    for request in requests:
        if chunk and chars is not None and held + len(request.text) > chars:
            yield chunk
            chunk, held = [], 0
        chunk.append(request)
        held += len(request.text)
        if len(chunk) == size:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk
