"""The broker stopped and restarted mid-stream: the worker recovers by itself and loses nothing.
Runs its own broker on other ports (KAFKA_PORT + 300 and KAFKA_CONTROLLER_PORT + 300: 9392/9393 by default, so
two checkouts with their own KAFKA_PORT do not share it); the shared one is never touched."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from integration.kafka_helpers import ROOT, collect, new_topics, page_message, produce_raw, running, values
from integration.test_pipeline import _body

PORT = int(os.environ.get("KAFKA_PORT", "9092")) + 300
CONTROLLER_PORT = int(os.environ.get("KAFKA_CONTROLLER_PORT", "9093")) + 300
KAFKA = str(ROOT / "deploy" / "kafka" / "kafka.sh")


def _kafka(action: str) -> None:
    env = {**os.environ, "KAFKA_PORT": str(PORT), "KAFKA_CONTROLLER_PORT": str(CONTROLLER_PORT)}
    done = subprocess.run([KAFKA, action], env=env, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


@pytest.fixture
def own_broker() -> Iterator[str]:
    _kafka("up")
    try:
        yield f"127.0.0.1:{PORT}"
    finally:
        _kafka("down")


def _first_new_output(servers: str, topic: str, timeout: float) -> float:
    """The moment the output topic grows after the broker came back (end offsets, polled)."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=servers, group_id=None)
    try:
        parts = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        start = sum(consumer.end_offsets(parts).values())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if sum(consumer.end_offsets(parts).values()) > start:
                return time.monotonic()
            time.sleep(0.1)
    finally:
        consumer.close()
    pytest.fail(f"no new output within {timeout:.0f} s of the broker's restart")


def test_worker_recovers_after_broker_restart(own_broker: str, tmp_path: Path) -> None:
    from kafka import KafkaConsumer

    servers = own_broker
    topics = new_topics("brokerdown", servers)
    n = 1500
    produce_raw(servers, topics.input, [(None, page_message(_body(i), id=f"b-{i}", content_type="text/plain")) for i in range(n)])
    with running(servers, topics, tmp_path, CLEANWIRE_PROCESSES="1", KAFKA_BOOTSTRAP_SERVERS=servers) as worker:
        watcher = KafkaConsumer(topics.output, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest")
        seen = 0
        deadline = time.monotonic() + 120
        while seen < 100 and time.monotonic() < deadline:
            seen += sum(len(b) for b in watcher.poll(timeout_ms=100).values())
        watcher.close()
        _kafka("down")
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
        time.sleep(5)
        _kafka("up")
        back = time.monotonic()
        recovery = _first_new_output(servers, topics.output, timeout=180) - back
        # at-least-once: pages in flight when the broker went down may come twice, so wait for every id, not a count
        out = collect(servers, topics.output, n, timeout=300, ids={f"b-{i}" for i in range(n)})
        assert worker.proc.poll() is None, "the worker died instead of recovering"
    ids = Counter(v["input_id"] for v in values(out))
    assert set(ids) == {f"b-{i}" for i in range(n)}
    print(f"\nbroker restart after {seen} outputs: recovered in {recovery:.1f} s (first new output), "
          f"{sum(c - 1 for c in ids.values())} of {n} pages processed twice")
