"""The producer side (kafka-python): `PageProducer`, the public call a fetcher uses to push a page into
the input topic with the contract of cleanwire/schemas/input.schema.json, idempotent, compressed and
batched; and `cleanwire produce` (files, directories, WARC files, JSON lines), a thin user of it.

    from cleanwire import PageProducer
    with PageProducer(load_settings()) as pages:
        pages.send(url, body, content_type="text/html; charset=utf-8")
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson

from cleanwire import contract
from cleanwire.core.models import Page
from cleanwire.errors import BrokerError, PageTooLargeError, ProduceError
from cleanwire.settings import Settings

MAX_REQUEST_SIZE = 16 * 1024 * 1024


def client_config(settings: Settings) -> dict[str, Any]:
    config: dict[str, Any] = {"bootstrap_servers": settings.bootstrap_servers.split(","),
                              "security_protocol": settings.security_protocol}
    if settings.security_protocol.startswith("SASL"):
        config["sasl_mechanism"] = settings.sasl_mechanism
        config["sasl_plain_username"] = settings.sasl_username
        config["sasl_plain_password"] = settings.sasl_password.get_secret_value() if settings.sasl_password else None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        config["ssl_cafile"] = settings.ssl_cafile
        config["ssl_certfile"] = settings.ssl_certfile
        config["ssl_keyfile"] = settings.ssl_keyfile
    return config


def make_producer(settings: Settings, max_request_size: int = MAX_REQUEST_SIZE) -> Any:
    from kafka import KafkaProducer

    return KafkaProducer(
        **client_config(settings),
        acks="all",
        enable_idempotence=True,
        compression_type="lz4",
        linger_ms=20,
        batch_size=256 * 1024,
        max_request_size=max_request_size,
        retries=5,
    )


class Delivered(NamedTuple):
    """Where the broker stored a record."""

    topic: str
    partition: int
    offset: int


class Delivery:
    """A record on its way to the broker (kafka-python's future, with cleanwire's errors)."""

    __slots__ = ("_future", "source")

    def __init__(self, future: Any, source: str) -> None:
        self._future = future
        self.source = source

    def done(self) -> bool:
        return bool(self._future.is_done)

    def result(self, timeout: float | None = 60) -> Delivered:
        """Wait for the broker's acknowledgement; ProduceError when the record was not stored."""
        try:
            meta = self._future.get(timeout=timeout)
        except Exception as exc:  # kafka-python raises its own KafkaError tree, and KafkaTimeoutError
            raise ProduceError(f"{type(exc).__name__}: {exc}") from exc
        return Delivered(meta.topic, meta.partition, meta.offset)

    def error(self) -> ProduceError | None:
        """The failure of a finished delivery, None when it succeeded or is still on its way."""
        if not self._future.is_done or self._future.exception is None:
            return None
        exc = self._future.exception
        return ProduceError(f"{type(exc).__name__}: {exc}")


class PageProducer:
    """Pushes fetched pages into the input topic. Bytes bodies go as `content_base64`, untouched (the
    worker decodes them with the charset of `content_type`); text goes as `content`. The record key is
    the URL (or the id), so one URL always lands on one partition, in order.

    `send` returns at once with a `Delivery`; `flush()` waits for every record sent so far; `close()`
    (or leaving a `with` block) flushes and disconnects."""

    def __init__(self, settings: Settings, *, topic: str | None = None, producer: Any = None,
                 max_request_size: int = MAX_REQUEST_SIZE) -> None:
        self.settings = settings
        self.topic = topic or settings.input_topic
        self.max_request_size = max_request_size
        self._own = producer is None
        self._closed = False
        if producer is None:
            from kafka.errors import KafkaError

            try:
                producer = make_producer(settings, max_request_size)
            except (KafkaError, OSError) as exc:  # unreachable broker, refused TLS or SASL
                raise BrokerError(f"cannot connect to Kafka at {settings.bootstrap_servers} "
                                  f"({settings.security_protocol}): {type(exc).__name__}: {exc}") from exc
        self._producer = producer

    def send(self, url: str | None, body: str | bytes, *, content_type: str | None = None,
             fetched_at: str | datetime | None = None, id: str | None = None) -> Delivery:
        """Send one page just fetched; `fetched_at` defaults to now (it bounds the publication date)."""
        when = fetched_at if fetched_at is not None else datetime.now(UTC)
        return self.send_page(Page(content=body, url=url, content_type=content_type, fetched_at=when), id=id)

    def send_page(self, page: Page, id: str | None = None) -> Delivery:
        """Send a `Page` as it is. PageTooLargeError, before sending, when its body is over
        CLEANWIRE_MAX_PAGE_BYTES (the worker would only dead-letter it)."""
        size = len(page.content) if isinstance(page.content, bytes) else len(page.content.encode("utf-8", "replace"))
        source = id or page.url or "page"
        if size > self.settings.max_page_bytes:
            raise PageTooLargeError(f"the page is {size} bytes, over CLEANWIRE_MAX_PAGE_BYTES={self.settings.max_page_bytes}")
        return self.send_raw(contract.encode_input(page, id=id), key=contract.input_key(page, id), source=source)

    def send_raw(self, value: bytes, key: bytes | None = None, source: str = "record") -> Delivery:
        """Send a ready-made input record (e.g. a JSON line) as it is; the worker validates it."""
        if self._closed:
            raise ProduceError("the producer is closed")
        size = len(value) + (len(key) if key else 0)
        if size > self.max_request_size:
            raise PageTooLargeError(f"the record is {size} bytes, over the producer's limit of {self.max_request_size}")
        from kafka.errors import KafkaError, MessageSizeTooLargeError

        try:
            return Delivery(self._producer.send(self.topic, key=key, value=value), source)
        except MessageSizeTooLargeError as exc:  # within our margin, over kafka-python's count with headers
            raise PageTooLargeError(f"{type(exc).__name__}: {exc}") from exc
        except KafkaError as exc:  # e.g. the buffer stayed full, or no metadata for the topic in time
            raise ProduceError(f"{type(exc).__name__}: {exc}") from exc

    def flush(self, timeout: float | None = None) -> None:
        self._producer.flush(timeout=timeout)

    def close(self, timeout: float | None = None) -> None:
        """Flush and disconnect; a second call does nothing. A producer passed in is flushed, not closed."""
        if self._closed:
            return
        self._closed = True
        self._producer.flush(timeout=timeout)
        if self._own:
            self._producer.close(timeout=timeout)

    def __enter__(self) -> PageProducer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RawRecord(NamedTuple):
    key: bytes | None
    value: bytes


@dataclass
class ProduceReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def fail(self, source: str, error: str) -> None:
        self.failed += 1
        if len(self.errors) < 50:
            self.errors.append(f"{source}: {error}")


def iter_jsonl(stream: Iterable[bytes], source: str) -> Iterator[tuple[str, RawRecord]]:
    """Raw input messages from JSON lines, passed through as they are (the worker validates them)."""
    for n, line in enumerate(stream, 1):
        line = line.strip()
        if not line:
            continue
        key = None
        try:
            data = orjson.loads(line)
            if isinstance(data, dict):
                k = data.get("url") or data.get("id")
                key = k.encode() if isinstance(k, str) else None
        except orjson.JSONDecodeError:
            pass
        yield f"{source}:{n}", RawRecord(key, line)


def messages(paths: list[str], url: str | None, content_type: str | None) -> Iterator[tuple[str, Page | RawRecord]]:
    from cleanwire.inputs import iter_pages

    for path in paths:
        if path == "-" or path.endswith((".jsonl", ".ndjson")):
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
            yield from iter_jsonl(stream, path)
            continue
        yield from iter_pages([path], url=url, content_type=content_type)


def produce(pages: PageProducer, items: Iterable[tuple[str, Page | RawRecord]], progress: bool = False) -> ProduceReport:
    """Send every item, then wait for every acknowledgement; each failure is counted with its source."""
    report = ProduceReport()
    pending: list[Delivery] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="page", file=sys.stderr)

    def settle() -> None:
        for delivery in pending:
            try:
                delivery.result(timeout=60)
                report.sent += 1
            except ProduceError as exc:
                report.fail(delivery.source, str(exc))  # the broker's or the client's error, by name
            if bar is not None:
                bar.update(1)
        pending.clear()

    try:
        for source, item in items:
            try:
                if isinstance(item, RawRecord):
                    pending.append(pages.send_raw(item.value, key=item.key, source=source))
                else:
                    pending.append(pages.send_page(item, id=source))
            except ProduceError as exc:  # too large, or refused before sending
                report.fail(source, f"{type(exc).__name__}: {exc}")
            if len(pending) >= 1000:
                pages.flush()
                settle()
        pages.flush()
        settle()
    finally:
        if bar is not None:
            bar.close()
    return report
