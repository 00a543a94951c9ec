"""The parsed page: one lxml parse shared by every step, page metadata, and structural pruning of
boilerplate containers (by class/id/aria hints, tag and link density) before extraction."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import (
    HtmlComment,
    HtmlElement,
    HtmlEntity,
    HTMLParser,
    HtmlProcessingInstruction,
    document_fromstring,
)

from cleanwire.core.extract import page_prose_chars

_PARSER = HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
)
# Every element as a plain HtmlElement, looked up in C. lxml.html's default lookup calls back into Python
# for every element proxy (to give <form>, <input>, <label> their own classes, which nothing here uses):
# about a tenth of clean()'s time went there, trafilatura's share included (it works on copies of this tree).
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))

# class/id/aria words that announce a boilerplate container. Words are matched whole or as prefixes
# (hint words are split on space, "-" and "_"; two neighbouring words are also tried joined).
_HINT_WORDS: dict[str, str] = {
    "newsletter": "newsletter", "newsletters": "newsletter", "signup": "newsletter", "optin": "newsletter",
    "emailcapture": "newsletter", "subscribebox": "newsletter", "subscribeform": "newsletter",
    "paywall": "paywall", "regwall": "paywall", "piano": "paywall", "premiumteaser": "paywall", "subscriberonly": "paywall",
    "donate": "donation", "donation": "donation", "donations": "donation", "supportus": "donation",
    "contributionsepic": "donation", "membershipask": "donation",
    "related": "related", "recommended": "related", "recommendations": "related", "readmore": "related",
    "morestories": "related", "morearticles": "related", "outbrain": "related", "taboola": "related",
    "mostread": "related", "mostpopular": "related", "trending": "related", "teaserlist": "related",
    "cookie": "cookie", "cookies": "cookie", "consent": "cookie", "gdpr": "cookie", "onetrust": "cookie",
    "share": "share", "sharing": "share", "sharebar": "share", "socialshare": "share", "sociallinks": "share",
    "socialicons": "share", "socialbuttons": "share",
    "ad": "ad_label", "ads": "ad_label", "advert": "ad_label", "advertisement": "ad_label", "advertising": "ad_label",
    "sponsor": "ad_label", "sponsored": "ad_label", "dfp": "ad_label", "adslot": "ad_label", "adunit": "ad_label",
    "comments": "comments", "comment": "comments", "commentsection": "comments", "disqus": "comments",
    "caption": "caption", "captions": "caption", "credit": "caption", "credits": "caption", "copyright": "caption",
    "imagesource": "caption", "photosource": "caption", "figcaption": "caption",
    # calls to action, promotions and affiliate or legal disclosures ("cta" blocks, "promo" boxes, "disclosure"
    # notes above a review): an offer, not the article
    "cta": "ad_label", "promo": "ad_label", "disclosure": "ad_label", "disclaimer": "ad_label", "affiliate": "ad_label",
}
_SPLIT = re.compile(r"[\s_\-]+")


_HINT_KEYS = frozenset(_HINT_WORDS)


def reason_of_words(parts: list[str]) -> str | None:
    """The word-by-word reading of a split hint: the kind of its first word, or of two neighbouring words
    joined, that is a hint word."""
    words = [w for w in parts if w]
    for i, word in enumerate(words):
        reason = _HINT_WORDS.get(word)
        if reason is None and i + 1 < len(words):
            reason = _HINT_WORDS.get(word + words[i + 1])
        if reason is not None:
            return reason
    return None


@functools.lru_cache(maxsize=65536)
def hint_reason(hint: str) -> str | None:
    parts = _SPLIT.split(hint.lower())
    # Most hints name no kind: say so with set operations in C (no word, and no two neighbouring words
    # joined, is a hint word; the empty strings split() leaves at the ends only add candidates), and read
    # word by word only where one is.
    if _HINT_KEYS.isdisjoint(parts) and _HINT_KEYS.isdisjoint(map(str.__add__, parts, parts[1:])):
        return None
    return reason_of_words(parts)


_ALWAYS = {"figcaption": "caption", "aside": "related"}
_KEEP = {"html", "body", "main", "article"}


@dataclass(slots=True)
class ParsedPage:
    tree: HtmlElement
    title: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    paywall_marked: bool = False
    removed: dict[str, list[str]] = field(default_factory=dict)
    # containers named as boilerplate (by tag, class, id or label) that prune_boilerplate kept because they
    # hold the article: `unname` them if the extractor, which reads such names too, finds nothing, or nothing
    # the classifier keeps (`pipeline.prepare`, `pipeline.unnamed_look`)
    held: list[HtmlElement] = field(default_factory=list)
    unnamed: bool = False  # `unname` has run


def parse(text: str, utf8: bytes | None = None) -> HtmlElement | None:
    """One parse per page (of `utf8`, the text's UTF-8 bytes, where the caller has them). Without huge_tree,
    libxml2 stops nesting at depth 255, which bounds every recursive step after it (pathological nesting
    cannot blow the stack)."""
    try:
        data = utf8 if utf8 is not None else text.encode("utf-8", errors="replace")
        tree = document_fromstring(data, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


_Metas = list[tuple[str | None, str | None, str]]


def _meta(metas: _Metas, *keys: str) -> str | None:
    """The first non-blank content of a <meta> whose property or name is the first key that has one."""
    for key in keys:
        for prop, name, content in metas:
            if prop == key or name == key:
                value = content.strip()
                if value:
                    return value
    return None


def read_metadata(page: ParsedPage) -> None:
    tree = page.tree
    # the page's <meta> elements read once, in document order (not an XPath compiled and run per key)
    metas = [(el.get("property"), el.get("name"), el.get("content") or "") for el in tree.iter("meta")]
    page.title = _meta(metas, "og:title", "twitter:title")
    if not page.title:
        t = tree.find(".//title")
        page.title = (t.text_content().strip() if t is not None else None) or None
    lang = tree.get("lang") or _meta(metas, "og:locale", "language", "content-language")
    page.language = re.split(r"[-_]", lang.strip())[0].lower() if lang else None
    for link in tree.iterfind(".//link[@rel]"):
        if link.get("rel", "").lower() == "canonical" and link.get("href", "").startswith("http"):
            page.canonical_url = link.get("href")
            break
    if not page.canonical_url:
        og = _meta(metas, "og:url")
        page.canonical_url = og if og and og.startswith("http") else None
    free = tree.xpath("//script[@type='application/ld+json'][contains(., 'isAccessibleForFree')]")
    page.paywall_marked = any(re.search(r'"isAccessibleForFree"\s*:\s*"?false', s.text or "", re.I) for s in free)


def _link_density(el: HtmlElement, text_len: int) -> float:
    if not text_len:
        return 1.0
    linked = sum(len(a.text_content()) for a in el.iterfind(".//a"))
    return linked / text_len


_UNSEEN = ("script", "style", "svg", "template")
_CODE = frozenset({"pre", "code"})


def thin(tree: HtmlElement) -> None:
    """Delete what no reader sees and trafilatura deletes first anyway (scripts other than JSON-LD, styles,
    inline SVG drawings, templates, comments, the <head> but its JSON-LD), keeping the text after each: its
    XPath passes then walk a smaller tree. Run after the page's facts that count script text are read (the
    gate's)."""
    doomed = [el for el in tree.iter(*_UNSEEN, etree.Comment)
              if el.tag != "script" or not _is_json_ld(el)]
    # The <head> has been read (title, language, canonical URL, dates, the gate's facts); without metadata,
    # trafilatura reads nothing of it but JSON-LD (its forum test, its rescue's articleBody), yet copies
    # it three times and runs every XPath over it.
    head = tree.find("head")
    if head is not None:
        doomed.extend(el for el in head if not (el.tag == "script" and _is_json_ld(el)))
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_json_ld(el: HtmlElement) -> bool:
    return (el.get("type") or "").strip().lower() == "application/ld+json"


# The share of the page's prose (`extract.page_prose_chars`) a container announced as boilerplate may not hold:
# no consent box, share bar or teaser list holds most of an article page's prose; a wrapper of the whole
# page that also holds its header's menus (link-dense, a small share of text that counts scripts) does.
PROSE_HELD = 0.5


def prune_boilerplate(page: ParsedPage) -> None:
    """Drop containers that announce themselves as boilerplate; keep any that hold much of the page's prose."""
    body = page.tree.find("body")
    if body is None:
        return
    total = len(body.text_content()) or 1
    doomed: list[tuple[HtmlElement, str]] = []
    for el in body.iter():  # a walk with three attribute reads is faster than an XPath predicate per element
        tag = el.tag
        if not isinstance(tag, str) or tag in _KEEP:
            continue
        reason = _ALWAYS.get(tag)
        if reason is None:
            cls, id_, aria = el.get("class"), el.get("id"), el.get("aria-label")
            if not (cls or id_ or aria):
                continue
            reason = hint_reason(" ".join(filter(None, (cls, id_, aria))))
        if reason is not None:
            doomed.append((el, reason))
    gone: set[HtmlElement] = set()
    page_prose = -1
    for el, reason in doomed:
        ancestors = list(el.iterancestors())
        if any(anc in gone for anc in ancestors):
            continue
        if any(anc.tag in _CODE for anc in ancestors):
            continue  # a code listing's own markup: syntax highlighters class its comments "hljs-comment", "token comment"
        text = " ".join(el.text_content().split())
        n = len(text)
        if n > 600 and (n > 0.3 * total or _link_density(el, n) < 0.5):
            page.held.append(el)
            continue  # prose: a container of the article itself, whatever its class says
        if n > 600:
            if page_prose < 0:
                page_prose = page_prose_chars(body)
            if page_prose and page_prose_chars(el) >= PROSE_HELD * page_prose:
                page.held.append(el)
                continue  # most of the page's prose, under a header's menus and links (a wrapper of all)
        if el.getparent() is None:
            continue
        if text:
            page.removed.setdefault(reason, []).append(text[:300])
        el.drop_tree()  # keeps the text that followed the element
        gone.add(el)


def unname(page: ParsedPage) -> bool:
    """The held containers (`ParsedPage.held`) as plain `<div>`s without class, id or label; False if there
    are none. trafilatura discards an `<aside>`, or an element classed as a popup or a newsletter, with all it
    holds: on a page whose markup nests the article in one (a newsletter popup left unclosed above it), it
    extracts nothing. False also where they were unnamed before."""
    if page.unnamed:
        return False
    page.unnamed = True
    for el in page.held:
        if el.tag in _ALWAYS:
            el.tag = "div"
        for name in ("class", "id", "aria-label"):
            el.attrib.pop(name, None)
    return bool(page.held)


_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th")  # a table's own elements, under <table>
_CELL_BLOCKS = frozenset({"p", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "form"})


def layout_table(table: HtmlElement) -> bool:
    """A table that lays out the page rather than holding data: Mozilla Readability's `_isDataTable` tests in
    its order (declared presentation; a summary, caption or header cells make data; another table inside
    makes layout; one row or one column is layout; 10+ rows, 5+ columns or 11+ cells are data), where it
    would call the rest layout only if a cell holds blocks of its own (paragraphs, lists, headings)."""
    if (table.get("role") or "").strip().lower() in ("presentation", "none") or table.get("datatable") == "0":
        return True
    if table.get("summary") or table.find("caption") is not None:
        return False
    if any(part.tag in ("thead", "tfoot", "colgroup", "col") for part in table):
        return False
    rows = [row for part in table for row in (part if part.tag == "tbody" else [part]) if row.tag == "tr"]
    cells = [[c for c in row if c.tag in ("td", "th")] for row in rows]
    if any(c.tag == "th" for row in cells for c in row):
        return False
    if next(table.iterdescendants("table"), None) is not None:
        return True
    columns = max((sum(int(c.get("colspan") or 1) if (c.get("colspan") or "1").isdigit() else 1 for c in row)
                   for row in cells), default=0)
    if len(rows) == 1 or columns == 1:
        return True
    if len(rows) >= 10 or columns > 4 or len(rows) * columns > 10:
        return False
    return any(isinstance(child.tag, str) and child.tag in _CELL_BLOCKS for row in cells for cell in row
               for child in cell)


def unwrap_layout_tables(tree: HtmlElement) -> int:
    """Layout tables (`layout_table`) become <div>s: trafilatura writes a table's rows as "| cell | cell |"
    lines, and a page laid out as a table (as pages were before CSS layout) came out as a few such lines, its
    article run together with its menus in one of them. Data tables are left as tables."""
    layouts = {t for t in tree.iter("table") if layout_table(t)}
    # a part belongs to its nearest table: a data table's rows inside a layout table stay rows
    parts = [el for el in tree.iter(*_TABLE_PARTS) if next(el.iterancestors("table"), None) in layouts]
    for el in [*layouts, *parts]:
        el.tag = "div"
    return len(layouts)
