"""Headings and lists put back between the fast pass's paragraphs (`core.extract.complete_flow`). Where
trafilatura finds no container it trusts, it recovers the page's loose paragraphs, and that recovery looks for
<p>, code, quotes and tables only: an article written as <p>s, <h2>s and <ul>s in a plain <div> comes back
without its section headings and its lists. Two WCXB development pages of the pattern (CC-BY-4.0,
tests/resources/ATTRIBUTION.md) and a page written for these tests to imitate it (extraction/plain_div_flow.html)."""

from __future__ import annotations

import pytest

from cleanwire.core import extract
from cleanwire.learn.cv import word_prf
from conftest import RESOURCES, extraction_page, pruned_tree

PAGES = RESOURCES / "extraction"
WRITTEN = PAGES / "plain_div_flow.html"


@pytest.mark.unit
@pytest.mark.parametrize("stem", ["4252", "0118"])
def test_real_pages_get_their_headings_and_lists_back(stem: str) -> None:
    tree, url, reference = extraction_page(stem)
    fast = extract._extract(tree, url, fast=True)
    p0, r0, _ = word_prf("\n".join(fast), reference)
    assert r0 < 0.6  # the pattern: the paragraphs alone are about half of the article
    completed = extract.complete_flow(tree, fast)
    p1, r1, _ = word_prf("\n".join(completed), reference)
    assert r1 > r0 + 0.3
    assert p1 > p0 - 0.02
    assert [p for p in completed if p in set(fast)] == fast  # the fast pass's paragraphs, in their order
    assert extract.extract_body(tree, url).paragraphs == completed  # the service's path takes them


def _blocks() -> tuple[list[str], list[str], list[str]]:
    """The written page's paragraphs, its plain headings and prose list items, and its linked ones."""
    from lxml.html import fromstring

    page = fromstring(WRITTEN.read_text(encoding="utf-8"))
    div = page.find_class("rich-text-block")[0]
    flat = [" ".join(el.text_content().split()) for el in div]
    plain = [t for el, t in zip(div, flat, strict=True) if el.tag == "h2"]
    plain += ["- " + " ".join(li.text_content().split()) for ul in div.iter("ul") for li in ul if li.find("a") is None]
    linked = [t for el, t in zip(div, flat, strict=True) if el.tag == "h3"]
    linked += ["- " + " ".join(li.text_content().split()) for ul in div.iter("ul") for li in ul if li.find("a") is not None]
    paragraphs = [t for el, t in zip(div, flat, strict=True) if el.tag == "p"]
    return paragraphs, plain, linked


@pytest.mark.unit
def test_a_plain_div_article_keeps_its_headings_and_lists_in_place() -> None:
    paragraphs, plain, linked = _blocks()
    tree = pruned_tree(WRITTEN.read_text(encoding="utf-8"))
    fast = extract._extract(tree, None, fast=True)
    assert fast == paragraphs  # trafilatura's recovery took the paragraphs only
    out = extract.extract_body(tree, None).paragraphs
    assert all(text in out for text in plain)
    assert not any(text in out for text in linked)  # a list of links to other posts is not the article's
    heading = out.index("Watering at night")
    assert out[heading - 1] == paragraphs[1] and out[heading + 1] == paragraphs[2]
    items = [k for k, text in enumerate(out) if text.startswith("- ")]
    assert items == [heading + 2, heading + 3] and out[heading + 4] == paragraphs[3]


@pytest.mark.unit
def test_where_trafilatura_took_the_headings_nothing_is_added_twice() -> None:
    html = WRITTEN.read_text(encoding="utf-8").replace('<div class="rich-text-block">', "<article>", 1)
    html = html.replace("</div>\n</div>\n</div>\n<div class=\"footer\">", "</article>\n</div>\n</div>\n<div class=\"footer\">", 1)
    tree = pruned_tree(html)
    fast = extract._extract(tree, None, fast=True)
    assert "Watering at night" in fast  # in an <article>, trafilatura's own extractor took headings and lists
    assert extract.complete_flow(tree, fast) == fast


@pytest.mark.unit
def test_list_items_already_taken_as_paragraphs_are_not_repeated() -> None:
    first = "The new timetable starts on Monday and adds four early trains on the northern line."
    last = "Passengers can find the full timetable at every station from the end of this week."
    item = "Trains will run every ten minutes between six and nine in the morning on weekdays."
    html = (f"<html><body><div class='copy'><p>{first}</p><ul><li><p>{item}</p></li></ul>"
            f"<h2>What changes</h2><p>{last}</p></div></body></html>")
    tree = pruned_tree(html)
    out = extract.complete_flow(tree, [first, item, last])
    assert out == [first, item, "What changes", last]


@pytest.mark.unit
def test_nothing_to_anchor_leaves_the_paragraphs_alone() -> None:
    tree = pruned_tree("<html><body><div><h2>Heading</h2><ul><li>One item of a list</li></ul></div></body></html>")
    assert extract.complete_flow(tree, ["A paragraph the page does not hold as a <p> of its own."]) == [
        "A paragraph the page does not hold as a <p> of its own."]
    assert extract.complete_flow(tree, []) == []
