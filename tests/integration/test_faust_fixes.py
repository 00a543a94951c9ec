"""Each of cleanwire's replacements of Faust and aiokafka internals, against the real classes: a real app built
as the worker builds it (`commands.worker.build`), started in this process on the real broker (the worker's
own `in_worker` flag set, as faust.Worker sets it), its real consumer, producer and recovery. Every test here
fails when its fix is taken out (checked by hand, see the README) or when the Faust internals it relies on
change; stream/compat.py refuses to start the worker on a Faust other than the one these ran against."""

from __future__ import annotations

import asyncio
import io
import time
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from deploy.live import free_port
from integration.kafka_helpers import committed_offsets, ensure_broker, new_topics


def _settings(servers: str, topics: Any, tmp: Path, **env: str) -> Any:
    from cleanwire.settings import load_settings

    return load_settings({
        "KAFKA_BOOTSTRAP_SERVERS": servers, "CLEANWIRE_INPUT_TOPIC": topics.input, "CLEANWIRE_OUTPUT_TOPIC": topics.output,
        "CLEANWIRE_DLQ_TOPIC": topics.dead_letter, "CLEANWIRE_APP_ID": topics.app_id, "CLEANWIRE_HTTP_HOST": "127.0.0.1",
        "CLEANWIRE_HTTP_PORT": str(free_port()), "CLEANWIRE_PROCESSES": "1", "CLEANWIRE_TOPIC_PARTITIONS": "2",
        "CLEANWIRE_DATA_DIR": str(tmp / f"data-{uuid.uuid4().hex[:6]}"), "CLEANWIRE_SUMMARY_INTERVAL_S": "0", **env})


async def _until(what: str, probe: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


@asynccontextmanager
async def started(tmp: Path, before_start: Callable[[Any], None] | None = None, **env: str) -> AsyncIterator[tuple[Any, Any]]:
    """The worker's app, started and ready (partitions assigned, recovery done, flow on): (app, settings)."""
    from cleanwire.commands.worker import build

    servers = ensure_broker()
    topics = new_topics("fixes", servers)
    settings = _settings(servers, topics, tmp, **env)
    app, _stages, _pool = build(settings)  # the pool is never started: no page is cleaned here
    app.in_worker = True  # what faust.Worker sets; exactly-once (in_transaction) depends on it
    if before_start is not None:
        before_start(app)
    await app.start()
    try:
        consumer = app.consumer
        await _until("the input partitions", lambda: {tp.topic for tp in consumer.assignment()} >= {settings.input_topic})
        await _until("the end of recovery", lambda: app.tables.recovery.completed.is_set() and consumer.flow_active)
        yield app, settings
    finally:
        await app.stop()


def _input_tps(app: Any, settings: Any) -> list[Any]:
    return sorted(tp for tp in app.consumer.assignment() if tp.topic == settings.input_topic)


# -- faust_fixes.seek_before_fetch (Recovery.on_recovery_completed / Recovery._resume_streams)

@pytest.mark.parametrize("memory", ["true", "false"], ids=["tables:on_recovery_completed", "no-tables:_resume_streams"])
def test_recovery_seeks_to_the_committed_offsets_with_the_flow_stopped(tmp_path: Path, memory: str) -> None:
    """Without the fix the flow is on while Faust seeks (records fetched before the seek reach the agents)."""
    flow_at_seek: list[bool] = []

    def spy_on_seek(app: Any) -> None:
        consumer = app.consumer
        perform_seek = consumer.perform_seek

        async def seek() -> None:
            flow_at_seek.append(consumer.flow_active)
            await perform_seek()

        consumer.perform_seek = seek

    async def go() -> None:
        async with started(tmp_path, spy_on_seek, CLEANWIRE_SITE_MEMORY_ENABLED=memory,
                           CLEANWIRE_DUPLICATES_ENABLED=memory) as (app, _):
            assert bool(app.tables) == (memory == "true")
            assert app.consumer.flow_active  # Faust resumed it after the seek

    asyncio.run(go())
    assert flow_at_seek and not any(flow_at_seek), flow_at_seek


@pytest.mark.parametrize("method", ["on_recovery_completed", "_resume_streams"])
def test_recovery_that_returns_early_rebalancing_again_leaves_the_flow_on(tmp_path: Path, method: str) -> None:
    """'Recovery rebalancing again' (a newer generation): Faust returns without resuming the flow; the fix's
    stop must not outlive the call (before: a worker that fetched nothing until the next recovery)."""
    async def go() -> None:
        async with started(tmp_path) as (app, _):
            consumer = app.consumer
            stale = app.consumer_generation_id - 1
            await getattr(app.tables.recovery, method)(generation_id=stale)
            assert consumer.flow_active, f"{method} returned early and left the consumer's flow stopped"

    asyncio.run(go())


# -- faust_fixes.no_commit_over_a_hole (Consumer._new_offset)

def test_no_commit_over_the_committed_offset_while_it_is_not_done(tmp_path: Path) -> None:
    """Offsets 6 and 7 done, 5 (the committed offset) still in flight: nothing to commit. Faust's own test
    (`min(acked) - committed > 1`) committed 8, and a crash then lost 5."""
    from faust.types.tuples import Message

    async def go() -> None:
        async with started(tmp_path) as (app, settings):
            consumer = app.consumer
            tp = _input_tps(app, settings)[0]
            consumer._committed_offset[tp] = 5

            def message(offset: int) -> Any:
                return Message(tp.topic, tp.partition, offset, time.time(), 0, [], None, b"{}", None)

            for offset in (6, 7):
                assert consumer.ack(message(offset))
            assert consumer._new_offset(tp) is None
            assert consumer.ack(message(5))
            assert consumer._new_offset(tp) == 8
            consumer._committed_offset[tp] = 8
            await consumer._add_gap(tp, 8, 9)  # offsets Faust saw skipped (compaction, transaction markers) count
            assert consumer.ack(message(10))
            assert consumer._new_offset(tp) == 11

    asyncio.run(go())


# -- faust_fixes.short_fetch_wait (AIOKafkaConsumerThread._create_worker_consumer, aiokafka's _fetch_max_wait_ms)

@pytest.mark.parametrize("env, expected", [({}, 100), ({"CLEANWIRE_FETCH_MAX_WAIT_MS": "40"}, 40)])
def test_the_fetcher_waits_at_the_broker_as_long_as_the_setting_says(tmp_path: Path, env: dict[str, str], expected: int) -> None:
    """Faust builds its consumer with fetch_max_wait_ms=1500: aiokafka keeps one fetch in flight per broker, so a
    partition full of records (the memory stage's) waited behind a long poll on idle ones (README: 127-129 -> 429-462
    articles/s). The running consumer's fetcher, the one that sends the fetch requests, has the setting's wait."""

    async def go() -> None:
        async with started(tmp_path, **env) as (app, _settings):
            fetcher = app.consumer._thread._consumer._fetcher
            assert fetcher._fetch_max_wait_ms == expected

    asyncio.run(go())


# -- runner.guard_acks (consumer.ack per instance, Message.tracked)

def test_only_events_an_agent_received_can_be_acknowledged(tmp_path: Path) -> None:
    """Faust acks events it skips (flow suspended, stale generation) without handing them to an agent; the
    streams mark what they hand over `tracked`. Without the guard the untracked offset would be committed."""
    from faust.types.tuples import Message

    async def go() -> None:
        async with started(tmp_path) as (app, settings):
            consumer = app.consumer
            tp = _input_tps(app, settings)[0]
            skipped = Message(tp.topic, tp.partition, 41, time.time(), 0, [], None, b"{}", None)
            skipped.tracked = False  # as Faust leaves a message its streams never received
            received = Message(tp.topic, tp.partition, 42, time.time(), 0, [], None, b"{}", None)
            received.tracked = True
            assert consumer.ack(skipped) is False
            assert 41 not in consumer._acked_index[tp]
            assert consumer.ack(received) is True
            assert 42 in consumer._acked_index[tp]

    asyncio.run(go())


# -- runner.TransactionalSender (producer._trn_locks / _transaction_producers, the transactional id) and
#    agents.register's replacement of consumer.transactions.commit

def test_records_go_into_the_source_partitions_transaction_and_commit_exactly_their_offset(tmp_path: Path) -> None:
    """A record for input partition p goes into p's transactional producer (Faust's id format), is visible
    to read_committed consumers once committed, and the commit Faust calls sends exactly the offset after
    the last record enqueued, whatever offset Faust offers (its own commit would send Faust's). (The worker's
    timer commits open transactions every second, so the record's invisibility before is not asserted.)"""
    from aiokafka import TopicPartition

    from cleanwire.stream.runner import Lane, Record, TransactionalSender

    seen: dict[str, Any] = {}

    async def go() -> None:
        async with started(tmp_path, CLEANWIRE_PROCESSING_GUARANTEE="exactly_once") as (app, settings):
            consumer, producer = app.consumer, app.producer
            tps = _input_tps(app, settings)
            sender = getattr(consumer.transactions.commit, "__self__", None)
            assert isinstance(sender, TransactionalSender), "consumer.transactions.commit is Faust's own"
            await _until("the transactional producers", lambda: all(sender.transactional_id(tp) in producer._trn_locks for tp in tps))
            for tp in tps:
                assert sender.transactional_id(tp) in producer._transaction_producers
            tp = TopicPartition(tps[0].topic, tps[0].partition)  # as aiokafka hands records (and Faust their tp)
            lane = sender.lanes.get(tp)
            assert isinstance(lane, Lane)
            fut = await sender.enqueue(tp, 0, lane, Record(settings.output_topic, b"k", b"in the transaction"))
            assert fut is not None
            await fut
            assert lane.next_offset == 1 and lane.pending  # in the open transaction of tp's producer
            assert await consumer.transactions.commit({tp: 7})  # Faust offers 7; the records cover offset 0 only
            servers = settings.bootstrap_servers
            seen["out"] = await asyncio.to_thread(_read_committed, servers, settings.output_topic, 5)
            offsets = await asyncio.to_thread(committed_offsets, servers, settings.app_id, settings.input_topic)
            seen["committed"] = offsets[tp.partition]

    asyncio.run(go())
    assert seen["out"] == [b"in the transaction"]
    assert seen["committed"] == 1


def _read_committed(servers: str, topic: str, seconds: float) -> list[bytes]:
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(topic, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest",
                             isolation_level="read_committed", consumer_timeout_ms=int(seconds * 1000))
    try:
        return [r.value for r in consumer]
    finally:
        consumer.close()


# -- commands/worker: worker.spinner = None

def test_the_faust_worker_prints_nothing_of_its_own(tmp_path: Path) -> None:
    """With its spinner Faust's Worker writes ' OK ^' to stdout when ready, a line that is no log record."""
    from cleanwire.commands.worker import build, faust_worker

    servers = ensure_broker()
    settings = _settings(servers, new_topics("spinner", servers), tmp_path, CLEANWIRE_LOG_LEVEL="warn")
    app, _stages, _pool = build(settings)
    out = io.StringIO()
    worker = faust_worker(app, settings, stdout=out)
    asyncio.run(worker.on_execute())
    worker._on_startup_end_spinner()
    worker.on_worker_shutdown()
    assert out.getvalue() == ""
