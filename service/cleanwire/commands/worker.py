"""`cleanwire worker`: the Faust worker that cleans the input topic into the output topic."""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from cleanwire.errors import ConfigError


def build(settings: Any, metrics: Any = None) -> tuple[Any, Any, Any]:
    """The app, its stages and the pool, wired from settings (tests call this too)."""
    from cleanwire.core.models import CleanOptions
    from cleanwire.pool import ExtractionPool
    from cleanwire.stream import agents
    from cleanwire.stream.app import create_app
    from cleanwire.stream.metrics import Metrics

    metrics = metrics or Metrics()
    for name in _label_values("reason"):
        metrics.dead_letters.labels(name)
    for name in (*_label_values("removal"), "site_repeated"):
        metrics.removals.labels(name)
    for name in _label_values("date_source"):
        metrics.date_sources.labels(name)
    metrics.ready.set(0)
    app, topics, health = create_app(settings, metrics)
    from cleanwire.stream import work

    pool = ExtractionPool(
        settings.processes,
        settings.page_timeout_s,
        CleanOptions(max_page_bytes=settings.max_page_bytes, accept_page_types=settings.page_types()),
        max_tasks=settings.max_tasks_per_process,
        max_rss_mb=settings.max_process_rss_mb,
        metrics=metrics,
        func=work.for_settings(settings),
    )
    from cleanwire.stream.runner import Lanes

    @app.task
    async def dump_tasks_on_sigusr1() -> None:
        """`kill -USR1 <worker pid>` logs every asyncio task and where it waits (for a stuck worker)."""
        import signal

        def dump() -> None:
            log = logging.getLogger("cleanwire.worker")
            tasks = asyncio.all_tasks()
            log.warning("SIGUSR1: %d asyncio tasks", len(tasks))
            for task in tasks:
                chain: list[str] = []
                coro: Any = task.get_coro()
                while coro is not None and len(chain) < 20:
                    frame = getattr(coro, "cr_frame", None) or getattr(coro, "ag_frame", None)
                    if frame is not None:
                        chain.append(f"{frame.f_code.co_name}:{frame.f_lineno}")
                    coro = getattr(coro, "cr_await", None) or getattr(coro, "ag_await", None)
                log.warning("task %s: %s", task.get_name(), " -> ".join(chain))

        asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, dump)

    stages = agents.Stages(settings, metrics, pool)
    agents.register(app, topics, stages, settings, health, Lanes())
    metrics.processes.set(settings.processes)
    return app, stages, pool


def _label_values(kind: str) -> tuple[str, ...]:
    from cleanwire.core.boilerplate import REMOVAL_REASONS
    from cleanwire.core.dates import DATE_SOURCES
    from cleanwire.core.models import RejectReason

    if kind == "reason":
        return tuple(str(r) for r in RejectReason)
    if kind == "removal":
        return REMOVAL_REASONS
    return (*DATE_SOURCES, "none")


def run(args: argparse.Namespace) -> int:
    import faust

    from cleanwire.settings import load_settings

    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"cleanwire worker: invalid settings: {exc}")
        return 2
    logging.basicConfig(level=settings.log_level.upper().replace("WARN", "WARNING").replace("CRIT", "CRITICAL"))
    from cleanwire.producer import ensure_topics

    for topic in ensure_topics(settings):
        logging.getLogger("cleanwire.worker").info("created topic %s (%d partitions)", topic, settings.topic_partitions)
    app, _handler, pool = build(settings)
    asyncio.run(pool.start())
    try:
        worker = faust.Worker(app, loglevel=settings.log_level, quiet=True)
        # At WARN and above Faust installs a terminal spinner: it sets the root logger to DEBUG and spins on
        # every record, so every aiokafka debug call builds a LogRecord (5% of the worker's CPU, measured).
        worker.spinner = None
        worker.execute_from_commandline()
    finally:
        asyncio.run(pool.close())
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("worker", help="run the Faust worker (settings from the environment; see README)")
    p.set_defaults(run=run)
