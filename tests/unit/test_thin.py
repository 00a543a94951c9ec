"""Thinning the tree before trafilatura (`cleanwire.core.html.thin`): what no reader sees goes, the text
around it stays, and JSON-LD (which trafilatura's and the date steps' readers use) is kept. The <head> but its
JSON-LD goes too: without metadata trafilatura reads nothing else there. Checked on the bundled real pages
(fundus, MIT; WCXB, CC-BY-4.0): the extracted paragraphs are the same with and without thinning."""

from __future__ import annotations

import copy
import gzip
from pathlib import Path

import pytest
from lxml.html import tostring

from cleanwire.core.decode import decode
from cleanwire.core.extract import body_paragraphs
from cleanwire.core.html import parse, thin
from conftest import RESOURCES

PAGE = """<html><head><script type="application/ld+json">{"@type": "NewsArticle"}</script>
<style>p { color: red }</style></head><body><article>
<p>Before the script<script>var tracking = 1;</script> and after it, with <!-- a note --> a comment in between.</p>
<p>A drawing <svg viewBox="0 0 10 10"><path d="M0 0L10 10"/><text>label</text></svg>inline, then more text.</p>
<template><p>A card the page fills in later.</p></template>
<noscript><p>Please enable JavaScript.</p></noscript>
</article></body></html>"""


def test_thin_drops_what_no_reader_sees_and_keeps_the_text_around_it() -> None:
    tree = parse(PAGE)
    assert tree is not None
    thin(tree)
    html = tostring(tree, encoding="unicode")
    for gone in ("var tracking", "color: red", "a note", "<svg", "label", "A card the page fills in"):
        assert gone not in html, gone
    paras = [p.text_content() for p in tree.iter("p")]
    assert paras[0] == "Before the script and after it, with  a comment in between."
    assert paras[1] == "A drawing inline, then more text."
    assert '"@type": "NewsArticle"' in html  # JSON-LD stays
    assert "Please enable JavaScript." in html  # noscript may hold an article: not thinned


PAGES = sorted((RESOURCES / "corpus" / "pages").glob("*.html")) + sorted((RESOURCES / "wcxb-sample" / "html").glob("*.gz"))


def _html(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text = decode(raw, None)
    assert isinstance(text, str)
    return text


def test_the_bundled_pages_are_there() -> None:
    assert len(PAGES) >= 20


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_thinning_changes_no_extraction(path: Path) -> None:
    tree = parse(_html(path))
    assert tree is not None
    thinned = copy.deepcopy(tree)
    thin(thinned)
    assert body_paragraphs(thinned, None) == body_paragraphs(tree, None)


def test_the_head_keeps_only_its_json_ld_and_the_text_after_deleted_elements_stays() -> None:
    tree = parse(
        "<html><head><title>T</title><meta name='x' content='y'><link rel='canonical' href='https://a.example/1'>"
        "<style>p{}</style><script>var a=1;</script><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}"
        "</script></head><body><p>One <script>x()</script>two<!-- c --> three</p><svg><text>drawn</text></svg>"
        "<template><p>later</p></template><script type=' Application/LD+JSON '>{}</script></body></html>"
    )
    assert tree is not None
    thin(tree)
    head = tree.find("head")
    assert head is not None
    assert [(el.tag, el.get("type")) for el in head] == [("script", "application/ld+json")]
    body = tree.find("body")
    assert body is not None
    assert body.findtext("p") == "One two three"
    assert [el.tag for el in body.iter() if el is not body] == ["p", "script"]
