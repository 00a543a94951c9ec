"""Describing a whole page for the page-type gate: is this an article, or a home, section, listing,
category, product, service, forum or documentation page?

From the URL (depth, slug, dates, ids), the page's own declarations (og:type, JSON-LD @type), its
structure (links, paragraphs, headings, lists, forms, prices) and what extraction found (prose lines,
the share of words in the densest run of prose). Flattened text has only the URL and the lines.
"""

from __future__ import annotations

import collections
import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np
from courlan.clean import clean_query
from lxml.html import HtmlElement

from cleanwire.core.blocks import Candidate
from cleanwire.core.features import is_prose, word_count
from cleanwire.core.links import own_site, site_path

PAGE_TYPES = ("article", "listing", "collection", "product", "service", "forum", "documentation")
_URL_DATE = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-]|$)|(19|20)\d{2}(0[1-9]|1[0-2])[0-3]\d")
_URL_WORDS = {
    "listing": re.compile(r"/(category|categories|tag|tags|topic|topics|section|archive|page/\d|author|news/?$|blog/?$|latest|index)", re.I),
    "shop": re.compile(r"/(shop|store|product|products|collections?|item|p/|dp/|buy|cart)", re.I),
    "service": re.compile(r"/(pricing|features|solutions|services?|platform|enterprise|plans|demo|contact|about)", re.I),
    "forum": re.compile(r"/(forum|forums|thread|threads|questions|discussion|community|t/|topic/)", re.I),
    "docs": re.compile(r"/(docs?|documentation|api|reference|guide|manual|wiki|learn|tutorial|help|kb)/", re.I),
}
_PRICE = re.compile(r"[$€£¥]\s?\d|\d[\d.,]*\s?(€|eur|usd|\$)", re.I)
_LD_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')
_LD_KINDS = {
    "article": {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                "scholarlyarticle", "techarticle", "liveblogposting", "report", "backgroundnewsarticle"},
    "product": {"product", "offer", "aggregateoffer", "productgroup", "aggregaterating"},
    "list": {"itemlist", "collectionpage", "searchresultspage", "listitem"},
    "qa": {"qapage", "discussionforumposting", "question", "answer", "comment"},
    "soft": {"softwareapplication", "webapplication", "service", "faqpage", "howto"},
    "site": {"website", "webpage", "organization", "breadcrumblist", "person", "imageobject"},
}

URL_NAMES = ["url_depth", "url_slash_end", "url_slug_len", "url_slug_hyphens", "url_date", "url_id", "url_query", "url_root",
             *(f"url_{k}" for k in _URL_WORDS)]
TEXT_NAMES = ["lines", "prose_lines", "prose_share", "words_log", "run_share", "max_words", "mean_words", "short_share",
              "first_prose_pos"]
HTML_NAMES = ["og_article", "og_website", "og_product", "pub_meta", "author_meta", *(f"ld_{k}" for k in _LD_KINDS),
              "a_log", "p_log", "p_long", "h1", "h2_log", "h3_log", "article_tags", "li_log", "forms", "inputs_log",
              "buttons_log", "img_log", "time_tags", "body_chars_log", "link_share", "prices_log", "extracted_share",
              "heading_links", "heading_links_share", "long_anchors_log", "long_anchor_share", "code_log", "tables",
              "max_para_words", "paras_30", "title_in_h1", "shop_words", "forum_words", "docs_words", "teaser_repeat",
              "story_links_log", "story_link_share", "story_link_chars_log", "lines_link_share", "lines_linked",
              "lines_as_anchor", "lines_repeated", "parent_spread", "top_parent_words"]
# The features that read what a page declares in its markup (Open Graph, publication meta, JSON-LD types,
# HTML5 <article> and <time>) rather than what it shows: 0 when absent. Training adds articles without them
# (learn/train.py, `without_markers`): a page need not declare itself to be an article.
MARKUP_NAMES = ("og_article", "og_website", "og_product", "pub_meta", "author_meta", *(f"ld_{k}" for k in _LD_KINDS),
                "article_tags", "time_tags")
_SHOP = re.compile(r"\b(add to (cart|bag|basket)|in stock|out of stock|free shipping|buy now|warenkorb|in den korb|panier|"
                   r"carrito|carrello|carrinho|sku|checkout|quantity|qty)\b", re.I)
_FORUM = re.compile(r"\b(replies|reply|posted by|joined|posts:|thread|quote|upvote|votes?|answered|asked|"
                    r"antworten|beiträge|réponses|respuestas)\b", re.I)
_DOCS = re.compile(r"\b(parameters?|returns?|example|usage|syntax|api|install|configuration|reference|deprecated)\b", re.I)


# Counting matches fast, with the very same counts. Python's `re` scans case-insensitive alternations at
# tens of ns per character, and body texts run to 60,000 characters: these counts were half the gate's time.
# (1) Lowercase first and match case-sensitively: the same matches, unless the text holds one of the four
# characters that re.IGNORECASE folds onto an ASCII letter but str.lower() does not (Python's re docs).
_FOLD_ODD = ("\u0130", "\u0131", "\u017f", "\u212a")
_SHOP_LOW, _FORUM_LOW, _DOCS_LOW = (re.compile(rx.pattern) for rx in (_SHOP, _FORUM, _DOCS))


# (2) Every match of an alternative starts with the alternative's literal prefix (its text up to the first
# group or optional character): find those with str.find, which is fast, and try the pattern only there,
# in order, not at every character. Matches do not overlap, as findall's do not.
def _prefixes(rx: re.Pattern[str]) -> list[str]:
    body = rx.pattern.removeprefix("\\b(").removesuffix(")\\b")
    alternatives, depth, start = [], 0, 0
    for i, ch in enumerate(body):
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            alternatives.append(body[start:i])
            start = i + 1
    alternatives.append(body[start:])
    out = []
    for alt in alternatives:
        cut = next((i for i, ch in enumerate(alt) if ch in "()[]\\|*+?{."), len(alt))
        if cut < len(alt) and alt[cut] in "?*{":
            cut -= 1  # the character before an optional mark is not certain
        if cut <= 0:
            raise ValueError(f"no literal prefix in {alt!r}")
        out.append(alt[:cut])
    return out


_LOW = (_SHOP_LOW, _FORUM_LOW, _DOCS_LOW)
_PREFIXES = [_prefixes(rx) for rx in _LOW]


def _count(rx: re.Pattern[str], prefixes: list[str], low: str) -> int:
    starts: set[int] = set()
    for prefix in prefixes:
        at = low.find(prefix)
        while at >= 0:
            starts.add(at)
            at = low.find(prefix, at + 1)
    count = end = 0
    for at in sorted(starts):
        if at >= end:
            hit = rx.match(low, at)
            if hit is not None:
                count += 1
                end = hit.end()
    return count


def word_counts(text: str) -> list[int]:
    """Matches of the shop, forum and docs words in `text` (one check and one lowercasing for all three)."""
    if any(ch in text for ch in _FOLD_ODD):
        return [len(rx.findall(text)) for rx in (_SHOP, _FORUM, _DOCS)]
    low = text.lower()
    return [_count(rx, prefixes, low) for rx, prefixes in zip(_LOW, _PREFIXES, strict=True)]


# (3) Every price match holds a currency mark: scan only the stretches around the marks. A stretch reaches
# left over the number a mark may follow (digits, "." and ",", one space) and right over what a symbol
# may precede (one space, one digit); stretches that touch are joined, so no match can cross two of them.
_MARKS = ("$", "€", "£", "¥", "eur", "usd", "u\u017fd")


def count_prices(text: str) -> int:
    if any(ch in text for ch in _FOLD_ODD):  # lower() may shift positions (İ) or miss a fold (ſ, K)
        return len(_PRICE.findall(text))
    low = text.lower()
    spans: list[tuple[int, int]] = []
    for mark in _MARKS:
        at = low.find(mark)
        while at >= 0:
            left = at
            if left > 0 and low[left - 1].isspace():
                left -= 1
            while left > 0 and (low[left - 1].isdecimal() or low[left - 1] in ".,"):
                left -= 1
            spans.append((left, at + len(mark) + 2))
            at = low.find(mark, at + 1)
    if not spans:
        return 0
    spans.sort()
    count, (start, end) = 0, spans[0]
    for a, b in spans[1:]:
        if a <= end:
            end = max(end, b)
        else:
            count += len(_PRICE.findall(text, start, end))
            start, end = a, b
    return count + len(_PRICE.findall(text, start, end))


TEXT_ONLY = ["shop_words", "forum_words", "docs_words", "paras_30", "teaser_repeat"]


def names(with_html: bool) -> list[str]:
    return URL_NAMES + TEXT_NAMES + (HTML_NAMES if with_html else TEXT_ONLY)


# An index document at a site's root: "/index.html", "/default.aspx", "/home".
_INDEX_DOC = re.compile(r"(?:default|home|index)(?:\.[a-z]{3,5})?", re.I)


def home_page(url: str | None) -> bool:
    """The URL is a site's front page: its root path or an index document there, with no query but tracking
    parameters (courlan's list, the one trafilatura cleans URLs with: utm_*, fbclid, gclid, ref, ...). A
    front page shows other pages' teasers, or the newest story, which has an address of its own: it is not
    an article, whatever it looks like. A query that names something ("/?p=123", WordPress's plain
    permalinks; "/index.jsp?storyID=331300"; "/index.php?/site/article/4255/") is a page, not the front."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
        if not parts.netloc:
            return False
        query = parts.query
        if query and ("=" not in query or any("=" not in pair for pair in query.split("&") if pair)
                      or clean_query(query)):
            return False
    except ValueError:
        return False
    segs = [s for s in parts.path.split("/") if s]
    return not segs or (len(segs) == 1 and bool(_INDEX_DOC.fullmatch(segs[0])))


def _url(url: str | None) -> list[float]:
    if not url:
        return [np.nan] * len(URL_NAMES)
    parts = urlsplit(url)
    path = parts.path or "/"
    segs = [s for s in path.split("/") if s]
    slug = segs[-1] if segs else ""
    return [
        len(segs), float(path.endswith("/")), len(slug), slug.count("-"), float(bool(_URL_DATE.search(path))),
        float(bool(re.search(r"\d{5,}", path))), float(bool(parts.query)), float(not segs),
        *(float(bool(rx.search(path + ("/" if not path.endswith("/") else "")))) for rx in _URL_WORDS.values()),
    ]


def _lines(items: list[Candidate], counts: list[int] | None = None) -> list[float]:
    """`counts`: the items' word counts where the caller has them."""
    texts = [c.text for c in items]
    if not texts:
        return [0.0] * len(TEXT_NAMES)
    wc = counts if counts is not None else [word_count(t) for t in texts]
    prose = [is_prose(t) for t in texts]
    total = sum(wc) or 1
    best = cur = gap = 0
    for w, p in zip(wc, prose, strict=True):
        if p:
            cur += w
            gap = 0
            best = max(best, cur)
        else:
            gap += 1
            if gap > 2:
                cur = 0
    first = next((i for i, p in enumerate(prose) if p), len(prose))
    return [
        math.log1p(len(texts)), sum(prose), sum(w for w, p in zip(wc, prose, strict=True) if p) / total,
        math.log1p(total), best / total, max(wc), total / len(texts), sum(w <= 4 for w in wc) / len(texts),
        first / len(texts),
    ]


def _repeat(texts: list[str]) -> float:
    """The share of lines of the commonest length class: teaser grids repeat one shape."""
    shapes = [len(t.split()) // 3 for t in texts if 3 <= len(t.split()) <= 40]
    return max(collections.Counter(shapes).values(), default=0) / max(len(texts), 1)


def text_features(url: str | None, items: list[Candidate]) -> np.ndarray:
    texts = [c.text for c in items]
    sample = "\n".join(texts)[:20000]
    extra = [*word_counts(sample), sum(word_count(t) >= 30 for t in texts), _repeat(texts)]
    return np.asarray([_url(url) + _lines(items) + extra], dtype=np.float32)


def _meta(tree: HtmlElement, key: str) -> str:
    for el in tree.iterfind(".//meta"):
        if (el.get("property") or el.get("name") or "").lower() == key:
            return (el.get("content") or "").lower()
    return ""


_STORY_DATE = re.compile(r"/(19|20)\d{2}/(0?[1-9]|1[0-2])/")
_STORY_ID = re.compile(r"\d{6,}")


def story_path(path: str) -> bool:
    """A path shaped like one story's page: a slug of four or more words, a /year/month/ pair, or a long id.
    Home, section and listing pages link to many of them; an article to a few (related stories)."""
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    return slug.count("-") >= 3 or bool(_STORY_DATE.search(path)) or bool(_STORY_ID.search(path))


def _story_links(anchors: list[tuple[str, str]], url: str | None) -> list[float]:
    """Links to other stories of the site: distinct pages, share of the anchors, their characters."""
    host, own_path = own_site(url)
    per_href: dict[str, list[int]] = {}  # href -> [anchors, their characters]: menus and teasers repeat links
    for href, text in anchors:
        seen = per_href.get(href)
        if seen is None:
            per_href[href] = [1, len(text)]
        else:
            seen[0] += 1
            seen[1] += len(text)
    stories: set[str] = set()
    story_anchors = story_chars = 0
    for href, (n, chars) in per_href.items():
        path = site_path(href, host)
        if path and path != own_path and story_path(path):
            stories.add(path)
            story_anchors += n
            story_chars += chars
    return [math.log1p(len(stories)), story_anchors / max(len(anchors), 1), math.log1p(story_chars)]


def _line_links(anchor_texts: frozenset[str], items: list[Candidate]) -> list[float]:
    """How much of the extracted lines are link text, anchors' own text or repeated on the page (a listing's
    extraction is its teasers)."""
    n = max(len(items), 1)
    chars = sum(len(c.text) for c in items) or 1
    doms = [(c, c.dom) for c in items if c.dom is not None]
    return [
        sum(min(d.link_chars, len(c.text)) for c, d in doms) / chars,
        sum(1 for c, d in doms if d.link_chars > 0.5 * len(c.text)) / n,
        sum(1 for c in items if c.text.casefold() in anchor_texts) / n,
        sum(1 for _, d in doms if d.same_text > 1) / n,
    ]


_COUNTED = ("a", "p", "h1", "h2", "h3", "article", "li", "form", "input", "button", "img", "time", "pre", "code", "table")


@dataclass(frozen=True, slots=True)
class TreeFacts:
    """What the gate reads of the page's own tree, apart from the extracted lines: runs of HTML_NAMES' values,
    between which the extraction's go. Read apart so that a step may change the tree for extraction after it
    without changing what the gate sees (README, Speed, 2026-12-03: thinning before trafilatura)."""

    declared: list[float]  # og_article .. prices_log
    structure: list[float]  # heading_links .. tables
    words: list[float]  # title_in_h1 .. docs_words
    stories: list[float]  # story_links_log .. story_link_chars_log
    chars: int
    anchor_texts: frozenset[str]


def tree_facts(tree: HtmlElement, url: str | None) -> TreeFacts:
    og = _meta(tree, "og:type")
    scripts = " ".join(s.text or "" for s in tree.iterfind(".//script[@type='application/ld+json']"))
    ld = {t.lower() for t in _LD_TYPE.findall(scripts)}
    body = tree.find("body")
    root = body if body is not None else tree
    count: dict[str, int] = {}
    for el in root.iter(*_COUNTED):  # lxml matches the tags in C: no Python object for the other elements
        count[el.tag] = count.get(el.tag, 0) + 1
    body_text = root.text_content()
    chars = len(" ".join(body_text.split())) or 1
    link_chars, anchors = 0, []
    for a in root.iter("a"):
        pieces = list(a.itertext())
        link_chars += sum(map(len, map(str.strip, pieces)))
        anchors.append((a.get("href") or "", " ".join("".join(pieces).split())))
    long_p = sum(1 for p in root.iter("p") if word_count(p.text_content()) >= 25)
    metas = {(m.get("property") or m.get("name") or "").lower() for m in tree.iterfind(".//meta")}
    headings = [h for t in ("h1", "h2", "h3", "h4") for h in root.iter(t)]
    heading_links = sum(1 for h in headings if h.find(".//a") is not None or (h.getparent() is not None and h.getparent().tag == "a"))
    long_anchors = [a for _, a in anchors if len(a.split()) >= 5]
    h1 = root.find(".//h1")
    h1_text = " ".join(h1.text_content().split()).casefold() if h1 is not None else ""
    title = tree.findtext(".//title") or ""
    declared = [
        float(og == "article"), float(og == "website"), float("product" in og), float(bool(metas & {
            "article:published_time", "datepublished", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date"})),
        float(bool(metas & {"author", "article:author", "parsely-author", "sailthru.author"})),
        *(float(bool(ld & kinds)) for kinds in _LD_KINDS.values()),
        math.log1p(count.get("a", 0)), math.log1p(count.get("p", 0)), long_p, count.get("h1", 0),
        math.log1p(count.get("h2", 0)), math.log1p(count.get("h3", 0)), count.get("article", 0),
        math.log1p(count.get("li", 0)), count.get("form", 0), math.log1p(count.get("input", 0)),
        math.log1p(count.get("button", 0)), math.log1p(count.get("img", 0)), count.get("time", 0),
        math.log1p(chars), link_chars / chars, math.log1p(count_prices(body_text)),
    ]
    structure = [
        heading_links, heading_links / max(len(headings), 1), math.log1p(len(long_anchors)),
        sum(len(a) for a in long_anchors) / chars, math.log1p(count.get("pre", 0) + count.get("code", 0)),
        count.get("table", 0),
    ]
    words = [float(bool(h1_text) and h1_text[:30] in title.casefold()), *word_counts(body_text[:20000])]
    return TreeFacts(declared, structure, words, _story_links(anchors, url), chars,
                     frozenset(text.casefold() for _, text in anchors if len(text) >= 15))


def _siblings(items: list[Candidate], counts: list[int]) -> list[float]:
    """How the extracted paragraphs sit in the tree: distinct parent elements per paragraph, and the share of the
    words in the largest group of siblings (`counts`: the items' word counts). An article's paragraphs are
    children of one container; a listing's standfirsts and a catalogue's blurbs sit one to a card."""
    words: dict[int, int] = {}
    n = 0
    for c, count in zip(items, counts, strict=True):
        if c.dom is not None:
            n += 1
            words[c.dom.parent] = words.get(c.dom.parent, 0) + count
    if not n:
        return [float("nan"), float("nan")]
    return [len(words) / n, max(words.values()) / (sum(words.values()) or 1)]


def html_features(facts: TreeFacts, url: str | None, items: list[Candidate]) -> np.ndarray:
    """`facts` are the page tree's (`tree_facts`), `items` the extracted paragraphs."""
    texts = [c.text for c in items]
    para_words = [word_count(t) for t in texts]
    html = [
        *facts.declared, sum(len(t) for t in texts) / facts.chars, *facts.structure,
        max(para_words, default=0), sum(w >= 30 for w in para_words), *facts.words, _repeat(texts),
        *facts.stories, *_line_links(facts.anchor_texts, items), *_siblings(items, para_words),
    ]
    return np.asarray([_url(url) + _lines(items, para_words) + html], dtype=np.float32)
