"""Describing a whole page for the page-type gate: is this an article, or a home, section, listing,
category, product, service, forum or documentation page?

From the URL (depth, slug, dates, ids), the page's own declarations (og:type, JSON-LD @type), its
structure (links, paragraphs, headings, lists, forms, prices) and what extraction found (prose lines,
the share of words in the densest run of prose). Flattened text has only the URL and the lines.
"""

from __future__ import annotations

import collections
import re
from urllib.parse import urlsplit

import numpy as np
from lxml.html import HtmlElement

from cleanwire.core.blocks import Candidate
from cleanwire.core.features import is_prose, word_count

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
              "max_para_words", "paras_30", "title_in_h1", "shop_words", "forum_words", "docs_words", "teaser_repeat"]
_SHOP = re.compile(r"\b(add to (cart|bag|basket)|in stock|out of stock|free shipping|buy now|warenkorb|in den korb|panier|"
                   r"carrito|carrello|carrinho|sku|checkout|quantity|qty)\b", re.I)
_FORUM = re.compile(r"\b(replies|reply|posted by|joined|posts:|thread|quote|upvote|votes?|answered|asked|"
                    r"antworten|beiträge|réponses|respuestas)\b", re.I)
_DOCS = re.compile(r"\b(parameters?|returns?|example|usage|syntax|api|install|configuration|reference|deprecated)\b", re.I)


TEXT_ONLY = ["shop_words", "forum_words", "docs_words", "paras_30", "teaser_repeat"]


def names(with_html: bool) -> list[str]:
    return URL_NAMES + TEXT_NAMES + (HTML_NAMES if with_html else TEXT_ONLY)


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


def _lines(items: list[Candidate]) -> list[float]:
    texts = [c.text for c in items]
    if not texts:
        return [0.0] * len(TEXT_NAMES)
    wc = [word_count(t) for t in texts]
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
        float(np.log1p(len(texts))), sum(prose), sum(w for w, p in zip(wc, prose, strict=True) if p) / total,
        float(np.log1p(total)), best / total, max(wc), total / len(texts), sum(w <= 4 for w in wc) / len(texts),
        first / len(texts),
    ]


def _repeat(texts: list[str]) -> float:
    """The share of lines of the commonest length class: teaser grids repeat one shape."""
    shapes = [len(t.split()) // 3 for t in texts if 3 <= len(t.split()) <= 40]
    return max(collections.Counter(shapes).values(), default=0) / max(len(texts), 1)


def text_features(url: str | None, items: list[Candidate]) -> np.ndarray:
    texts = [c.text for c in items]
    sample = "\n".join(texts)[:20000]
    extra = [len(_SHOP.findall(sample)), len(_FORUM.findall(sample)), len(_DOCS.findall(sample)),
             sum(word_count(t) >= 30 for t in texts), _repeat(texts)]
    return np.asarray([_url(url) + _lines(items) + extra], dtype=np.float32)


def _meta(tree: HtmlElement, key: str) -> str:
    for el in tree.iterfind(".//meta"):
        if (el.get("property") or el.get("name") or "").lower() == key:
            return (el.get("content") or "").lower()
    return ""


def html_features(tree: HtmlElement, url: str | None, items: list[Candidate]) -> np.ndarray:
    """`items` are the extracted paragraphs."""
    og = _meta(tree, "og:type")
    scripts = " ".join(s.text or "" for s in tree.iterfind(".//script[@type='application/ld+json']"))
    ld = {t.lower() for t in _LD_TYPE.findall(scripts)}
    body = tree.find("body")
    root = body if body is not None else tree
    count: dict[str, int] = {}
    for el in root.iter():
        if isinstance(el.tag, str):
            count[el.tag] = count.get(el.tag, 0) + 1
    body_text = root.text_content()
    chars = len(" ".join(body_text.split())) or 1
    link_chars = sum(len(t.strip()) for a in root.iter("a") for t in a.itertext())
    long_p = sum(1 for p in root.iter("p") if word_count(p.text_content()) >= 25)
    extracted = sum(len(c.text) for c in items)
    metas = {(m.get("property") or m.get("name") or "").lower() for m in tree.iterfind(".//meta")}
    headings = [h for t in ("h1", "h2", "h3", "h4") for h in root.iter(t)]
    heading_links = sum(1 for h in headings if h.find(".//a") is not None or (h.getparent() is not None and h.getparent().tag == "a"))
    anchors = [" ".join(a.text_content().split()) for a in root.iter("a")]
    long_anchors = [a for a in anchors if len(a.split()) >= 5]
    texts = [c.text for c in items]
    para_words = [word_count(t) for t in texts]
    h1 = root.find(".//h1")
    h1_text = " ".join(h1.text_content().split()).casefold() if h1 is not None else ""
    title = tree.findtext(".//title") or ""
    repeat = _repeat(texts)
    sample = body_text[:20000]
    html = [
        float(og == "article"), float(og == "website"), float("product" in og), float(bool(metas & {
            "article:published_time", "datepublished", "pubdate", "publish-date", "parsely-pub-date", "sailthru.date"})),
        float(bool(metas & {"author", "article:author", "parsely-author", "sailthru.author"})),
        *(float(bool(ld & kinds)) for kinds in _LD_KINDS.values()),
        float(np.log1p(count.get("a", 0))), float(np.log1p(count.get("p", 0))), long_p, count.get("h1", 0),
        float(np.log1p(count.get("h2", 0))), float(np.log1p(count.get("h3", 0))), count.get("article", 0),
        float(np.log1p(count.get("li", 0))), count.get("form", 0), float(np.log1p(count.get("input", 0))),
        float(np.log1p(count.get("button", 0))), float(np.log1p(count.get("img", 0))), count.get("time", 0),
        float(np.log1p(chars)), link_chars / chars, float(np.log1p(len(_PRICE.findall(body_text)))), extracted / chars,
        heading_links, heading_links / max(len(headings), 1), float(np.log1p(len(long_anchors))),
        sum(len(a) for a in long_anchors) / chars, float(np.log1p(count.get("pre", 0) + count.get("code", 0))),
        count.get("table", 0), max(para_words, default=0), sum(w >= 30 for w in para_words),
        float(bool(h1_text) and h1_text[:30] in title.casefold()), len(_SHOP.findall(sample)), len(_FORUM.findall(sample)),
        len(_DOCS.findall(sample)), repeat,
    ]
    return np.asarray([_url(url) + _lines(items) + html], dtype=np.float32)
