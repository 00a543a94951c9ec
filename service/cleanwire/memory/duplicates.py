"""Near-duplicate articles: MinHash of word 5-shingles with LSH banding over a bounded memory of recent
articles. Deterministic (fixed seeds), pure Python, JSON-able state."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

_WORD = re.compile(r"\w+", re.UNICODE)
_PRIME = (1 << 61) - 1
_MAX = (1 << 32) - 1


def _shingles(text: str, k: int = 5) -> set[int]:
    words = _WORD.findall(text.casefold())
    grams = [" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))]
    return {int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "big") for g in grams if g}


class NearDuplicates:
    def __init__(self, permutations: int = 64, bands: int = 16, threshold: float = 0.8, memory: int = 10_000) -> None:
        assert permutations % bands == 0
        self.bands, self.rows, self.threshold, self.memory = bands, permutations // bands, threshold, memory
        seeds = [hashlib.blake2b(f"cleanwire-{i}".encode(), digest_size=16).digest() for i in range(permutations)]
        self._ab = [(int.from_bytes(s[:8], "big") % _PRIME or 1, int.from_bytes(s[8:], "big") % _PRIME) for s in seeds]
        self.signatures: OrderedDict[str, list[int]] = OrderedDict()
        self.buckets: dict[str, list[str]] = {}

    def signature(self, text: str) -> list[int]:
        shingles = _shingles(text) or {0}
        return [min(((a * x + b) % _PRIME) & _MAX for x in shingles) for a, b in self._ab]

    def _band_keys(self, sig: list[int]) -> list[str]:
        return [f"{i}:{hash(tuple(sig[i * self.rows : (i + 1) * self.rows]))}" for i in range(self.bands)]

    @staticmethod
    def similarity(a: list[int], b: list[int]) -> float:
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)

    def find(self, article_id: str, text: str) -> tuple[str, float] | None:
        """The most similar earlier article at or above the threshold, as (id, estimated Jaccard)."""
        sig = self.signature(text)
        best: tuple[str, float] | None = None
        for key in self._band_keys(sig):
            for other in self.buckets.get(key, ()):
                if other == article_id or other not in self.signatures:
                    continue
                sim = self.similarity(sig, self.signatures[other])
                if sim >= self.threshold and (best is None or sim > best[1]):
                    best = (other, sim)
        return best

    def add(self, article_id: str, text: str) -> None:
        sig = self.signature(text)
        self.signatures[article_id] = sig
        self.signatures.move_to_end(article_id)
        for key in self._band_keys(sig):
            self.buckets.setdefault(key, []).append(article_id)
        while len(self.signatures) > self.memory:
            old, old_sig = self.signatures.popitem(last=False)
            for key in self._band_keys(old_sig):
                bucket = self.buckets.get(key)
                if bucket is not None:
                    bucket[:] = [i for i in bucket if i != old]
                    if not bucket:
                        del self.buckets[key]
