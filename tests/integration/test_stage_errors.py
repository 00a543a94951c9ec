"""A stage whose work() raises on a page: the page becomes a dead letter and the partition's committed
offset moves past it (before, the event stayed unacked and the partition's commits stopped at it)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from deploy.live import http_get
from integration.kafka_helpers import (
    ROOT,
    collect,
    committed_offsets,
    end_offsets,
    ensure_broker,
    new_topics,
    page_message,
    produce_raw,
    running,
    values,
)
from integration.test_pipeline import _body

FAULTY_WORKER = [sys.executable, str(ROOT / "tests" / "integration" / "faulty_worker.py")]


def _raises_on_one_page(tmp_path: Path, **env: str) -> None:
    servers = ensure_broker()
    topics = new_topics("raises", servers, partitions=1)
    n = 20
    produce_raw(servers, topics.input, [(None, page_message(_body(i), id=f"r-{i}", content_type="text/plain"))
                                         for i in range(n)])
    ids = {f"r-{i}" for i in range(n)} - {"r-7"}
    with running(servers, topics, tmp_path, FAULTY_WORKER, TEST_RAISE_ON_INPUT_ID="r-7", CLEANWIRE_TOPIC_PARTITIONS="1",
                 CLEANWIRE_SITE_MEMORY_ENABLED="false", CLEANWIRE_DUPLICATES_ENABLED="false", **env) as worker:
        read_committed = env.get("CLEANWIRE_PROCESSING_GUARANTEE") == "exactly_once"
        out = values(collect(servers, topics.output, n - 1, timeout=120, ids=ids, read_committed=read_committed))
        dead = values(collect(servers, topics.dead_letter, 1, timeout=60, read_committed=read_committed))
        end = end_offsets(servers, topics.input)
        deadline = time.monotonic() + 60
        while (committed := committed_offsets(servers, topics.app_id, topics.input)) != end and time.monotonic() < deadline:
            time.sleep(0.5)
        log = worker.log.read_text(errors="replace")
    assert {v["input_id"] for v in out} == ids
    assert [(d["reason"], d["payload"]["id"], d["source"]["offset"]) for d in dead] == [("extraction_crash", "r-7", 7)]
    assert "clean_pages: RuntimeError: test: the stage raises on r-7" in dead[0]["detail"]
    assert committed == end == {0: n}, f"the commits stopped at the page whose stage raised: {committed}\n{log[-3000:]}"


def test_a_stage_that_raises_dead_letters_the_page_and_commits_past_it(tmp_path: Path) -> None:
    _raises_on_one_page(tmp_path)


def test_exactly_once_a_stage_that_raises_dead_letters_the_page_in_its_transaction(tmp_path: Path) -> None:
    _raises_on_one_page(tmp_path, CLEANWIRE_PROCESSING_GUARANTEE="exactly_once")


def test_a_partition_stalled_at_an_event_nobody_works_on_is_sought_back(tmp_path: Path) -> None:
    """The event at offset 5 is dropped by the dispatcher once (faulty_worker): never worked on, never acked.
    Faust must not commit past it (faust_fixes.no_commit_over_a_hole), and the watchdog seeks the partition
    back to it after CLEANWIRE_STALL_TIMEOUT_S: the page comes out, the commits reach the end."""
    servers = ensure_broker()
    topics = new_topics("stall", servers, partitions=1)
    n = 30
    produce_raw(servers, topics.input, [(None, page_message(_body(i), id=f"s-{i}", content_type="text/plain"))
                                         for i in range(n)])
    ids = {f"s-{i}" for i in range(n)}
    with running(servers, topics, tmp_path, FAULTY_WORKER, TEST_LOSE_ONCE_INPUT_ID="s-5", CLEANWIRE_TOPIC_PARTITIONS="1",
                 CLEANWIRE_SITE_MEMORY_ENABLED="false", CLEANWIRE_DUPLICATES_ENABLED="false",
                 CLEANWIRE_PAGE_TIMEOUT_S="15", CLEANWIRE_STALL_TIMEOUT_S="20", CLEANWIRE_LOG_LEVEL="info") as worker:
        out = values(collect(servers, topics.output, n, timeout=120, ids=ids))
        end = end_offsets(servers, topics.input)
        deadline = time.monotonic() + 60
        while (committed := committed_offsets(servers, topics.app_id, topics.input)) != end and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(25)  # longer than the stall timeout: a caught-up partition must not count as stalled
        metrics = http_get(f"{worker.url}/metrics")[1]
        log = worker.log.read_text(errors="replace")
    assert "test: lost s-5" in log and log.count("stalled at offset") == 1, log[-3000:]
    assert {v["input_id"] for v in out} == ids, log[-3000:]
    assert committed == end == {0: n}, f"commits stopped at the lost page: {committed}\n{log[-3000:]}"
    stall = f'cleanwire_partition_stalls_total{{partition="0",topic="{topics.input}"}} 1.0'
    assert stall in metrics, [line for line in metrics.splitlines() if "stall" in line]
    assert f"{topics.input}[0] stalled at offset 5" in log
