"""A real worker on the local Kafka, scraped by a real Prometheus (Debian's binary).

Pages go into a fresh input topic; what the worker processed is read back from its output and dead-letter
topics; Prometheus' HTTP API must report the same numbers. The dashboard's and the alerts' metric names are
checked against the worker's live /metrics, and the dashboard's queries are run against the scraped data.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from .live import (
    Prometheus,
    Topics,
    Worker,
    bootstrap_servers,
    create_topics,
    delete_topics,
    http_get,
    running_prometheus,
    running_worker,
    unique_topics,
    wait_for,
)
from .promql import ALERTS, alert_exprs, dashboard_exprs, metric_names
from .tools import ROOT, require_tool

pytestmark = [pytest.mark.integration, pytest.mark.deploy, pytest.mark.slow]

PAGES = ROOT / "tests" / "resources" / "ops-pages"


@dataclass
class Live:
    worker: Worker
    prom: Prometheus
    topics: Topics
    sent: int
    published: int
    dead_letters: collections.Counter[str]


def messages() -> list[bytes]:
    """Three real news pages, and three inputs the worker must dead-letter (bad JSON, no content, empty)."""
    meta = json.loads((PAGES / "pages.json").read_text())
    out = [
        json.dumps(
            {
                "id": page_id,
                "url": info["url"],
                "content_type": "text/html; charset=utf-8",
                "content": (PAGES / f"{page_id}.html").read_text(encoding="utf-8", errors="replace"),
            }
        ).encode()
        for page_id, info in sorted(meta.items())
    ]
    out.append(b'{"url": "https://example.org/broken", "content": ')
    out.append(json.dumps({"id": "no-content", "url": "https://example.org/x"}).encode())
    out.append(json.dumps({"id": "blank", "url": "https://example.org/blank", "content": "   \n "}).encode())
    return out


def produce(servers: str, topic: str, values: list[bytes]) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=servers, acks="all")
    try:
        for i, value in enumerate(values):
            producer.send(topic, key=f"k{i}".encode(), value=value)
        producer.flush(30)
    finally:
        producer.close()


def read_all(servers: str, topic: str) -> list[dict[str, Any]]:
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=servers,
        group_id=f"ops-reader-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=3000,
    )
    try:
        return [json.loads(record.value) for record in consumer]
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    servers = bootstrap_servers()
    require_tool("prometheus")
    tmp = tmp_path_factory.mktemp("live-scrape")
    rules = tmp / "alerts.yml"
    shutil.copy(ALERTS, rules)
    topics = unique_topics()
    create_topics(servers, topics, partitions=2)
    try:
        with (
            running_worker(servers, topics, tmp) as worker,
            running_prometheus([f"127.0.0.1:{worker.port}"], tmp, [rules]) as prom,
        ):
            values = messages()
            produce(servers, topics.input, values)

            def all_out() -> tuple[list[dict[str, Any]], list[dict[str, Any]]] | None:
                out, dlq = read_all(servers, topics.output), read_all(servers, topics.dead_letter)
                return (out, dlq) if len(out) + len(dlq) >= len(values) else None

            out, dlq = wait_for(
                "every page on the output or dead-letter topic", all_out, 180, worker.proc, worker.log
            )
            # Prometheus has scraped the final numbers once the consumed counter reaches what was sent.
            wait_for(
                "Prometheus to scrape the final counters",
                lambda: (
                    prom.scalar('sum(cleanwire_pages_consumed_total{job="cleanwire"})') == len(values)
                    and prom.scalar('sum(cleanwire_articles_published_total{job="cleanwire"})') == len(out)
                ),
                60,
                prom.proc,
                prom.log,
            )
            time.sleep(3)  # a few more scrapes, so that rate() over the run has points on both sides
            yield Live(
                worker, prom, topics, len(values), len(out), collections.Counter(d["reason"] for d in dlq)
            )
    finally:
        delete_topics(servers, topics)


def test_scraped_counters_equal_what_was_processed(live: Live) -> None:
    prom = live.prom
    assert live.published + sum(live.dead_letters.values()) == live.sent
    assert prom.scalar('sum(cleanwire_pages_consumed_total{job="cleanwire"})') == live.sent
    assert prom.scalar('sum(cleanwire_articles_published_total{job="cleanwire"})') == live.published
    scraped = {
        r["metric"]["reason"]: float(r["value"][1])
        for r in prom.query('sum by (reason) (cleanwire_dead_letters_total{job="cleanwire"})')
        if float(r["value"][1]) > 0
    }
    assert scraped == {reason: float(n) for reason, n in live.dead_letters.items()}
    assert {"invalid_json"} <= set(scraped)
    # every processed record was timed end to end, every consumed page measured
    assert prom.scalar('sum(cleanwire_end_to_end_latency_seconds_count{job="cleanwire"})') == live.sent
    assert prom.scalar("sum(cleanwire_page_size_bytes_count)") is not None


def test_worker_is_up_and_ready_for_prometheus(live: Live) -> None:
    assert http_get(f"{live.worker.url}/healthz")[0] == 200
    assert http_get(f"{live.worker.url}/readyz")[0] == 200
    (target,) = live.prom.api("/api/v1/targets")["activeTargets"]
    assert target["health"] == "up", target
    assert live.prom.scalar('up{job="cleanwire"}') == 1
    assert live.prom.scalar('max(cleanwire_ready{job="cleanwire"})') == 1
    assert live.prom.query('cleanwire_build_info{job="cleanwire"}')[0]["metric"]["version"]


def live_names(text: str) -> set[str]:
    """Sample names on /metrics, plus the names series get once a labelled metric has children."""
    names: set[str] = set()
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_count", "_sum"], "info": ["_info"]}
    for family in text_string_to_metric_families(text):
        names |= {s.name for s in family.samples}
        names |= {family.name + suffix for suffix in suffixes.get(family.type, [""])}
    return names


def test_dashboard_and_alert_metrics_are_on_live_metrics(live: Live) -> None:
    status, body = http_get(f"{live.worker.url}/metrics")
    assert status == 200
    names = live_names(body) | {"up"}
    for source, expr in [*dashboard_exprs(), *alert_exprs()]:
        missing = metric_names(expr) - names
        assert not missing, f"{source}: {expr} uses {missing}, absent from a live worker's /metrics"


def test_dashboard_queries_return_data(live: Live) -> None:
    """The panels' PromQL, run by Prometheus on what it scraped: no errors, and the core panels have data."""
    core = {
        "Throughput in and out",
        "Pages in / s",
        "End-to-end latency percentiles",
        "Workers ready",
        "Dead letters by reason",
        "Ready and scraped, by worker",
        "Extraction processes",
    }
    empty = []
    for title, expr in dashboard_exprs():
        result = live.prom.query(expr.replace('job=~".+"', 'job=~"cleanwire"'))
        if title in core and not result:
            empty.append(f"{title}: {expr}")
    assert not empty, "panels without data:\n" + "\n".join(empty)


def test_alert_rules_load_in_prometheus(live: Live) -> None:
    groups = live.prom.api("/api/v1/rules")["groups"]
    rules = {r["name"]: r for g in groups for r in g["rules"]}
    assert set(rules) == {name for name, _ in alert_exprs()}
    assert all(r["health"] == "ok" for r in rules.values()), rules
    firing = [
        a["labels"]["alertname"] for a in live.prom.api("/api/v1/alerts")["alerts"] if a["state"] == "firing"
    ]
    assert "CleanwireWorkerNotReady" not in firing and "CleanwireWorkerDown" not in firing


def test_dockerfile_healthcheck_command_passes_against_a_worker(live: Live) -> None:
    text = re.sub(r"\\\n\s*", " ", (ROOT / "deploy" / "Dockerfile").read_text())
    (command,) = re.findall(r"^HEALTHCHECK .*? CMD (.+)$", text, re.M)
    command = command.replace("python ", f"{Path(shutil.which('python3') or 'python3')} ", 1)
    ok = subprocess.run(["sh", "-c", command], env={"CLEANWIRE_HTTP_PORT": str(live.worker.port)}, timeout=10)
    assert ok.returncode == 0
    closed = subprocess.run(
        ["sh", "-c", command], env={"CLEANWIRE_HTTP_PORT": "1"}, capture_output=True, timeout=10
    )
    assert closed.returncode != 0


def test_consumer_lag_per_partition_drains_to_zero(live: Live) -> None:
    """Both input partitions report lag, and once everything is processed the scraped lag is 0."""
    query = 'max by (partition) (cleanwire_consumer_lag_records{job="cleanwire"})'
    lag = wait_for(
        "lag of both partitions at 0 in Prometheus",
        lambda: (
            (r := live.prom.query(query)) and len(r) == 2 and all(float(x["value"][1]) == 0 for x in r) and r
        ),
        30,
        live.prom.proc,
        live.prom.log,
    )
    assert sorted(x["metric"]["partition"] for x in lag) == ["0", "1"]
