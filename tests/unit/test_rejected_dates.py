"""A rejected page's date (the dead-letter record's detail): htmldate's extensive search, the costliest date
source, runs for a rejected page only when its page type has a publication day (`pipeline.DATED_TYPES`:
articles, forum threads); a listing, product, service or documentation page is dated from its cheaper sources.
The pages are the bundled wcxb-dev sample (real pages, CC-BY-4.0, tests/resources/ATTRIBUTION.md)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from cleanwire.core import pipeline
from cleanwire.core.models import CleanOptions, Page, Rejected, RejectReason

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "wcxb-sample"


def _pages() -> list[tuple[str, str, bytes, dict[str, Any]]]:
    out = []
    for truth in sorted((SAMPLE / "ground-truth").glob("*.json")):
        meta = json.loads(truth.read_text())
        raw = gzip.decompress((SAMPLE / "html" / f"{truth.stem}.html.gz").read_bytes())
        out.append((truth.stem, meta["url"], raw, meta["ground_truth"]))
    return out


def _named_type(rejected: Rejected) -> str:
    """The page type a not_article rejection names ("page type forum (P(accepted types) 0.01)")."""
    match = re.match(r"page type (\w+)", rejected.detail)
    assert match, rejected.detail
    return match.group(1)


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The URLs htmldate's extensive search ran for."""
    calls: list[str] = []
    real = pipeline.htmldate_candidate

    def spy(tree: Any, url: str | None) -> Any:
        calls.append(url or "")
        return real(tree, url)

    monkeypatch.setattr(pipeline, "htmldate_candidate", spy)
    return calls


def test_only_rejected_pages_of_dated_types_are_searched(searches: list[str]) -> None:
    by_type: dict[str, list[bool]] = {}
    for _, url, raw, _ in _pages():
        before = len(searches)
        result = pipeline.clean(Page(content=raw, url=url))
        if isinstance(result, Rejected) and result.reason == RejectReason.NOT_ARTICLE:
            by_type.setdefault(_named_type(result), []).append(len(searches) > before)
    undated = {t: s for t, s in by_type.items() if t not in pipeline.DATED_TYPES}
    assert sum(len(s) for s in undated.values()) >= 5  # listings, products, docs... among the sample
    assert not any(any(s) for s in undated.values()), undated
    assert any(by_type.get("forum", [])), by_type  # a rejected thread is still searched where cheap sources fail


def test_a_rejected_forum_thread_keeps_its_day() -> None:
    # a reddit thread: no date in its markup the cheap sources read; htmldate's search finds the post's day
    (_, url, raw, truth), = [p for p in _pages() if p[0] == "4008"]
    result = pipeline.clean(Page(content=raw, url=url))
    assert isinstance(result, Rejected) and result.reason == RejectReason.NOT_ARTICLE
    assert _named_type(result) == "forum"
    assert result.date == truth["publish_date"]


def test_a_rejected_article_is_searched(searches: list[str]) -> None:
    # an article refused only because the consumer accepts other types keeps the full date search
    checked = 0
    for _, url, raw, _ in _pages():
        before = len(searches)
        if not isinstance(pipeline.clean(Page(content=raw, url=url)), pipeline.Article) or len(searches) == before:
            continue  # not an article, or one dated without the search
        before = len(searches)
        rejected = pipeline.clean(Page(content=raw, url=url), CleanOptions(accept_page_types=frozenset({"product"})))
        assert isinstance(rejected, Rejected)
        # named by its likeliest type the consumer does not accept: searched when that type has a publication day
        searched = len(searches) == before + 1
        assert searched == (_named_type(rejected) in pipeline.DATED_TYPES), rejected.detail
        checked += searched
    assert checked >= 1
