"""Thin wiring: decode -> clean in the extraction processes -> publish or dead-letter.

Every event ends in exactly one acknowledged record (output or dead letter) before the agent moves
on; Faust acks an event only then, and commits only contiguous acked offsets, so a crash replays
unfinished pages (at-least-once). Errors never escape the agent: a Faust agent that raises still
acks its event.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from cleanwire.core.models import Article, CleanOptions, Rejected, RejectReason
from cleanwire.pool import ExtractionPool
from cleanwire.settings import Settings
from cleanwire.stream import codec
from cleanwire.stream.app import Health, Topics
from cleanwire.stream.metrics import Metrics

log = logging.getLogger("cleanwire.worker")
_RETRY_MAX_S = 30.0


def _too_large(exc: BaseException) -> bool:
    return "MessageSizeTooLarge" in type(exc).__name__ or "RecordTooLarge" in type(exc).__name__


class PageHandler:
    """One input record in, one acknowledged output or dead-letter record out."""

    def __init__(self, settings: Settings, metrics: Metrics, pool: ExtractionPool, topics: Topics) -> None:
        self.settings = settings
        self.metrics = metrics
        self.pool = pool
        self.topics = topics
        self.options = CleanOptions(max_page_bytes=settings.max_page_bytes)
        self.processed: dict[int, int] = {}  # partition -> next offset to process

    async def handle(self, value: bytes | None, topic: str, partition: int, offset: int, timestamp: float | None) -> None:
        m = self.metrics
        m.pages_consumed.inc()
        try:
            result: Article | Rejected
            decoded = codec.decode_input(value)
            if isinstance(decoded, Rejected):
                result = decoded
            else:
                m.page_bytes.observe(len(value or b""))
                m.busy_processes.inc()
                try:
                    result, seconds = await self.pool.clean(decoded.page)
                finally:
                    m.busy_processes.dec()
                m.clean_seconds.observe(seconds)
            if isinstance(result, Article) and not isinstance(decoded, Rejected):
                key, record = codec.output_record(result, decoded)
                if await self._deliver(self.topics.output, key, record, topic, partition, offset):
                    m.articles_published.inc()
                    for reason, items in result.removed.items():
                        m.removals.labels(reason).inc(len(items))
                    m.date_sources.labels(result.date_source or "none").inc()
                    if result.paywalled:
                        m.paywalled.inc()
                else:
                    await self._dead_letter(
                        Rejected(RejectReason.MESSAGE_TOO_LARGE, f"the article record ({len(record)} bytes) is over the broker's limit"),
                        value, topic, partition, offset,
                    )
            else:
                assert isinstance(result, Rejected)
                await self._dead_letter(result, value, topic, partition, offset)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # never let an input crash the agent
            log.exception("page at %s[%d]@%d failed", topic, partition, offset)
            await self._dead_letter(
                Rejected(RejectReason.EXTRACTION_CRASH, f"{type(exc).__name__}: {exc}"[:500]), value, topic, partition, offset
            )
        if timestamp:
            m.e2e_seconds.observe(max(0.0, time.time() - timestamp))
        self.processed[partition] = max(self.processed.get(partition, 0), offset + 1)

    async def _dead_letter(self, rejected: Rejected, value: bytes | None, topic: str, partition: int, offset: int) -> None:
        record = codec.dead_letter_record(rejected, value, topic, partition, offset, self.settings.dlq_max_payload_bytes)
        if not await self._deliver(self.topics.dead_letter, dead_letter_key(partition, offset), record, topic, partition, offset):
            small = Rejected(rejected.reason, rejected.detail)
            record = codec.dead_letter_record(small, value, topic, partition, offset, 1024)
            await self._deliver(self.topics.dead_letter, dead_letter_key(partition, offset), record, topic, partition, offset)
        self.metrics.dead_letters.labels(str(rejected.reason)).inc()

    async def _deliver(self, target: Any, key: bytes | None, record: bytes, topic: str, partition: int, offset: int) -> bool:
        """Send and wait for the broker's acknowledgement; retry transient failures until it comes.
        False only when the record can never fit."""
        delay = 0.2
        while True:
            try:
                fut = await target.send(key=key, value=record)
                await fut
                return True
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if _too_large(exc):
                    return False
                log.warning("delivery of the record for %s[%d]@%d failed (%s); retrying in %.1f s",
                            topic, partition, offset, type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RETRY_MAX_S)


def dead_letter_key(partition: int, offset: int) -> bytes:
    """Dead letters are keyed by where the input was: 'partition:offset'."""
    return f"{partition}:{offset}".encode()


def register(app: Any, topics: Topics, handler: PageHandler, settings: Settings, health: Health) -> Any:
    @app.agent(topics.input, concurrency=settings.in_flight, name="clean_pages")
    async def clean_pages(stream: Any) -> Any:
        async for event in stream.events():
            msg = event.message
            await handler.handle(event.value, msg.topic, msg.partition, msg.offset, msg.timestamp)

    @app.timer(5.0)
    async def report_lag() -> None:
        consumer = app.consumer
        for tp in consumer.assignment():
            if tp.topic != settings.input_topic:
                continue
            try:
                high = consumer.highwater(tp)
                pos = await consumer.position(tp)
            except Exception:
                continue
            if high is not None and pos is not None:
                handler.metrics.consumer_lag.labels(str(tp.partition)).set(max(0, high - pos))

    @app.on_before_shutdown.connect
    async def stopping(sender: Any, **kwargs: Any) -> None:
        health.stopping = True
        handler.metrics.ready.set(0)

    return clean_pages
