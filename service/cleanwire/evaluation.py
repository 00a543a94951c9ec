"""The dev corpus format (`pages/<id>.html` + `truth.jsonl`) and token P/R/F1, for the benchmarks
(`make bench`, `make replay`); `make eval` scores with `cleanwire.learn.cv`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
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


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0
