"""The extraction processes: hard time limit, crashes, recycling. Clean functions are injected."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from cleanwire import Article, Page, Rejected, RejectReason
from cleanwire.core.models import CleanOptions
from cleanwire.pool import ExtractionPool

TEXT = "\n\n".join(f"Paragraph {i} of a story long enough to be kept as an article body by the cleaner." for i in range(3))


def slow_on_marker(page: Page, options: CleanOptions | None) -> Article | Rejected:
    if page.content == "sleep":
        time.sleep(60)
    if page.content == "die":
        os._exit(3)
    return Rejected(RejectReason.NO_ARTICLE, f"pid {os.getpid()}")


def _run(pool: ExtractionPool, *contents: str) -> list[Article | Rejected]:
    async def go() -> list[Article | Rejected]:
        await pool.start()
        try:
            return [(await pool.clean(Page(content=c)))[0] for c in contents]
        finally:
            await pool.close()

    return asyncio.run(go())


def test_real_clean_in_a_child_process() -> None:
    [result] = _run(ExtractionPool(1, 30), TEXT)
    assert isinstance(result, Article) and "Paragraph 2" in result.text


def test_page_over_the_limit_is_killed_and_the_next_page_works() -> None:
    pool = ExtractionPool(1, 1.0, func=slow_on_marker)
    t0 = time.monotonic()
    first, second = _run(pool, "sleep", "ok")
    assert time.monotonic() - t0 < 20
    assert isinstance(first, Rejected) and first.reason == RejectReason.TIMEOUT
    assert isinstance(second, Rejected) and second.reason == RejectReason.NO_ARTICLE
    assert pool.restarts == {"timeout": 1}


def test_a_dying_process_is_a_crash_and_is_replaced() -> None:
    pool = ExtractionPool(1, 10, func=slow_on_marker)
    first, second = _run(pool, "die", "ok")
    assert isinstance(first, Rejected) and first.reason == RejectReason.EXTRACTION_CRASH
    assert isinstance(second, Rejected) and second.reason == RejectReason.NO_ARTICLE
    assert pool.restarts == {"crash": 1}


def test_processes_are_recycled_after_max_tasks() -> None:
    pool = ExtractionPool(1, 10, max_tasks=2, func=slow_on_marker)
    results = _run(pool, "a", "b", "c")
    pids = [r.detail for r in results if isinstance(r, Rejected)]
    assert pids[0] == pids[1] != pids[2]
    assert pool.restarts.get("recycle") == 1


def sleepy_pid(page: Page, options: CleanOptions | None) -> Rejected:
    time.sleep(0.2)
    return Rejected(RejectReason.NO_ARTICLE, f"pid {os.getpid()}")


def test_pages_in_flight_are_spread_over_every_process() -> None:
    pool = ExtractionPool(2, 10, func=sleepy_pid)

    async def go() -> list[str]:
        await pool.start()
        try:
            results = await asyncio.gather(*(pool.clean(Page(content=str(i))) for i in range(6)))
            return [r.detail for r, _ in results if isinstance(r, Rejected)]
        finally:
            await pool.close()

    pids = asyncio.run(go())
    assert len(pids) == 6 and len(set(pids)) == 2


def test_a_page_that_cannot_reach_the_process_fails_its_caller_and_the_slot_keeps_working() -> None:
    pool = ExtractionPool(1, 10, func=slow_on_marker)

    async def go() -> Article | Rejected:
        await pool.start()
        try:
            with pytest.raises(Exception, match="pickle"):
                await pool.clean(lambda: "not picklable")  # type: ignore[arg-type]
            result, _ = await asyncio.wait_for(pool.clean(Page(content="ok")), 10)
            return result  # type: ignore[no-any-return]
        finally:
            await pool.close()

    result = asyncio.run(go())
    assert isinstance(result, Rejected) and result.reason == RejectReason.NO_ARTICLE
