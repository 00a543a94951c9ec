"""Three Faust (faust-streaming 0.15.3) behaviours, closed here: two lose or repeat pages, one starves a stage.

1. `seek_before_fetch`. After a rebalance Faust's table recovery resumes the stream partitions and only
then seeks them to the committed offsets, while the consumer's flow is still active from reading the
changelogs. Records fetched in that window reach the agents (and are processed: a page twice) or are
skipped, and the records fetched again after the seek can then be dropped as already read
(`_read_offset`): pages that no agent ever receives. CI saw both: 6 pages twice under exactly-once, 24
pages of 3,000 never processed after a SIGTERM restart. Stopping the consumer's flow before recovery
hands the streams back closes the window: nothing is fetched until the seek is done and Faust resumes
the flow itself. When recovery returns early instead ("Recovery rebalancing again": a newer generation
took over) Faust does not touch the flow, so it is left as it was found; stopped, it would stay stopped
until the next recovery, a worker that fetches nothing while it looks healthy. (The newer rebalance has
paused the partitions and its own recovery stops the flow again before its seek.)

2. `no_commit_over_a_hole`. `Consumer._new_offset` commits the acknowledged offsets that follow the
committed one, but tests the hole before them with `min(acked) - committed > 1`: when only the committed
offset itself is missing (offset C still in flight, C+1 done) it commits past C, and a crash or a
rebalance before C is done loses C. The offset to commit next must be the committed one, acked or
covered by a gap Faust recorded (offsets compaction or transaction markers left out). Faust's `_add_gap`
starts its gaps one after the committed offset (the same off-by-one, which the first one cancelled for a
transaction marker sitting at the committed offset), so a gap that reaches back to the committed offset
covers it too: a marker there is no hole (the memory topic under exactly-once, an input topic written by
a transactional producer).

3. `short_fetch_wait`. Faust builds its worker's aiokafka consumer with `fetch_max_wait_ms=1500`, a constant.
aiokafka keeps one fetch request in flight per broker, and a request whose partitions hold no new records is
held by the broker for that long. So while the input partitions are idle (or drained), the memory stage's
one partition, full of records, waits behind a long poll after each buffer's worth: measured on the memory
stage alone (1,500 articles on its topic, one worker), 250 ms in `Fetcher.fetched_records` per poll of
~46 records, 128 articles/s with its main process idle three quarters of the time; with 100 ms, 429-462/s.
The wait becomes a setting (`CLEANWIRE_FETCH_MAX_WAIT_MS`), set on the consumer Faust creates before it
starts (aiokafka hands `_fetch_max_wait_ms` to its fetcher at start).
"""

from __future__ import annotations

import functools
from typing import Any

_MARK = "_cleanwire_fix"


def _stop_flow_first(method: Any) -> Any:
    @functools.wraps(method)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        consumer = self.app.consumer
        was_active = consumer.flow_active
        consumer.stop_flow()  # resumed by `method` once the stream partitions are sought
        try:
            return await method(self, *args, **kwargs)
        finally:
            # returned early, or raised (e.g. the seek timed out with the broker away): as Faust left it
            if was_active and not consumer.flow_active:
                consumer.resume_flow()

    setattr(wrapper, _MARK, True)
    return wrapper


def _hole_at_committed_first(method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(self: Any, tp: Any) -> Any:
        acked, committed = self._acked.get(tp), self._committed_offset.get(tp)
        if acked and committed is not None and min(acked) > committed:
            gaps = self._gap.get(tp)
            if not (gaps and gaps.at(committed)):
                return None  # the committed offset itself is not done yet
        return method(self, tp)

    setattr(wrapper, _MARK, True)
    return wrapper


def _gap_from_committed(method: Any) -> Any:
    @functools.wraps(method)
    async def wrapper(self: Any, tp: Any, offset_from: int, offset_to: int) -> None:
        committed = self._committed_offset.get(tp)
        if committed is not None and offset_from <= committed <= offset_to:
            self._gap[tp].addi(committed, committed + 1)
        await method(self, tp, offset_from, offset_to)

    setattr(wrapper, _MARK, True)
    return wrapper


def seek_before_fetch() -> None:
    """Installs fix 1 on Faust's Recovery (idempotent)."""
    from faust.tables.recovery import Recovery

    for name in ("on_recovery_completed", "_resume_streams"):
        method = getattr(Recovery, name)
        if not getattr(method, _MARK, False):
            setattr(Recovery, name, _stop_flow_first(method))


def no_commit_over_a_hole() -> None:
    """Installs fix 2 on Faust's Consumer (idempotent)."""
    from faust.transport.consumer import Consumer

    if not getattr(Consumer._new_offset, _MARK, False):
        setattr(Consumer, "_new_offset", _hole_at_committed_first(Consumer._new_offset))  # noqa: B010
    if not getattr(Consumer._add_gap, _MARK, False):
        setattr(Consumer, "_add_gap", _gap_from_committed(Consumer._add_gap))  # noqa: B010


_FETCH_WAIT_MS: dict[str, int] = {}


def _fetch_wait_set(method: Any) -> Any:
    @functools.wraps(method)
    def wrapper(self: Any, transport: Any) -> Any:
        consumer = method(self, transport)
        consumer._fetch_max_wait_ms = _FETCH_WAIT_MS["ms"]  # set by short_fetch_wait before it wraps
        return consumer

    setattr(wrapper, _MARK, True)
    return wrapper


def short_fetch_wait(ms: int) -> None:
    """Installs fix 3 on Faust's aiokafka consumer thread (idempotent; the last value given wins)."""
    from faust.transport.drivers.aiokafka import AIOKafkaConsumerThread

    _FETCH_WAIT_MS["ms"] = ms
    method = AIOKafkaConsumerThread._create_worker_consumer
    if not getattr(method, _MARK, False):
        setattr(AIOKafkaConsumerThread, "_create_worker_consumer", _fetch_wait_set(method))  # noqa: B010


def install(fetch_max_wait_ms: int) -> None:
    seek_before_fetch()
    no_commit_over_a_hole()
    short_fetch_wait(fetch_max_wait_ms)
