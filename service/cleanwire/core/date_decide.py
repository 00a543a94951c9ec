"""The date arbiter: every candidate the page offers, then one date by rules measured on dev pages.

Two phases, so that each sees what it needs:
- `html_date_candidates(tree, url)` runs on the parsed tree BEFORE pruning (see `cleanwire.core.dates`);
- `decide_date(candidates, url=, fetched_at=, body_lines=, removed_lines=)` runs after the text steps,
  adds the URL and the datelines of the kept body, refuses what must never win, and picks one.

Refusals, and why:
- after `fetched_at` or in the future: a page cannot be published after it was fetched;
- before 1995: not the web's news (a founding year, a quoted event);
- a date read from text the steps removed as an appeal, paywall, donation, newsletter, cookie or
  related-stories block: such blocks carry campaign and teaser dates ("since <date> we ..."), not the
  article's;
- a modification date whenever any publication date is left: the user's tag is the publication day; an
  "Updated <date>" byline under the headline with no publication date near it (none in the text around
  the headline, none in the page's structured data or address) counts as one (`_only_stamp`).
Choice: the first tier of `TIER_ORDER` that holds a candidate, the earliest candidate in it. What the
page shows its reader (the date in its address, the byline near the headline, in the reader's time
zone) comes before what it tells machines (article JSON-LD, publication meta, often in UTC or kept from
a first version the page no longer shows), and the weaker signals (other JSON-LD objects, text
datelines, generic meta, htmldate, dates in sidebars) after them. In text, a dateline more than
_ABOVE_HEAD lines above the headline, or a weekday-first day above it (a masthead's "Friday, December 19,
2025"), comes after the datelines under it. The order was chosen among a few
on the dev pages (`cleanwire eval-dates`; url+byline first: +7 of 931 pages over structured data
first); agreement votes between sources were tried and did not help.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from lxml.html import HtmlElement

from cleanwire.core import dates
from cleanwire.core.date_text import find_dates, numeric_order
from cleanwire.core.dates import DateCandidate
from cleanwire.core.url_date import date_from_url, month_from_url

TIER_ORDER: tuple[str, ...] = (
    "url", "byline", "ld_article", "meta_pub", "ld_other", "text", "text_above", "meta_generic", "htmldate", "time_other",
    "text_loose", "modified",
)
APPEAL_REASONS: frozenset[str] = frozenset({"paywall", "donation", "newsletter", "cookie", "ad_label"})
DATE_REFUSING_REASONS: frozenset[str] = frozenset({*APPEAL_REASONS, "related", "comments"})
_CHEAP_STRONG = {"ld_article", "meta_pub", "byline", "url"}
_MIN_DATE = date(1995, 1, 1)
_BEFORE_BODY = 40
_ABOVE_HEAD = 25
_BYLINE_ZONE = 10
# A masthead shows the day the page was served, weekday first ("Friday, December 19, 2025"), above the headline.
_WEEKDAY_FIRST = re.compile(
    r"^\W{0,3}(monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|"
    r"freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|"
    r"viernes|sábado|domingo|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|segunda|terça|quarta|quinta|sexta|"
    r"maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|måndag|tisdag|onsdag|torsdag|fredag|lördag|"
    r"söndag|mandag|tirsdag|lørdag|søndag|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)\b",
    re.I)
CONSENSUS = 3  # of 2 and 3 on the dated dev pages, 3 (README)
# A byline names the comment count ("May 3, 2017 By A. Writer 4 Comments"): the classifier removes it as
# "comments", yet at the top of the article it is the byline, not a comment's time stamp (those follow the body).
_BYLINE_AFTER_START = 10
_LOOSE_HEAD, _LOOSE_TAIL = 45, 3
_SPAN_WORDS = re.compile(r"(since|seit|depuis|desde|dal|dall'|sinds|sedan|siden|until|till|bis|jusqu'au|hasta|fino al|до|с)\W*$", re.I)
# A forum's or profile's account dates ("Posts: 524 Joined: Mon Jul 24, 2017") date the member, not the post.
_ACCOUNT_WORDS = re.compile(
    r"(joined|registered|member since|founded|mitglied seit|dabei seit|registriert|inscrit le|inscrit depuis|"
    r"membre depuis|registrado|miembro desde|iscritto|lid sinds)\W*(\w+\W+)?$", re.I)
_PUBLISHED_WORDS = re.compile(
    r"(published|posted|released|veröffentlicht|erschienen|publié|publicado|pubblicato|опубликовано|gepubliceerd|"
    r"publicerad|publiceret|publisert|yayınlanma|公開|配信|掲載|발행|입력|stand)\W{0,3}(?:\w+\W+){0,2}$",
    re.I,
)
_BYLINE_START = re.compile(r"^\W{0,3}(by|von|par|por|di|door|av|af|от|posted by|written by)\s", re.I)
_SEPARATOR = re.compile(r"\s[|⋅●•·/–—-]\s|\s?[|⋅●•·]\s?")
_DATELINE_AFTER = re.compile(r"^\W{0,2}(?:\d{1,2}[:.h]\d{2}\s*(?:am|pm|uhr)?\W*)?(?:[—–|·•(/]|-\s|$)", re.I)


def is_dateline(line: str, start: int, end: int, dates_in_line: int = 1) -> bool:
    """A date that dates the text it heads or signs: a byline, a dateline, a "published" stamp, not a
    date told inside a sentence ("since <date> we ...")."""
    before, after = line[:start], line[end:]
    if _SPAN_WORDS.search(before):
        return False
    if _PUBLISHED_WORDS.search(before[-40:]):
        return True
    if _BYLINE_START.match(line) and start <= 160:
        return True
    seg_start = max((m.end() for m in _SEPARATOR.finditer(before)), default=0)
    seg_end = next((m.start() for m in _SEPARATOR.finditer(after)), len(after))
    if len(f"{before[seg_start:]} {after[:seg_end]}".split()) <= 5 and start <= 200:
        return True
    rest = f"{before} {after}"
    if len(rest.split()) <= 8 + 4 * (dates_in_line - 1) and len(rest) <= 80 + 30 * (dates_in_line - 1):
        return True
    return start <= 40 and bool(_DATELINE_AFTER.match(after))


def as_datetime(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def latest_day(fetched_at: str | datetime | None, now: datetime | None = None) -> date:
    """The last day a publication date can be: the fetch day, or today."""
    latest = (now or datetime.now(UTC)).date()
    fetched = as_datetime(fetched_at)
    return min(latest, fetched.date()) if fetched is not None else latest


def html_date_candidates(tree: HtmlElement, url: str | None) -> tuple[list[DateCandidate], bool]:
    """Candidates of the unpruned tree, and whether htmldate's extensive search should be asked too: only
    where the cheap ones are missing or disagree (`decide_date` then asks it only where its answer could
    change the choice: pass it as `search`)."""
    found = [*dates.json_ld_candidates(tree), *dates.meta_candidates(tree), *dates.element_candidates(tree)]
    cheap = {c.day for c in found if c.tier in _CHEAP_STRONG}
    url_day = date_from_url(url)
    if url_day is not None:
        cheap.add(url_day)
    return found, len(cheap) != 1


class Window(NamedTuple):
    lines: list[str]
    head: int  # the headline's (the last line found as the title above the body) or the first kept line's index


def dateline_window(lines: Sequence[tuple[str, str | None]]) -> Window:
    """The kept body with the lines just before and after it (title, byline, lead-in the text steps cut
    as not-body), in page order; the window opens _BEFORE_BODY lines above the headline or the first kept
    line, whichever comes first (a byline sits under the headline even where the steps cut the article's
    first stretch as detached). Never a line removed for a reason in DATE_REFUSING_REASONS, but for a
    "comments" line that is a byline: at the top of the body, or shaped as one ("By A. Writer on <date> |
    4 Comments"). Bylines and datelines are seldom body prose, so the steps remove them; they still date
    the body."""
    kept = [i for i, (_, reason) in enumerate(lines) if reason is None]
    if not kept:
        return Window([], 0)
    titles = [i for i, (_, reason) in enumerate(lines[: kept[0]]) if reason == "title"]
    first = min([kept[0], *titles])
    start = max(0, first - _BEFORE_BODY)
    out: list[str] = []
    head = 0
    for i, (text, reason) in enumerate(lines[start:], start):
        if i == (titles[-1] if titles else first):
            head = len(out)
        if reason not in DATE_REFUSING_REASONS or (
                reason == "comments" and (i <= kept[0] + _BYLINE_AFTER_START or bool(_BYLINE_START.match(text)))):
            out.append(text)
    return Window(out, head)


def text_candidates(body_lines: Sequence[str], head: int = 0) -> list[DateCandidate]:
    """Datelines and byline dates (not dates told inside the prose), earliest first. A dateline more than
    _ABOVE_HEAD lines above the headline (`head`) is a masthead's day or a teaser's, after every dateline
    under it."""
    out: list[DateCandidate] = []
    n = len(body_lines)
    for i, line in enumerate(body_lines):
        spans = find_dates(line)
        for span in spans:
            if _ACCOUNT_WORDS.search(line[max(0, span.start - 40): span.start]):
                continue
            if is_dateline(line, span.start, span.end, len(spans)):
                above = i < head - _ABOVE_HEAD or (i < head and bool(_WEEKDAY_FIRST.match(line)))
                tier = "modified" if span.modified else "text_above" if above else "text"
            elif (i < _LOOSE_HEAD or i >= n - _LOOSE_TAIL) and not span.modified and not _SPAN_WORDS.search(line[: span.start]):
                tier = "text_loose"  # a date near the top or the end, in a sentence: the last resort of text
            else:
                continue
            out.append(DateCandidate(span.day, "text", tier, span.modified, i, line, span.alternative))
    return out


def _removed(c: DateCandidate, removed: Sequence[str], removed_days: set[date]) -> bool:
    if c.source in ("json_ld", "meta", "url"):
        return False
    if c.text and len(c.text) >= 6 and any(c.text in r for r in removed):
        return True
    return c.source in ("htmldate", "time_element") and not c.text and c.day in removed_days


def _resolve(c: DateCandidate, others: set[date], month_first: bool = False, read: frozenset[date] = frozenset()
             ) -> DateCandidate:
    """An ambiguous numeric date takes its month-first reading when another source says so, or when the
    page's other numeric dates are written month first ("8/1/2025" next to "8/27/2025"), unless a source
    other than htmldate confirms the day-first reading. htmldate's day (in `read`, not in `others`) may
    confirm the month-first reading, never the day-first one: it reads the same visible string, day first."""
    if c.alternative is not None and c.day not in others and (c.alternative in others or c.alternative in read
                                                                or month_first):
        return DateCandidate(c.alternative, c.source, c.tier, c.modified, c.position, c.text)
    return c


class _Context(NamedTuple):
    """What the refusals and the text dates need, read once per page (the candidates may be judged twice)."""

    extra: list[DateCandidate]  # the body's datelines, then the address's date
    removed_lines: Sequence[str]
    removed_days: set[date]
    month_first: bool
    latest: date
    body_head: int
    url_month: tuple[int, int] | None


def _context(candidates: Sequence[DateCandidate], url: str | None, fetched_at: str | datetime | None,
             body_lines: Sequence[str], removed_lines: Sequence[str], body_head: int, now: datetime | None) -> _Context:
    """The page's way of writing numeric dates is read from every date it shows: the body's lines and the
    texts of its date elements (a site renders all its dates alike; a sidebar's "11.24.2025" tells that the
    byline's "09.10.2024" is September 10)."""
    extra = text_candidates(body_lines, body_head)
    url_day = date_from_url(url)
    if url_day is not None:
        extra.append(DateCandidate(url_day, "url", "url"))
    return _Context(extra, removed_lines, {s.day for line in removed_lines for s in find_dates(line)},
                    numeric_order([*body_lines, *(c.text for c in candidates if c.text)]) == "mdy", latest_day(fetched_at, now), body_head, month_from_url(url))


def _pool(candidates: Sequence[DateCandidate], ctx: _Context) -> list[DateCandidate]:
    pool = [*candidates, *ctx.extra]
    others = {c.day for c in pool if c.alternative is None and c.source != "htmldate"}
    read = frozenset(c.day for c in pool if c.source == "htmldate")
    pool = [_resolve(c, others, ctx.month_first, read) for c in pool if not _removed(c, ctx.removed_lines, ctx.removed_days)]
    pool = [c for c in pool if _MIN_DATE <= c.day <= ctx.latest]
    pool = _only_stamp(pool, ctx.body_head, ctx.url_month)
    if any(not c.modified for c in pool):
        pool = [c for c in pool if not c.modified]
    return pool


def candidate_pool(
    candidates: Sequence[DateCandidate],
    *,
    url: str | None,
    fetched_at: str | datetime | None,
    body_lines: Sequence[str],
    removed_lines: Sequence[str],
    body_head: int = 0,
    now: datetime | None = None,
) -> list[DateCandidate]:
    """Every candidate left after the refusals (see the module docstring)."""
    return _pool(candidates, _context(candidates, url, fetched_at, body_lines, removed_lines, body_head, now))


def _near(c: DateCandidate, head: int) -> bool:
    return c.source == "text" and abs(c.position - head) <= _BYLINE_ZONE


def _only_stamp(pool: list[DateCandidate], head: int, url_month: tuple[int, int] | None) -> list[DateCandidate]:
    """An "Updated <date>" byline under the headline is the only day the page shows for the article when
    no publication date stands next to it, in the text or the page's structured data, and the address
    does not stamp another month: it then counts as one (dates further off, in comments, sidebars and
    teasers, are not the article's publication date)."""
    stamps = [c for c in pool if c.modified and _near(c, head)
              and (url_month is None or (c.day.year, c.day.month) == url_month)]
    if not stamps or any(not c.modified and (c.tier in _CHEAP_STRONG or _near(c, head)) for c in pool):
        return pool
    return [DateCandidate(c.day, c.source, "text", False, c.position, c.text) if c in stamps else c for c in pool]


def choose(pool: Sequence[DateCandidate]) -> DateCandidate | None:
    """The first candidate of the best tier, unless it stands alone against a day that CONSENSUS sources of
    other kinds agree on (a byline showing the day of the last update, a URL's date of a later edition,
    while the page's JSON-LD, its meta tags and htmldate all name the day it was first published)."""
    if not pool:
        return None
    rank = {tier: i for i, tier in enumerate(TIER_ORDER)}
    best = min(pool, key=lambda c: (rank.get(c.tier, len(rank)), c.position))
    kinds: dict[date, set[str]] = {}
    for c in pool:
        if not c.modified:
            kinds.setdefault(c.day, set()).add(c.source)
    if kinds and len(kinds.get(best.day, ())) <= 1:
        rival = max(kinds, key=lambda d: len(kinds[d]))
        if rival != best.day and len(kinds[rival]) >= CONSENSUS:
            return min((c for c in pool if c.day == rival), key=lambda c: (rank.get(c.tier, len(rank)), c.position))
    return best


def _outcome(best: DateCandidate | None) -> tuple[str | None, str | None]:
    return (best.day.isoformat(), best.source) if best else (None, None)


def _search_may_change(candidates: Sequence[DateCandidate], ctx: _Context, best: DateCandidate | None) -> bool:
    """Whether a day htmldate's extensive search could name would change the choice. Its candidate is always
    `DateCandidate(day, "htmldate", "htmldate")`, and a day enters the rules only through equality with other
    days (the sources' votes, the readings of ambiguous dates, removed text's days) and through the date
    range. So it is enough to try every day the page already names and one day it does not name: any other
    unnamed day acts as that one does, or falls outside the range (then it is refused, as if not there)."""
    named = {d for c in (*candidates, *ctx.extra) for d in (c.day, c.alternative) if d is not None}
    named |= ctx.removed_days
    days = list(named)
    # len(named) + 1 days in a row hold one the page does not name
    unnamed = next(d for d in (_MIN_DATE + timedelta(days=i) for i in range(len(named) + 1)) if d not in named)
    if unnamed <= ctx.latest:
        days.append(unnamed)
    now = _outcome(best)
    return any(_outcome(choose(_pool([*candidates, DateCandidate(d, "htmldate", "htmldate")], ctx))) != now
               for d in days)


def decide_date(
    candidates: Sequence[DateCandidate],
    *,
    url: str | None,
    fetched_at: str | datetime | None,
    body_lines: Sequence[str],
    removed_lines: Sequence[str],
    body_head: int = 0,
    now: datetime | None = None,
    search: Callable[[], DateCandidate | None] | None = None,
) -> tuple[str | None, str | None]:
    """(YYYY-MM-DD, source) or (None, None). `search` is htmldate's extensive search, slow (5 ms a page on
    average where it runs): called only where its answer could change the choice."""
    ctx = _context(candidates, url, fetched_at, body_lines, removed_lines, body_head, now)
    best = choose(_pool(candidates, ctx))
    if search is not None and _search_may_change(candidates, ctx, best):
        found = search()
        if found is not None:
            best = choose(_pool([*candidates, found], ctx))
    return _outcome(best)
