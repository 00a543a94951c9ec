"""HTML flattened to text the way fetchers do it, by two different converters, so that the text
classifier learns lines and their neighbours rather than one converter's layout.

- `inscriptis`: a layout-aware renderer (block elements on their own lines, table cells side by side);
- `html2text`: the Markdown-flavoured converter many crawlers use, links and images left out.
"""

from __future__ import annotations

import re

CONVERTERS = ("inscriptis", "html2text")


def flatten(html: str, converter: str) -> str:
    if converter == "inscriptis":
        from inscriptis import get_text

        return get_text(html)
    if converter == "html2text":
        import html2text

        h = html2text.HTML2Text()
        h.ignore_links = True
        h.ignore_images = True
        h.ignore_emphasis = True
        h.body_width = 0
        text = h.handle(html)
        return re.sub(r"^\s{0,3}(#+|\*|-|\d+\.)\s+", "", text, flags=re.M)
    raise ValueError(f"unknown converter {converter!r}")


_BLOCKS = frozenset({"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "table", "section",
                     "article", "header", "footer", "nav", "aside", "figure", "figcaption", "blockquote", "pre", "form",
                     "main", "dd", "dt", "hr", "title"})


def flatten_lxml(html: str) -> str:
    """A third converter, never trained on: block elements to line breaks, like a browser's innerText.
    `make eval` scores on it to show how the text path does on a layout it has not seen."""
    from lxml.html import HTMLParser, document_fromstring

    try:
        # the bytes are UTF-8 whatever the page's <meta charset> says (the page is decoded already): told so,
        # libxml2 reads them as UTF-8, not in the declared encoding (or, with none declared, as Latin-1)
        tree = document_fromstring(html.encode("utf-8", errors="replace"), parser=HTMLParser(encoding="utf-8"))
    except Exception:
        return ""
    out: list[str] = []

    def walk(el: object) -> None:
        tag = getattr(el, "tag", None)
        if not isinstance(tag, str) or tag in ("script", "style", "noscript", "template", "svg", "head"):
            return
        block = tag in _BLOCKS
        if block:
            out.append("\n")
        if el.text:  # type: ignore[attr-defined]
            out.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    walk(tree)
    return re.sub(r"\n\s*\n\s*\n+", "\n\n", "".join(out))
