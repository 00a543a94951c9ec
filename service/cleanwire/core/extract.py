"""The trafilatura adapter: a parsed tree in, body paragraphs out (no title line, no comments).

trafilatura is imported lazily so that importing the core stays cheap; the tree comes parsed once
by cleanwire.core.html and is not parsed again here.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from cleanwire.core.xpaths import accelerated


def _prose_chars(tree: HtmlElement) -> int:
    """Characters in the page's paragraphs of prose: what a good extraction should mostly recover."""
    total = 0
    for p in tree.iter("p"):
        text = p.text_content()
        if len(text) > 80 and len(text.split()) >= 12:
            total += len(text)
    return total


def _extract(tree: HtmlElement, url: str | None, fast: bool) -> list[str]:
    from trafilatura import bare_extraction

    doc = bare_extraction(
        tree,
        url=url,
        fast=fast,
        include_comments=False,
        include_tables=True,
        with_metadata=False,
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


def body_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    """trafilatura's main text as paragraphs. The fast path skips the fallback extractors (readability,
    jusText), which cost about as much again; they run only when the fast result misses much of the
    page's prose. trafilatura works on its own copy, so the tree can be handed to it twice."""
    with accelerated():  # trafilatura's class/id XPath expressions as equivalent Python walks (core.xpaths)
        paragraphs = _extract(tree, url, fast=True)
        got = sum(len(p) for p in paragraphs)
        if got < 0.5 * _prose_chars(tree) or got < 200:
            slow = _extract(tree, url, fast=False)
            if sum(len(p) for p in slow) > got:
                return slow
    return paragraphs
