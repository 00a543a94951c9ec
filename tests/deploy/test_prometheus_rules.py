"""Alert rules and the Prometheus config with the real promtool (Debian's `prometheus` package)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from prometheus_client import CollectorRegistry, generate_latest

from cleanwire.stream.metrics import Metrics

from .promql import ALERTS, alert_exprs, dashboard_exprs, metric_names
from .tools import ROOT, require_tool, run

pytestmark = pytest.mark.deploy

PROM_DIR = ROOT / "deploy" / "prometheus"
REQUIRED_ALERTS = {
    "CleanwireConsumerLagGrowing",
    "CleanwireNoOutput",
    "CleanwireDeadLetterRatioHigh",
    "CleanwireLatencyP99High",
    "CleanwireWorkerNotReady",
}


def exported_names() -> set[str]:
    """Sample names a fresh Metrics() exports (with _total, _bucket, _count... suffixes)."""
    text = generate_latest(Metrics(CollectorRegistry()).registry).decode()
    return {m.group(1) for m in re.finditer(r"^([a-zA-Z_:][\w:]*)", text, re.M)} | {
        m.group(1) for m in re.finditer(r"^# TYPE (\S+) ", text, re.M)
    }


def test_promtool_check_rules() -> None:
    out = run([require_tool("promtool"), "check", "rules", str(ALERTS)]).stdout
    assert f"SUCCESS: {len(alert_exprs())} rules found" in out


def test_promtool_test_rules() -> None:
    """deploy/prometheus/alerts.test.yml: each alert fires on its scenario and stays quiet on a look-alike."""
    out = run([require_tool("promtool"), "test", "rules", str(PROM_DIR / "alerts.test.yml")]).stdout
    assert "SUCCESS" in out
    tested = {
        t["alertname"]
        for case in yaml.safe_load((PROM_DIR / "alerts.test.yml").read_text())["tests"]
        for t in case["alert_rule_test"]
        if t["exp_alerts"]
    }
    assert tested == {name for name, _ in alert_exprs()}, "every alert needs a firing test case"


def test_required_alerts_exist() -> None:
    assert {name for name, _ in alert_exprs()} >= REQUIRED_ALERTS


def test_promtool_check_config() -> None:
    out = run([require_tool("promtool"), "check", "config", str(PROM_DIR / "prometheus.yml")]).stdout
    assert "SUCCESS" in out


def test_alerts_and_dashboard_use_metrics_cleanwire_exports() -> None:
    """Static half of the name check (the live half scrapes a real worker: test_live_scrape.py)."""
    exported = exported_names() | {"up"}
    for source, expr in [*alert_exprs(), *dashboard_exprs()]:
        unknown = metric_names(expr) - exported
        assert not unknown, f"{source}: {expr} uses {unknown}, which cleanwire does not export"


def test_dashboard_promql_parses(tmp_path: Path) -> None:
    """Each panel query through Prometheus' own parser: as recording rules checked by promtool."""
    exprs = dashboard_exprs()
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [
                    {"record": f"cleanwire:panel_{i}", "expr": expr} for i, (_, expr) in enumerate(exprs)
                ],
            }
        ]
    }
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules))
    out = run([require_tool("promtool"), "check", "rules", str(path)]).stdout
    assert f"SUCCESS: {len(exprs)} rules found" in out


def test_metric_name_extraction() -> None:
    expr = 'histogram_quantile(0.99, sum by (job, le) (rate(cleanwire_x_bucket{job=~"a|b"}[5m]))) / up'
    assert metric_names(expr) == {"cleanwire_x_bucket", "up"}
