"""Thinning the tree before trafilatura (`cleanwire.core.html.thin`): what no reader sees goes, the text
around it stays, and JSON-LD (which trafilatura's and the date steps' readers use) is kept."""

from __future__ import annotations

from lxml.html import tostring

from cleanwire.core.html import parse, thin

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
