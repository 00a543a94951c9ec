"""When trafilatura's fallbacks run (`core.extract.body_paragraphs`): its fast pass alone misses the article
on some real pages (the body written as `<span>`s or text between `<br>`s, which a count of `<p>` prose did
not see), and a fast pass that returned menus and link lists can be longer than the article the fallbacks
find. Two WCXB development pages (CC-BY-4.0, tests/resources/ATTRIBUTION.md) and the choice rule itself."""

from __future__ import annotations

import pytest

from cleanwire.core import extract
from cleanwire.core.html import parse
from cleanwire.learn.cv import word_prf
from conftest import extraction_page


def _recall(lines: list[str], reference: str) -> float:
    return word_prf("\n".join(lines), reference)[1]



@pytest.mark.unit
@pytest.mark.parametrize("stem", ["4251", "4617"])
def test_the_fallbacks_run_where_the_fast_pass_misses_the_article(stem: str) -> None:
    tree, url, reference = extraction_page(stem)
    fast = extract._extract(tree, url, fast=True)
    assert _recall(fast, reference) < 0.3  # the pattern: the fast pass finds one or two paragraphs
    assert extract.prose_chars(fast) < extract.SLOW_SHARE * extract.page_prose_chars(tree)
    assert _recall(extract.body_paragraphs(tree, url), reference) > 0.8


@pytest.mark.unit
def test_text_between_breaks_counts_as_the_pages_prose() -> None:
    sentence = "The committee met on Tuesday to discuss the budget for next year and the new school buildings."
    in_p = parse(f"<html><body><p>{sentence}</p><p>{sentence}</p></body></html>")
    in_div = parse(f"<html><body><div>{sentence}<br>{sentence}<br><span>short</span></div></body></html>")
    assert in_p is not None and in_div is not None
    assert extract.page_prose_chars(in_p) == extract.page_prose_chars(in_div) == 2 * len(sentence)
    assert extract.page_prose_chars(parse("<html><body><p>Home</p><p>About us</p></body></html>")) == 0


MENU = [f"Section {k}" for k in range(60)]  # a fast pass that returned the page's menus: long, no prose
ARTICLE = ["The council voted on Monday evening to close the old bridge to traffic from the first of March onwards.",
           "Engineers had warned for two years that its steel supports were failing faster than repairs could follow."]


@pytest.mark.unit
@pytest.mark.parametrize(("fast_lines", "slow_lines", "taken"), [
    (MENU, ARTICLE, ARTICLE),  # more prose, fewer characters: the fallbacks' article
    (MENU, MENU[:10], MENU),  # neither has prose: the longer
    (ARTICLE[:1], ARTICLE, ARTICLE),
    (ARTICLE, ARTICLE[:1], ARTICLE),  # the fast pass's prose is not given up for less
])
def test_the_result_with_more_prose_is_taken(monkeypatch: pytest.MonkeyPatch, fast_lines: list[str],
                                              slow_lines: list[str], taken: list[str]) -> None:
    calls: list[bool] = []

    def fake(tree: object, url: str | None, fast: bool) -> list[str]:
        calls.append(fast)
        return fast_lines if fast else slow_lines

    monkeypatch.setattr(extract, "_extract", fake)
    monkeypatch.setattr(extract, "page_prose_chars", lambda tree: 10_000)  # a page with much prose
    assert extract.body_paragraphs(parse("<html><body><p>x</p></body></html>"), None) == taken
    assert calls == [True, False]


@pytest.mark.unit
def test_a_fast_pass_holding_a_third_of_a_long_guide_is_not_taken_as_complete() -> None:
    # a nutrition guide (harvard.edu) whose fast pass stops after its first sections: a third of the page's
    # prose, over the 0.3 share that once passed it as complete
    tree, url, reference = extraction_page("0073")
    fast = extract._extract(tree, url, fast=True)
    assert _recall(fast, reference) < 0.4
    assert extract.prose_chars(fast) > 0.3 * extract.page_prose_chars(tree)
    assert _recall(extract.body_paragraphs(tree, url), reference) > 0.9
