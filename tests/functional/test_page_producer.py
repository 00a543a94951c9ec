"""PageProducer without a broker: the records it hands kafka-python keep the input contract (read back
with the worker's own decoder), bytes stay bytes, and oversize pages fail typed before any send."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from cleanwire import Page, PageProducer
from cleanwire.contract import InputMessage, decode_input
from cleanwire.errors import PageTooLargeError, ProduceError
from cleanwire.producer import RawRecord, produce
from cleanwire.settings import load_settings


class FakeFuture:
    def __init__(self, value: Any = None, exception: BaseException | None = None) -> None:
        self.is_done = True
        self.value = value
        self.exception = exception

    def get(self, timeout: float | None = None) -> Any:
        if self.exception is not None:
            raise self.exception
        return self.value


class FakeKafka:
    """The kafka-python producer calls PageProducer makes; `fail` names keys whose delivery fails."""

    def __init__(self, fail: frozenset[bytes] = frozenset()) -> None:
        self.sent: list[tuple[str, bytes | None, bytes]] = []
        self.flushed = 0
        self.closed = 0
        self.fail = fail

    def send(self, topic: str, key: bytes | None = None, value: bytes = b"") -> FakeFuture:
        from kafka.errors import KafkaTimeoutError

        self.sent.append((topic, key, value))
        if key in self.fail:
            return FakeFuture(exception=KafkaTimeoutError("no broker answered"))
        return FakeFuture(SimpleNamespace(topic=topic, partition=0, offset=len(self.sent) - 1))

    def flush(self, timeout: float | None = None) -> None:
        self.flushed += 1

    def close(self, timeout: float | None = None) -> None:
        self.closed += 1


def _settings(**env: str) -> Any:
    return load_settings({"CLEANWIRE_INPUT_TOPIC": "pages.in", **env})


def _decoded(value: bytes) -> InputMessage:
    msg = decode_input(value)
    assert isinstance(msg, InputMessage), msg
    return msg


def test_bytes_body_goes_unchanged_with_url_key_content_type_and_fetch_time() -> None:
    kafka = FakeKafka()
    body = "<html><body><p>Grüße aus Köln</p></body></html>".encode("iso-8859-1") + b"\x00\xff"
    fetched = datetime(2026, 5, 1, 12, 30, tzinfo=UTC)
    with PageProducer(_settings(), producer=kafka) as pages:
        delivered = pages.send("https://news.example/a", body, content_type="text/html; charset=iso-8859-1",
                               fetched_at=fetched, id="a-1").result()
    assert delivered.topic == "pages.in" and delivered.offset == 0
    topic, key, value = kafka.sent[0]
    assert topic == "pages.in" and key == b"https://news.example/a"
    msg = _decoded(value)
    assert msg.page.content == body and msg.id == "a-1"
    assert msg.page.content_type == "text/html; charset=iso-8859-1"
    assert datetime.fromisoformat(str(msg.page.fetched_at)) == fetched


def test_text_body_goes_as_content_and_fetch_time_defaults_to_now() -> None:
    kafka = FakeKafka()
    before = datetime.now(UTC)
    PageProducer(_settings(), producer=kafka).send("https://news.example/b", "Just text.", content_type="text/plain")
    record = orjson.loads(kafka.sent[0][2])
    assert record["content"] == "Just text." and "content_base64" not in record and "id" not in record
    assert before <= datetime.fromisoformat(record["fetched_at"]) <= datetime.now(UTC)


def test_oversize_body_fails_typed_before_it_is_sent() -> None:
    kafka = FakeKafka()
    pages = PageProducer(_settings(CLEANWIRE_MAX_PAGE_BYTES="2048"), producer=kafka)
    with pytest.raises(PageTooLargeError, match="CLEANWIRE_MAX_PAGE_BYTES=2048"):
        pages.send("https://news.example/big", b"x" * 2049)
    with pytest.raises(PageTooLargeError, match="producer's limit"):
        PageProducer(_settings(), producer=kafka, max_request_size=4096).send_raw(b"{}" * 4096)
    assert kafka.sent == []
    pages.send("https://news.example/fits", b"x" * 2048)
    assert len(kafka.sent) == 1


def test_kafka_pythons_own_size_refusal_is_the_same_typed_error() -> None:
    from kafka.errors import MessageSizeTooLargeError

    class Refusing(FakeKafka):
        def send(self, topic: str, key: bytes | None = None, value: bytes = b"") -> FakeFuture:
            raise MessageSizeTooLargeError("The message is 4200 bytes when serialized")

    with pytest.raises(PageTooLargeError, match="MessageSizeTooLargeError"):
        PageProducer(_settings(), producer=Refusing()).send("https://news.example/e", b"<p>e</p>")


def test_a_failed_delivery_is_a_produce_error() -> None:
    kafka = FakeKafka(fail=frozenset({b"https://news.example/lost"}))
    pages = PageProducer(_settings(), producer=kafka)
    delivery = pages.send("https://news.example/lost", b"<p>x</p>")
    assert delivery.done() and isinstance(delivery.error(), ProduceError)
    with pytest.raises(ProduceError, match="KafkaTimeoutError"):
        delivery.result()


def test_close_flushes_once_and_leaves_a_given_producer_open() -> None:
    kafka = FakeKafka()
    with PageProducer(_settings(), producer=kafka) as pages:
        pages.send("https://news.example/c", b"<p>c</p>")
    pages.close()
    assert kafka.flushed == 1 and kafka.closed == 0
    with pytest.raises(ProduceError, match="closed"):
        pages.send("https://news.example/d", b"<p>d</p>")


def test_produce_reports_sent_and_failed_by_source() -> None:
    kafka = FakeKafka(fail=frozenset({b"lost"}))
    items: list[tuple[str, Page | RawRecord]] = [
        ("a.html", Page(content=b"<p>a</p>", content_type="text/html")),
        ("big.html", Page(content=b"x" * 5000)),
        ("feed.jsonl:1", RawRecord(b"lost", b'{"id": "lost", "content": "x"}')),
    ]
    with PageProducer(_settings(CLEANWIRE_MAX_PAGE_BYTES="4096"), producer=kafka) as pages:
        report = produce(pages, items)
    assert (report.sent, report.failed) == (1, 2)
    assert any(e.startswith("big.html: PageTooLargeError") for e in report.errors)
    assert any(e.startswith("feed.jsonl:1: KafkaTimeoutError") for e in report.errors)
    assert _decoded(kafka.sent[0][2]).id == "a.html"
