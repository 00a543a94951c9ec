"""Scoring extraction against a corpus with ground truth (the dev corpus format:
`pages/<id>.html` + `truth.jsonl`): token P/R/F1, boilerplate leaks, boilerplate lines, dates, speed."""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

_CHAR_TOKENS = {"ja", "zh"}


@dataclass(frozen=True, slots=True)
class CorpusPage:
    id: str
    dataset: str
    url: str | None
    lang: str | None
    date: str | None
    body: str
    must_exclude: tuple[str, ...]
    html: bytes


def load_corpus(root: Path, limit: int | None = None, datasets: set[str] | None = None) -> Iterator[CorpusPage]:
    n = 0
    for raw in (root / "truth.jsonl").read_bytes().splitlines():
        if not raw.strip():
            continue
        t = orjson.loads(raw)
        if datasets and t["dataset"] not in datasets:
            continue
        yield CorpusPage(
            id=t["id"], dataset=t["dataset"], url=t.get("url"), lang=t.get("lang"), date=t.get("date"),
            body=t["body"], must_exclude=tuple(t.get("must_exclude") or ()),
            html=(root / "pages" / f"{t['id']}.html").read_bytes(),
        )
        n += 1
        if limit and n >= limit:
            return


def tokens(text: str, lang: str | None) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    if lang in _CHAR_TOKENS:
        return [c for c in text if not c.isspace()]
    return text.split()


def prf(extracted: str, reference: str, lang: str | None = None) -> tuple[float, float, float]:
    pred, ref = Counter(tokens(extracted, lang)), Counter(tokens(reference, lang))
    tp = sum((pred & ref).values())
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(ref.values()) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def boilerplate_lines(extracted: str, reference: str, lang: str | None = None) -> int:
    """Output lines of which at most a fifth of the tokens occur in the reference body: lines that
    are not the article (menus, prompts, teasers, captions the truth leaves out)."""
    ref = set(tokens(reference, lang))
    count = 0
    for line in extracted.split("\n"):
        toks = tokens(line, lang)
        if toks and sum(t in ref for t in toks) <= 0.2 * len(toks):
            count += 1
    return count


@dataclass(slots=True)
class Score:
    name: str
    p: list[float] = field(default_factory=list)
    r: list[float] = field(default_factory=list)
    f: list[float] = field(default_factory=list)
    by_dataset: dict[str, list[float]] = field(default_factory=dict)
    leaks: int = 0
    leak_checks: int = 0
    junk_lines: int = 0
    dates_right: int = 0
    dates_total: int = 0
    seconds: float = 0.0
    pages: int = 0

    def add(self, page: CorpusPage, text: str, date: str | None, seconds: float, with_date: bool) -> None:
        p, r, f = prf(text, page.body, page.lang)
        self.p.append(p)
        self.r.append(r)
        self.f.append(f)
        self.by_dataset.setdefault(page.dataset, []).append(f)
        low = text.lower()
        self.leak_checks += len(page.must_exclude)
        self.leaks += sum(1 for s in page.must_exclude if s.lower() in low)
        self.junk_lines += boilerplate_lines(text, page.body, page.lang)
        if with_date and page.date:
            self.dates_total += 1
            self.dates_right += int(date == page.date)
        self.seconds += seconds
        self.pages += 1


Extractor = Callable[[CorpusPage], tuple[str, str | None]]


def timed(fn: Extractor, page: CorpusPage) -> tuple[str, str | None, float]:
    t0 = time.perf_counter()
    text, date = fn(page)
    return text, date, time.perf_counter() - t0


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0
