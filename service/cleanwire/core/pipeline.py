"""clean(page) -> Article | Rejected: every step, in order, in one place.

    decode bytes -> text (charset) ............................ cleanwire.core.decode
    HTML: parse once -> metadata -> prune boilerplate containers -> thin -> layout tables to divs -> trafilatura paragraphs
    text: the lines as the fetcher flattened them ............. cleanwire.core.blocks
    page-type gate: not an article -> Rejected(not_article) ... cleanwire.core.gate, .model
    line classifier: each line body or not, with a reason ...... cleanwire.core.features, .model, .boilerplate
    date candidates of the unpruned tree (json-ld, meta, <time>/byline, htmldate) ... cleanwire.core.dates
    publication date: candidates + url + datelines around the body, decided ....... cleanwire.core.date_decide
"""

from __future__ import annotations

import copy
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from cleanwire.core import features, gate
from cleanwire.core.blocks import Candidate, DomIndex, html_candidates, text_candidates
from cleanwire.core.boilerplate import PLAUSIBLE_BODY, Decided, decide
from cleanwire.core.date_decide import APPEAL_REASONS, dateline_window, decide_date, html_date_candidates
from cleanwire.core.dates import DateCandidate, htmldate_candidate, warm_date_parser
from cleanwire.core.decode import decode_keeping_utf8, looks_like_html, strip_controls
from cleanwire.core.extract import Body, extract_body, narrower_body
from cleanwire.core.features import is_prose
from cleanwire.core.html import (
    ParsedPage,
    parse,
    prune_boilerplate,
    read_metadata,
    thin,
    unname,
    unwrap_layout_tables,
)
from cleanwire.core.model import Models, shipped
from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason

_DEFAULT = CleanOptions()
_MIN_BODY_CHARS = 80
# Page types whose pages have a publication day (an article's, a thread's first post): htmldate's extensive
# search (39 ms a page where it runs, on wcxb-dev) is spent on a rejected page's date only for these. A listing,
# product, service or documentation page is dated from its markup, URL, time elements and text alone; so is a
# page rejected for having no text. Measured (README, Speed, thirteenth session): on every 4th wcxb-dev page
# clean 0.78 -> 1.06 of trafilatura's speed without the search on any rejected page, and 4 forum threads lost
# their day (eval-dates HTML 0.893 -> 0.888); with forums searched 1.06, and only a service page's wrong day
# became none (0.893).
DATED_TYPES = frozenset({"article", "forum"})
_BLOCK_WORDS = 60  # a line this long that is not prose-shaped is a block of several paragraphs run together


def _all_prose(items: list[Candidate]) -> bool:
    """At least two paragraphs of prose and nine tenths of the words in them."""
    words = [len(c.text.split()) for c in items]
    prose = [w for c, w in zip(items, words, strict=True) if is_prose(c.text)]
    return len(prose) >= 2 and sum(prose) >= 0.9 * sum(words)


def _too_short(lines: list[str]) -> bool:
    """Fewer than _MIN_BODY_CHARS characters other than whitespace (str.split's whitespace is re's \\s: both
    are str.isspace), reading lines only until there are enough."""
    total = 0
    for line in lines:
        total += sum(map(len, line.split()))
        if total >= _MIN_BODY_CHARS:
            return False
    return True


def tag(text: str, date: str | None) -> str:
    """The user's format: ' date YYYY-MM-DD ' then the body; without a date, the body alone."""
    return f" date {date} {text}" if date else text


def article_id(canonical_url: str | None, text: str) -> str:
    basis = canonical_url or text
    return hashlib.sha256(basis.encode("utf-8", errors="replace")).hexdigest()[:32]


def _size(content: str | bytes) -> int:
    return len(content) if isinstance(content, bytes) else len(content.encode("utf-8", errors="replace"))


@dataclass(slots=True)
class Prepared:
    """A page made into candidates and described, before anything is decided (training reads this too)."""

    html: bool
    items: list[Candidate]
    rows: np.ndarray  # one feature row per candidate
    page_row: np.ndarray  # the gate's one row
    parsed: ParsedPage | None = None
    date_candidates: list[DateCandidate] = field(default_factory=list)
    head: int = -1  # the headline's line (by the title or the URL's words), -1 if none
    date_search: Callable[[], DateCandidate | None] | None = None  # htmldate's search on the unpruned page
    facts: gate.TreeFacts | None = None  # the gate's counts of the page (HTML), for `second_look`
    body: Body | None = None  # what the extraction found (HTML), for `second_look`


def warm() -> None:
    """Load now what clean() would load on a page that first needs it: the shipped models and the date
    parser's locale data. A process that calls this first keeps that time (seconds) off every page."""
    shipped()
    warm_date_parser()


def prepare(text: str, url: str | None, content_type: str | None, utf8: bytes | None = None) -> Prepared | Rejected:
    """`utf8`: the text's UTF-8 bytes where the caller has them (parsed instead of the text encoded again)."""
    if looks_like_html(text, content_type):
        tree = parse(text, utf8)
        if tree is None:
            return Rejected(RejectReason.NO_ARTICLE, "the HTML could not be parsed (or is nested too deeply)")
        parsed = ParsedPage(tree)
        read_metadata(parsed)
        date_candidates, wants_search = html_date_candidates(parsed.tree, url)  # unpruned: bylines in pruned strips count
        # htmldate's search runs on few pages (where its answer could change the date), after pruning has
        # changed the tree: it gets a copy of the unpruned one (a copy costs a third of a second parse)
        date_search = functools.partial(htmldate_candidate, copy.deepcopy(parsed.tree), url) if wants_search else None
        prune_boilerplate(parsed)
        facts = gate.tree_facts(parsed.tree, url)  # before thinning: the gate counts script text
        thin(parsed.tree)
        unwrap_layout_tables(parsed.tree)
        body = extract_body(parsed.tree, url)
        if _too_short(body.paragraphs) and unname(parsed):
            body = extract_body(parsed.tree, url)  # the article sat in a container named as boilerplate
        return _described(parsed, facts, body, url, date_candidates, date_search)
    items = text_candidates(text)
    head = features.headline(items, None, url)
    return Prepared(False, items, features.matrix(items, None, with_dom=False, url=url, head_info=head),
                    gate.text_features(url, items), head=head[0])


def _described(parsed: ParsedPage, facts: gate.TreeFacts, body: Body, url: str | None,
               date_candidates: list[DateCandidate], date_search: Callable[[], DateCandidate | None] | None) -> Prepared:
    items = html_candidates(body.paragraphs, DomIndex(parsed.tree, body.paragraphs, url))
    head = features.headline(items, parsed.title, url)
    return Prepared(
        True, items, features.matrix(items, parsed.title, with_dom=True, url=url, head_info=head),
        gate.html_features(facts, url, items), parsed, date_candidates, head=head[0], date_search=date_search,
        facts=facts, body=body,
    )


def second_look(prep: Prepared, url: str | None) -> Prepared | None:
    """The page described again from trafilatura's fallbacks' text where that is the fast pass's prose in
    clearly less text (`extract.narrower_body`); None where it is not, or the page is not HTML."""
    if prep.parsed is None or prep.facts is None or prep.body is None:
        return None
    narrower = narrower_body(prep.parsed.tree, url, prep.body)
    if narrower is None:
        return None
    return _described(prep.parsed, prep.facts, Body(narrower), url, prep.date_candidates, prep.date_search)


def unnamed_look(prep: Prepared, url: str | None) -> Prepared | None:
    """The page described again after its held containers are unnamed (`html.unname`); None where it has none,
    or they were unnamed already."""
    if prep.parsed is None or prep.facts is None or not unname(prep.parsed):
        return None
    body = extract_body(prep.parsed.tree, url)
    return _described(prep.parsed, prep.facts, body, url, prep.date_candidates, prep.date_search)


def decide_body(items: list[Candidate], scores: np.ndarray, threshold: float, title: str | None, flattened: bool,
                head: int, detached: float | None) -> Decided:
    """The lines the classifier keeps; on a page the gate has passed as an article, never nothing where there
    is text: if the kept lines are too few, the likeliest prose (lines shaped as prose scored at least
    PLAUSIBLE_BODY); if still too few, every long line (_BLOCK_WORDS) scored that high: an article that
    came as a few huge lines (a page laid out without paragraphs gives the extractor one block of thousands of
    words, which line-shape features describe badly): published as trafilatura would, not rejected.
    Measured in grouped CV: article rejections on the dev pages 31 -> 20, F1 0.914 -> 0.923 (README)."""
    decided = decide(items, scores, threshold, title, flattened, head, detached)
    if _too_short(decided.kept):
        prose = np.asarray([is_prose(c.text) for c in items], dtype=bool)
        decided = decide(items, np.where(prose & (scores >= PLAUSIBLE_BODY), 1.0, 0.0), 0.5, title, flattened, head)
    if _too_short(decided.kept):
        block = np.asarray([features.word_count(c.text) >= _BLOCK_WORDS for c in items], dtype=bool)
        decided = decide(items, np.where(block & (scores >= PLAUSIBLE_BODY), 1.0, 0.0), 0.5, title, flattened, head)
    return decided


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
    decoded = decode_keeping_utf8(page.content, page.content_type)
    if isinstance(decoded, Rejected):
        return decoded
    text, utf8 = decoded
    stripped = strip_controls(text, utf8)
    if stripped is not text:
        text, utf8 = stripped, None
    if not text.strip():
        return Rejected(RejectReason.EMPTY_PAGE, "the page is only whitespace")

    prep = prepare(text, page.url, page.content_type, utf8)
    if isinstance(prep, Rejected):
        return prep
    if _too_short([c.text for c in prep.items]):
        date, date_source = decide_date(prep.date_candidates, url=page.url, fetched_at=page.fetched_at,
                                        body_lines=[c.text for c in prep.items], removed_lines=(), search=None)
        return Rejected(RejectReason.NO_ARTICLE, "no text to speak of (scripts only, a login form, an empty shell?)",
                        date, date_source)
    models: Models = opts.models or shipped()
    home = gate.home_page(page.url)
    page_type, p_accept = models.page_type(prep.page_row, prep.html, opts.accept_page_types, home, opts.gate_min_p)
    if page_type not in opts.accept_page_types and not home:
        # Before a page is lost: a fast pass that found no article container returned the whole page, and the
        # site's menus around the story make it look like a section front (`second_look`). Measured: README,
        # Quality, nineteenth session.
        again = second_look(prep, page.url)
        if again is not None:
            type2, p2 = models.page_type(again.page_row, again.html, opts.accept_page_types, home, opts.gate_min_p)
            if type2 in opts.accept_page_types:
                prep, page_type, p_accept = again, type2, p2
    if not prep.html and not home and "article" in opts.accept_page_types and _all_prose(prep.items):
        page_type = "article"  # text that is all paragraphs (a fetcher's own extraction) is an article, whatever its URL
    if page_type not in opts.accept_page_types:
        date, date_source = decide_date(prep.date_candidates, url=page.url, fetched_at=page.fetched_at,
                                        body_lines=[c.text for c in prep.items], removed_lines=(),
                                        search=prep.date_search if page_type in DATED_TYPES else None)
        front = "; the site's front page" if home else ""
        return Rejected(RejectReason.NOT_ARTICLE, f"page type {page_type} (P(accepted types) {p_accept:.2f}{front})",
                        date, date_source)
    parsed = prep.parsed
    scores = models.line_scores(prep.rows, prep.html)
    title = parsed.title if parsed else None
    bar = models.detached_min(prep.html) if opts.detached_min is None else opts.detached_min
    detached = bar if bar >= 0 else None
    decided = decide_body(prep.items, scores, models.line_threshold(prep.html), title, not prep.html, prep.head, detached)
    if _too_short(decided.kept) and prep.html:
        # Nothing to publish from what trafilatura kept: it may have dropped the article with a container named
        # as boilerplate that holds it, and returned the menus around it (`unnamed_look`).
        again = unnamed_look(prep, page.url)
        if again is not None:
            type2, p2 = models.page_type(again.page_row, True, opts.accept_page_types, home, opts.gate_min_p)
            if type2 in opts.accept_page_types:
                decided2 = decide_body(again.items, models.line_scores(again.rows, True), models.line_threshold(True),
                                       title, False, again.head, detached)
                if not _too_short(decided2.kept):
                    prep, page_type, p_accept, decided = again, type2, p2, decided2
    refused = [t for reason, items in decided.removed.items() if reason in APPEAL_REASONS for t in items]
    window = dateline_window(decided.lines)
    date, date_source = decide_date(prep.date_candidates, url=page.url, fetched_at=page.fetched_at,
                                    body_lines=window.lines, removed_lines=refused, body_head=window.head,
                                    search=prep.date_search)
    if parsed is not None:
        for reason, items in parsed.removed.items():
            decided.removed.setdefault(reason, []).extend(items)
    body_text = "\n".join(decided.kept)
    if _too_short(decided.kept):
        return Rejected(RejectReason.NO_ARTICLE, "no article body found (home page, login wall, scripts only?)",
                        date, date_source)
    paywalled = bool(parsed and parsed.paywall_marked)
    canonical = (parsed.canonical_url if parsed else None) or page.url
    return Article(
        text=body_text,
        date=date,
        date_source=date_source,
        tagged_text=tag(body_text, date),
        title=decided.title,
        url=page.url,
        canonical_url=canonical,
        language=parsed.language if parsed else None,
        paywalled=paywalled,
        page_type=page_type,
        removed={reason: tuple(items) for reason, items in decided.removed.items()},
    )
