"""Delivery rules of `runner` without a broker: a re-delivered offset is not sent twice in a transaction,
no transaction that holds records is left open, Faust cannot ack what no agent received."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, NamedTuple

from cleanwire.stream.runner import Dispatcher, Lanes, Outcome, Record, TransactionalSender


class TP(NamedTuple):
    """Faust's TP: equal to aiokafka's TopicPartition as a tuple, but not one."""

    topic: str
    partition: int


class RecordingTransaction:
    """aiokafka's transactional producer as `TransactionalSender` uses it."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.committed: list[dict[Any, int]] = []

    async def send(self, topic: str, value: bytes, key: bytes | None = None, headers: Any = None) -> asyncio.Future[None]:
        self.sent.append(value)
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        fut.set_result(None)
        return fut

    async def send_offsets_to_transaction(self, offsets: dict[Any, int], group_id: str) -> None:
        from aiokafka.util import commit_structure_validate

        commit_structure_validate(offsets)  # aiokafka's own check: keys must be its TopicPartition
        self.committed.append(dict(offsets))

    async def commit_transaction(self) -> None:
        pass

    async def begin_transaction(self) -> None:
        pass


def _app(txp: RecordingTransaction) -> Any:
    tid = "cleanwire-0-0"  # "<app id>-<topic group>-<partition>", as Faust names them
    producer = SimpleNamespace(_trn_locks={tid: asyncio.Lock()}, _transaction_producers={tid: txp})
    return SimpleNamespace(conf=SimpleNamespace(id="cleanwire"), assignor=SimpleNamespace(group_for_topic=lambda topic: 0),
                           producer=producer)


def _transactional() -> tuple[TP, RecordingTransaction, Lanes, TransactionalSender]:
    """One source partition, its recorded transaction, the lanes and the sender over them."""
    txp, lanes = RecordingTransaction(), Lanes()
    return TP("pages.raw", 0), txp, lanes, TransactionalSender(_app(txp), lanes)


class Stream:
    """What the dispatcher reads: events in the order Faust hands them over, acks recorded."""

    def __init__(self, offsets: list[int], tp: TP) -> None:
        self.items = [SimpleNamespace(message=SimpleNamespace(tp=tp, offset=o)) for o in offsets]
        self.acked: list[int] = []

    def noack(self) -> Stream:
        return self

    async def events(self) -> AsyncIterator[Any]:
        for item in self.items:
            yield item

    async def ack(self, event: Any) -> None:
        self.acked.append(event.message.offset)


def test_an_offset_delivered_twice_goes_into_the_transaction_once() -> None:
    # Faust resumes fetching before it seeks to the committed offsets, so after a rebalance the first
    # offsets of a partition can reach the agent twice; exactly-once must not publish them twice.
    tp, txp, lanes, sender = _transactional()
    stream = Stream([0, 1, 2, 3, 1, 2, 3, 4], tp)

    async def work(event: Any) -> Outcome:
        await asyncio.sleep(0.001 * (5 - event.message.offset))  # later events finish first
        return Outcome(Record("articles.clean", None, str(event.message.offset).encode()))

    async def go() -> None:
        dispatcher = Dispatcher(sender.app, sender, lanes, work, in_flight=4)
        await dispatcher.run(stream)
        while dispatcher.tasks:
            await asyncio.gather(*list(dispatcher.tasks))

    asyncio.run(go())
    assert txp.sent == [b"0", b"1", b"2", b"3", b"4"]
    assert sorted(stream.acked) == [0, 1, 1, 2, 2, 3, 3, 4]  # every event acked, none left to block commits
    assert lanes.lanes[tp].next_offset == 5


def test_a_transaction_holding_records_is_committed_even_when_faust_offers_nothing() -> None:
    # An open transaction hides every later record of the partitions it wrote to from read_committed
    # consumers, so records no commit has covered are committed on the next round, offered or not.
    tp, txp, lanes, sender = _transactional()

    async def go() -> None:
        lane = lanes.get(tp)
        await sender.enqueue(tp, 7, lane, Record("articles.clean", None, b"x"))
        assert lane.pending
        await sender.commit_pending()
        assert not lane.pending
        await sender.commit_pending()  # nothing new: no empty transaction

    asyncio.run(go())
    assert txp.committed == [{tp: 8}]


def test_a_revoked_partition_is_not_committed_by_the_pending_round() -> None:
    tp, txp, lanes, sender = _transactional()

    async def go() -> None:
        await sender.enqueue(tp, 3, lanes.get(tp), Record("articles.clean", None, b"x"))
        lanes.close([tp])
        await sender.commit_pending()

    asyncio.run(go())
    assert txp.committed == []


def test_faust_cannot_ack_an_event_the_agent_never_received() -> None:
    # Faust acks events it skips (flow control suspended for a rebalance or shutdown, stale generation)
    # without handing them to the agent; committed, such a page would be lost. Both guarantees rely on
    # the guard: only events the stream marked as received reach the consumer's ack.
    from cleanwire.stream.runner import guard_acks

    acked: list[int] = []
    consumer = SimpleNamespace(ack=lambda message: acked.append(message.offset) or True)
    guard_acks(consumer)
    guard_acks(consumer)  # installed once per assignment: never wrapped twice
    skipped = SimpleNamespace(tp=TP("pages.raw", 0), offset=5, tracked=False)
    received = SimpleNamespace(tp=TP("pages.raw", 0), offset=6, tracked=True)
    assert consumer.ack(skipped) is False
    assert consumer.ack(received) is True
    assert acked == [6]


def test_a_stage_that_raises_dead_letters_its_event_in_order_and_acks_it() -> None:
    # Left unacked, an event whose stage raised would hold the partition's commits at its offset.
    tp, txp, lanes, sender = _transactional()
    stream = Stream([0, 1, 2, 3], tp)

    async def work(event: Any) -> Outcome:
        if event.message.offset == 1:
            raise RuntimeError("boom")
        return Outcome(Record("articles.clean", None, str(event.message.offset).encode()))

    def on_error(event: Any, exc: Exception) -> Outcome:
        return Outcome(Record("pages.rejected", None, f"dead {event.message.offset}: {exc}".encode()))

    async def go() -> None:
        dispatcher = Dispatcher(sender.app, sender, lanes, work, 4, on_error)
        await dispatcher.run(stream)
        while dispatcher.tasks:
            await asyncio.gather(*list(dispatcher.tasks))
        assert dispatcher.running == {tp: set()}

    asyncio.run(go())
    assert txp.sent == [b"0", b"dead 1: boom", b"2", b"3"]
    assert sorted(stream.acked) == [0, 1, 2, 3]


def test_an_event_that_waited_out_a_rebalance_does_not_open_the_next_assignment() -> None:
    # The soak test lost runs of pages under exactly-once this way: offset 11 waited for a free slot while its
    # partition was revoked and assigned again; it then opened the new assignment's lane and went first into
    # the new transaction, and offsets 5-10, sought back from the committed offset, passed as "came twice".
    tp, txp, lanes, sender = _transactional()
    app = sender.app
    app.consumer_generation_id = 1

    def event(offset: int, generation: int) -> Any:
        return SimpleNamespace(message=SimpleNamespace(tp=tp, offset=offset, generation_id=generation))

    class Rebalanced(Stream):
        async def events(self) -> AsyncIterator[Any]:
            yield event(10, 1)
            yield event(11, 1)  # waits for the slot event 10 holds; the rebalance happens meanwhile
            for offset in range(5, 12):  # the new assignment, from the committed offset
                yield event(offset, 2)

    stream = Rebalanced([], tp)

    async def work(ev: Any) -> Outcome:
        if ev.message.offset == 10 and ev.message.generation_id == 1:
            lanes.close([tp])  # the partition is revoked while event 10 is being cleaned...
            app.consumer_generation_id = 2  # ...and assigned again
            await asyncio.sleep(0.01)
        return Outcome(Record("articles.clean", None, str(ev.message.offset).encode()))

    async def go() -> None:
        dispatcher = Dispatcher(app, sender, lanes, work, in_flight=1)
        await dispatcher.run(stream)
        while dispatcher.tasks:
            await asyncio.gather(*list(dispatcher.tasks))

    asyncio.run(go())
    assert txp.sent == [str(o).encode() for o in range(5, 12)]  # each offset of the new assignment once, in order
    assert stream.acked == list(range(5, 12))  # the revoked assignment's events are left to be read again
    assert lanes.lanes[tp].next_offset == 12


def test_a_revocation_commits_what_the_partitions_transaction_still_holds() -> None:
    # Faust commits at a revocation only partitions whose acknowledged offsets moved. A record still waiting
    # for its acknowledgement stayed in the open transaction; the partition came back to the same worker, the
    # next assignment started again from the committed offset 13 in the same transaction, and offset 13 was
    # committed twice (the soak test's duplicates under exactly-once).
    tp, txp, lanes, sender = _transactional()
    begun: list[int] = []

    async def begin() -> None:
        begun.append(1)

    txp.begin_transaction = begin  # type: ignore[method-assign]

    async def go() -> None:
        old = lanes.get(tp)
        await sender.enqueue(tp, 13, old, Record("articles.clean", None, b"13"))
        await sender.revoke([tp])
        assert not old.open
        assert await sender.enqueue(tp, 14, old, Record("articles.clean", None, b"late")) is None
        new = lanes.get(tp)  # the partition is assigned again; its events start at the committed offset
        assert new is not old and not new.pending
        await sender.enqueue(tp, 14, new, Record("articles.clean", None, b"14"))
        await sender.revoke([tp])
        await sender.revoke([tp])  # nothing left to commit: no empty transaction

    asyncio.run(go())
    assert txp.sent == [b"13", b"14"]
    assert txp.committed == [{tp: 14}, {tp: 15}]
    assert begun == []  # Faust begins the next transaction when it assigns the partition again
