"""Stage 1 and the delivery rules without a broker: the producer is a recorder, the pool is real."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from prometheus_client import CollectorRegistry

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason
from cleanwire.memory.duplicates import NearDuplicates
from cleanwire.memory.site import fingerprint
from cleanwire.pool import ExtractionPool
from cleanwire.settings import load_settings
from cleanwire.stream import work
from cleanwire.stream.agents import Stages
from cleanwire.stream.metrics import Metrics
from cleanwire.stream.runner import Dispatcher, Lane, Lanes, Outcome, Record, Sender

BODY = "\n\n".join([
    "The regional government announced on Monday that it would expand the rail network by 2030, adding three new lines.",
    "Officials said the plan would cost about two billion euros and would be financed partly by European funds.",
    "Opposition parties criticised the timetable, saying similar promises had been made before the last election.",
    "Construction of the first line is due to start next spring, according to the transport ministry's schedule.",
])


class RecordingSender(Sender):
    """Stands in for the producer: `enqueue` returns an awaitable delivery, like aiokafka's send."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        super().__init__(app=None)
        self.records: dict[str, list[tuple[bytes | None, bytes]]] = {}
        self.failures = failures or []

    async def enqueue(self, tp: Any, offset: int, lane: Lane, record: Record) -> Any:
        if not lane.open:
            return None
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self.failures:
            fut.set_exception(self.failures.pop(0))
        else:
            self.records.setdefault(record.topic, []).append((record.key, record.value))
            fut.set_result(None)
        return fut


class MessageSizeTooLargeError(Exception):
    pass


def explode(page: Page, options: CleanOptions | None) -> Article | Rejected:
    raise RuntimeError("boom")


def _handle(values: list[bytes], sender: RecordingSender, func: Any = None, **env: str) -> Metrics:
    """Each value through stage 1 (clean_page) and the real delivery rules (Dispatcher.deliver)."""
    metrics = Metrics(CollectorRegistry())
    settings = load_settings({"CLEANWIRE_PROCESSES": "1", "CLEANWIRE_SITE_MEMORY_ENABLED": "false",
                              "CLEANWIRE_DUPLICATES_ENABLED": "false", **env})
    pool = ExtractionPool(1, 20, func=func or work.for_settings(settings))

    async def go() -> None:
        await pool.start()
        stages = Stages(settings, metrics, pool)
        dispatcher = Dispatcher(None, sender, Lanes(), lambda event: event, 1)
        lane = Lane()
        try:
            for offset, value in enumerate(values):
                outcome = await stages.clean_page(value, "pages.raw", 0, offset, None)
                assert await dispatcher.deliver(("pages.raw", 0), offset, lane, outcome, None)
        finally:
            await pool.close()

    asyncio.run(go())
    return metrics


def test_good_page_goes_out_bad_ones_to_dead_letters() -> None:
    sender = RecordingSender()
    values = [orjson.dumps({"content": BODY, "content_type": "text/plain", "id": "a"}), b"{not json", orjson.dumps({"content": ""})]
    m = _handle(values, sender)
    out, dlq = sender.records["articles.clean"], sender.records["pages.rejected"]
    assert len(out) == 1 and orjson.loads(out[0][1])["input_id"] == "a"
    assert [orjson.loads(v)["reason"] for _, v in dlq] == ["invalid_json", "empty_page"]
    assert [k for k, _ in dlq] == [b"0:1", b"0:2"]
    reg = m.registry
    assert reg.get_sample_value("cleanwire_pages_consumed_total") == 3
    assert reg.get_sample_value("cleanwire_articles_published_total") == 1
    assert reg.get_sample_value("cleanwire_dead_letters_total", {"reason": "invalid_json"}) == 1


def test_with_site_memory_the_article_goes_to_the_memory_stage_keyed_by_site() -> None:
    sender = RecordingSender()
    value = orjson.dumps({"content": BODY, "content_type": "text/plain", "id": "a", "url": "https://www.example.org/a/1"})
    m = _handle([value], sender, CLEANWIRE_SITE_MEMORY_ENABLED="true")
    [(key, record)] = sender.records["cleanwire-articles-memory"]
    assert key == b"site:example.org" and orjson.loads(record)["input_id"] == "a"
    assert m.registry.get_sample_value("cleanwire_articles_published_total") == 0  # not on the output topic yet


def test_crash_in_clean_is_a_dead_letter_not_a_crash() -> None:
    sender = RecordingSender()
    _handle([orjson.dumps({"content": BODY})], sender, func=explode)
    assert "articles.clean" not in sender.records
    record = orjson.loads(sender.records["pages.rejected"][0][1])
    assert record["reason"] == RejectReason.EXTRACTION_CRASH and "boom" in record["detail"]


def test_transient_send_failure_is_retried_and_too_large_is_dead_lettered() -> None:
    sender = RecordingSender(failures=[ConnectionError("broker gone"), MessageSizeTooLargeError("too big")])
    _handle([orjson.dumps({"content": BODY, "id": "x"})], sender)
    assert "articles.clean" not in sender.records
    assert [orjson.loads(v)["reason"] for _, v in sender.records["pages.rejected"]] == ["message_too_large"]


def test_at_least_once_delivers_the_result_of_a_revoked_partition() -> None:
    async def go() -> bool:
        sender = Sender(app=None)
        sent = []

        class Producer:
            async def send(self, *args: Any) -> Any:
                sent.append(args)
                fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                fut.set_result(None)
                return fut

        sender.app = type("App", (), {"producer": Producer()})()
        dispatcher = Dispatcher(None, sender, Lanes(), lambda event: event, 1)
        ok = await dispatcher.deliver(("pages.raw", 0), 7, Lane(open=False), Outcome(Record("articles.clean", b"k", b"{}")), None)
        assert len(sent) == 1
        return ok

    assert asyncio.run(go()) is True


def test_a_closed_lane_drops_the_result_unacked_when_the_sender_says_so() -> None:
    async def go() -> bool:
        sender = RecordingSender()
        dispatcher = Dispatcher(None, sender, Lanes(), lambda event: event, 1)
        lane = Lane(open=False)
        delivered = await dispatcher.deliver(("pages.raw", 0), 7, lane, Outcome(Record("articles.clean", b"k", b"{}")), None)
        assert not sender.records
        return delivered

    assert asyncio.run(go()) is False


def test_signature_and_fingerprints_are_computed_in_the_extraction_process_and_never_published() -> None:
    sender = RecordingSender()
    value = orjson.dumps({"content": BODY, "content_type": "text/plain", "id": "s", "url": "https://example.org/s"})
    _handle([value], sender, CLEANWIRE_DUPLICATES_ENABLED="true", CLEANWIRE_SITE_MEMORY_ENABLED="true")
    [(key, internal)] = sender.records["cleanwire-articles-memory"]
    record = orjson.loads(internal)
    assert record["_cleanwire_signature"] == NearDuplicates().signature(record["text"])
    assert record["_cleanwire_fingerprints"] == [fingerprint(p) for p in record["text"].split("\n")]
    stages = Stages(load_settings({}), Metrics(CollectorRegistry()), None)
    sites: dict[str, Any] = {}
    near: dict[str, Any] = {}
    outcome = stages.remember(sites, near, internal, key, ("cleanwire-articles-memory", 0, 0, None))
    published = orjson.loads(outcome.record.value)
    assert outcome.record.topic == "articles.clean"
    assert "_cleanwire_signature" not in published and "_cleanwire_fingerprints" not in published
    # tagged_text doubles a record's size: left out on the memory topic, rebuilt in its place on the output
    assert "tagged_text" not in record
    names = list(published)
    assert names[names.index("text") + 1] == "tagged_text" and published["tagged_text"] == published["text"]
    assert published["text"] == record["text"] and len(near) == 1 and list(sites) == ["example.org"]


def test_the_memory_stage_removes_site_template_then_dead_letters_a_duplicate() -> None:
    """One stage does both memories: the footer a site repeated in K=2 earlier articles goes, and a copy
    of an earlier story (another URL, same text) becomes a `duplicate` dead letter when duplicates are
    not published."""
    footer = "Subscribe to the Example Gazette for the morning briefing in your inbox."
    stories = [" ".join(f"Story {n} sentence {i} about the harbour works and the council vote." for i in range(12))
               for n in range(3)]
    settings = load_settings({"CLEANWIRE_SITE_MEMORY_MIN_ARTICLES": "2", "CLEANWIRE_PUBLISH_DUPLICATES": "false"})
    stages = Stages(settings, Metrics(CollectorRegistry()), None)
    sites: dict[str, Any] = {}
    near: dict[str, Any] = {}
    outcomes = []
    for i, text in enumerate([*stories, stories[0]]):
        record = {"id": f"a{i}", "text": f"{text}\n{footer}", "date": None, "removed": {}}
        value = orjson.dumps(record)
        outcomes.append(stages.remember(sites, near, value, b"site:example.org", ("m", 0, i, None)))
    published = [orjson.loads(o.record.value) for o in outcomes[:3]]
    assert [footer in p["text"] for p in published] == [True, True, False]
    assert [footer in p["tagged_text"] for p in published] == [True, True, False]
    assert published[2]["removed"] == {"site_repeated": 1}
    assert outcomes[3].record.topic == "pages.rejected"
    dead = orjson.loads(outcomes[3].record.value)
    assert dead["reason"] == "duplicate" and "a0" in dead["detail"]
