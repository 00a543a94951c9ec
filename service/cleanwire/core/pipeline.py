"""clean(page) -> Article | Rejected: every step, in order, in one place.

    decode bytes -> text (charset) ........ cleanwire.core.decode
    HTML: parse once -> metadata -> prune boilerplate containers -> trafilatura body
    text: lines and blocks as the fetcher flattened them
    text steps (phrases, appeal blocks, lead-in, sections, captions, glued appeals)
    date candidates of the unpruned tree (json-ld, meta, <time>/byline, htmldate) ... cleanwire.core.dates
    publication date: candidates + url + body datelines, decided ....... cleanwire.core.date_decide
"""

from __future__ import annotations

import hashlib
import re

from cleanwire.core import boilerplate
from cleanwire.core.boilerplate import Line, Lines
from cleanwire.core.date_decide import APPEAL_REASONS, dateline_window, decide_date, html_date_candidates
from cleanwire.core.dates import DateCandidate
from cleanwire.core.decode import decode, looks_like_html, strip_controls
from cleanwire.core.extract import body_paragraphs
from cleanwire.core.html import ParsedPage, parse, prune_boilerplate, read_metadata
from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason

_DEFAULT = CleanOptions()
_STEPS = boilerplate.default_steps()
_MIN_BODY_CHARS = 80


def tag(text: str, date: str | None) -> str:
    """The user's format: ' date YYYY-MM-DD ' then the body; without a date, the body alone."""
    return f" date {date} {text}" if date else text


def article_id(canonical_url: str | None, text: str) -> str:
    basis = canonical_url or text
    return hashlib.sha256(basis.encode("utf-8", errors="replace")).hexdigest()[:32]


def _size(content: str | bytes) -> int:
    return len(content) if isinstance(content, bytes) else len(content.encode("utf-8", errors="replace"))


def _text_lines(text: str) -> Lines:
    items: list[Line] = []
    block = 0
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            block += 1
            continue
        items.append(Line(line, block))
    return Lines(items, flattened=True)


def clean(page: Page, options: CleanOptions | None = None) -> Article | Rejected:
    """The article in a fetched page, or the typed reason there is none. Never raises on input."""
    opts = options or _DEFAULT
    if page.content is None or (isinstance(page.content, (str, bytes)) and not page.content):
        return Rejected(RejectReason.EMPTY_PAGE, "the page has no content")
    if not isinstance(page.content, (str, bytes)):
        return Rejected(RejectReason.EMPTY_PAGE, f"content is {type(page.content).__name__}, not text or bytes")
    size = _size(page.content)
    if size > opts.max_page_bytes:
        return Rejected(RejectReason.PAGE_TOO_LARGE, f"{size} bytes, over the limit of {opts.max_page_bytes}")
    text = decode(page.content, page.content_type)
    if isinstance(text, Rejected):
        return text
    text = strip_controls(text)
    if not text.strip():
        return Rejected(RejectReason.EMPTY_PAGE, "the page is only whitespace")

    parsed: ParsedPage | None = None
    candidates: list[DateCandidate] = []
    if looks_like_html(text, page.content_type):
        tree = parse(text)
        if tree is None:
            return Rejected(RejectReason.NO_ARTICLE, "the HTML could not be parsed (or is nested too deeply)")
        parsed = ParsedPage(tree)
        read_metadata(parsed)
        candidates = html_date_candidates(parsed.tree, page.url)
        prune_boilerplate(parsed)
        lines = Lines([Line(p, i) for i, p in enumerate(body_paragraphs(parsed.tree, page.url))], flattened=False)
        lines.title = parsed.title
        for reason, items in parsed.removed.items():
            lines.removed.setdefault(reason, []).extend(items)
    else:
        lines = _text_lines(text)

    for step in _STEPS:
        step(lines)  # type: ignore[operator]
    body = [line.text for line in lines.kept() if line.text.strip()]
    body_text = "\n".join(body)
    refused = [t for reason, items in lines.removed.items() if reason in APPEAL_REASONS for t in items]
    window = dateline_window([(line.text, line.removed) for line in lines.items])
    date, date_source = decide_date(
        candidates, url=page.url, fetched_at=page.fetched_at, body_lines=window, removed_lines=refused
    )
    if len(re.sub(r"\s", "", body_text)) < _MIN_BODY_CHARS:
        return Rejected(
            RejectReason.NO_ARTICLE, "no article body found (home page, login wall, scripts only?)", date, date_source
        )
    paywalled = bool(parsed and parsed.paywall_marked) or "paywall" in lines.removed
    canonical = (parsed.canonical_url if parsed else None) or page.url
    return Article(
        text=body_text,
        date=date,
        date_source=date_source,
        tagged_text=tag(body_text, date),
        title=lines.title,
        url=page.url,
        canonical_url=canonical,
        language=parsed.language if parsed else None,
        paywalled=paywalled,
        removed={reason: tuple(items) for reason, items in lines.removed.items()},
    )
