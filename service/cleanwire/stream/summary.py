"""The worker's periodic summary line, read from its own metrics: what a healthy worker did since the last
line, so that the log alone tells it from an idle or a stuck one (every CLEANWIRE_SUMMARY_INTERVAL_S)."""

from __future__ import annotations

import logging
import time
from typing import Any

from cleanwire.stream.metrics import Metrics

log = logging.getLogger("cleanwire.summary")


def _total(metric: Any) -> dict[str, float]:
    """A metric's `_total` samples (or its only sample, for a gauge) by their first label value ('' if none)."""
    out: dict[str, float] = {}
    for family in metric.collect():
        for sample in family.samples:
            if sample.name.endswith(("_created", "_bucket", "_count", "_sum")):
                continue
            key = next(iter(sample.labels.values()), "")
            out[key] = out.get(key, 0.0) + sample.value
    return out


class Summary:
    """Counts since the previous line; `fields()` moves the mark."""

    def __init__(self, metrics: Metrics, clock: Any = time.monotonic) -> None:
        self.metrics, self.clock = metrics, clock
        self.mark = self._read()
        self.since = clock()

    def _read(self) -> dict[str, Any]:
        m = self.metrics
        return {"pages": sum(_total(m.pages_consumed).values()),
                "articles": sum(_total(m.articles_published).values()),
                "dead": _total(m.dead_letters)}

    def fields(self) -> dict[str, Any]:
        now, current = self.clock(), self._read()
        seconds = max(now - self.since, 1e-9)
        before = self.mark
        dead = {reason: int(n - before["dead"].get(reason, 0.0)) for reason, n in sorted(current["dead"].items())}
        pages = int(current["pages"] - before["pages"])
        fields = {
            "interval_s": round(seconds, 1),
            "pages_consumed": pages,
            "articles_published": int(current["articles"] - before["articles"]),
            "dead_letters": sum(dead.values()),
            "dead_letters_by_reason": {r: n for r, n in dead.items() if n},
            "consumer_lag": int(sum(_total(self.metrics.consumer_lag).values())),
            "pages_per_s": round(pages / seconds, 2),
        }
        self.mark, self.since = current, now
        return fields

    def message(self, fields: dict[str, Any]) -> str:
        reasons = ", ".join(f"{r} {n}" for r, n in fields["dead_letters_by_reason"].items())
        return (f"summary: {fields['pages_consumed']} pages in, {fields['articles_published']} articles out, "
                f"{fields['dead_letters']} dead letters{f' ({reasons})' if reasons else ''}, "
                f"lag {fields['consumer_lag']}, {fields['pages_per_s']:g} pages/s over {fields['interval_s']:g} s")

    def log(self) -> None:
        fields = self.fields()
        log.info(self.message(fields), extra=fields)
