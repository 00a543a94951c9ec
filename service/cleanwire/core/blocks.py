"""Candidates: the lines the classifiers decide on, with what the page says about each.

HTML: the paragraphs trafilatura extracts (it stays the extractor), each looked up in the parsed tree
(the innermost block element with the same text) to read its tag, links, ancestors and their class/id
words. Flattened text: every non-empty line, with the blank-line block it came in. Nothing is decided here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from cleanwire.core.html import hint_reason
from cleanwire.core.links import own_site, site_path

BLOCK_TAGS = frozenset({
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "blockquote", "figcaption", "pre",
    "caption", "address", "div", "span", "a", "strong", "em", "b", "label", "summary", "section", "time", "small", "cite",
})
_WRAPPERS = frozenset({"div", "section", "span"})  # looked up only when they hold text of their own
# A link teaser's shape, in any language: a paragraph whose text opens with a short label and a colon ("Read
# also: <headline>", "Lees ook: ...", "Czytaj także: ...") and is otherwise one link to another page of the site:
# the whole paragraph linked, or the label as text and everything after the colon linked.
LEAD_LINK = re.compile(r"^\W{0,2}[^\W\d][^\s:]*(?:\s+[^\s:]+){0,2}\s*:\s+\S+(?:\s+\S+){2}")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_CLOSERS = " .!?\"'»”›"
_PREFIX = 20  # characters of a paragraph's start that an element's own text is checked against
ANCESTOR_TAGS = ("figure", "aside", "nav", "footer", "header", "form", "li", "table", "a", "blockquote", "article", "main")
HINT_KINDS = ("newsletter", "paywall", "donation", "related", "cookie", "share", "ad_label", "comments", "caption")
_CLASS_WORDS = ("title", "head", "byline", "author", "date", "meta", "tag", "teaser", "promo", "card", "widget", "sidebar",
                "footer", "header", "nav", "menu", "breadcrumb", "body", "content", "article", "text", "story", "post", "entry")


_HINT_INDEX = {kind: k for k, kind in enumerate(HINT_KINDS)}
_NO_CHAIN: tuple[frozenset[str], int, tuple[int, ...], tuple[bool, ...]] = (
    frozenset(), 0, (0,) * len(HINT_KINDS), (False,) * len(_CLASS_WORDS))


@dataclass(slots=True)
class DomInfo:
    tag: str
    link_chars: int
    links: int
    depth: int
    position: float  # element's place in document order, 0..1
    ancestors: tuple[bool, ...]  # ANCESTOR_TAGS
    hints: tuple[int, ...]  # HINT_KINDS: ancestors (and self) whose class/id words name the kind
    class_words: tuple[bool, ...]  # _CLASS_WORDS on self or ancestors
    same_text: int  # elements on the page with this very text (menus and teasers repeat)
    parent: int = -1  # the parent element, numbered per page: paragraphs with the same number are siblings
    lead_link: bool = False  # the paragraph is one link to another page whose text opens with a label (LEAD_LINK)


@dataclass(slots=True)
class Candidate:
    text: str
    block: int  # blank-line block (text) or the paragraph's index (HTML)
    dom: DomInfo | None = None
    item_teaser: bool = False  # HTML: a list item that is a labelled link to another page of the site (LEAD_LINK)
    table_row: bool = False  # text: the line's cells stand apart as a table's do (`_CELL_GAP`)


def norm(text: str) -> str:
    return " ".join(text.split())


MAX_LINE_CHARS = 100_000  # a longer "line" is a blob (data, minified text), not a paragraph of an article


# Flattened text: a table's row comes with its cells apart, by a tab (a browser's innerText) or by a run of spaces
# (a converter that lays the columns out, as inscriptis does); normalising the line joins them with one space. A
# run of spaces after a sentence's end is a typist's, not a column's; a line that ends as a statement or a
# declaration of code does (",", ";", "{", "}", "=", "(") is a code listing's aligned columns, not a table's.
_CELL_GAP = re.compile(r"(?<![.!?])(?:\t| {2,})")
_ROW_GAPS = 2  # a row has three cells or more
_CODE_END = (",", ";", "{", "}", "=", "(")


def text_candidates(text: str) -> list[Candidate]:
    items: list[Candidate] = []
    block = 0
    for raw in text.splitlines():
        line = norm(raw) if len(raw) <= MAX_LINE_CHARS else ""
        if not line:
            block += 1
            continue
        inner = raw.strip()
        row = (("\t" in inner or "  " in inner) and not inner.endswith(_CODE_END)
               and len(_CELL_GAP.findall(inner)) >= _ROW_GAPS)
        items.append(Candidate(line, block, table_row=row))
    return items


@functools.lru_cache(maxsize=65536)
def _hint_info(hint: str) -> tuple[str | None, tuple[bool, ...] | None]:
    """The removal reason a class/id hint names, and which _CLASS_WORDS it holds (None: none); pages repeat
    a few hundred class strings thousands of times."""
    low = hint.lower()
    words = tuple(w in low for w in _CLASS_WORDS)
    return hint_reason(hint), (words if any(words) else None)


class DomIndex:
    """Normalised text of the page's block elements -> the innermost such element, built once per page."""

    def __init__(self, tree: HtmlElement, paragraphs: list[str] | None = None, url: str | None = None) -> None:
        """With `paragraphs`, only elements that can hold one of them are read: an element whose own text
        (before its first child) is not the start of any paragraph cannot have a paragraph's text, and is
        skipped without reading its whole text (the lookups and counts of the paragraphs are the same)."""
        self.site = own_site(url)  # the page's host and path: which links go to other pages of the same site
        prefixes: set[str] | None = None
        if paragraphs is not None:
            keys = [k for p in paragraphs for k in _lookup_keys(norm(p))]
            prefixes = {k[:i] for k in keys for i in range(1, min(len(k), _PREFIX) + 1)}
        self.by_text: dict[str, HtmlElement] = {}
        self.count: dict[str, int] = {}
        self.order: dict[HtmlElement, int] = {}
        self.chains: dict[HtmlElement, tuple[frozenset[str], int, tuple[int, ...], tuple[bool, ...]]] = {}
        self.parents: dict[HtmlElement, int] = {}  # holds the parents' proxies, so their identity is stable
        body = tree.find("body")
        root = body if body is not None else tree
        n = 0
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            n += 1
            if tag not in BLOCK_TAGS:
                continue
            own = el.text
            if own and not own.isspace():
                if prefixes is not None and norm(own)[:_PREFIX] not in prefixes:
                    continue
            elif tag in _WRAPPERS:
                continue
            key = norm(el.text_content())
            if not key or len(key) > 5000:
                continue
            self.order[el] = n
            self.by_text[key] = el  # later (inner) elements with the same text win
            self.count[key] = self.count.get(key, 0) + 1
        self.size = max(n, 1)

    def _chain(self, node: HtmlElement | None) -> tuple[frozenset[str], int, tuple[int, ...], tuple[bool, ...]]:
        """For `node` and its ancestors: their tags, how many they are, the hint kinds their class/id words
        name (counted), and which _CLASS_WORDS they hold. Sibling paragraphs share their ancestors: cached."""
        if node is None:
            return _NO_CHAIN
        got = self.chains.get(node)
        if got is not None:
            return got
        tags, count, hints, words = self._chain(node.getparent())
        tag = node.tag if isinstance(node.tag, str) else ""
        attrs = node.attrib
        hint = " ".join(filter(None, (attrs.get("class"), attrs.get("id"))))
        if hint:
            reason, found = _hint_info(hint)
            if reason in _HINT_INDEX:
                k = _HINT_INDEX[reason]
                hints = (*hints[:k], hints[k] + 1, *hints[k + 1:])
            if found:
                words = tuple(a or b for a, b in zip(words, found, strict=True))
        got = (tags | {tag}, count + 1, hints, words)
        self.chains[node] = got
        return got

    def info(self, text: str) -> DomInfo | None:
        el = self.by_text.get(text)
        if el is None:
            return None
        links, link_chars = _links(el)
        lead = len(links) == 1 and _lead_link(el, links[0], text, link_chars, self.site)
        anc_tags, depth, _, _ = self._chain(el.getparent())
        _, _, hints, words = self._chain(el)  # the element's own class/id words count, as its ancestors' do
        return DomInfo(
            tag=el.tag, link_chars=link_chars, links=len(links), depth=depth,
            position=self.order.get(el, 0) / self.size,
            ancestors=tuple(t in anc_tags for t in ANCESTOR_TAGS), hints=hints,
            class_words=words, same_text=self.count.get(text, 1),
            parent=self._parent(el), lead_link=lead,
        )

    def lead_link(self, text: str) -> bool:
        """Whether the element holding `text` is a labelled link teaser (LEAD_LINK), its other facts unread."""
        el = self.by_text.get(text)
        if el is None:
            return False
        links, link_chars = _links(el)
        return len(links) == 1 and _lead_link(el, links[0], text, link_chars, self.site)

    def _parent(self, el: HtmlElement) -> int:
        parent = el.getparent()
        return -1 if parent is None else self.parents.setdefault(parent, len(self.parents))


def _links(el: HtmlElement) -> tuple[list[HtmlElement], int]:
    """An element's links (itself, if it is one) and their characters."""
    links = el.findall(".//a") if el.tag != "a" else [el]
    return links, sum(len(norm(a.text_content())) for a in links)


def _lead_link(el: HtmlElement, link: HtmlElement, text: str, link_chars: int, site: tuple[str, str]) -> bool:
    """A labelled link teaser (LEAD_LINK): the paragraph is the link, or the label and then the link; the link
    goes to another page of the page's own site (relative, or on its host, www. aside: a "Website: <shop>"
    line of a product list links elsewhere; without the page's URL only a relative link is known to stay on
    the site); not a heading (a listicle's linked item titles are its own)."""
    if not LEAD_LINK.match(text):
        return False
    if link_chars < 0.9 * len(text):
        rest = text.split(":", 1)[1].strip()
        if norm(link.text_content()).rstrip(_CLOSERS) != rest.rstrip(_CLOSERS):
            return False
    path = site_path((link.get("href") or "").strip(), site[0])
    if path is None or path.rstrip("/") == site[1].rstrip("/"):  # another site, an anchor, or the page itself
        return False
    holder = el.getparent() if el.tag == "a" else el
    return holder is None or holder.tag not in _HEADINGS


# trafilatura writes a list item as "- " and the item's text: the element holds the text without the marker.
_LIST_ITEM = "- "


def _lookup_keys(text: str) -> tuple[str, ...]:
    """The texts a paragraph's element may hold: the paragraph's, and a list item's without its marker."""
    return (text, text[len(_LIST_ITEM):]) if text.startswith(_LIST_ITEM) and len(text) > len(_LIST_ITEM) else (text,)


def html_candidates(paragraphs: list[str], index: DomIndex) -> list[Candidate]:
    """Each paragraph with its element's facts, looked up by its text. A list item ("- " and its text) is
    looked up by the item's own text only to tell a labelled link teaser (`item_teaser`); its element's
    facts stay out of the features, as the models learnt them: given to the line models and the gate, they
    made the gate reject more articles that hold lists of links (README, Quality, eleventh session)."""
    out = []
    for i, p in enumerate(paragraphs):
        text = norm(p)
        if not text:
            continue
        info = index.info(text)
        keys = _lookup_keys(text)
        teaser = info is None and len(keys) > 1 and index.lead_link(keys[1])
        out.append(Candidate(text, i, info, teaser))
    return out
