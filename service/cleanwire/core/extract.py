"""The trafilatura adapter: a parsed tree in, body paragraphs out (no title line, no comments).

trafilatura is imported lazily so that importing the core stays cheap; the tree comes parsed once
by cleanwire.core.html and is not parsed again here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree
from lxml.html import HtmlElement

from cleanwire.core.xpaths import accelerated

if TYPE_CHECKING:
    from trafilatura.settings import Extractor

# A run of text this long (characters, words) is prose: what a good extraction should mostly recover.
_PROSE_CHARS, _PROSE_WORDS = 80, 12
# The fallbacks run when the fast pass's prose is under this share of the page's (SLOW_SHARE), or it found
# under _MIN_CHARS characters in all. 0.3 until the twenty-fifth session; the page's prose is counted after
# `thin` and `prune_boilerplate`, so a fast pass that found a third of a long guide passed as complete. With the
# fold models (decide and extraction, not retrained), 1,102 dev articles: the fallbacks run on 78 -> 108 of
# them, 3 pages change (recall 0.29 -> 0.95 and 0.09 -> 0.88; one page where the fallbacks add a sidebar:
# F1 -0.38), F1 0.9438 -> 0.9446, recall 0.9529 -> 0.9543; at 0.35 and 0.5: 0.9442 and 0.9441 (README, Quality).
SLOW_SHARE = 0.4
_MIN_CHARS = 200


def _prose_run(text: str) -> bool:
    return len(text) > _PROSE_CHARS and len(text.split()) >= _PROSE_WORDS


_TEXT_RUNS = etree.XPath(".//text()", smart_strings=False)


def page_prose_chars(tree: HtmlElement) -> int:
    """Characters of prose in the page's body: every run of text (a text node) long enough to be prose,
    whatever element holds it. A page that writes its article as text between `<br>`s in a `<div>`, or in
    `<span>`s, has as much prose as one written in `<p>`s."""
    body = tree.find("body")
    return sum(len(run) for run in _TEXT_RUNS(body if body is not None else tree) if _prose_run(run))


def prose_chars(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs if _prose_run(p))


_THREAD = threading.local()


def _options(fast: bool) -> Extractor:
    """The options `bare_extraction(fast=fast, include_comments=False, include_tables=True, with_metadata=False)`
    builds on every call (a ConfigParser read of eight settings, ~60 µs), built once per thread. trafilatura
    shares an Extractor between calls by design: the one step that changes options (its recall escalation)
    changes a copy. Only the URL differs per call (`_extract`), set on the thread's own object, so that
    `clean()` called from several threads at once gives each call its own URL."""
    built: dict[bool, Extractor] | None = getattr(_THREAD, "options", None)
    if built is None:
        built = _THREAD.options = {}
    options = built.get(fast)
    if options is None:
        from trafilatura.settings import Extractor

        options = built[fast] = Extractor(output_format="python", fast=fast, comments=False, tables=True,
                                          with_metadata=False)
    return options


def _extract(tree: HtmlElement, url: str | None, fast: bool) -> list[str]:
    from trafilatura import bare_extraction

    options = _options(fast)
    options.url = url  # as Extractor(url=url) sets them
    options.source = url and url.encode("utf-8", "replace").decode("utf-8")
    doc = bare_extraction(tree, url=url, fast=fast, options=options)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        return []
    return [line.strip() for line in text.split("\n") if line.strip()]


# A paragraph this long (words) may be several of the page's blocks run together: trafilatura's last rescue
# (its `baseline`) returns an <article>'s whole text, or JSON-LD's articleBody, as one paragraph.
BLOB_WORDS = 200
# The share of the run-together text that the page's own blocks, found in it in order, must cover to stand
# for it (`split_blob`).
_BLOB_COVER = 0.8
_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
})
_SKIP = frozenset({"script", "style", "noscript", "template", "svg"})


def block_texts(root: HtmlElement) -> list[str]:
    """The text of `root` as a reader sees it in blocks: a break at every block element's start and end and
    at every <br>, inline elements' text joined into the block around them, whitespace collapsed."""
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        buf.clear()
        if text:
            out.append(text)

    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag in _SKIP:
                walk.skip_subtree()  # its end event still comes, with its tail
                continue
            if tag in _BREAKS:
                flush()
            if tag is not None and el.text:
                buf.append(el.text)
        else:
            if tag in _BREAKS:
                flush()
            if el is not root and el.tail:
                buf.append(el.tail)
    flush()
    return out


def split_blob(blob: str, blocks: list[str]) -> list[str] | None:
    """`blob` as the page's own blocks, where they make it up: blocks are taken in document order where they
    occur in the blob after the last one taken (a short block, one of under six words, only right after it:
    a menu's "News" is somewhere in most texts); None unless they cover _BLOB_COVER of its characters."""
    text = " ".join(blob.split())
    taken: list[str] = []
    cursor = covered = 0
    for block in blocks:
        at = text.find(block, cursor)
        if at < 0 or (at - cursor > 1 and len(block.split()) < 6):
            continue
        taken.append(block)
        cursor = at + len(block)
        covered += len(block)
    if len(taken) < 2 or covered < _BLOB_COVER * len(text):
        return None
    return taken


def _split_blobs(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """Each paragraph of BLOB_WORDS or more replaced by the page's blocks it is made of (`split_blob`)."""
    if not any(len(p.split()) >= BLOB_WORDS for p in paragraphs):
        return paragraphs
    body = tree.find("body")
    blocks = block_texts(body if body is not None else tree)
    out: list[str] = []
    for p in paragraphs:
        parts = split_blob(p, blocks) if len(p.split()) >= BLOB_WORDS else None
        out.extend(parts or [p])
    return out


# The share of a blob's prose the fallbacks' paragraphs must hold to replace it (they leave out what the rescue
# ran in: a table of contents, author bios).
_UNBLOBBED_PROSE = 0.7


def _blob(paragraphs: list[str]) -> bool:
    """One paragraph of BLOB_WORDS or more holding nine tenths of the words: a rescue's run-together text."""
    words = [len(p.split()) for p in paragraphs]
    return bool(words) and max(words) >= BLOB_WORDS and max(words) >= 0.9 * sum(words)


# The blocks between a container's extracted paragraphs that `complete_flow` puts back: headings and lists.
_FLOW_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
_FLOW_LISTS = frozenset({"ul", "ol"})
_FLOW_LINK_SHARE = 0.5  # a heading or list item this much link text is a teaser or a menu, not the article's


def _flat(el: HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _linked(el: HtmlElement, text: str) -> bool:
    return sum(len(_flat(a)) for a in el.iter("a")) > _FLOW_LINK_SHARE * len(text)


def complete_flow(tree: HtmlElement, paragraphs: list[str]) -> list[str]:
    """The fast pass's paragraphs with the headings and lists that stand between them on the page put back.
    Where trafilatura finds no container it trusts, it recovers the page's "wild" text, and that looks for
    paragraphs, code, quotes and tables only (`recover_wild_text`): an article whose <p>s sit in a plain <div>
    comes back without its section headings and its lists. Where two or more of the paragraphs are children
    of one element and none of the headings and lists among them was taken, those headings and list items
    (trafilatura's "- " before each item), unless mostly link text, go back in their place; where one of them
    was taken, trafilatura chose among them and its choice stands. The line classifier judges them after as it
    judges every line. Measured in grouped CV (README, Quality, twentieth session; the fold models of the
    nineteenth session's retrained run rescored): HTML recall 0.945 -> 0.952, F1 0.9374 -> 0.9411, 57
    articles changed (53 better, the worst -0.017), no gate decision moved; no cost in time."""
    if len(paragraphs) < 2:
        return paragraphs
    index: dict[str, int] = {}
    for i, p in enumerate(paragraphs):
        index.setdefault(" ".join(p.split()), i)
    body = tree.find("body")
    anchored: dict[HtmlElement, list[tuple[HtmlElement, int]]] = {}
    matched: dict[HtmlElement, int] = {}
    for el in (body if body is not None else tree).iter("p"):
        at = index.get(_flat(el))
        parent = el.getparent()
        if at is not None:
            matched[el] = at
            if parent is not None:
                anchored.setdefault(parent, []).append((el, at))
    inserts: dict[int, list[str]] = {}
    for parent, found in anchored.items():
        if len(found) < 2:
            continue
        at_of = {el: at for el, at in found}
        children = [c for c in parent if isinstance(c.tag, str)]
        spots = [k for k, c in enumerate(children) if c in at_of]
        last_at, taken = at_of[children[spots[0]]], False
        pending: list[tuple[int, str]] = []
        for child in children[spots[0]: spots[-1] + 1]:
            if child in at_of:
                last_at = at_of[child]
                continue
            if child.tag in _FLOW_HEADINGS:
                heading = " ".join(block_texts(child))
                taken = taken or heading in index
                texts = [heading] if heading and not _linked(child, heading) else []
            elif child.tag in _FLOW_LISTS:
                inner = [matched[el] for el in child.iter("p") if el in matched]
                if inner:  # its items' own paragraphs were taken as paragraphs
                    last_at = max(last_at, *inner)
                    continue
                blocks = [(li, block_texts(li)) for li in child.iterchildren("li")]
                taken = taken or any(b in index or f"- {b}" in index for _, bs in blocks for b in bs)
                items = [(li, " ".join(bs)) for li, bs in blocks]
                texts = [f"- {t}" for li, t in items if t and not _linked(li, t)]
            else:
                continue
            pending.extend((last_at, t) for t in texts)
        if taken:
            continue  # trafilatura chose among them: its choice stands
        for at, text in pending:
            inserts.setdefault(at, []).append(text)
    if not inserts:
        return paragraphs
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        out.append(p)
        out.extend(inserts.get(i, ()))
    return out


@dataclass(frozen=True, slots=True)
class Body:
    """What `extract_body` found: the paragraphs, and, where only the fast pass ran, its prose, its length and
    the page's prose (`narrower_body` reads them); all 0 when the fallbacks ran too."""

    paragraphs: list[str]
    fast_prose: int = 0
    fast_chars: int = 0
    page_prose: int = 0


def extract_body(tree: HtmlElement, url: str | None) -> Body:
    """trafilatura's main text as paragraphs. The fast path skips the fallback extractors (readability,
    jusText), which cost about as much again; they run only when the fast result holds under SLOW_SHARE of
    the page's prose (`page_prose_chars`), and their result is taken when it holds more prose (a fast pass
    that returned the page's menus and link lists is longer than the article the fallbacks find, not
    more prose). Measured with the grouped CV's fold models (README, Quality, fourteenth session): HTML F1
    0.9244 -> 0.9261, recall 0.933 -> 0.935. trafilatura works on its own copy, so the tree can be handed
    to it twice."""
    with accelerated():  # trafilatura's class/id XPath expressions as equivalent Python walks (core.xpaths)
        paragraphs = complete_flow(tree, _extract(tree, url, fast=True))
        got = sum(len(p) for p in paragraphs)
        prose = prose_chars(paragraphs)
        blob = _blob(paragraphs)
        page_prose = 0
        if blob or got < _MIN_CHARS or prose < SLOW_SHARE * (page_prose := page_prose_chars(tree)):
            slow = _extract(tree, url, fast=False)
            slow_prose = prose_chars(slow)
            if blob and not _blob(slow) and slow_prose >= _UNBLOBBED_PROSE * prose:
                paragraphs = slow  # the fallbacks found the paragraphs the fast pass ran together
            elif (slow_prose, sum(len(p) for p in slow)) > (prose, got):
                paragraphs = slow
            return Body(_split_blobs(tree, paragraphs))
    return Body(_split_blobs(tree, paragraphs), prose, got, page_prose)


def body_paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    return extract_body(tree, url).paragraphs


# `narrower_body` asks the fallbacks where the fast pass holds this share of the page's prose and at least this
# share of its characters are not prose: it took the whole page, not an article container.
_WHOLE_PAGE_PROSE, _WHOLE_PAGE_OTHER = 0.9, 0.2
# Their text replaces the fast pass's when it keeps this share of its prose in at most this share of its characters.
_NARROWER_PROSE, _NARROWER_CHARS = 0.85, 0.85


def narrower_body(tree: HtmlElement, url: str | None, body: Body) -> list[str] | None:
    """The fallbacks' paragraphs where the fast pass took the whole page and the fallbacks find its prose in
    clearly less text; None otherwise. A fast pass that finds no article container returns the page: the
    site's menus, section lists and polls around the story (it holds _WHOLE_PAGE_PROSE of the page's prose,
    and _WHOLE_PAGE_OTHER of its characters or more are not prose). The fallbacks (readability, jusText) then
    find the story: taken when it holds _NARROWER_PROSE of the fast pass's prose in at most _NARROWER_CHARS
    of its characters. The pipeline asks this only of a page the gate would reject (`pipeline.second_look`):
    the menus are what make such a page look like a section front, and the fallbacks on every page would
    cost what the fast pass saves."""
    if not body.fast_chars or body.fast_prose < _WHOLE_PAGE_PROSE * body.page_prose:
        return None
    if body.fast_chars - body.fast_prose < _WHOLE_PAGE_OTHER * body.fast_chars:
        return None
    with accelerated():
        slow = _extract(tree, url, fast=False)
    if prose_chars(slow) < _NARROWER_PROSE * body.fast_prose or sum(len(p) for p in slow) > _NARROWER_CHARS * body.fast_chars:
        return None
    return _split_blobs(tree, slow)
