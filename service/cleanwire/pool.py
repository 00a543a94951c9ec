"""Extraction processes: run `clean` off the event loop, with a per-page time limit.

FIRST DRAFT (interface is stable, internals to be replaced): uses a plain
ProcessPoolExecutor and cannot yet kill a page that runs over its limit.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason


def _clean_timed(page: Page, options: CleanOptions | None) -> tuple[Article | Rejected, float]:
    from cleanwire.core.pipeline import clean

    start = time.perf_counter()
    try:
        result = clean(page, options)
    except Exception as exc:  # the worker must never crash on input
        result = Rejected(RejectReason.EXTRACTION_CRASH, f"{type(exc).__name__}: {exc}"[:500])
    return result, time.perf_counter() - start


class ExtractionPool:
    """`await pool.clean(page)` -> (Article | Rejected, seconds spent cleaning)."""

    def __init__(self, processes: int, timeout_s: float = 30.0, options: CleanOptions | None = None) -> None:
        self.options = options
        self.processes = processes
        self.timeout_s = timeout_s
        self._executor: ProcessPoolExecutor | None = None

    async def start(self) -> None:
        self._executor = ProcessPoolExecutor(max_workers=self.processes)

    async def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    async def clean(self, page: Page) -> tuple[Article | Rejected, float]:
        assert self._executor is not None, "start() the pool first"
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(self._executor, _clean_timed, page, self.options)
        try:
            return await asyncio.wait_for(fut, self.timeout_s)
        except TimeoutError:
            return Rejected(RejectReason.TIMEOUT, f"clean() ran over {self.timeout_s:g} s"), self.timeout_s
