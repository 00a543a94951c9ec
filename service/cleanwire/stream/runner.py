"""How an agent turns events into acknowledged records: the delivery rules of every cleanwire stage.

One dispatcher per agent reads the stream with manual acks and runs up to `in_flight` events at once.
Each event yields exactly one record (output, next stage or dead letter); the event is acked only after
the broker acknowledged that record, so Faust commits only offsets whose record is safe (at-least-once).

Exactly-once (`processing_guarantee=exactly_once`): Faust keeps one transactional producer per source
partition and commits that partition's offsets inside its transaction. Faust's own `send` picks the
transaction by the *target* topic's partition, which puts our records in the wrong transaction (or in
none), so here every record goes into the transaction of its *source* partition, records of a
partition are enqueued in offset order, and the commit sends, under the same lock, exactly the offset
after the last record enqueued. What a `read_committed` consumer sees is then exactly the records of
the committed offsets: a crash aborts the open transaction and the uncommitted pages run again.

A rebalance closes the lanes of the partitions it revokes. At-least-once still delivers and acks the
results in flight for them (a record may come twice). Exactly-once closes the lanes, then commits what
their transactions hold with the offset after it (`TransactionalSender.revoke`), so the next owner, this
worker or another, starts exactly there; the events of the revoked assignment not yet in the transaction,
in flight or waiting for a slot, are left unacked and never open the next assignment's lane.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("cleanwire.worker")
_RETRY_MAX_S = 30.0


@dataclass(frozen=True, slots=True)
class Record:
    topic: str
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] | None = None


@dataclass(slots=True)
class Outcome:
    """The record an event becomes; `fallback` replaces it when it can never fit the broker's limit."""

    record: Record
    fallback: Callable[[], Outcome] | None = None
    on_delivered: Callable[[Record], None] | None = None


@dataclass(eq=False, slots=True)
class Lane:
    """One source partition from its assignment to its revocation."""

    open: bool = True
    tail: asyncio.Future[None] | None = None  # exactly-once: enqueued when the previous event's record is
    next_offset: int | None = None  # exactly-once: the offset after the last record enqueued
    committed: int | None = None  # exactly-once: the offset last committed in the partition's transaction

    @property
    def pending(self) -> bool:
        """Exactly-once: records in the open transaction that no commit has covered yet."""
        return self.next_offset is not None and self.next_offset != self.committed


@dataclass
class Lanes:
    lanes: dict[Any, Lane] = field(default_factory=dict)

    def get(self, tp: Any) -> Lane:
        lane = self.lanes.get(tp)
        if lane is None or not lane.open:
            lane = self.lanes[tp] = Lane()
        return lane

    def close(self, tps: Any) -> None:
        for tp in tps:
            lane = self.lanes.get(tp)
            if lane is not None:
                lane.open = False


def guard_acks(consumer: Any) -> None:
    """Only an event an agent received may be acknowledged.

    Faust acks an event it skips without handing it to the agent: one read while flow control is
    suspended for a rebalance or a shutdown, or one of a stale generation. Once committed, that offset's
    page would never come out (CI saw exactly this: one page of 3,000 missing after a SIGTERM restart).
    Left unacked, the page is read again from the committed offset by whoever owns the partition next.
    Received events are the ones the stream marked `tracked`."""
    original = consumer.ack
    if getattr(original, "cleanwire_guard", False):
        return

    def ack(message: Any) -> bool:
        if not message.tracked:
            log.info("%s@%d was skipped by Faust, not processed: left unacked", message.tp, message.offset)
            return False
        result: bool = original(message)
        return result

    ack.cleanwire_guard = True  # type: ignore[attr-defined]
    consumer.ack = ack


def too_large(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in (exc, exc.__cause__) if e is not None}
    text = str(exc)
    return any("MessageSizeTooLarge" in n or "RecordTooLarge" in n for n in names) or "MessageSizeTooLarge" in text


class Sender:
    """At-least-once: send, wait for the acknowledgement, retry transient failures until it comes."""

    exactly_once = False

    def __init__(self, app: Any) -> None:
        self.app = app

    @property
    def producer(self) -> Any:
        return self.app.producer

    async def enqueue(self, tp: Any, offset: int, lane: Lane, record: Record) -> Awaitable[Any] | None:
        # At-least-once delivers even for a partition revoked meanwhile: a record twice is allowed, an
        # event left unacked is not (Faust does not always hand a revoked-and-reassigned offset back).
        headers = list(record.headers) if record.headers else None
        fut: Awaitable[Any] = await self.producer.send(record.topic, record.key, record.value, None, None, headers)
        return fut


class TransactionalSender(Sender):
    """Exactly-once: every record into the transaction of its source partition, in offset order."""

    exactly_once = True

    def __init__(self, app: Any, lanes: Lanes) -> None:
        super().__init__(app)
        self.lanes = lanes

    def transactional_id(self, tp: Any) -> str:
        return f"{self.app.conf.id}-{self.app.assignor.group_for_topic(tp.topic)}-{tp.partition}"

    async def enqueue(self, tp: Any, offset: int, lane: Lane, record: Record) -> Awaitable[Any] | None:
        tid = self.transactional_id(tp)
        producer = self.producer
        lock = producer._trn_locks.get(tid)
        if lock is None or not lane.open:
            return None
        async with lock:
            txp = producer._transaction_producers.get(tid)
            if txp is None or not lane.open:
                return None
            headers = list(record.headers) if record.headers else None
            fut: Awaitable[Any] = await txp.send(record.topic, record.value, key=record.key, headers=headers)
            lane.next_offset = offset + 1
        return fut

    async def commit(self, offsets: dict[Any, int], start_new_transaction: bool = True) -> bool:
        """Replaces Faust's TransactionManager.commit: per source partition, the offset after the last
        record in its transaction, read under the lock that orders the sends. Every partition with records
        in an open transaction is committed too, whether or not Faust offered it: a transaction left open
        holds back what `read_committed` consumers see of every partition it wrote to."""
        pending = {tp for tp, lane in self.lanes.lanes.items() if lane.open and lane.pending}
        return await self._commit(set(offsets) | pending, start_new_transaction)

    async def revoke(self, tps: Any) -> None:
        """Closes the lanes of revoked partitions and commits what their transactions still hold.

        Faust commits at a revocation only the partitions whose acknowledged offsets moved; a record whose
        acknowledgement was still to come stayed in the open transaction. When the partition came back to
        this worker, the transaction (its producer kept) went on with the next assignment's records, which
        start again from the committed offset: the record was committed twice (the soak test: pages twice to
        a `read_committed` consumer). Closed first, the lanes take no more records; what they hold is
        committed with the offset after it, and the next assignment starts there."""
        tps = list(tps)
        self.lanes.close(tps)
        pending = {tp for tp in tps if (lane := self.lanes.lanes.get(tp)) is not None and lane.pending}
        if pending:
            await self._commit(pending, start_new_transaction=False)

    async def _commit(self, tps: set[Any], start_new_transaction: bool) -> bool:
        from aiokafka.errors import ProducerFenced
        from aiokafka.structs import TopicPartition

        producer, group_id = self.producer, self.app.conf.id
        by_tid: dict[str, list[Any]] = {}
        for tp in tps:
            by_tid.setdefault(self.transactional_id(tp), []).append(tp)
        committed = False
        for tid, group in by_tid.items():
            lock = producer._trn_locks.get(tid)
            if lock is None:
                continue
            async with lock:
                txp = producer._transaction_producers.get(tid)
                if txp is None:
                    continue
                # aiokafka takes only its own TopicPartition (a revocation hands in Faust's TP tuples)
                exact = {TopicPartition(tp.topic, tp.partition): lane.next_offset for tp in group
                         if (lane := self.lanes.lanes.get(tp)) is not None and lane.next_offset is not None}
                if not exact:
                    continue
                try:
                    await txp.send_offsets_to_transaction(exact, group_id)
                    await txp.commit_transaction()
                    if start_new_transaction:
                        await txp.begin_transaction()
                except ProducerFenced as exc:
                    log.warning("producer %s fenced: %s", tid, exc)
                    await self.app.crash(exc)
                    return False
                for tp, offset in exact.items():
                    self.lanes.lanes[tp].committed = offset
                committed = True
        return committed

    async def commit_pending(self) -> None:
        """Commits the transactions that hold records no commit has covered (Faust commits only the
        partitions whose acknowledged offsets moved; see `commit`)."""
        if any(lane.open and lane.pending for lane in self.lanes.lanes.values()):
            await self.commit({})


class Dispatcher:
    """Runs one agent's events: bounded concurrency, delivery, ack after the record is safe."""

    def __init__(self, app: Any, sender: Sender, lanes: Lanes, work: Callable[[Any], Awaitable[Outcome]], in_flight: int,
                 on_error: Callable[[Any, Exception], Outcome] | None = None) -> None:
        self.app, self.sender, self.lanes, self.work = app, sender, lanes, work
        self.in_flight = in_flight
        self.on_error = on_error
        self.running: dict[Any, set[int]] = {}  # source partition -> offsets of the events being run
        self.tasks: set[asyncio.Task[None]] = set()

    async def run(self, stream: Any) -> None:
        slots = asyncio.Semaphore(self.in_flight)
        loop = asyncio.get_running_loop()
        events = stream.noack()
        async for event in events.events():
            # The lane is the partition's as the event came: waiting for a slot can outlast a rebalance,
            # and under exactly-once an event of a revoked assignment must not open the next one's lane (it
            # would go first into the new transaction, and the events sought back before it would pass as
            # "came twice": lost). At-least-once runs it (a record twice is allowed, a page lost is not).
            lane = self.lanes.get(event.message.tp)
            await slots.acquire()
            if self.sender.exactly_once and (not lane.open or self._stale(event)):
                slots.release()
                log.info("%s@%d belongs to a revoked assignment: left unacked for the partition's next owner",
                         event.message.tp, event.message.offset)
                continue
            prev = mine = None
            if self.sender.exactly_once:
                prev, mine = lane.tail, loop.create_future()
                lane.tail = mine
            task = asyncio.create_task(self._one(events, event, lane, prev, mine))
            self.tasks.add(task)

            def done(t: asyncio.Task[None]) -> None:
                self.tasks.discard(t)
                slots.release()
                if not t.cancelled() and t.exception() is not None:
                    log.error("a stage task failed", exc_info=t.exception())

            task.add_done_callback(done)

    def _stale(self, event: Any) -> bool:
        current = getattr(self.app, "consumer_generation_id", None)
        generation = getattr(event.message, "generation_id", None)
        return current is not None and generation is not None and generation != current

    async def _one(self, stream: Any, event: Any, lane: Lane, prev: asyncio.Future[None] | None, mine: asyncio.Future[None] | None) -> None:
        msg = event.message
        running = self.running.setdefault(msg.tp, set())
        running.add(msg.offset)
        try:
            try:
                outcome = await self.work(event)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if self.on_error is None:
                    raise
                # A stage that raises would leave its event unacked and hold the partition's commits at it
                # (Faust only logs a task's error): the event becomes a dead letter like any other failure.
                log.exception("the stage failed on %s@%d; the page goes to the dead letters", msg.tp, msg.offset)
                outcome = self.on_error(event, exc)
            if prev is not None:
                await prev
            if self.sender.exactly_once and lane.next_offset is not None and msg.offset < lane.next_offset:
                # A second delivery of an offset whose record is already in this partition's transaction:
                # Faust resumes fetching before it seeks to the committed offsets after a rebalance, so
                # the first events of an assignment can come twice. Sending again would publish twice.
                log.info("%s@%d came twice; its record is already in the transaction", msg.tp, msg.offset)
                delivered = True
            else:
                delivered = await self.deliver(msg.tp, msg.offset, lane, outcome, mine)
        finally:
            if mine is not None and not mine.done():
                mine.set_result(None)
            running.discard(msg.offset)
        if delivered:
            await stream.ack(event)

    async def deliver(self, tp: Any, offset: int, lane: Lane, outcome: Outcome, mine: asyncio.Future[None] | None) -> bool:
        """True once the broker has the record; False when the partition is no longer ours."""
        record = outcome.record
        delay = 0.2
        while True:
            try:
                fut = await self.sender.enqueue(tp, offset, lane, record)
                if mine is not None and not mine.done():
                    mine.set_result(None)
                if fut is None:
                    return False
                await fut
                if outcome.on_delivered is not None:
                    outcome.on_delivered(record)
                return True
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if too_large(exc) and outcome.fallback is not None:
                    outcome = outcome.fallback()
                    record = outcome.record
                    continue
                if self.sender.exactly_once:
                    if not lane.open:
                        return False  # the partition was revoked under us; its next owner redoes the event
                    # the transaction is broken: restart from the last committed offsets
                    log.error("exactly-once delivery for %s@%d failed (%r); the worker restarts", tp, offset, exc)
                    await self.app.crash(exc)
                    return False
                log.warning("delivery of the record for %s@%d failed (%s); retrying in %.1f s", tp, offset, type(exc).__name__, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, _RETRY_MAX_S)
