"""Paragraphs run together, and a whole page pruned as a consent box (`core.extract`, `core.html`).

trafilatura's last rescue returns an `<article>`'s whole text (or JSON-LD's articleBody) as one paragraph;
the line classifier cannot keep half of one line, and judged whole, such a blob of thousands of words was
rejected ("no article body found") or published with its table of contents and author bios. The blob is
split back into the page's own blocks. Three WCXB development pages (CC-BY-4.0, tests/resources/ATTRIBUTION.md)
with the pattern, and the split rule itself."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from cleanwire.core import extract
from cleanwire.core.decode import decode
from cleanwire.core.html import ParsedPage, parse, prune_boilerplate, thin
from cleanwire.core.models import Article, Page
from cleanwire.core.pipeline import clean
from cleanwire.learn.cv import word_prf

PAGES = Path(__file__).resolve().parents[1] / "resources" / "extraction"


def _load(stem: str) -> tuple[str, str, str]:
    truth = json.loads((PAGES / f"{stem}.json").read_text(encoding="utf-8"))
    html = decode(gzip.decompress((PAGES / f"{stem}.html.gz").read_bytes()), "text/html")
    assert isinstance(html, str)
    return html, truth["url"], truth["ground_truth"]["main_content"]


def _tree(html: str) -> object:
    parsed = ParsedPage(parse(html))
    prune_boilerplate(parsed)
    thin(parsed.tree)
    return parsed.tree


@pytest.mark.unit
@pytest.mark.parametrize("stem", ["4007", "0119"])
def test_a_run_together_article_comes_back_as_paragraphs(stem: str) -> None:
    html, url, reference = _load(stem)
    tree = _tree(html)
    fast = extract._extract(tree, url, fast=True)
    assert len(fast) == 1 and len(fast[0].split()) > 1000  # the pattern: one paragraph of the whole article
    paragraphs = extract.body_paragraphs(tree, url)
    assert len(paragraphs) >= 15
    assert max(len(p.split()) for p in paragraphs) < extract.BLOB_WORDS
    assert word_prf("\n".join(paragraphs), reference)[1] > 0.95  # nothing of the article lost in the split


@pytest.mark.functional
@pytest.mark.parametrize("stem", ["4007", "0119", "4041"])
def test_such_pages_are_published_with_their_article(stem: str) -> None:
    html, url, reference = _load(stem)
    result = clean(Page(content=html, url=url, content_type="text/html"))
    assert isinstance(result, Article), result
    p, r, _ = word_prf(result.text, reference)
    assert r > 0.8 and p > 0.7, (p, r)


@pytest.mark.unit
def test_a_component_librarys_prefix_is_not_a_consent_box() -> None:
    # Adobe Experience Manager names every component "cmp-..." (its Core Components); "cmp" also stands for
    # consent management platform. The article of this page sits in "cmp-container" and "cmp-text" elements.
    html, url, reference = _load("4041")
    paragraphs = extract.body_paragraphs(_tree(html), url)
    assert word_prf("\n".join(paragraphs), reference)[1] > 0.8


@pytest.mark.unit
def test_a_wrapper_holding_most_of_the_prose_is_not_pruned_whatever_its_name() -> None:
    sentence = "The council voted on Monday evening to close the old bridge to traffic from the first of March."
    menu = "".join(f'<a href="/s{k}">Section number {k}</a>' for k in range(150))  # link-dense, long
    page = (f'<html><body><div class="consent-wrapper"><nav>{menu}</nav><p>{sentence}</p><p>{sentence}</p></div>'
            f'<div class="cookie-banner"><p>We use cookies to improve your experience on this site.</p></div>'
            "</body></html>")
    parsed = ParsedPage(parse(page))
    prune_boilerplate(parsed)
    text = parsed.tree.text_content()
    assert text.count(sentence) == 2  # the wrapper stays: it holds all the page's prose
    assert "We use cookies" not in text and parsed.removed["cookie"]  # the banner itself goes


@pytest.mark.unit
def test_block_texts_break_where_a_reader_sees_blocks() -> None:
    tree = parse("<html><body><article><h2>Title <em>here</em></h2><p>One <a href='/x'>link</a> in text.</p>"
                 "<div>Two<br>lines <script>var x;</script>after</div></article></body></html>")
    assert tree is not None
    assert extract.block_texts(tree.find("body")) == ["Title here", "One link in text.", "Two", "lines after"]


@pytest.mark.unit
def test_split_blob_takes_the_blocks_in_order_and_only_where_they_make_up_the_blob() -> None:
    blocks = ["News", "Home", "First paragraph of the story, long enough to count.", "Short",
              "Second paragraph follows it here with more words.", "Footer links and more"]
    blob = ("First paragraph of the story, long enough to count. Short Second paragraph follows it here "
            "with more words.")
    assert extract.split_blob(blob, blocks) == [
        "First paragraph of the story, long enough to count.", "Short",
        "Second paragraph follows it here with more words."]
    # a short block is taken only right after the last one: "Short" here is a word inside the next paragraph
    blob2 = "First paragraph of the story, long enough to count. Second paragraph Short follows it here."
    assert extract.split_blob(blob2, [*blocks, "Second paragraph Short follows it here."]) == [
        "First paragraph of the story, long enough to count.", "Second paragraph Short follows it here."]
    # text the page's blocks do not make up (a JSON-LD articleBody written apart from the page) stays whole
    blob3 = "A summary written for search engines. " + blocks[2]
    assert extract.split_blob(blob3, blocks) is None
