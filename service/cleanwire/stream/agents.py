"""Thin wiring: the two stages of the worker, each an agent run by `runner.Dispatcher`.

1. clean_pages (input topic): decode -> `clean` in the extraction processes -> the article record, to
   the memory stage (or the output topic when both memories are off); bad input -> dead letter.
2. remember (internal topic, one partition, keyed by site; tables `sites` and `near-duplicates`):
   paragraphs the site repeated in K earlier articles are removed (`site_repeated`) and the article is
   learned; then MinHash/LSH against the recent articles: a near-duplicate gets `duplicate_of` and
   `similarity` (or is dead-lettered as `duplicate` when CLEANWIRE_PUBLISH_DUPLICATES=false).
   One stage rather than one per memory: every hop through Kafka costs the worker and the broker about
   1.5 ms of CPU per article (measured), as much as both memories' work.

Every event becomes exactly one record; errors never escape a stage (a Faust agent that raises still
acks its event), they become dead letters.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import orjson

from cleanwire import contract
from cleanwire.core.models import Rejected, RejectReason
from cleanwire.core.pipeline import tag
from cleanwire.memory.duplicates import NearDuplicates
from cleanwire.memory.site import SiteMemory, paragraphs_of
from cleanwire.pool import ExtractionPool
from cleanwire.settings import Settings
from cleanwire.stream.app import Health, Topics
from cleanwire.stream.metrics import Metrics
from cleanwire.stream.runner import (
    Dispatcher,
    Lanes,
    Outcome,
    Record,
    Sender,
    TransactionalSender,
    guard_acks,
)
from cleanwire.stream.summary import Summary
from cleanwire.stream.watchdog import StallWatchdog
from cleanwire.stream.work import FINGERPRINTS, SIGNATURE, Encoded, site_from_key

log = logging.getLogger("cleanwire.worker")
Source = tuple[str, int, int, float | None]  # topic, partition, offset, the input page's timestamp
INPUT_TS = "cleanwire-input-ts"  # header of internal records: when the page was produced (end-to-end latency)


def input_timestamp(message: Any) -> float | None:
    """The input page's timestamp: from the header on internal records, else the record's own."""
    headers = message.headers or ()
    items = headers.items() if hasattr(headers, "items") else headers
    for name, raw in items:
        if name == INPUT_TS:
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
    ts: float | None = message.timestamp
    return ts


class Stages:
    """What each stage does with one record; pure of Faust except for the tables handed in."""

    def __init__(self, settings: Settings, metrics: Metrics, pool: ExtractionPool | None) -> None:
        self.settings = settings
        self.metrics = metrics
        self.pool = pool
        self.site_memory = SiteMemory(
            min_articles=settings.site_memory_min_articles,
            max_lines=settings.site_memory_max_lines,
            horizon=settings.site_memory_horizon,
        )
        self.near = NearDuplicates(threshold=settings.duplicates_threshold, memory=settings.duplicates_memory)

    def _after_clean(self) -> str:
        s = self.settings
        return s.memory_topic if s.memory_enabled else s.output_topic

    def dead_letter(self, rejected: Rejected, value: bytes | None, topic: str, partition: int, offset: int,
                    timestamp: float | None = None) -> Outcome:
        limit = self.settings.dlq_max_payload_bytes
        record = contract.dead_letter_record(rejected, value, topic, partition, offset, limit)
        key = dead_letter_key(partition, offset)

        def smaller() -> Outcome:
            small = contract.dead_letter_record(Rejected(rejected.reason, rejected.detail, rejected.date, rejected.date_source), value, topic, partition, offset, 1024)
            return Outcome(Record(self.settings.dlq_topic, key, small), None, counted)

        def counted(_: Record) -> None:
            self.metrics.dead_letters.labels(str(rejected.reason)).inc()
            log.info("dead letter %s: %s[%d]@%d", rejected.reason, topic, partition, offset,
                     extra={"reason": str(rejected.reason), "topic": topic, "partition": partition, "offset": offset})
            self._e2e(timestamp, self.settings.output_topic)  # a dead letter ends the page's journey too

        return Outcome(Record(self.settings.dlq_topic, key, record), smaller, counted)

    def _article(self, target: str, key: bytes, record: bytes, value: bytes | None, src: Source,
                 on_delivered: Callable[[Record], None]) -> Outcome:
        timestamp = src[3]
        def too_large() -> Outcome:
            detail = f"the article record ({len(record)} bytes) is over the broker's limit"
            return self.dead_letter(Rejected(RejectReason.MESSAGE_TOO_LARGE, detail), value, *src)

        def delivered(r: Record) -> None:
            on_delivered(r)
            if r.topic == self.settings.output_topic:
                self.metrics.articles_published.inc()

        headers = None
        if timestamp and target != self.settings.output_topic:
            headers = ((INPUT_TS, repr(timestamp).encode()),)
        return Outcome(Record(target, key, record, headers), too_large, delivered)

    # -- stage 1
    async def clean_page(self, value: bytes | None, topic: str, partition: int, offset: int, timestamp: float | None) -> Outcome:
        """The raw value goes to an extraction process (`work.encode_page`: decode, clean, encode); back
        comes the record to publish or the typed reason it is a dead letter."""
        m = self.metrics
        m.pages_consumed.inc()
        src = (topic, partition, offset, timestamp)
        try:
            m.page_bytes.observe(len(value or b""))
            assert self.pool is not None
            m.busy_processes.inc()
            try:
                result, seconds = await self.pool.clean(value)
            finally:
                m.busy_processes.dec()
            m.clean_seconds.observe(seconds)
            if isinstance(result, Rejected):
                return self.dead_letter(result, value, *src)
            if not isinstance(result, Encoded):
                raise TypeError(f"the extraction process returned {type(result).__name__}, not Encoded")
            target = self._after_clean()

            def delivered(_: Record) -> None:
                for reason, count in result.removed.items():
                    m.removals.labels(reason).inc(count)
                m.date_sources.labels(result.date_source or "none").inc()
                if result.paywalled:
                    m.paywalled.inc()
                self._e2e(timestamp, target)

            return self._article(target, result.key, result.value, value, src, delivered)
        except Exception as exc:  # never let an input crash the agent
            log.exception("page at %s[%d]@%d failed", topic, partition, offset)
            return self.dead_letter(Rejected(RejectReason.EXTRACTION_CRASH, f"{type(exc).__name__}: {exc}"[:500]), value, *src)

    # -- stage 2
    def remember(self, sites: Any, near: Any, value: bytes, key: bytes | None, src: Source) -> Outcome:
        """The site memory (table `sites`, keyed by site), then the near-duplicate memory (`near`)."""
        s, m = self.settings, self.metrics
        try:
            record = orjson.loads(value)
            signature = record.pop(SIGNATURE, None)
            fps = record.pop(FINGERPRINTS, None)
            removed = self._learn_site(sites, record, site_from_key(key), fps) if s.site_memory_enabled else 0
            match = None
            if s.duplicates_enabled:
                signature = signature or self.near.signature(record["text"])
                match = self.near.check(near, record["id"], signature)
                self.near.add(near, record["id"], signature)
                if match is not None:
                    record["duplicate_of"], record["similarity"] = match[0], round(match[1], 3)
            out = orjson.dumps(with_tagged_text(record))
        except Exception as exc:
            log.exception("the memory stage failed for %s[%d]@%d", *src[:3])
            return self.dead_letter(Rejected(RejectReason.EXTRACTION_CRASH, f"memory: {type(exc).__name__}: {exc}"[:500]), value, *src)
        if match is not None and not s.publish_duplicates:
            m.duplicates_found.inc()
            detail = f"near-duplicate of {match[0]} (similarity {match[1]:.2f})"
            return self.dead_letter(Rejected(RejectReason.DUPLICATE, detail), out, *src)

        def delivered(_: Record) -> None:
            if removed:
                m.site_lines_removed.inc(removed)
                m.removals.labels("site_repeated").inc(removed)
            if match is not None:
                m.duplicates_found.inc()
            self._e2e(src[3], s.output_topic)

        return self._article(s.output_topic, record["id"].encode(), out, value, src, delivered)

    def _learn_site(self, table: Any, record: dict[str, Any], site: str | None, fps: list[str] | None) -> int:
        """Removes the site's repeated paragraphs from `record` and learns the article; how many went."""
        if not site:
            return 0
        state = table.get(site) or self.site_memory.empty()
        paragraphs = paragraphs_of(record["text"])
        already = record["id"] in state["ids"]
        kept, removed = self.site_memory.apply(state, record["id"], paragraphs, fps)
        if not already:
            table[site] = state  # one changelog record per article and site
            self.metrics.site_articles_learned.inc()
        if removed:
            record["text"] = "\n".join(kept)
            record["removed"]["site_repeated"] = len(removed)
        return len(removed)

    def _e2e(self, timestamp: float | None, target: str) -> None:
        if timestamp and target == self.settings.output_topic:
            self.metrics.e2e_seconds.observe(max(0.0, time.time() - timestamp))


def with_tagged_text(record: dict[str, Any]) -> dict[str, Any]:
    """The output record with `tagged_text` (left out of the memory topic, where it doubled every record's
    size) rebuilt from the final text, in its place after `text`."""
    tagged = tag(record["text"], record["date"])
    out: dict[str, Any] = {}
    for name, value in record.items():
        if name != "tagged_text":
            out[name] = value
        if name == "text":
            out["tagged_text"] = tagged
    return out


def dead_letter_key(partition: int, offset: int) -> bytes:
    """Dead letters are keyed by where the input was: 'partition:offset'."""
    return f"{partition}:{offset}".encode()


def _json_schema() -> Any:
    import faust

    return faust.Schema(key_serializer="json", value_serializer="json")


def register(app: Any, topics: Topics, stages: Stages, settings: Settings, health: Health, lanes: Lanes) -> dict[str, Any]:
    exactly_once = settings.processing_guarantee == "exactly_once"
    sender: Sender = TransactionalSender(app, lanes) if exactly_once else Sender(app)
    metrics = stages.metrics
    agents: dict[str, Any] = {}

    def timestamp_of(event: Any) -> float | None:
        return input_timestamp(event.message)

    async def clean_work(event: Any) -> Outcome:
        msg = event.message
        return await stages.clean_page(event.value, msg.topic, msg.partition, msg.offset, msg.timestamp)

    def crashed(stage: str) -> Callable[[Any, Exception], Outcome]:
        def dead_letter(event: Any, exc: Exception) -> Outcome:
            msg = event.message
            detail = f"{stage}: {type(exc).__name__}: {exc}"[:500]
            return stages.dead_letter(Rejected(RejectReason.EXTRACTION_CRASH, detail), msg.value, msg.topic,
                                      msg.partition, msg.offset, timestamp_of(event))
        return dead_letter

    cleaner = Dispatcher(app, sender, lanes, clean_work, settings.in_flight, crashed("clean_pages"))
    agents["clean_pages"] = app.agent(topics.input, name="clean_pages")(cleaner.run)

    if settings.memory_enabled:
        # one partition each, co-partitioned with the memory topic
        site_table = app.Table("sites", default=None, partitions=1, schema=_json_schema())  # was "site-memory", 8 partitions
        dup_table = app.Table("near-duplicates", default=None, partitions=1, schema=_json_schema())

        async def memory_work(event: Any) -> Outcome:
            msg = event.message
            src = (msg.topic, msg.partition, msg.offset, timestamp_of(event))
            return stages.remember(site_table, dup_table, event.value, event.key, src)

        rememberer = Dispatcher(app, sender, lanes, memory_work, settings.in_flight, crashed("remember"))
        agents["remember"] = app.agent(topics.memory, name="remember")(rememberer.run)

        @app.timer(10.0)
        async def memory_sizes() -> None:
            states = list(site_table.values())
            metrics.site_memory_sites.set(len(states))
            metrics.site_memory_lines.set(sum(len(s["lines"]) for s in states if s))
            metrics.duplicates_memory.set(stages.near.size())

        @app.on_partitions_assigned.connect
        async def resync(sender_: Any, assigned: Any, **kwargs: Any) -> None:
            stages.near.invalidate()  # the table may have been restored from its changelog

    if settings.stall_timeout_s > 0:
        dispatchers = [cleaner, *([rememberer] if settings.memory_enabled else [])]
        topics_read = [settings.input_topic, *([settings.memory_topic] if settings.memory_enabled else [])]

        def in_flight(tp: Any) -> set[int]:
            return set().union(*(d.running.get(tp, ()) for d in dispatchers))

        watchdog = StallWatchdog(app, topics_read, in_flight, settings.stall_timeout_s, metrics)

        @app.timer(max(1.0, min(settings.stall_timeout_s / 10, 30.0)))
        async def stalls() -> None:
            await watchdog.check()

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
                metrics.consumer_lag.labels(str(tp.partition)).set(max(0, high - pos))

    @app.on_partitions_assigned.connect
    async def acks_of_received_events_only(sender_: Any, assigned: Any, **kwargs: Any) -> None:
        guard_acks(app.consumer)  # before any event of the assignment runs

    @app.on_partitions_revoked.connect
    async def close_lanes(sender_: Any, revoked: Any, **kwargs: Any) -> None:
        if isinstance(sender, TransactionalSender):
            await sender.revoke(revoked)
        else:
            lanes.close(revoked)

    if isinstance(sender, TransactionalSender):
        commit = sender.commit

        @app.on_partitions_assigned.connect
        async def exact_commits(sender_: Any, assigned: Any, **kwargs: Any) -> None:
            # before any event of the assignment runs; see runner.TransactionalSender.commit
            app.consumer.transactions.commit = commit

        @app.timer(max(1.0, float(app.conf.broker_commit_interval)))
        async def close_open_transactions() -> None:
            await sender.commit_pending()

    summary = Summary(metrics)
    if settings.summary_interval_s > 0:

        @app.timer(settings.summary_interval_s)
        async def log_summary() -> None:
            summary.log()

    @app.on_before_shutdown.connect
    async def stopping(sender_: Any, **kwargs: Any) -> None:
        health.stopping = True
        metrics.ready.set(0)
        if settings.summary_interval_s > 0:
            summary.log()  # the last stretch, before the worker goes

    return agents
