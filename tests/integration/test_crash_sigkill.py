"""A worker killed with SIGKILL mid-stream loses nothing; at-least-once counts (and prints) the pages
processed twice, exactly-once proves that a read_committed consumer sees every page exactly once."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from integration.kafka_helpers import (
    collect,
    ensure_broker,
    log_tail,
    new_topics,
    page_message,
    produce_raw,
    running,
    start_worker,
    values,
)
from integration.test_pipeline import _body

N = 3000


def _kill_mid_stream(servers: str, topics: object, tmp: Path, **env: str) -> int:
    from kafka import KafkaConsumer

    worker = start_worker(servers, topics, tmp, **env)  # type: ignore[arg-type]
    watcher = KafkaConsumer(topics.output, bootstrap_servers=servers, group_id=None, auto_offset_reset="earliest",  # type: ignore[attr-defined]
                            isolation_level="read_uncommitted")
    seen = 0
    deadline = time.monotonic() + 120
    while seen < 300 and time.monotonic() < deadline:
        seen += sum(len(b) for b in watcher.poll(timeout_ms=100).values())
    watcher.close()
    worker.proc.send_signal(signal.SIGKILL)
    worker.proc.wait(30)
    return seen


@pytest.mark.parametrize("guarantee", ["at_least_once", "exactly_once"])
def test_sigkill_mid_stream_loses_nothing(tmp_path: Path, guarantee: str) -> None:
    servers = ensure_broker()
    topics = new_topics(f"kill-{guarantee[:5]}", servers, partitions=4)
    msgs = [(None, page_message(_body(i) if i % 100 else "", id=f"k-{i}", content_type="text/plain")) for i in range(N)]
    produce_raw(servers, topics.input, msgs)
    env = {"CLEANWIRE_PROCESSING_GUARANTEE": guarantee, "CLEANWIRE_PROCESSES": "1"}
    seen = _kill_mid_stream(servers, topics, tmp_path, **env)
    assert seen < N, "the worker finished before it could be killed"
    committed = guarantee == "exactly_once"
    wanted_out = {f"k-{i}" for i in range(N) if i % 100}
    wanted_dead = {f"k-{i}" for i in range(N) if not i % 100}
    with running(servers, topics, tmp_path, **env) as worker:
        collect(servers, topics.output, 0, timeout=300, read_committed=committed, ids=wanted_out)
        collect(servers, topics.dead_letter, 0, timeout=120, read_committed=committed, ids=wanted_dead,
                id_of=lambda v: v["payload"]["id"])
        time.sleep(5)  # whatever would come twice has come by now
        out = collect(servers, topics.output, 2 * N, timeout=8, read_committed=committed)
        dead = collect(servers, topics.dead_letter, 2 * N, timeout=8, read_committed=committed)
        alive = worker.proc.poll() is None
    ids = Counter(v["input_id"] for v in values(out)) + Counter(v["payload"]["id"] for v in values(dead))
    missing = sorted({f"k-{i}" for i in range(N)} - set(ids))
    assert not missing, (f"{len(missing)} missing, e.g. {missing[:10]}; the restarted worker "
                         f"{'was still running' if alive else 'had exited'}; its log ends:\n{log_tail(worker.log)}")
    duplicates = sum(c - 1 for c in ids.values())
    print(f"\n{guarantee}: {N} pages, killed after {seen} outputs, {duplicates} processed twice")
    if guarantee == "exactly_once":
        twice = sorted(i for i, c in ids.items() if c > 1)
        assert duplicates == 0, f"seen twice: {twice[:10]}; the restarted worker's log ends:\n{log_tail(worker.log)}"
    else:
        assert duplicates < seen  # at most what was in flight or not yet committed when it died
