"""The agent's per-record handler without a broker: topics are recorders, the pool is real."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from prometheus_client import CollectorRegistry

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason
from cleanwire.pool import ExtractionPool
from cleanwire.settings import load_settings
from cleanwire.stream.agents import PageHandler
from cleanwire.stream.app import Topics
from cleanwire.stream.metrics import Metrics

BODY = "\n\n".join(f"Paragraph {i} of a council report long enough to be kept as the body of an article." for i in range(3))


class RecordingTopic:
    """Stands in for a Faust topic: `await send()` returns an awaitable delivery, like a FutureMessage."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.records: list[tuple[bytes | None, bytes]] = []
        self.failures = failures or []

    async def send(self, key: bytes | None, value: bytes) -> Any:
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.failures:
            fut.set_exception(self.failures.pop(0))
        else:
            self.records.append((key, value))
            fut.set_result(None)
        return fut


class MessageSizeTooLargeError(Exception):
    pass


def explode(page: Page, options: CleanOptions | None) -> Article | Rejected:
    raise RuntimeError("boom")


def _handle(values: list[bytes], output: RecordingTopic, dlq: RecordingTopic, func: Any = None) -> Metrics:
    metrics = Metrics(CollectorRegistry())
    settings = load_settings({"CLEANWIRE_PROCESSES": "1"})
    pool = ExtractionPool(1, 20, func=func) if func else ExtractionPool(1, 20)

    async def go() -> None:
        await pool.start()
        handler = PageHandler(settings, metrics, pool, Topics(input=None, output=output, dead_letter=dlq))
        try:
            for offset, value in enumerate(values):
                await handler.handle(value, "pages.raw", 0, offset, None)
        finally:
            await pool.close()

    asyncio.run(go())
    return metrics


def test_good_page_goes_out_bad_ones_to_dead_letters() -> None:
    out, dlq = RecordingTopic(), RecordingTopic()
    values = [orjson.dumps({"content": BODY, "content_type": "text/plain", "id": "a"}), b"{not json", orjson.dumps({"content": ""})]
    m = _handle(values, out, dlq)
    assert len(out.records) == 1 and orjson.loads(out.records[0][1])["input_id"] == "a"
    reasons = [orjson.loads(v)["reason"] for _, v in dlq.records]
    assert reasons == ["invalid_json", "empty_page"]
    reg = m.registry
    assert reg.get_sample_value("cleanwire_pages_consumed_total") == 3
    assert reg.get_sample_value("cleanwire_articles_published_total") == 1
    assert reg.get_sample_value("cleanwire_dead_letters_total", {"reason": "invalid_json"}) == 1


def test_crash_in_clean_is_a_dead_letter_not_a_crash() -> None:
    out, dlq = RecordingTopic(), RecordingTopic()
    _handle([orjson.dumps({"content": BODY})], out, dlq, func=explode)
    assert not out.records
    record = orjson.loads(dlq.records[0][1])
    assert record["reason"] == RejectReason.EXTRACTION_CRASH and "boom" in record["detail"]


def test_transient_send_failure_is_retried_and_too_large_is_dead_lettered() -> None:
    out = RecordingTopic(failures=[ConnectionError("broker gone"), MessageSizeTooLargeError("too big")])
    dlq = RecordingTopic()
    _handle([orjson.dumps({"content": BODY, "id": "x"})], out, dlq)
    assert not out.records
    assert [orjson.loads(v)["reason"] for _, v in dlq.records] == ["message_too_large"]
