"""The Grafana dashboard's structure: the panels operators need, a datasource variable so that it works in
docker-compose and behind the Helm chart's ConfigMap, a layout without overlaps."""

from __future__ import annotations

import json
from typing import Any

import pytest

from .promql import DASHBOARD

pytestmark = pytest.mark.deploy

NEEDED = {
    "Throughput in and out": ["cleanwire_pages_consumed_total", "cleanwire_articles_published_total"],
    "Consumer lag by partition": ["cleanwire_consumer_lag_records"],
    "End-to-end latency percentiles": ["cleanwire_end_to_end_latency_seconds_bucket"],
    "Dead letters by reason": ["cleanwire_dead_letters_total", "by (reason)"],
    "Boilerplate removals by reason": ["cleanwire_boilerplate_removals_total", "by (reason)"],
    "Publication date sources": ["cleanwire_article_dates_total", "by (source)"],
    "Ready and scraped, by worker": ["cleanwire_ready", "up{"],
    "Extraction processes": ["cleanwire_extraction_processes_busy"],
}


@pytest.fixture(scope="module")
def dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return data


def test_needed_panels_query_the_right_metrics(dashboard: dict[str, Any]) -> None:
    panels = {p["title"]: p for p in dashboard["panels"]}
    for title, fragments in NEEDED.items():
        assert title in panels, f"missing panel {title!r}"
        exprs = " ".join(t["expr"] for t in panels[title]["targets"])
        for fragment in fragments:
            assert fragment in exprs, f"{title}: {fragment!r} not queried"
    latency = " ".join(t["expr"] for t in panels["End-to-end latency percentiles"]["targets"])
    assert all(f"histogram_quantile({q}," in latency for q in ("0.5", "0.9", "0.99"))


def test_queries_use_the_datasource_and_job_variables(dashboard: dict[str, Any]) -> None:
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    assert (
        variables["datasource"]["type"] == "datasource" and variables["datasource"]["query"] == "prometheus"
    )
    assert "cleanwire_build_info" in variables["job"]["definition"]
    for panel in dashboard["panels"]:
        if panel["type"] == "row":
            continue
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        for target in panel["targets"]:
            assert target["datasource"]["uid"] == "${datasource}"
            assert 'job=~"$job"' in target["expr"], f"{panel['title']}: {target['expr']} ignores $job"
            if "rate(" in target["expr"]:
                assert "[$__rate_interval]" in target["expr"], target["expr"]


def test_layout_has_unique_ids_and_no_overlaps(dashboard: dict[str, Any]) -> None:
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    assert dashboard["uid"] == "cleanwire"
    cells: dict[tuple[int, int], str] = {}
    for p in dashboard["panels"]:
        g = p["gridPos"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 24, p["title"]
        for x in range(g["x"], g["x"] + g["w"]):
            for y in range(g["y"], g["y"] + g["h"]):
                assert (x, y) not in cells, f"{p['title']} overlaps {cells[(x, y)]}"
                cells[(x, y)] = p["title"]
