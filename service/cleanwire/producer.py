"""The producer side (kafka-python): pages from files, directories, WARC files or JSON lines into the
input topic, idempotent, compressed and batched; every failure is counted and reported."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from cleanwire.settings import Settings
from cleanwire.stream import codec


@dataclass
class ProduceReport:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def fail(self, source: str, error: str) -> None:
        self.failed += 1
        if len(self.errors) < 50:
            self.errors.append(f"{source}: {error}")


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


def make_producer(settings: Settings, max_request_size: int = 16 * 1024 * 1024) -> Any:
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


def iter_jsonl(stream: Iterable[bytes], source: str) -> Iterator[tuple[str, bytes | None, bytes]]:
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
        yield f"{source}:{n}", key, line


def messages(paths: list[str], url: str | None, content_type: str | None) -> Iterator[tuple[str, bytes | None, bytes]]:
    from cleanwire.inputs import iter_pages

    for path in paths:
        if path == "-" or path.endswith((".jsonl", ".ndjson")):
            stream = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
            yield from iter_jsonl(stream, path)
            continue
        for source, page in iter_pages([path], url=url, content_type=content_type):
            yield source, codec.input_key(page, source), codec.encode_input(page, id=source)


def produce(settings: Settings, topic: str, items: Iterable[tuple[str, bytes | None, bytes]],
            progress: bool = False, producer: Any = None) -> ProduceReport:
    own = producer is None
    producer = producer or make_producer(settings)
    report = ProduceReport()
    pending: list[tuple[str, Any]] = []
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="page", file=sys.stderr)

    def settle() -> None:
        for source, fut in pending:
            try:
                fut.get(timeout=60)
                report.sent += 1
            except Exception as exc:
                report.fail(source, f"{type(exc).__name__}: {exc}")
            if bar is not None:
                bar.update(1)
        pending.clear()

    try:
        for source, key, value in items:
            try:
                pending.append((source, producer.send(topic, key=key, value=value)))
            except Exception as exc:  # e.g. MessageSizeTooLargeError, raised before sending
                report.fail(source, f"{type(exc).__name__}: {exc}")
            if len(pending) >= 1000:
                producer.flush()
                settle()
        producer.flush()
        settle()
    finally:
        if bar is not None:
            bar.close()
        if own:
            producer.close()
    return report


def ensure_topics(settings: Settings, timeout_s: float = 60.0) -> list[str]:
    """Create the input, output and dead-letter topics if they are missing; returns the created ones."""
    import time

    from kafka.admin import KafkaAdminClient, NewTopic
    from kafka.errors import KafkaError, TopicAlreadyExistsError

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin = KafkaAdminClient(**client_config(settings), client_id=f"{settings.app_id}-admin")
            break
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
    try:
        wanted = (settings.input_topic, settings.output_topic, settings.dlq_topic)
        existing = set(admin.list_topics())
        missing = [t for t in wanted if t not in existing]
        created = []
        for topic in missing:
            try:
                admin.create_topics([NewTopic(topic, settings.topic_partitions, settings.topic_replication_factor)])
                created.append(topic)
            except TopicAlreadyExistsError:
                pass
            except KafkaError as exc:
                if "TopicAlreadyExists" not in type(exc).__name__:
                    raise
        return created
    finally:
        admin.close()
