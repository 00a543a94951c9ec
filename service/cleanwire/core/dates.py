"""Date candidates of an HTML page: every date the page states, with where it stated it.

Candidates are collected on the tree BEFORE boilerplate pruning (a byline or a "meta/share" strip that
pruning drops still dates the article); `cleanwire.core.date_decide` picks one after the text steps,
when it knows which text was removed as an appeal, paywall or newsletter block.

Why each source and tier exists:
- JSON-LD is read per object and property: `datePublished` of an article type (NewsArticle, Article,
  BlogPosting, ReportageNewsArticle ...) is the publisher's own statement; the same property on a
  WebPage, WebSite or BreadcrumbList object, or on an article embedded in a list of other stories,
  is often the page's or a teaser's date, so it is trusted less (`ld_other`).
- Publication meta tags (`article:published_time` ...) are trusted; the generic `date`/`dc.date` keys
  are often the last modification, so they sit lower (`meta_generic`).
- `<time>` and byline elements count near the headline or the start of the body (`byline`); in
  asides, footers and related-story or comment lists they date other things (`time_other`).
- htmldate's extensive search (on the unpruned tree, `original_date=True`) is slow, so it runs only
  where the cheap sources are missing or disagree.
- Modification dates (`dateModified`, `article:modified_time`, an "updated" class) are kept as
  candidates of kind `modified`: the arbiter takes one only when no publication date exists.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import orjson
from lxml import etree
from lxml.html import HtmlElement

from cleanwire.core.date_text import find_dates

DATE_SOURCES: tuple[str, ...] = ("json_ld", "meta", "url", "time_element", "byline", "text", "htmldate")
_ISO_DAY = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_ARTICLE_TYPES = {
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle", "scholarlyarticle", "techarticle",
    "liveblogposting", "socialmediaposting", "report", "satiricalarticle", "advertisertcontentarticle", "review",
    "recipe", "videoobject", "podcastepisode", "medicalwebpage",
}
_PUBLISHED_META = {
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "date.published", "publishdate", "publish-date", "published-date", "pubdate", "publication_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created",
    "citation_publication_date", "article.published", "cxenseparse:recs:publishtime", "publish_date",
    "article:published", "datecreated", "originalpublicationdate", "og:pubdate", "date_published",
}
_GENERIC_META = {"date", "dc.date", "dcterms.date", "dc:date", "created", "release_date", "displaydate"}
_MODIFIED_META = {
    "article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified",
    "dc.date.modified", "lastmod", "article:modified", "modified",
}
_OTHER_HINT = re.compile(
    r"related|sidebar|teaser|recommend|popular|widget|comment|footer|more-?(?:stories|news|articles)|"
    r"trending|aside|latest|newsfeed|promo|card|list-?item|nav", re.I
)
_DATE_HINT = re.compile("date|Date|publish|Publish|byline|Byline|time|Time|posted|meta")
_HINTED_TAGS = frozenset(("span", "div", "p", "small", "li"))
_DATE_PROPS = frozenset(("datePublished", "dateModified", "dateCreated"))
_OTHER_TAGS = {"aside", "footer", "nav", "li"}
_ITEMPROP = etree.XPath("descendant-or-self::*[@itemprop]")


@dataclass(frozen=True, slots=True)
class DateCandidate:
    day: date
    source: str  # json_ld, meta, url, time_element, byline, htmldate, text
    tier: str  # the arbiter's rule name: ld_article, meta_pub, byline, url, ld_other, text, ...
    modified: bool = False  # a modification date, never taken when a publication date exists
    position: int = 0  # characters of page text before it (elements) or line number (text)
    text: str = ""  # the text it was read from (for the removed-text refusal)
    alternative: date | None = None  # the other reading of an ambiguous numeric date


def iso_day(text: str) -> date | None:
    m = _ISO_DAY.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _types(obj: dict[str, object]) -> set[str]:
    t = obj.get("@type")
    items = t if isinstance(t, list) else [t]
    return {str(x).lower() for x in items if isinstance(x, str)}


def _json_ld_objects(tree: HtmlElement) -> Iterable[tuple[dict[str, object], int]]:
    """Every JSON-LD object with its depth below a top-level or @graph object (embedded ones are deeper)."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        stack: list[tuple[object, int]] = [(data, 0)]
        while stack:
            item, depth = stack.pop()
            if isinstance(item, list):
                stack.extend((x, depth) for x in item)
            elif isinstance(item, dict):
                yield item, depth
                for key, value in item.items():
                    if key == "@graph":
                        stack.append((value, depth))
                    elif isinstance(value, (dict, list)) and key not in ("publisher", "author", "image"):
                        stack.append((value, depth + 1))


def json_ld_candidates(tree: HtmlElement) -> list[DateCandidate]:
    out: list[DateCandidate] = []
    for obj, depth in _json_ld_objects(tree):
        article = bool(_types(obj) & _ARTICLE_TYPES) and depth == 0
        for key, modified in (("datePublished", False), ("dateCreated", False), ("uploadDate", False),
                              ("dateModified", True)):
            value = obj.get(key)
            day = iso_day(value) if isinstance(value, str) else None
            if day is not None:
                tier = "modified" if modified else ("ld_article" if article else "ld_other")
                out.append(DateCandidate(day, "json_ld", tier, modified))
    return out


def meta_candidates(tree: HtmlElement) -> list[DateCandidate]:
    out: list[DateCandidate] = []
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or "")
        key = key.strip().lower()
        if key in _PUBLISHED_META or key in _GENERIC_META or key in _MODIFIED_META:
            day = iso_day(meta.get("content") or "")
            if day is None:
                continue
            if key in _MODIFIED_META:
                out.append(DateCandidate(day, "meta", "modified", True))
            else:
                out.append(DateCandidate(day, "meta", "meta_pub" if key in _PUBLISHED_META else "meta_generic"))
    return out


def _is_other(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        tag = anc.tag if isinstance(anc.tag, str) else ""
        if tag in _OTHER_TAGS:
            return True
        hint = f"{anc.get('class') or ''} {anc.get('id') or ''}"
        if hint.strip() and _OTHER_HINT.search(hint):
            return True
    return False


def element_candidates(tree: HtmlElement) -> list[DateCandidate]:
    """<time> and byline-like elements, with their place: near the headline or body start, or elsewhere."""
    body = tree.find("body")
    if body is None:
        return []
    hinted = _DATE_HINT.search
    want = {*body.iter("time"), *(el for el in _ITEMPROP(body) if el.get("itemprop") in _DATE_PROPS),
            *(el for el in body.iter(*_HINTED_TAGS) if hinted(el.get("class") or ""))}
    if not want:
        return []
    has_h1 = body.find(".//h1") is not None or body.tag == "h1"
    pos = 0
    headline: int | None = None
    found: list[tuple[HtmlElement, int]] = []
    for el in body.iter():
        if headline is None and el.tag == "h1":
            headline = pos
        if el in want:
            found.append((el, pos))
            if len(found) == len(want) and (headline is not None or not has_h1):
                break
        text, tail = el.text, el.tail
        if text:
            pos += len(text)
        if tail:
            pos += len(tail)
    out: list[DateCandidate] = []
    for el, at in found:
        text = " ".join(el.text_content().split())
        if len(text) > 200:
            continue
        attr = el.get("datetime") or el.get("content") or ""
        spans = find_dates(text)
        attr_day = iso_day(attr)
        day = attr_day or (spans[0].day if spans else None)
        if day is None:
            continue
        hint = f"{el.get('class') or ''} {el.get('itemprop') or ''}".lower()
        modified = "updat" in hint or "modif" in hint or any(s.modified for s in spans[:1])
        near = (at - headline if headline is not None else at) < 3000 and (headline is None or at >= headline - 600)
        tier = "modified" if modified else ("byline" if near and not _is_other(el) else "time_other")
        source = "time_element" if el.tag == "time" else "byline"
        # a day read from the machine-readable attribute is unambiguous; one read from the text may not be
        alternative = spans[0].alternative if spans and attr_day is None else None
        out.append(DateCandidate(day, source, tier, modified, at, text, alternative))
    return out


@functools.cache
def warm_date_parser() -> None:
    """Load the locale data of the date parser that htmldate's extensive search falls back to. dateparser
    compiles a language's patterns when it first tries that language, and a string no language claims tries
    them all: 2-10 s and ~45 MB on the first such page of a process (measured), unless loaded beforehand."""
    try:
        from htmldate.extractors import get_external_parser

        get_external_parser().get_date_data("qqq 12 zzz 2019")
    except Exception:  # an optimisation only: without it the first such page loads the data itself
        return


def htmldate_candidate(tree: HtmlElement, url: str | None) -> DateCandidate | None:
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=True, original_date=True, url=url)
    except Exception:  # htmldate is a heuristic: its failure is "no date", never a crash
        return None
    day = iso_day(found) if found else None
    return DateCandidate(day, "htmldate", "htmldate") if day else None
