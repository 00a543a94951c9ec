"""The trafilatura adapter: a parsed tree in, body paragraphs out (no title line, no comments).

trafilatura is imported lazily so that importing the core stays cheap; the tree comes parsed once
by cleanwire.core.html and is not parsed again here.
"""

from __future__ import annotations

from lxml.html import HtmlElement

_OPTIONS = None


def _options() -> object:
    global _OPTIONS
    if _OPTIONS is None:
        from trafilatura.settings import Extractor

        _OPTIONS = Extractor(output_format="txt", fast=True, comments=False, tables=True, dedup=False)
    return _OPTIONS


def body_paragraphs(tree: HtmlElement, url: str | None, fast: bool = True) -> list[str]:
    """trafilatura's main text as paragraphs. `fast` skips the fallback extractors (readability,
    jusText), which cost about as much again as the main extraction."""
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
