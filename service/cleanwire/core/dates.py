"""The publication date and where it came from.

Sources, most trusted first: JSON-LD `datePublished`, publication meta tags, a full date in the URL,
a `<time>` element, then htmldate's search of the page. Update dates are never preferred over
publication dates; a date after `fetched_at` (or in the future) is refused; text removed as
boilerplate is never searched (htmldate sees the tree after pruning).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime

import orjson
from lxml.html import HtmlElement

DATE_SOURCES: tuple[str, ...] = ("json_ld", "meta", "url", "time_element", "htmldate")

_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_.-]?(?P<m>0[1-9]|1[0-2])[/_.-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])"
)
_ISO_DAY = re.compile(r"((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "date.published",
    "publishdate",
    "publish-date",
    "published-date",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
    "citation_publication_date",
    "article.published",
    "cxenseparse:recs:publishtime",
)
_MIN_DATE = date(1995, 1, 1)


def as_datetime(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _day(text: str) -> date | None:
    m = _ISO_DAY.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


class DateBound:
    """Dates after the fetch (or after now) and before the web are not publication dates."""

    def __init__(self, fetched_at: str | datetime | None, now: datetime | None = None) -> None:
        now = now or datetime.now(UTC)
        fetched = as_datetime(fetched_at)
        latest = now.date()
        if fetched is not None:
            latest = min(latest, fetched.date())
        self.latest = latest

    def ok(self, day: date | None) -> bool:
        return day is not None and _MIN_DATE <= day <= self.latest


def date_from_url(url: str | None, bound: DateBound) -> date | None:
    if not url:
        return None
    path = url.split("?", 1)[0]
    for rx in (_URL_DATE_SEP, _URL_DATE):
        for m in rx.finditer(path):
            try:
                day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if bound.ok(day):
                return day
    return None


def _json_ld_objects(tree: HtmlElement) -> Iterable[dict[str, object]]:
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)


def date_from_json_ld(tree: HtmlElement, bound: DateBound) -> date | None:
    for obj in _json_ld_objects(tree):
        value = obj.get("datePublished") or obj.get("dateCreated")
        if isinstance(value, str):
            day = _day(value)
            if bound.ok(day):
                return day
    return None


def date_from_meta(tree: HtmlElement, bound: DateBound) -> date | None:
    found: dict[str, date] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _PUBLISHED_META and key not in found:
            day = _day(meta.get("content") or "")
            if bound.ok(day):
                found[key] = day  # type: ignore[assignment]
    for key in _PUBLISHED_META:
        if key in found:
            return found[key]
    return None


def date_from_time_element(tree: HtmlElement, bound: DateBound) -> date | None:
    for el in tree.iterfind(".//time[@datetime]"):
        if "updat" in (el.get("class") or "").lower() or "modif" in (el.get("itemprop") or "").lower():
            continue
        day = _day(el.get("datetime") or "")
        if bound.ok(day):
            return day
    return None


def date_from_htmldate(tree: HtmlElement, url: str | None, bound: DateBound) -> date | None:
    from htmldate import find_date

    try:
        found = find_date(
            tree,
            extensive_search=False,
            original_date=True,
            url=url,
            max_date=bound.latest.isoformat(),
        )
    except Exception:  # htmldate is a heuristic: its failure is "no date", never a crash
        return None
    day = _day(found) if found else None
    return day if bound.ok(day) else None


def find_publication_date(
    tree: HtmlElement | None, url: str | None, fetched_at: str | datetime | None
) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, source) or (None, None)."""
    bound = DateBound(fetched_at)
    if tree is not None:
        for source, finder in (("json_ld", date_from_json_ld), ("meta", date_from_meta)):
            day = finder(tree, bound)
            if day is not None:
                return day.isoformat(), source
    day = date_from_url(url, bound)
    if day is not None:
        return day.isoformat(), "url"
    if tree is not None:
        day = date_from_time_element(tree, bound)
        if day is not None:
            return day.isoformat(), "time_element"
        day = date_from_htmldate(tree, url, bound)
        if day is not None:
            return day.isoformat(), "htmldate"
    return None, None
