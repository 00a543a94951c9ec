"""The parsed page: one lxml parse shared by every step, page metadata, and structural pruning of
boilerplate containers (by class/id/aria hints, tag and link density) before extraction."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

_PARSER = HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, recover=True, huge_tree=False
)
_MAX_DEPTH = 1500

_HINTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("newsletter", re.compile(r"newsletter|signup|sign-up|email-?capture|optin|subscribe-(box|form|widget)", re.I)),
    ("paywall", re.compile(r"paywall|regwall|piano-|tp-container|premium-(teaser|banner)|subscriber-only|meter-", re.I)),
    ("donation", re.compile(r"donat|contribut(e|ion)s?-(epic|banner|box)|support-us|supporter-|membership-(ask|banner)", re.I)),
    ("related", re.compile(r"related|recommend|read-?more|more-(stories|articles|news)|outbrain|taboola|most-(read|popular)|trending|teaser-?list", re.I)),
    ("cookie", re.compile(r"cookie|consent|gdpr|\bcmp\b|onetrust", re.I)),
    ("share", re.compile(r"\bshare|sharing|social-(links|icons|buttons|share)|sharebar", re.I)),
    ("ad_label", re.compile(r"(^|[\s_-])(ad|ads|advert\w*|sponsor\w*|dfp|adslot|ad-slot|adunit)($|[\s_-])", re.I)),
    ("comments", re.compile(r"comments?(-section|-area|-list|s)?$|disqus|\bcomment-", re.I)),
    ("caption", re.compile(r"caption|credit|copyright|image-source|photo-source", re.I)),
)
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


def _depth_ok(text: str) -> bool:
    """Refuse pathological nesting before libxml2 and trafilatura recurse into it."""
    depth = deepest = 0
    for m in re.finditer(r"<(/?)(div|span|p|b|i|a|section|table|td|tr|ul|li|font|em|strong)\b[^>]*?(/?)>", text, re.I):
        if m.group(1):
            depth -= 1
        elif not m.group(3):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > _MAX_DEPTH:
                return False
    return True


def parse(text: str) -> HtmlElement | None:
    if not _depth_ok(text):
        return None
    try:
        tree = document_fromstring(text.encode("utf-8", errors="replace"), parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree if tree is not None and len(tree) else None


def _meta(tree: HtmlElement, *keys: str) -> str | None:
    for key in keys:
        for el in tree.xpath(f"//meta[@property='{key}' or @name='{key}']"):
            value = (el.get("content") or "").strip()
            if value:
                return value
    return None


def read_metadata(page: ParsedPage) -> None:
    tree = page.tree
    page.title = _meta(tree, "og:title", "twitter:title")
    if not page.title:
        t = tree.find(".//title")
        page.title = (t.text_content().strip() if t is not None else None) or None
    lang = tree.get("lang") or _meta(tree, "og:locale", "language", "content-language")
    page.language = re.split(r"[-_]", lang.strip())[0].lower() if lang else None
    for link in tree.iterfind(".//link[@rel]"):
        if link.get("rel", "").lower() == "canonical" and link.get("href", "").startswith("http"):
            page.canonical_url = link.get("href")
            break
    if not page.canonical_url:
        og = _meta(tree, "og:url")
        page.canonical_url = og if og and og.startswith("http") else None
    free = tree.xpath("//script[@type='application/ld+json'][contains(., 'isAccessibleForFree')]")
    page.paywall_marked = any(re.search(r'"isAccessibleForFree"\s*:\s*"?false', s.text or "", re.I) for s in free)


def _link_density(el: HtmlElement, text_len: int) -> float:
    if not text_len:
        return 1.0
    linked = sum(len(a.text_content()) for a in el.iterfind(".//a"))
    return linked / text_len


def prune_boilerplate(page: ParsedPage) -> None:
    """Drop containers that announce themselves as boilerplate; keep any that hold much of the page's prose."""
    body = page.tree.find("body")
    if body is None:
        return
    total = len(body.text_content()) or 1
    doomed: list[tuple[HtmlElement, str]] = []
    for el in body.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in _KEEP:
            continue
        reason = _ALWAYS.get(tag)
        if reason is None:
            hint = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("aria-label"), el.get("data-component"))))
            if not hint:
                continue
            for name, rx in _HINTS:
                if rx.search(hint):
                    reason = name
                    break
        if reason is None:
            continue
        doomed.append((el, reason))
    gone: set[HtmlElement] = set()
    for el, reason in doomed:
        if any(anc in gone for anc in el.iterancestors()):
            continue
        text = " ".join(el.text_content().split())
        n = len(text)
        if n > 600 and (n > 0.3 * total or _link_density(el, n) < 0.5):
            continue  # prose: a container of the article itself, whatever its class says
        if el.getparent() is None:
            continue
        if text:
            page.removed.setdefault(reason, []).append(text[:300])
        el.drop_tree()  # keeps the text that followed the element
        gone.add(el)
