"""Extraction processes: run `clean` off the event loop, with a hard per-page time limit.

Each slot is one child process fed through a pipe by a thread of its own. The threads take pages from
one thread-safe queue, so a process that finishes a page starts the next one waiting at once, without a
round trip through the event loop (which, busy with Kafka, left the processes idle a fifth of the time).
A page over its limit gets its process killed and replaced (the page becomes `Rejected(TIMEOUT)`); a
child that dies becomes `Rejected(EXTRACTION_CRASH)` and is replaced; a child is recycled after
`max_tasks` pages or above `max_rss_mb`, so memory stays bounded. Children start from a forkserver, so
they never inherit the worker's sockets or event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason

CleanFn = Callable[[Any, CleanOptions | None], Any]  # a Page (or what func takes) -> Article | Rejected, or richer
Result = tuple[Any, float]
Request = tuple[Any, "asyncio.Future[Result]", asyncio.AbstractEventLoop]
_RSS_EVERY = 16  # read a process's RSS every this many pages (a /proc read per page is measurable)


def default_clean(page: Page, options: CleanOptions | None) -> Article | Rejected:
    from cleanwire.core.pipeline import clean

    return clean(page, options)


def _child(conn: Connection, func: CleanFn, options: CleanOptions | None,
           initializer: Callable[[], None] | None = None) -> None:
    if initializer is not None:
        initializer()  # e.g. the worker's logging: a forkserver child starts without it
    while True:
        try:
            page = conn.recv()
        except (EOFError, OSError):
            return
        start = time.perf_counter()
        try:
            result: Any = func(page, options)
        except Exception as exc:  # clean never raises by contract; a bug still must not kill the slot
            result = Rejected(RejectReason.EXTRACTION_CRASH, f"{type(exc).__name__}: {exc}"[:500])
        conn.send((result, time.perf_counter() - start))


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


class _Slot:
    def __init__(self, ctx: Any, func: CleanFn, options: CleanOptions | None,
                 initializer: Callable[[], None] | None = None) -> None:
        self.ctx, self.func, self.options, self.initializer = ctx, func, options, initializer
        self.tasks = 0
        self.start()

    def start(self) -> None:
        self.conn, child_conn = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_child, args=(child_conn, self.func, self.options, self.initializer),
                                     daemon=True)
        self.proc.start()
        child_conn.close()
        self.tasks = 0

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.close()
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)

    def restart(self) -> None:
        self.stop()
        self.start()


class ExtractionPool:
    """`await pool.clean(page)` -> (what `func` returned, Article | Rejected by default, or Rejected for a
    timeout or a crash; seconds spent cleaning)."""

    def __init__(
        self,
        processes: int,
        timeout_s: float = 30.0,
        options: CleanOptions | None = None,
        max_tasks: int = 500,
        max_rss_mb: float = 1024.0,
        func: CleanFn = default_clean,
        metrics: Any = None,
        initializer: Callable[[], None] | None = None,
    ) -> None:
        self.processes = processes
        self.initializer = initializer
        self.timeout_s = timeout_s
        self.options = options
        self.max_tasks = max_tasks
        self.max_rss_mb = max_rss_mb
        self.func = func
        self.metrics = metrics
        self.restarts: dict[str, int] = {}
        self._slots: list[_Slot] = []
        self._requests: queue.SimpleQueue[Request | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._closing = False

    async def start(self) -> None:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["cleanwire.preload", "trafilatura", "cleanwire.memory.duplicates"])
        loop = asyncio.get_running_loop()
        self._closing = False
        self._slots = await loop.run_in_executor(
            None, lambda: [_Slot(ctx, self.func, self.options, self.initializer)
                                 for _ in range(self.processes)]
        )
        self._threads = [threading.Thread(target=self._serve, args=(slot,), name=f"cleanwire-pool-{i}", daemon=True)
                         for i, slot in enumerate(self._slots)]
        for thread in self._threads:
            thread.start()

    async def close(self) -> None:
        self._closing = True
        for _ in self._threads:
            self._requests.put(None)
        for slot in self._slots:
            slot.stop()
        for thread in self._threads:
            thread.join(5)
        self._slots, self._threads = [], []

    def _restart(self, slot: _Slot, cause: str) -> None:
        if self._closing:
            return
        slot.restart()
        self.restarts[cause] = self.restarts.get(cause, 0) + 1
        if self.metrics is not None:
            self.metrics.process_restarts.labels(cause).inc()

    def _serve(self, slot: _Slot) -> None:
        """A slot's thread: the next page from the queue to the slot's process, the result to the loop."""
        while (request := self._requests.get()) is not None:
            page, future, loop = request
            if future.done():  # the caller gave up (shutdown): do not spend a process on it
                continue
            try:
                result: Result | BaseException = self._run(slot, page)
            except Exception as exc:  # e.g. a page that does not pickle: the caller gets the error, the thread lives
                result = exc
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits for this result any more
                loop.call_soon_threadsafe(_resolve, future, result)

    def _run(self, slot: _Slot, page: Any) -> Result:
        """In the slot's thread: hand the page to the slot's process and wait, at most the time limit."""
        try:
            slot.conn.send(page)
            if not slot.conn.poll(self.timeout_s):
                self._restart(slot, "timeout")
                return Rejected(RejectReason.TIMEOUT, f"clean() ran over {self.timeout_s:g} s; process replaced"), self.timeout_s
            result: Result = slot.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            code = slot.proc.exitcode
            self._restart(slot, "crash")
            return Rejected(RejectReason.EXTRACTION_CRASH, f"extraction process died ({type(exc).__name__}, exit {code})"), 0.0
        slot.tasks += 1
        if slot.tasks >= self.max_tasks:
            self._restart(slot, "recycle")
        elif slot.tasks % _RSS_EVERY == 0 and rss_mb(slot.proc.pid or 0) > self.max_rss_mb:
            self._restart(slot, "memory")
        return result

    async def clean(self, page: Any) -> Result:
        """`func(page, options)` in a free process; `page` is whatever `func` takes (the worker hands in
        the input record's raw value, so decoding and encoding happen off the event loop too)."""
        assert self._threads, "start() the pool first"
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._requests.put((page, future, loop))
        return await future


def _resolve(future: asyncio.Future[Result], result: Result | BaseException) -> None:
    if future.done():
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)
