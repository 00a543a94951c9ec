"""Per-site memory of paragraph fingerprints over distinct articles.

A paragraph seen in at least `min_articles` distinct OTHER articles of a site is site template
(`site_repeated`); long, body-like paragraphs need twice as many. The same article id coming again
never counts twice, so a re-fetch cannot teach an article's body as boilerplate. The state is bounded
(`max_lines` fingerprints per site, least recently seen evicted) and ages: a fingerprint not seen in
the last `horizon` articles of the site is forgotten, so a template change is learned and old lines go.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def fingerprint(paragraph: str) -> str:
    """Casefolded, digits masked, whitespace collapsed: '© 2024 Example' and '© 2025 Example' agree."""
    norm = _SPACE.sub(" ", _DIGITS.sub("0", paragraph.casefold())).strip()
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def site_of(url: str | None) -> str | None:
    """The host without 'www.' (a registered-domain split needs a public-suffix list; hosts suffice here)."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


@dataclass
class SiteMemory:
    min_articles: int = 3
    max_lines: int = 5000
    horizon: int = 2000
    long_words: int = 40

    def empty(self) -> dict[str, Any]:
        return {"n": 0, "lines": {}}  # lines: fingerprint -> {"ids": [article ids], "last": n}

    def repeated(self, state: dict[str, Any], article_id: str, paragraphs: list[str]) -> list[bool]:
        """Which paragraphs are site template, judged by what the site published before."""
        out = []
        for para in paragraphs:
            entry = state["lines"].get(fingerprint(para))
            others = [i for i in entry["ids"] if i != article_id] if entry else []
            need = self.min_articles * (2 if len(para.split()) >= self.long_words else 1)
            out.append(len(others) >= need)
        return out

    def observe(self, state: dict[str, Any], article_id: str, paragraphs: list[str]) -> dict[str, Any]:
        """Learn one article; returns the new state (the input is not modified)."""
        lines = {k: {"ids": list(v["ids"]), "last": v["last"]} for k, v in state["lines"].items()}
        n = state["n"] + 1
        for fp in {fingerprint(p) for p in paragraphs}:
            entry = lines.setdefault(fp, {"ids": [], "last": n})
            if article_id not in entry["ids"]:
                entry["ids"] = [*entry["ids"], article_id][-(2 * self.min_articles * 2) :]
            entry["last"] = n
        lines = {k: v for k, v in lines.items() if n - v["last"] < self.horizon}
        if len(lines) > self.max_lines:
            keep = sorted(lines.items(), key=lambda kv: kv[1]["last"], reverse=True)[: self.max_lines]
            lines = dict(keep)
        return {"n": n, "lines": lines}
