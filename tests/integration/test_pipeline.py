"""The whole path on a real broker: input topic -> `cleanwire worker` -> output and dead-letter topics."""

from __future__ import annotations

import json
import time
from pathlib import Path

import orjson

from conftest import RESOURCES
from deploy.live import stop
from integration.kafka_helpers import (
    collect,
    ensure_broker,
    new_topics,
    page_message,
    produce_raw,
    running,
    start_worker,
    values,
)

EXAMPLE = RESOURCES / "examples" / "moscowtimes-putin-kim"


def _body(i: int) -> str:
    return (
        f"Report {i}\n\nThe city council of Example Town met on Tuesday to discuss the budget for the coming year, "
        f"and members agreed on item {i} after a long debate about roads and schools.\n\n"
        "The mayor said the plan would be published next week, and residents may comment until the end of the month."
    )


def test_reference_example_comes_out_byte_for_byte(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("example", servers)
    meta = json.loads((EXAMPLE / "meta.json").read_text())
    value = page_message((EXAMPLE / "page.txt").read_text(), url=meta["url"], id="mt-1", content_type="text/plain")
    produce_raw(servers, topics.input, [(meta["url"].encode(), value)])
    with running(servers, topics, tmp_path):
        out = values(collect(servers, topics.output, 1, timeout=90))
    assert len(out) == 1
    assert out[0]["tagged_text"] == (EXAMPLE / "expected.txt").read_text()
    assert out[0]["input_id"] == "mt-1" and out[0]["date"] == "2019-04-23" and out[0]["date_source"] == "url"


def test_bad_messages_each_give_one_dead_letter_with_reason_and_payload(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("bad", servers)
    bad = [
        (b"not json {", "invalid_json"),
        (orjson.dumps({"url": "https://example.org/a", "content": 42}), "schema_violation"),
        (orjson.dumps({"url": "https://example.org/b", "content": ""}), "empty_page"),
        (b"\xff\xfe\xfa not utf-8", "invalid_encoding"),
    ]
    produce_raw(servers, topics.input, [(None, v) for v, _ in bad])
    with running(servers, topics, tmp_path):
        dead = values(collect(servers, topics.dead_letter, len(bad), timeout=90))
        time.sleep(2)  # anything extra would show up now
        dead += values(collect(servers, topics.dead_letter, len(bad) + 1, timeout=3))[len(bad):]
    assert sorted(d["reason"] for d in dead) == sorted(r for _, r in bad)
    by_reason = {d["reason"]: d for d in dead}
    assert by_reason["invalid_json"]["payload"] == "not json {"
    assert by_reason["schema_violation"]["payload"] == {"url": "https://example.org/a", "content": 42}
    assert by_reason["empty_page"]["source"]["topic"] == topics.input
    assert {"topic", "partition", "offset"} <= set(by_reason["empty_page"]["source"])


def test_500_pages_in_500_records_out(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("n500", servers, partitions=4)
    msgs = []
    for i in range(500):
        content = "" if i % 50 == 0 else _body(i)
        msgs.append((f"id-{i}".encode(), page_message(content, id=f"id-{i}", content_type="text/plain")))
    produce_raw(servers, topics.input, msgs)
    with running(servers, topics, tmp_path):
        out = collect(servers, topics.output, 490, timeout=240)
        dead = collect(servers, topics.dead_letter, 10, timeout=60)
    ids = {v["input_id"] for v in values(out)}
    assert len(out) == 490 and len(ids) == 490
    assert len(dead) == 10 and {v["reason"] for v in values(dead)} == {"empty_page"}


def test_worker_restarted_mid_stream_loses_nothing(tmp_path: Path) -> None:
    from kafka import KafkaConsumer

    servers = ensure_broker()
    topics = new_topics("restart", servers)
    n = 3000
    produce_raw(servers, topics.input, [(None, page_message(_body(i), id=f"r-{i}", content_type="text/plain")) for i in range(n)])
    watcher = KafkaConsumer(topics.output, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest")
    worker = start_worker(servers, topics, tmp_path, CLEANWIRE_PROCESSES="1")
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 30 and time.monotonic() < deadline:
        seen += sum(len(batch) for batch in watcher.poll(timeout_ms=100).values())
    watcher.close()
    stop(worker.proc)  # SIGTERM mid-stream
    done_before = len(collect(servers, topics.output, n, timeout=5))
    assert 0 < done_before < n, f"stopped too early or too late ({done_before} of {n})"
    wanted = {f"r-{i}" for i in range(n)}
    with running(servers, topics, tmp_path):
        out = collect(servers, topics.output, n, timeout=240, ids=wanted)
    ids = [v["input_id"] for v in values(out)]
    assert set(ids) == wanted
    print(f"\nSIGTERM restart: {n} pages, {len(ids) - len(set(ids))} processed twice")
