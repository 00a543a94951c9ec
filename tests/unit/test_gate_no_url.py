"""A page sent without a URL is judged by its kind's gate that learnt every page without one
(`train.without_any_url`, `Models.page_type`): a fetcher may send flattened text, or HTML, alone.

Every training page has a URL. The text gate learnt from them ranked the bundled pages' flattened text sent
without URLs at an AUC of 0.746 (articles against non-articles; 0.57-0.67 out of fold), and in grouped CV it
rejected five of the fifteen development articles that come without a URL (README, Quality)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cleanwire import Rejected
from cleanwire.core import gate
from cleanwire.core.model import expected_features, shipped
from cleanwire.core.pipeline import prepare
from cleanwire.learn.data import load_all
from cleanwire.learn.flatten import flatten
from cleanwire.learn.train import without_any_url

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ARTICLE = frozenset({"article"})


def _pages() -> list[tuple[bool, str, str | None]]:
    """(is an article, HTML, URL) of the bundled pages: the corpus's articles and the WCXB sample's pages of
    every type, as `make eval` reads them without the development data."""
    return [(p.page_type == "article", p.html.decode("utf-8", errors="replace"), p.url)
            for p in load_all(RESOURCES / "wcxb-sample", RESOURCES / "corpus")]


def _auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """The share of (article, non-article) pairs the scores put in the right order, ties counting half."""
    pos, neg = scores[positive], scores[~positive]
    wins = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(wins / (len(pos) * len(neg)))


@pytest.mark.parametrize("html", [False, True], ids=["flattened", "html"])
def test_the_gates_tell_articles_apart_without_a_url(html: bool) -> None:
    models = shipped()
    labels, scores = [], []
    for is_article, page, _ in _pages():
        prep = prepare(page if html else flatten(page, "inscriptis"), None, "text/html" if html else "text/plain")
        assert not isinstance(prep, Rejected), prep
        assert np.isnan(prep.page_row[0, : len(gate.URL_NAMES)]).all()  # sent without a URL
        labels.append(is_article)
        scores.append(models.page_type(prep.page_row, html, ARTICLE)[1])
    positive = np.asarray(labels)
    assert positive.sum() >= 20 and (~positive).sum() >= 20
    assert _auc(np.asarray(scores), positive) >= 0.85


def test_a_page_with_a_url_is_judged_by_the_gate_that_learnt_urls() -> None:
    models = shipped()
    _, page, url = next(p for p in _pages() if p[2])
    for html in (False, True):
        content = page if html else flatten(page, "inscriptis")
        kind = "gate_html" if html else "gate_text"
        for sent, name in ((url, kind), (None, f"{kind}_nourl")):
            prep = prepare(content, sent, "text/html" if html else "text/plain")
            assert not isinstance(prep, Rejected)
            expected = float(models.boosters[name].predict(prep.page_row, num_threads=1)[0][0])
            assert models.page_type(prep.page_row, html, ARTICLE)[1] == pytest.approx(expected)
        assert models.gate_threshold(html) == models.thresholds[kind]
        assert models.gate_threshold(html, with_url=False) == models.thresholds[f"{kind}_nourl"]


def test_without_any_url_blanks_the_url_columns_only() -> None:
    names = expected_features("gate_text")
    rng = np.random.default_rng(2)
    rows = rng.uniform(0.5, 2.0, size=(4, len(names))).astype(np.float32)
    before = rows.copy()
    bare = without_any_url(rows)
    n_url = len(gate.URL_NAMES)
    assert np.isnan(bare[:, :n_url]).all() and np.array_equal(bare[:, n_url:], rows[:, n_url:])
    assert np.array_equal(rows, before)  # the caller's rows are not changed
