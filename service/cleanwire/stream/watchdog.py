"""The stall watchdog: a partition whose commits stopped at an offset no event is working on.

Faust commits a partition only up to its lowest unacknowledged offset. If the event at that offset is
never acknowledged and not being worked on any more (Faust skipped it, a rebalance left it behind, a
stage lost it), the partition's commits stop there for good while the worker reads on and looks healthy;
a restart would redo everything after it. When that lasts CLEANWIRE_STALL_TIMEOUT_S (well above the
per-page time limit, so a slow page never counts), the partition is sought back to its committed offset:
the events from there come again (at-least-once: some twice; exactly-once: the ones already in the
partition's transaction are recognised and not sent again), a metric and a log line say so.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger("cleanwire.worker")


class StallWatchdog:
    def __init__(self, app: Any, topics: Iterable[str], in_flight: Callable[[Any], set[int]], timeout_s: float,
                 metrics: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self.app, self.topics, self.in_flight = app, set(topics), in_flight
        self.timeout_s, self.metrics, self.clock = timeout_s, metrics, clock
        self.since: dict[Any, tuple[int, float]] = {}  # tp -> (stuck offset, first seen)

    def lowest_unacked(self, tp: Any) -> int | None:
        """The offset the partition's next commit waits for: the committed one, or the first after it that
        is not acknowledged; None when nothing was committed yet, or that offset was not read yet, or it is
        the end of the partition (an idle partition is no stalled one)."""
        consumer = self.app.consumer
        committed = consumer._committed_offset.get(tp)
        read = consumer._read_offset.get(tp)
        if committed is None or read is None:
            return None
        acked = consumer._acked_index.get(tp) or set()
        offset: int = committed
        while offset in acked:
            offset += 1
        end = consumer.highwater(tp)
        return offset if offset <= read and end is not None and offset < end else None

    async def check(self) -> list[Any]:
        """Seeks back the partitions stalled for the timeout; returns them."""
        consumer, now = self.app.consumer, self.clock()
        stalled = []
        mine = {tp for tp in consumer.assignment() if tp.topic in self.topics}
        for tp in list(self.since):
            if tp not in mine:
                del self.since[tp]
        for tp in mine:
            offset = self.lowest_unacked(tp)
            if offset is None or offset in self.in_flight(tp):
                self.since.pop(tp, None)
                continue
            seen = self.since.get(tp)
            if seen is None or seen[0] != offset:
                self.since[tp] = (offset, now)
                continue
            if now - seen[1] < self.timeout_s:
                continue
            committed = consumer._committed_offset.get(tp)
            log.warning("%s[%d] stalled at offset %d: not acknowledged and not in flight for %.0f s; sought back "
                        "to its committed offset %d", tp.topic, tp.partition, offset, now - seen[1], committed,
                        extra={"topic": tp.topic, "partition": tp.partition, "offset": offset})
            self.metrics.stalls.labels(tp.topic, str(tp.partition)).inc()
            await consumer.seek(tp, committed)
            del self.since[tp]
            stalled.append(tp)
        return stalled
