"""Per-site memory of paragraph fingerprints over distinct articles: what a site repeats is template.

A paragraph seen in at least `min_articles` distinct EARLIER articles of a site is site template
(`site_repeated`); long, body-like paragraphs need twice as many. An article id is learned once: a
re-fetch, or a replay after a crash, neither counts twice nor teaches an article's body as template.

The state of one site is a small JSON-able dict (it is the value of a Faust table keyed by site):
``{"n": articles learned, "lines": {fingerprint: [count, last n]}, "ids": [recent article ids]}``.
It is bounded (`max_lines` fingerprints: singletons seen longest ago are dropped first, repeated lines
last) and ages: a line not seen in the last `horizon` articles of the site counts from zero again, so
a template change is learned and old lines are forgotten.

Reporting credits ("Reuters contributed reporting to this article.") recur on every article of a site
and are still part of the article; they are never removed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")  # a paragraph of digits only ("2008") is never judged: masked, all agree
_SPACE = re.compile(r"\s+")
_CREDIT = re.compile(
    r"\b(contributed (reporting|to this)|additional reporting|reporting by|writing by|editing by|compiled by)\b",
    re.IGNORECASE,
)

SiteState = dict[str, Any]


def fingerprint(paragraph: str) -> str:
    """Casefolded, digits masked, whitespace collapsed: '© 2024 Example' and '© 2025 Example' agree."""
    norm = _SPACE.sub(" ", _DIGITS.sub("0", paragraph.casefold())).strip()
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=6).hexdigest()


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs of an article's text, as the site memory judges them (one per line)."""
    return text.split("\n") if text else []


def fingerprints_of(paragraphs: list[str], fps: list[str] | None = None) -> list[str]:
    """The paragraphs' fingerprints: `fps` when given for exactly these paragraphs (computed in the
    extraction process), else computed here."""
    if fps is not None and len(fps) == len(paragraphs):
        return fps
    return [fingerprint(p) for p in paragraphs]


def site_of(url: str | None) -> str | None:
    """The host without 'www.' (a registered-domain split needs a public-suffix list; hosts suffice here)."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return host.removeprefix("www.") or None


@dataclass(frozen=True)
class SiteMemory:
    min_articles: int = 5
    max_lines: int = 1000
    horizon: int = 1000
    recent_ids: int = 256
    long_words: int = 40

    @staticmethod
    def empty() -> SiteState:
        return {"n": 0, "lines": {}, "ids": []}

    def judge(self, state: SiteState, article_id: str, paragraphs: list[str], fps: list[str] | None = None) -> list[bool]:
        """Which paragraphs are site template, judged by the site's earlier articles only. `fps`: the
        paragraphs' fingerprints when already computed (in the extraction process)."""
        own = 1 if article_id in state["ids"] else 0
        n, lines = state["n"], state["lines"]
        flags = []
        for para, fp in zip(paragraphs, fingerprints_of(paragraphs, fps), strict=True):
            entry = lines.get(fp)
            if entry is None or n - entry[1] >= self.horizon:
                flags.append(False)
                continue
            # the counts first (a long paragraph needs twice as many), the regexes only for lines repeated
            # often enough: the credit search scans the whole paragraph
            count = entry[0] - own
            if count < self.min_articles or (count < 2 * self.min_articles and len(para.split()) >= self.long_words):
                flags.append(False)
                continue
            flags.append(not _CREDIT.search(para) and _LETTER.search(para) is not None)
        return flags

    def learn(self, state: SiteState, article_id: str, paragraphs: list[str], fps: list[str] | None = None) -> bool:
        """Count one article's paragraphs (in place). False when this article id was learned already."""
        if article_id in state["ids"]:
            return False
        state["ids"].append(article_id)
        del state["ids"][: -self.recent_ids]
        n = state["n"] = state["n"] + 1
        lines = state["lines"]
        for fp in set(fingerprints_of(paragraphs, fps)):
            entry = lines.get(fp)
            if entry is None or n - entry[1] >= self.horizon:
                lines[fp] = [1, n]
            else:
                entry[0] += 1
                entry[1] = n
        if len(lines) > self.max_lines:
            self._shrink(state)
        return True

    def _shrink(self, state: SiteState) -> None:
        """Down to 90% of the bound, amortised: expired lines, then singletons oldest first."""
        n, lines = state["n"], state["lines"]
        alive = {fp: e for fp, e in lines.items() if n - e[1] < self.horizon}
        if len(alive) > self.max_lines:
            keep = sorted(alive.items(), key=lambda kv: (kv[1][0] > 1, kv[1][1]), reverse=True)
            alive = dict(keep[: self.max_lines * 9 // 10])
        state["lines"] = alive

    def apply(self, state: SiteState, article_id: str, paragraphs: list[str],
              fps: list[str] | None = None) -> tuple[list[str], list[str]]:
        """(kept, removed) for one article, then learn it. An article is never emptied: when every
        paragraph looks repeated (the same story under a new URL) nothing is removed."""
        fps = fingerprints_of(paragraphs, fps)
        flags = self.judge(state, article_id, paragraphs, fps)
        self.learn(state, article_id, paragraphs, fps)
        if all(flags):
            return list(paragraphs), []
        kept = [p for p, f in zip(paragraphs, flags, strict=True) if not f]
        removed = [p for p, f in zip(paragraphs, flags, strict=True) if f]
        return kept, removed

    def size(self, state: SiteState) -> int:
        return len(state["lines"])
