"""Tiers by directory: tests/unit, tests/functional, tests/integration, tests/deploy (markers are strict)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "tests" / "resources"
_TIERS = ("unit", "functional", "integration", "deploy")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts and parts[0] in _TIERS:
            item.add_marker(getattr(pytest.mark, parts[0]))


def pruned_tree(html: str) -> Any:
    """A page's tree as clean() hands it to trafilatura: parsed, named boilerplate pruned, unseen parts thinned."""
    from cleanwire.core.html import ParsedPage, parse, prune_boilerplate, thin

    parsed = ParsedPage(parse(html))
    prune_boilerplate(parsed)
    thin(parsed.tree)
    return parsed.tree


def extraction_page(stem: str) -> tuple[Any, str, str]:
    """A bundled WCXB development page of tests/resources/extraction (CC-BY-4.0, ATTRIBUTION.md): its pruned
    tree, URL and reference main text."""
    from cleanwire.core.decode import decode

    pages = RESOURCES / "extraction"
    truth = json.loads((pages / f"{stem}.json").read_text(encoding="utf-8"))
    html = decode(gzip.decompress((pages / f"{stem}.html.gz").read_bytes()), "text/html")
    assert isinstance(html, str)
    return pruned_tree(html), truth["url"], truth["ground_truth"]["main_content"]
