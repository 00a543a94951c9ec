"""A race in Faust (faust-streaming 0.15) that loses or repeats pages, closed here.

After a rebalance Faust's table recovery resumes the stream partitions and only then seeks them to the
committed offsets, while the consumer's flow is still active from reading the changelogs. Records
fetched in that window reach the agents (and are processed: a page twice) or are skipped, and the
records fetched again after the seek can then be dropped as already read (`_read_offset`): pages that
no agent ever receives. CI saw both: 6 pages twice under exactly-once, 24 pages of 3,000 never
processed after a SIGTERM restart. Stopping the consumer's flow before recovery hands the streams
back closes the window: nothing is fetched until the seek is done and Faust resumes the flow itself.
"""

from __future__ import annotations

import functools
from typing import Any

_MARK = "_cleanwire_seek_before_fetch"


def _stop_flow_first(method: Any) -> Any:
    @functools.wraps(method)
    async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        consumer = self.app.consumer
        was_active = consumer.flow_active
        consumer.stop_flow()  # resumed by `method` once the stream partitions are sought
        try:
            return await method(self, *args, **kwargs)
        except BaseException:
            if was_active and not consumer.flow_active:
                consumer.resume_flow()  # e.g. the seek timed out with the broker away: as Faust left it
            raise

    setattr(wrapper, _MARK, True)
    return wrapper


def seek_before_fetch() -> None:
    """Installs the fix on Faust's Recovery (idempotent)."""
    from faust.tables.recovery import Recovery

    for name in ("on_recovery_completed", "_resume_streams"):
        method = getattr(Recovery, name)
        if not getattr(method, _MARK, False):
            setattr(Recovery, name, _stop_flow_first(method))
