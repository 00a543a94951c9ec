"""PromQL found in the dashboard and the alert rules, and the metric names it uses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from .tools import ROOT

DASHBOARD = ROOT / "deploy" / "grafana" / "dashboards" / "cleanwire.json"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"

# Grafana's variables, replaced by values Prometheus accepts.
GRAFANA_VARS = {"$__rate_interval": "1m", "$__range": "1h", "$__interval": "15s", "$job": ".+"}
_KEYWORDS = {
    "sum",
    "max",
    "min",
    "avg",
    "count",
    "by",
    "without",
    "rate",
    "increase",
    "delta",
    "deriv",
    "and",
    "or",
    "unless",
    "on",
    "ignoring",
    "histogram_quantile",
    "le",
    "bool",
    "offset",
    "topk",
    "abs",
    "clamp_min",
}


def dashboard_exprs(path: Path = DASHBOARD) -> list[tuple[str, str]]:
    """(panel title, expr) for every query of every panel, Grafana variables substituted."""
    dash: dict[str, Any] = json.loads(path.read_text())
    out = []
    for panel in dash["panels"]:
        for target in panel.get("targets", []):
            expr = target["expr"]
            for var, value in GRAFANA_VARS.items():
                expr = expr.replace(var, value)
            out.append((panel["title"], expr))
    return out


def alert_exprs(path: Path = ALERTS) -> list[tuple[str, str]]:
    rules = yaml.safe_load(path.read_text())
    return [(r["alert"], r["expr"]) for g in rules["groups"] for r in g["rules"]]


def metric_names(expr: str) -> set[str]:
    """Identifiers in a PromQL expression that name series (not functions, keywords, labels or durations)."""
    without_strings = re.sub(r'"[^"]*"', '""', expr)
    without_matchers = re.sub(r"\{[^}]*\}", "{}", without_strings)
    without_groupings = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", " ", without_matchers)
    without_ranges = re.sub(r"\[[^\]]*\]", "", without_groupings)
    names = set(re.findall(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", without_ranges))
    return {n for n in names if n not in _KEYWORDS}
