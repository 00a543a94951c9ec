"""Measures without Kafka: trafilatura vs clean on one core (interleaved), clean on all cores."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from cleanwire.core.models import Page


@dataclass(frozen=True, slots=True)
class BenchPage:
    id: str
    url: str | None
    html: bytes

    def page(self) -> Page:
        return Page(content=self.html, url=self.url)


def load_pages(corpus: str, limit: int | None = None) -> list[BenchPage]:
    from pathlib import Path

    from cleanwire.evaluation import load_corpus

    return [BenchPage(p.id, p.url, p.html) for p in load_corpus(Path(corpus), limit)]


def _trafilatura(p: BenchPage) -> None:
    import trafilatura

    trafilatura.extract(p.html, url=p.url)


def _clean(p: BenchPage) -> None:
    from cleanwire.core.pipeline import clean

    clean(p.page())


def _alternate(pages: Sequence[BenchPage], r: int, spent: dict[str, float]) -> int:
    for i, p in enumerate(pages):
        order = (("trafilatura", _trafilatura), ("clean", _clean))
        if (i + r) % 2:
            order = order[::-1]
        for name, fn in order:
            t0 = time.perf_counter()
            fn(p)
            spent[name] += time.perf_counter() - t0
    return len(pages)


def single_core(pages: Sequence[BenchPage], rounds: int) -> tuple[float, float, float, float]:
    """(trafilatura pages/s, clean pages/s) warm, then the same over the first pass, alternating page by page
    so noise hits both alike. The first pass is each library's first sight of the pages: its lazily loaded
    data (a language's date words in dateparser, compiled patterns, lookup caches) fills as pages need it. The
    warm figure is `rounds` more passes over the same pages: what a long-running worker spends per page."""
    from cleanwire.core.pipeline import warm

    warm()  # models and date-parser data, as an extraction process loads them before its first page
    _trafilatura(pages[0])
    _clean(pages[0])  # imports and caches warm for both
    first = {"trafilatura": 0.0, "clean": 0.0}
    n_first = _alternate(pages, 0, first)
    spent = {"trafilatura": 0.0, "clean": 0.0}
    n = sum(_alternate(pages, r + 1, spent) for r in range(rounds))
    return (n / spent["trafilatura"], n / spent["clean"],
            n_first / first["trafilatura"], n_first / first["clean"])


def _clean_many(batch: list[BenchPage]) -> tuple[int, float]:
    """(pages cleaned, CPU seconds the process spent on them)."""
    from cleanwire.core.pipeline import warm

    warm()  # loaded once per process (cached), before the clock, as in the service's extraction processes
    t0 = time.process_time()
    for p in batch:
        _clean(p)
    return len(batch), time.process_time() - t0


def all_cores(pages: Sequence[BenchPage], total: int, processes: int | None = None) -> float:
    """clean on every core in a process pool, no Kafka: the physical limit of the pipeline."""
    return limit(pages, total, processes)[0]


def limit(pages: Sequence[BenchPage], total: int, processes: int | None = None) -> tuple[float, float]:
    """`all_cores`, and clean's CPU ms per page in it, from the processes' own CPU time: unlike the
    wall-clock figure (cores / rate) it stays true on a machine that other work shares."""
    processes = processes or os.cpu_count() or 1
    work = [pages[i % len(pages)] for i in range(total)]
    batches = [work[i : i + 8] for i in range(0, len(work), 8)]
    with ProcessPoolExecutor(max_workers=processes) as pool:
        list(pool.map(_clean_many, [[pages[0]]] * processes))  # start and warm every process
        t0 = time.perf_counter()
        results = list(pool.map(_clean_many, batches))
        elapsed = time.perf_counter() - t0
    done = sum(n for n, _ in results)
    return done / elapsed, 1000 * sum(cpu for _, cpu in results) / max(done, 1)
