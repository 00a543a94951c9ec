"""`cleanwire.core.xpaths`: trafilatura's class/id XPath expressions as Python walks. Each walk must return the
very elements trafilatura's XPath returns, in the same order: checked on random trees built from the tokens
those expressions test (attribute order, empty and absent attributes, case, nesting), on the bundled real
pages, and through `clean()` with and without the walks."""

from __future__ import annotations

import gzip
import random
from pathlib import Path
from typing import Any

import pytest
import trafilatura.xpaths as tx
from lxml import etree

from cleanwire.core import xpaths
from cleanwire.core.decode import decode, strip_controls
from cleanwire.core.html import parse
from cleanwire.core.models import Page
from cleanwire.core.pipeline import clean

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

# fragments the expressions look for, near misses, and case variants
_WORDS = (
    "share", "Share", "shared", "sharing", "social", "cookie", "cookies", "nav", "Nav", "NAV", "navbar", "menu",
    "ad", "ad-slot", "head-ad-top", "load", "dfpAd", "widget", "footer", "Footer", "byline", "meta", "metadata",
    "related", "Related", "comment", "comments", "Comment-list", "commentary", "Commentary", "comol", "disqus_thread",
    "article-comments", "post-comments", "hidden", "is-hidden", "hide", "hide-print", "message", "display:none",
    "display: none", "color: red", "teaser", "Teaser", "TEASER", "caption", "figcaption", "mvp-post-add-box",
    "mvp-post-add-wrap", "infinite-scroll", "infinitescroll", "elementor-share-buttons", "post", "entry",
    "articleBody", "article-body", "article__body", "articleContent", "body-text", "content", "main-content",
    "Main-Content", "MAIN-CONTENT", "page-content", "Page-Content", "content-main", "contentBody", "fulltext",
    "FullText", "story", "story-body", "story-content", "primary", "primary-col", "reply-to", "reply-", "main",
    "mainbar", "article", "article ", "text", "cell", "postarea", "single-post", "tags", "tag-list", "premium",
    "reader-comments", "akismet", "true", "false", "nfoline", "yin", "cookie-banner", "CookieBot", "Consent_Manager",
    "notice__cookie", "onetrust-pc", "site-footer", "x", "",
)
_ATTRS = ("class", "id", "style", "role", "aria-hidden", "itemprop", "data-component", "data-lp-replacement-content")
_TAGS = (
    "div", "p", "span", "section", "article", "main", "aside", "ul", "ol", "list", "item", "details", "a", "h1",
    "header", "figure", "footer", "script", "style", "svg", "template", "fencedframe",
)


def _value(rng: random.Random) -> str:
    n = rng.choice((0, 1, 1, 1, 2, 3))
    sep = rng.choice((" ", "-", "_", "", " "))
    return sep.join(rng.choice(_WORDS) for _ in range(n))


def _random_tree(rng: random.Random, size: int) -> Any:
    root = etree.Element("body")
    elements = [root]
    for _ in range(size):
        parent = rng.choice(elements)
        el = etree.SubElement(parent, rng.choice(_TAGS))
        for name in rng.sample(_ATTRS, rng.choice((0, 1, 1, 2, 2, 3, 4))):  # random attribute order
            el.set(name, _value(rng))
        el.text = "some text"
        if rng.random() < 0.1:
            parent.append(etree.Comment("a comment"))
        elements.append(el)
    return root


def _same(original: Any, fast: Any, tree: Any) -> None:
    want = original(tree)
    got = fast(tree)
    assert [id(e) for e in got] == [id(e) for e in want], (
        original.path,
        [(e.tag, dict(e.attrib)) for e in want][:5],
        [(e.tag, dict(e.attrib)) for e in got][:5],
    )


def test_every_expression_of_the_pinned_trafilatura_is_replaced() -> None:
    state = xpaths.state()
    assert state.skipped == []
    assert len(state.swaps) == 12


def test_the_walks_select_what_the_xpaths_select_on_random_trees() -> None:
    rng = random.Random(20261205)
    swaps = xpaths.state().swaps
    for _ in range(400):
        tree = _random_tree(rng, rng.randint(1, 60))
        for swap in swaps:
            _same(swap.original, swap.fast, tree)


def test_attribute_order_decides_which_of_id_and_class_is_tested() -> None:
    # XPath's string(@id|@class) is the attribute written first: the cookie test reads only that one
    first_id = etree.fromstring('<body><div id="main" class="cookie-notice">x</div></body>')
    first_class = etree.fromstring('<body><div class="cookie-notice" id="main">x</div></body>')
    original = tx.OVERALL_DISCARD_XPATH[0]
    fast = next(s.fast for s in xpaths.state().swaps if s.original is original)
    assert original(first_id) == [] and fast(first_id) == []
    assert len(original(first_class)) == 1
    _same(original, fast, first_class)


def _bundled_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((RESOURCES / "corpus" / "pages").glob("*.html"))]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted((RESOURCES / "wcxb-sample" / "html").glob("*.gz"))]
    return pages


def test_the_walks_select_what_the_xpaths_select_on_real_pages() -> None:
    pages = _bundled_pages()
    assert len(pages) >= 20
    swaps = xpaths.state().swaps
    for raw in pages:
        tree = parse(strip_controls(decode(raw, None)))
        for swap in swaps:
            _same(swap.original, swap.fast, tree)


def test_the_walks_are_in_place_only_while_clean_runs_trafilatura() -> None:
    swaps = xpaths.state().swaps
    with xpaths.accelerated():
        with xpaths.accelerated():  # nested use keeps them in until the outermost leaves
            inside = [s.current() for s in swaps]
        still = [s.current() for s in swaps]
    after = [s.current() for s in swaps]
    fast = [s.fast for s in swaps]
    assert inside == fast and still == fast
    assert all(a is s.original for a, s in zip(after, swaps, strict=True))


def test_a_changed_expression_falls_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = list(tx.TEASER_DISCARD_XPATH)
    changed[0] = etree.XPath(".//*[self::div][contains(@class, 'teaser') or contains(@class, 'promo')]")
    monkeypatch.setattr(tx, "TEASER_DISCARD_XPATH", changed)
    state = xpaths._Accelerated()
    assert state.skipped == ["TEASER_DISCARD_XPATH[0]"]
    assert len(state.swaps) == 11


def test_clean_gives_the_same_result_with_and_without_the_replacements(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _bundled_pages()
    fast = [clean(Page(content=raw)) for raw in pages]
    monkeypatch.setattr(xpaths.state(), "swaps", [])
    monkeypatch.setattr(xpaths.state(), "functions", [])
    stock = [clean(Page(content=raw)) for raw in pages]
    assert fast == stock


def test_the_pinned_trafilatura_prepares_its_fast_pass_without_the_backup_copy() -> None:
    state = xpaths.state()
    assert [s.name for s in state.functions] == ["_prepare_tree", "html2txt"]
    assert "_prepare_tree" not in state.skipped and "html2txt" not in state.skipped


def test_a_changed_prepare_tree_falls_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.core as tc

    original = tc._prepare_tree

    def _prepare_tree(tree: Any, options: Any, url: str | None) -> Any:  # upstream's body changed
        return original(tree, options, url)

    monkeypatch.setattr(tc, "_prepare_tree", _prepare_tree)
    state = xpaths._Accelerated()
    assert [f.name for f in state.functions] == ["html2txt"] and state.skipped == ["_prepare_tree"]


def _function(name: str) -> xpaths.Swap:
    (swap,) = [f for f in xpaths.state().functions if f.name == name]
    return swap


def _extract_with_and_without(swap: xpaths.Swap, fast: bool) -> tuple[list[str | None], list[str | None]]:
    """trafilatura's text of every bundled page with the function swapped in, and with trafilatura's own."""
    from trafilatura import bare_extraction

    got_with: list[str | None] = []
    got_without: list[str | None] = []
    for raw in _bundled_pages():
        tree = parse(strip_controls(decode(raw, None)))
        for replaced, out in ((swap.fast, got_with), (swap.original, got_without)):
            swap.put(replaced)
            try:
                doc = bare_extraction(tree, fast=fast, include_comments=False, include_tables=True, with_metadata=False)
            finally:
                swap.put(swap.original)
            out.append(getattr(doc, "text", None))
    return got_with, got_without


@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_extracts_the_same_with_and_without_the_prepare_tree_swap(fast: bool) -> None:
    got_with, got_without = _extract_with_and_without(_function("_prepare_tree"), fast)
    assert got_with == got_without
    assert sum(bool(t) for t in got_with) >= 20


def test_the_page_text_bound_is_never_below_html2txts_length() -> None:
    from trafilatura.baseline import html2txt

    pages = _bundled_pages()
    written = [
        # scripts and styles (deleted by html2txt), an aside and a footer div with tails, nested blocks, a
        # tab (whitespace, kept) and a zero-width space (removed from block texts), words run into block tags
        "<html><body><div>one<p>two</p>three<aside>side<p>in</p></aside>tail<script>var a = 1;</script>"
        "<style>p { x: y }</style><div class='footer'>foot</div>after</div><ul><li>a\tb</li><li>c\u200bd</li>"
        "</ul><table><tr><td>x</td><td>y</td></tr></table></body></html>",
        "<html><body></body></html>",
        "<html><body><p>   </p><br/><span>solo</span></body></html>",
        "<html><head><title>t</title></head><body><svg><style>a{}</style><text>drawn</text></svg>x</body></html>",
    ]
    trees = [parse(strip_controls(decode(raw, None))) for raw in pages] + [parse(text) for text in written]
    assert all(tree is not None for tree in trees)
    for tree in trees:
        assert xpaths.page_text_bound(tree) >= len(html2txt(tree))


def test_the_escalation_test_reads_trafilaturas_html2txt_outside_the_sequence() -> None:
    from trafilatura.baseline import html2txt

    swap = _function("html2txt")
    tree = parse("<html><body><p>A paragraph of a page, of some length, with an aside.</p><aside>x</aside></body></html>")
    assert swap.fast(tree) == html2txt(tree) != ""  # called from here, not from trafilatura_sequence


def test_a_changed_html2txt_falls_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    baseline = importlib.import_module("trafilatura.baseline")
    original = baseline._spaced_text

    def _spaced_text(element: Any) -> str:  # upstream's measure changed
        return str(original(element))

    monkeypatch.setattr(baseline, "_spaced_text", _spaced_text)
    state = xpaths._Accelerated()
    assert [f.name for f in state.functions] == ["_prepare_tree"] and state.skipped == ["html2txt"]


def test_an_html2txt_that_keeps_scripts_falls_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    baseline = importlib.import_module("trafilatura.baseline")
    kept = etree.XPath(baseline.BASIC_CLEAN_XPATH.path.replace("|.//script", ""),
                       namespaces={"re": "http://exslt.org/regular-expressions"})
    monkeypatch.setattr(baseline, "BASIC_CLEAN_XPATH", kept)  # upstream stops deleting scripts: the bound is off
    state = xpaths._Accelerated()
    assert "html2txt" in state.skipped and "html2txt" not in [f.name for f in state.functions]


@pytest.mark.parametrize("fast", [True, False])
def test_trafilatura_extracts_the_same_with_and_without_the_escalation_bound(
        fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    bounds: list[int] = []
    measure = xpaths.page_text_bound
    monkeypatch.setattr(xpaths, "page_text_bound", lambda tree: bounds.append(measure(tree)) or bounds[-1])
    got_with, got_without = _extract_with_and_without(_function("html2txt"), fast)
    assert got_with == got_without
    assert sum(bool(t) for t in got_with) >= 20
    assert len(bounds) >= 3  # the escalation test was reached, and read the bound
