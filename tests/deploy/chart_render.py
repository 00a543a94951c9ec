"""Rendering the chart with the real helm binary, and checking custom resources it renders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from .tools import CHART, ROOT, require_tool, run

SCENARIOS = sorted(p.name.removesuffix("-values.yaml") for p in (CHART / "ci").glob("*-values.yaml"))
NAMESPACE = "cleanwire"
CRD_SCHEMAS = ROOT / "tests" / "resources" / "crd-schemas"


def render(scenario: str | None, *extra: str, kube_version: str = "1.34.0") -> list[dict[str, Any]]:
    """`helm template` one scenario (None: chart defaults) into a list of manifests."""
    helm = require_tool("helm")
    cmd = [helm, "template", "rel", str(CHART), "--namespace", NAMESPACE, "--kube-version", kube_version]
    if scenario is not None:
        cmd += ["-f", str(CHART / "ci" / f"{scenario}-values.yaml")]
    out = run([*cmd, *extra]).stdout
    return [d for d in yaml.safe_load_all(out) if d]


def by_kind(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    kinds: dict[str, list[dict[str, Any]]] = {}
    for d in docs:
        kinds.setdefault(d["kind"], []).append(d)
    return kinds


def crd_schema(doc: dict[str, Any]) -> dict[str, Any] | None:
    """The vendored schema subset for a custom resource (group_kind.json), None for built-in kinds."""
    group = doc["apiVersion"].split("/")[0]
    if "." not in group or group.endswith(".k8s.io"):
        return None
    path = CRD_SCHEMAS / f"{group}_{doc['kind']}.json"
    if not path.exists():
        raise AssertionError(f"{doc['apiVersion']} {doc['kind']} has no schema in {path.parent}")
    schema: dict[str, Any] = json.loads(path.read_text())
    return schema


def chart_path(*parts: str) -> Path:
    return CHART.joinpath(*parts)
