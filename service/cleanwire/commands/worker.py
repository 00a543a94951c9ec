"""`cleanwire worker`: the Faust worker that cleans the input topic into the output topic."""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
from collections.abc import Callable
from typing import Any

from cleanwire import __version__
from cleanwire.errors import CleanwireError, ConfigError

log = logging.getLogger("cleanwire.worker")


def build(settings: Any, metrics: Any = None, initializer: Callable[[], None] | None = None) -> tuple[Any, Any, Any]:
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
        CleanOptions(max_page_bytes=settings.max_page_bytes, accept_page_types=settings.page_types(),
                     gate_min_p=settings.gate_min_p),
        max_tasks=settings.max_tasks_per_process,
        max_rss_mb=settings.max_process_rss_mb,
        metrics=metrics,
        func=work.for_settings(settings),
        initializer=initializer,
    )
    from cleanwire.stream.runner import Lanes

    @app.task
    async def dump_tasks_on_sigusr1() -> None:
        """`kill -USR1 <worker pid>` logs every asyncio task and where it waits (for a stuck worker)."""
        import signal

        def dump() -> None:
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
    from cleanwire import logs
    from cleanwire.settings import load_settings

    # configured before the settings are read, so that invalid settings are reported in the log's format
    logs.configure(os.environ.get("CLEANWIRE_LOG_FORMAT"), os.environ.get("CLEANWIRE_LOG_LEVEL", "info").lower())
    try:
        settings = load_settings()
        logs.configure(settings.log_format, settings.log_level)
        prepare(settings)
    except CleanwireError as exc:
        return stop_on(exc)
    fmt = logs.resolve_format(settings.log_format)
    app, _handler, pool = build(settings, initializer=functools.partial(logs.configure, fmt, settings.log_level))
    asyncio.run(pool.start())
    log.info("cleanwire %s worker: %s -> %s, dead letters to %s, group %s, %d extraction processes, http %s:%d",
             __version__, settings.input_topic, settings.output_topic, settings.dlq_topic, settings.app_id,
             settings.processes, settings.http_host, settings.http_port)
    if settings.bench_trivial_extract:
        log.warning("CLEANWIRE_BENCH_TRIVIAL_EXTRACT is on: pages are NOT cleaned, each article is the page's first "
                    "characters (the bench's feed test only)")
    try:
        faust_worker(app, settings).execute_from_commandline()
    finally:
        asyncio.run(pool.close())
        log.info("stopped")
    return 0


def faust_worker(app: Any, settings: Any, **kwargs: Any) -> Any:
    """Faust's Worker with logging left to us (override_logging=False): Faust's own setup would add its format,
    its ASCII tables and, at WARN and above, a terminal spinner that sets the root logger to DEBUG and spins on
    every record (every aiokafka debug call then builds a LogRecord: 5% of the worker's CPU, measured). The
    spinner goes too: it would still print ' OK ^' on stdout when the worker is ready, a line that is no
    log record (and no JSON)."""
    import faust

    worker = faust.Worker(app, loglevel=settings.log_level, quiet=True, override_logging=False, **kwargs)
    worker.spinner = None
    return worker


def prepare(settings: Any) -> None:
    """What must hold before Faust starts, each failure a CleanwireError whose text is one line: Faust and
    aiokafka are the pinned versions with the internals the stream's fixes replace (exit 7), the HTTP port
    is free, the broker answers and accepts us within CLEANWIRE_BROKER_TIMEOUT_S, the topics exist."""
    from cleanwire.preflight import admin_client, ensure_topics, port_free
    from cleanwire.stream import compat

    compat.verify()  # first: the other checks are no use on a Faust the fixes do not fit
    port_free(settings.http_host, settings.http_port)
    with admin_client(settings) as admin:
        for topic in ensure_topics(admin, settings):
            log.info("created topic %s (%d partitions)", topic, settings.topic_partitions,
                     extra={"topic": topic})


def stop_on(exc: CleanwireError) -> int:
    """One line, no traceback, and the error's exit code (README: exit codes)."""
    what = "invalid settings: " if type(exc) is ConfigError else ""
    log.error("cannot start: %s%s", what, exc, extra={"error": type(exc).__name__, "exit_code": exc.exit_code})
    return exc.exit_code


def add_parser(sub: Any) -> None:
    p = sub.add_parser("worker", help="run the Faust worker (settings from the environment; see README)")
    p.set_defaults(run=run)
