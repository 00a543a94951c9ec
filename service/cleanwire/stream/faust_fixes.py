"""Two Faust (faust-streaming 0.15.3) behaviours that lose or repeat pages, closed here.

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


def install() -> None:
    seek_before_fetch()
    no_commit_over_a_hole()
