"""The real broker for the integration tier, and helpers to run workers and read topics.

The broker is the one at KAFKA_BOOTSTRAP_SERVERS; when that is the local address deploy/kafka/kafka.sh
serves (127.0.0.1:$KAFKA_PORT, 9092 by default) and nothing listens there, kafka.sh starts it. Unreachable after that: the test fails (never skips)."""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
import pytest

from deploy.live import Topics, Worker, create_topics, free_port, http_get, stop, wait_for, worker_command

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = f"127.0.0.1:{os.environ.get('KAFKA_PORT', '9092')}"  # where kafka.sh serves, with the same variables


def _reachable(servers: str) -> bool:
    host, _, port = servers.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=3).close()
        return True
    except OSError:
        return False


def ensure_broker() -> str:
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", DEFAULT)
    if not _reachable(servers) and servers == DEFAULT:
        subprocess.run([str(ROOT / "deploy/kafka/kafka.sh"), "up"], check=False, timeout=300, capture_output=True)
    if not _reachable(servers):
        pytest.fail(f"no Kafka broker at {servers}: integration tests need one (make kafka-up)")
    return servers


def new_topics(prefix: str, servers: str, partitions: int = 2) -> Topics:
    tag = f"{prefix}-{uuid.uuid4().hex[:10]}"
    topics = Topics(f"pages.raw.{tag}", f"articles.clean.{tag}", f"pages.rejected.{tag}", f"cleanwire-{tag}")
    create_topics(servers, topics, partitions)
    return topics


def start_worker(servers: str, topics: Topics, tmp: Path, command: list[str] | None = None, **env: str) -> Worker:
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    log = tmp / f"worker-{port}.log"
    full = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "CLEANWIRE_INPUT_TOPIC": topics.input,
        "CLEANWIRE_OUTPUT_TOPIC": topics.output,
        "CLEANWIRE_DLQ_TOPIC": topics.dead_letter,
        "CLEANWIRE_APP_ID": topics.app_id,
        "CLEANWIRE_HTTP_PORT": str(port),
        "CLEANWIRE_HTTP_HOST": "127.0.0.1",
        "CLEANWIRE_DATA_DIR": str(tmp / "data"),
        "CLEANWIRE_PROCESSES": "2",
        "CLEANWIRE_TOPIC_PARTITIONS": "2",
        "CLEANWIRE_LOG_LEVEL": os.environ.get("TEST_WORKER_LOG_LEVEL", "warn"),
        **env,
    }
    with log.open("ab") as out:
        proc = subprocess.Popen(command or worker_command(), env=full, stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
    worker = Worker(proc, port, log)
    wait_for("the worker's /readyz", lambda: http_get(f"{worker.url}/readyz")[0] == 200, 120, proc, log)
    return worker


@contextmanager
def running(servers: str, topics: Topics, tmp: Path, command: list[str] | None = None, **env: str) -> Iterator[Worker]:
    worker = start_worker(servers, topics, tmp, command, **env)
    try:
        yield worker
    finally:
        stop(worker.proc)


def produce_raw(servers: str, topic: str, values: list[tuple[bytes | None, bytes]]) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=5, max_request_size=16 * 1024 * 1024)
    try:
        futures = [producer.send(topic, key=k, value=v) for k, v in values]
        producer.flush()
        for f in futures:
            f.get(timeout=30)
    finally:
        producer.close()


def page_message(content: str, url: str | None = None, id: str | None = None, content_type: str | None = None) -> bytes:
    record: dict[str, Any] = {"content": content}
    for key, value in (("url", url), ("id", id), ("content_type", content_type)):
        if value is not None:
            record[key] = value
    return orjson.dumps(record)


def collect(servers: str, topic: str, count: int, timeout: float = 120, read_committed: bool = False,
            ids: set[str] | None = None, id_of: Callable[[Any], str] = lambda v: v["input_id"]) -> list[Any]:
    """Records of `topic` from the beginning, until `count` have come (or, given `ids`, until every one of
    those ids has come: at-least-once may repeat records) or `timeout` passed."""
    import time

    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest", enable_auto_commit=False,
        isolation_level="read_committed" if read_committed else "read_uncommitted", consumer_timeout_ms=1000,
    )
    out: list[Any] = []
    missing = set(ids) if ids is not None else None
    deadline = time.monotonic() + timeout

    def done() -> bool:
        return not missing if missing is not None else len(out) >= count

    try:
        while not done() and time.monotonic() < deadline:
            for record in consumer:
                out.append(record)
                if missing is not None:
                    missing.discard(id_of(orjson.loads(record.value)))
                if done():
                    break
    finally:
        consumer.close()
    return out


def log_tail(log: Path, lines: int = 40) -> str:
    """The end of a worker's log without the warnings noise, for assertion messages."""
    try:
        text = log.read_text(errors="replace").splitlines()
    except OSError as exc:
        return f"(no log: {exc})"
    kept = [line for line in text if "DeprecationWarning" not in line and "open_text(" not in line]
    return "\n".join(kept[-lines:])


def committed_offsets(servers: str, group: str, topic: str) -> dict[int, int | None]:
    """The group's committed offset of each partition of `topic` (what a restarted worker would read from)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=servers, group_id=group, enable_auto_commit=False)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return {tp.partition: consumer.committed(tp) for tp in parts}
    finally:
        consumer.close()


def end_offsets(servers: str, topic: str) -> dict[int, int]:
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=servers, group_id=None)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        return {tp.partition: offset for tp, offset in consumer.end_offsets(parts).items()}
    finally:
        consumer.close()


def values(records: list[Any]) -> list[Any]:
    return [orjson.loads(r.value) for r in records]
