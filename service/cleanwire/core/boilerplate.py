"""Dropping what is not the article: the line classifier's scores become kept and removed lines, each
removal with a reason.

The classifier (`cleanwire.core.model`) scores every candidate line; a line under the threshold is
removed under the kind its cue words name (`cleanwire.core.cues`), or `classified` where none does.
Structural rules stay where they need no wording: the headline (the line most like the page's title or
the URL's words, at the top of the body) is the title, not body; a paragraph of prose that is a sibling of
the kept body's paragraphs in the page's tree is body unless it names a kind or the model rules it out.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from cleanwire.core import cues
from cleanwire.core.blocks import Candidate, norm
from cleanwire.core.date_text import find_dates
from cleanwire.core.features import is_prose, sent_end, twin_lines, word_count

REMOVAL_REASONS: tuple[str, ...] = (*cues.REASONS, "title", "navigation", "classified", "site_repeated")


@dataclass(slots=True)
class Decided:
    kept: list[str]
    title: str | None
    removed: dict[str, list[str]] = field(default_factory=dict)
    lines: list[tuple[str, str | None]] = field(default_factory=list)  # every line in page order, with its reason

    def remove(self, reason: str, text: str) -> None:
        self.removed.setdefault(reason, []).append(text)
        self.lines.append((text, reason))

    def keep(self, text: str) -> None:
        self.kept.append(text)
        self.lines.append((text, None))


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


# A stretch cut off from the article with at least this share of its words is more of the article (a long guide
# split by two headings the classifier doubts), not a banner or an appeal: those are short beside the article.
_DETACHED_SHARE = 0.3


def _drop_detached(items: list[Candidate], scores: np.ndarray, keep: list[bool], bar: float) -> list[bool]:
    """Kept lines come in stretches, split where two or more lines in a row are removed. The stretch with the
    most words is the article; another stretch stays only when the classifier is as sure of it as of body
    text (median score at least `bar`), or when it holds at least _DETACHED_SHARE of the article's words. A
    banner above the headline or an appeal below the article, cut off from it by prompts, is prose the first
    pass half believes; the rest of a body split by a gallery of captions is not. Measured in grouped CV
    (README, Quality, fourteenth session): the share rule took flattened F1 0.901 -> 0.905, HTML +0.0006."""
    stretch, gap, k = [-1] * len(items), 2, -1
    for i, kept in enumerate(keep):
        if kept:
            if gap >= 2:
                k += 1
            stretch[i], gap = k, 0
        else:
            gap += 1
    if k <= 0:
        return keep
    words = np.zeros(k + 1)
    for i, st in enumerate(stretch):
        if st >= 0:
            words[st] += len(items[i].text.split())
    main = int(np.argmax(words))
    weak = {st for st in range(k + 1) if st != main and words[st] < _DETACHED_SHARE * words[main]
            and float(np.median([scores[i] for i, x in enumerate(stretch) if x == st])) < bar}
    return [kept and stretch[i] not in weak for i, kept in enumerate(keep)]


_TAIL_LINES, _TAIL_WORDS = 3, 12
_SENTENCE_END = (".", "!", "?", "\u3002", "\uff01", "\uff1f", "\u2026", "\"", "'", "\u201d", "\u2019", "\u00bb", ")")


def _drop_tail(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """After the article's last paragraph of prose, one to _TAIL_LINES kept short lines that do not end as a
    sentence ends are a call to action or a link to more ("Schedule a Free Call", "Read more in the Blog",
    "Download Our Free Tools"), not the body: a heading there heads nothing."""
    last = max((i for i, (item, k) in enumerate(zip(items, keep, strict=True)) if k and is_prose(item.text)), default=-1)
    if last < 0:
        return keep
    tail = [i for i in range(last + 1, len(items)) if keep[i]]
    if not 1 <= len(tail) <= _TAIL_LINES:
        return keep
    if any(word_count(items[i].text) > _TAIL_WORDS or items[i].text.rstrip().endswith(_SENTENCE_END) for i in tail):
        return keep
    return [k and i not in tail for i, k in enumerate(keep)]


_TWIN_WORDS = 4


_PROMPT_KINDS = frozenset({"paywall", "donation", "newsletter", "cookie", "share", "ad_label"})


def _drop_followers(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """Flattened text: a kept line that does not end as a sentence ends, right after a removed line naming the
    same kind of prompt (_PROMPT_KINDS), goes with it: a sign-up prompt, then its box's blurb ("Get the
    Morning Briefing newsletter" / "The day's top stories in your inbox every morning ... Subscribe"). Run
    after the stretches are drawn (`_drop_detached`), so that the line it removes splits none. Measured in
    grouped CV with bagged text models (README): F1 and recall unchanged to the third decimal, no page loses
    more than 0.011 of recall."""
    out = list(keep)
    for i in range(1, len(items)):
        if (out[i] and not out[i - 1] and not sent_end(items[i].text)
                and _PROMPT_KINDS & cues.kinds(items[i - 1].text) & cues.kinds(items[i].text)):
            out[i] = False
    return out


def _drop_twins(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """Flattened text: a short line (at most _TWIN_WORDS words) next to the same line (case aside) is not body,
    whatever its score: a fetcher writes an image's alt text and then its caption or credit, a link's title and
    its text. In the dev articles flattened by inscriptis, such lines are boilerplate 3,683 times and body 66
    (on 9 pages, most of them one page's brand names written twice as heading and label). Inside the body's
    run the classifier half believes them (the paragraphs around vouch for them)."""
    twins = twin_lines([c.text.casefold() for c in items])
    return [k and not (twins[i] and word_count(items[i].text) <= _TWIN_WORDS) for i, k in enumerate(keep)]


# Readers' comments under a post, in flattened text (step 6). trafilatura leaves an HTML page's comment section
# out; a fetcher's flattened text keeps it, prose in the post's own words with a signature above each comment.
# A signature: a short line with a full date and a time of day ("August 2nd, 2012 at 12:36 pm", "by alan p on
# November 30, 2010 at 1:24 am. Reply", "Posted by: Don | 09/22/2012 at 09:47 AM"). A thread: THREAD_MIN
# signatures or more, with one to _THREAD_GAP lines between each two (a comment may be a few words; signatures
# in a row with nothing between are a list of dates, an archive), named by a short line (cues: "38 comments
# to ...", "Reply", "Kommentare") at or just above the first signature or among them; or, named only below the
# last ("Leave a Reply"), with its signatures in time order, oldest first, as comments are listed and a live
# blog's entries (newest first) are not.
_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-3])[:.]([0-5]\d)(?![\d:])(?:\s*([ap])\.?\s?m\b)?", re.I)
THREAD_MIN = 3
# A comment may run long (a reader pastes a list of sixty lines): 30 lines split such a thread in two and left its
# second half in the article (grouped CV, flattened, the twentieth session's fold models rescored, with
# _THREAD_NAME: 30 -> 80 -> 150 lines took inscriptis F1 0.9093 -> 0.9099 -> 0.9104, no page worse).
_THREAD_GAP = 150
# A thread's own heading as blog software writes it: a count, then what the comments are, then "to"/"on" and the
# post's title (WordPress themes: "40 Responses to “…”", "6 thoughts on “…”", "One Response to “…”",
# "15 Replies to “…”", "38 comments to …"). The cue words name "Comments", not "Responses" or "thoughts"
# (inscriptis F1 0.9091 -> 0.9093 with the gap at 30; one page, a WordPress thread, found).
_THREAD_NAME = re.compile(r"^\W*(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                          r"(?:responses?|repl(?:y|ies)|comments?|thoughts)\s+(?:to|on)\b", re.I)
_SIGNATURE_WORDS = 16
# A fetcher that joins inline elements without a space glues a commenter's name to the date after it
# ("AmySeptember 11, 2008 at 2:06 PM"): a lower-case letter followed by an upper-case one is read as two words.
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")
# The thread's heading may stand well above its first signature, with the comment form between ("3 Kommentare",
# then the login and sorting controls): a heading up to _NAME_REACH lines above is the thread's when no kept prose
# stands between it and the first signature.
_NAME_REACH = 40


def _thread_name(text: str) -> bool:
    """A line named as _THREAD_NAME names a thread, unless it ends as a sentence of the article would ("Four
    responses to the consultation were received before the deadline.")."""
    return bool(_THREAD_NAME.search(text)) and not text.rstrip().endswith(".")


def _signed(text: str) -> tuple[date, int] | None:
    """A signature's day and minute of the day; None if the line is no signature."""
    if word_count(text) > _SIGNATURE_WORDS:
        return None
    clock = _CLOCK.search(text)
    if clock is None:
        return None
    days = find_dates(text) or find_dates(_GLUED.sub(" ", text))
    if not days:
        return None
    hour, minute, half = int(clock.group(1)), int(clock.group(2)), (clock.group(3) or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return days[0].day, 60 * hour + minute


def _thread(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """The lines of a comment thread (above) under the article: from the line naming it (or the signature's own
    line, or the short line of the commenter's name above it) to the end of the last comment's prose."""
    out = [False] * len(items)
    signed = [_signed(item.text) for item in items]
    sigs = [i for i, when in enumerate(signed) if when is not None]
    if len(sigs) < THREAD_MIN:  # most pages: no thread, and no need to read every line's shape
        return out
    prose = [is_prose(item.text) for item in items]
    runs: list[list[int]] = []
    for i in sigs:
        if runs and 2 <= i - runs[-1][-1] <= _THREAD_GAP:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        end, seen = run[-1], False  # the last comment's prose
        while end + 1 < len(items) and (prose[end + 1] or not seen):
            end += 1
            seen = seen or prose[end]
        lo = run[0] - 3
        while lo > 0 and run[0] - lo < _NAME_REACH and not (keep[lo - 1] and prose[lo - 1]):
            lo -= 1
        named = [j for j in range(max(0, lo), min(len(items), end + 4))
                 if word_count(items[j].text) <= _SIGNATURE_WORDS
                 and ("comments" in cues.kinds(items[j].text) or _thread_name(items[j].text))]
        if not named:
            continue
        above = [j for j in named if j <= run[0]]
        inside = [j for j in named if run[0] < j < run[-1]]
        if above:  # "38 comments to ...", then the signatures
            start = above[0]
        elif inside:  # the post's own signature ("Posted on ... at 03:08 PM") above "Comments": the thread starts there
            start = inside[0]
            run = [j for j in run if j > start]
        else:  # named below the thread ("Leave a Reply"): oldest first, it starts at its first signature
            times = [when for j in run if (when := signed[j]) is not None]
            if any(b < a for a, b in itertools.pairwise(times)) or times[0] == times[-1]:
                continue
            start = run[0]
            if start > 0 and not prose[start - 1] and word_count(items[start - 1].text) <= 5:
                start -= 1
        if len(run) < THREAD_MIN:
            continue
        if sum(1 for j in range(start) if keep[j] and prose[j]) < 2:
            continue  # no article above it: a thread is not the page's only text
        for j in range(start, end + 1):
            out[j] = True
    return out


# A line scored at least this is plausibly body: the bar a body paragraph's sibling needs to stay (`decide`), and
# the pipeline's fallback bar when the threshold leaves an article without body (`pipeline.decide_body`).
PLAUSIBLE_BODY = 0.2


def _keep_siblings(items: list[Candidate], scores: np.ndarray, keep: list[bool], floor: float) -> list[bool]:
    """HTML: a paragraph of prose that the score alone would drop stays when it is a sibling of the body's own
    paragraphs (same parent element, same tag, one of them kept as prose), has no link, no cue word and a
    score of at least `floor`. The last paragraph of a short article, after a prompt, scores near the
    threshold however the model is trained; its place in the page says it is body. One kept sibling is enough
    since the sixteenth session's models scored a short Russian article's two paragraphs after an ad label
    0.46 (the rule asked for two kept, and the article had one); on the dev pages the change moves no page
    (grouped CV fold models, `--rescore`: F1 0.9289 both)."""
    kept_prose: dict[tuple[int, str], int] = {}
    for item, k in zip(items, keep, strict=True):
        dom = item.dom
        if k and dom is not None and dom.parent >= 0 and is_prose(item.text):
            key = (dom.parent, dom.tag)
            kept_prose[key] = kept_prose.get(key, 0) + 1
    if not kept_prose:
        return keep
    out = list(keep)
    for i, item in enumerate(items):
        dom = item.dom
        if (keep[i] or dom is None or dom.links or scores[i] < floor
                or not kept_prose.get((dom.parent, dom.tag), 0) or not is_prose(item.text) or cues.kinds(item.text)):
            continue
        out[i] = True
    return out


# trafilatura writes a data table's rows as "| cell | cell |" lines (with tables=True, as `extract` asks); in
# flattened text a row is a line whose cells came apart by tabs or runs of spaces (`Candidate.table_row`), or a
# "| cell |" line of a fetcher that writes Markdown.
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TABLE_MIN_ROWS = 3
_WORD = re.compile(r"\w")


def _is_row(item: Candidate) -> bool:
    return item.table_row or bool(_TABLE_ROW.match(item.text))


def _keep_tables(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """A data table of _TABLE_MIN_ROWS rows or more that stands inside the kept article (its header row or
    the line above it kept, and the line below it kept) is kept whole. Row by row, a table of dates and figures
    scores as a run of short numeric lines (a byline's, a menu's), and the model drops the rows between a kept
    header and the kept paragraph after it. A table whose rows with words are all kept already is left as it
    is (its rule line, "|---|", scores low, and keeping it would join stretches `_drop_detached` weighs
    apart). Measured in grouped CV with the fold models (README, Quality,
    twenty-fifth session): 3 pages change, all for the better (one table of 290 rows: recall 0.57 -> 1.00).
    `decide` runs it before the stretches are drawn (`_drop_detached`): run after, it came too late where the
    dropped rows had already cut the article in two and the part below the table, weighed as a stretch of its
    own, was gone (the twenty-fifth session's page again under later models: recall 0.57; README, Quality,
    twenty-eighth session). Flattened text since the twenty-eighth session too (rows: `Candidate.table_row`):
    inscriptis F1 0.9155 -> 0.9160 with the fold models rescored, six articles better by 0.02-0.19, two worse
    (a 2008 layout table's navigation columns kept, -0.04; a comparison table the reference leaves out, -0.009)."""
    out = list(keep)
    n, i = len(items), 0
    while i < n:
        if not _is_row(items[i]):
            i += 1
            continue
        j = i
        while j < n and _is_row(items[j]):
            j += 1
        inside = (keep[i] or (i > 0 and keep[i - 1])) and j < n and keep[j]
        if inside and j - i >= _TABLE_MIN_ROWS and any(not keep[r] and _WORD.search(items[r].text) for r in range(i, j)):
            out[i:j] = [True] * (j - i)
        i = j
    return out


# A kept paragraph of at least this many words that the article already holds, word for word, is not published
# again (`_repeats`).
_REPEAT_WORDS = 12


def _repeats(items: list[Candidate], keep: list[bool]) -> list[bool]:
    """Kept paragraphs (_REPEAT_WORDS words or more) that repeat an earlier kept one, case and spacing aside. A
    page may hold its article twice (a copy for small screens, a print version, a hidden duplicate the fetcher
    flattened with the rest), a summary box may repeat a paragraph of the body: the article is published once.
    Removed as `repeated`. Measured in grouped CV (README, Quality, twentieth session; the nineteenth session's
    fold models): HTML F1 0.9411 -> 0.9418, flattened inscriptis 0.9104 -> 0.9115, lxml 0.8953 -> 0.8959; the
    losses (at most -0.14, most under -0.03) are references that count a repeated paragraph twice. At 8 words
    the same figures, but a body's repeated chant or heading went too (tests/unit/test_twin_lines.py)."""
    out = [False] * len(items)
    seen: set[str] = set()
    for i, (item, k) in enumerate(zip(items, keep, strict=True)):
        if not k or word_count(item.text) < _REPEAT_WORDS:
            continue
        key = norm(item.text.casefold())
        if key in seen:
            out[i] = True
        seen.add(key)
    return out


def decide(items: list[Candidate], scores: np.ndarray, threshold: float, title: str | None, flattened: bool,
           head: int = -1, detached_min: float | None = None) -> Decided:
    """`head`: the line found to be the headline (by the title or the URL's words), -1 if none;
    `detached_min`: the median score a stretch cut off from the article needs to stay (None: no such check)."""
    keep = [bool(s >= threshold) for s in scores]
    keep = _drop_twins(items, keep) if flattened else _keep_siblings(items, scores, keep, PLAUSIBLE_BODY)
    teasers = [item.item_teaser or (item.dom is not None and item.dom.lead_link) for item in items]
    keep = [k and not t for k, t in zip(keep, teasers, strict=True)]
    thread = _thread(items, keep) if flattened else [False] * len(items)
    keep = [k and not t for k, t in zip(keep, thread, strict=True)]
    out = Decided([], title)
    first_kept = next((i for i, k in enumerate(keep) if k), len(items))
    if flattened and out.title is None and head >= 0:
        out.title = items[head].text
        first_kept = max(first_kept, head)
    elif flattened and out.title is None:
        for i in range(first_kept - 1, -1, -1):
            text = items[i].text
            if 3 <= len(text.split()) <= 25 and not is_prose(text) and not text.rstrip().endswith((".", ":")):
                out.title = text
                break
    title_key = _norm(out.title) if out.title else None
    head_line = head if 0 <= head <= first_kept + 2 and not is_prose(items[head].text) else -1
    is_title = [i == head_line or bool(title_key and i <= first_kept + 2 and _norm(item.text) == title_key)
                for i, item in enumerate(items)]
    # before the stretches are drawn: a table's rows score low, and rows dropped in a kept table's middle would
    # split the article there (`_keep_tables`)
    keep = _keep_tables(items, keep)
    if detached_min is not None:
        keep = _drop_detached(items, scores, [k and not t for k, t in zip(keep, is_title, strict=True)], detached_min)
    if flattened:
        # after the stretches are weighed: the lines this removes split none
        keep = _drop_followers(items, keep)
    keep = _drop_tail(items, keep)
    repeated = _repeats(items, keep)
    keep = [k and not r for k, r in zip(keep, repeated, strict=True)]
    for i, (item, k) in enumerate(zip(items, keep, strict=True)):
        if is_title[i]:
            out.remove("title", item.text)
        elif thread[i]:
            out.remove("comments", item.text)
        elif repeated[i]:
            out.remove("repeated", item.text)
        elif k:
            out.keep(item.text)
        else:
            out.remove("related" if teasers[i] else cues.reason_of(item.text), item.text)
    return out
