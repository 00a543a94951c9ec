"""Near-duplicate articles: MinHash of word 5-shingles, LSH banding, a bounded memory of recent articles.

The memory lives in any MutableMapping of JSON-able values (a dict in tests, a Faust table in the
worker), so every change is one small key: ``n`` (articles added), ``slot:<i>`` ([id, signature]) in a
ring of `memory` slots, ``id:<article id>`` (its sequence number) and ``band:<b>:<hash>`` (ids in that
bucket). Adding an article that is already there changes nothing, and an article seen again is only
compared with articles that came before it, so a replay after a crash gives the same answer.
Deterministic across processes: fixed seeds and crc32, never Python's randomised `hash`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import MutableMapping
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_PRIME = 4_294_967_291  # largest prime below 2**32: a*x + b stays inside uint64
_BUCKET = 8  # ids kept per band bucket

Store = MutableMapping[str, Any]


def _shingles(text: str, k: int = 5) -> np.ndarray:
    words = _WORD.findall(text.casefold())
    grams = [" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1))]
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


class NearDuplicates:
    def __init__(self, permutations: int = 128, bands: int = 32, threshold: float = 0.7, memory: int = 20_000) -> None:
        if permutations % bands:
            raise ValueError("permutations must be a multiple of bands")
        self.bands, self.rows, self.threshold, self.memory = bands, permutations // bands, threshold, memory
        rng = np.random.default_rng(20241124)
        self._a = rng.integers(1, _PRIME, size=(permutations, 1), dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=(permutations, 1), dtype=np.uint64)

    def signature(self, text: str) -> list[int]:
        shingles = _shingles(text)
        if shingles.size == 0:
            shingles = np.zeros(1, dtype=np.uint64)
        return [int(v) for v in ((self._a * shingles[None, :] + self._b) % _PRIME).min(axis=1)]

    def _band_keys(self, sig: list[int]) -> list[str]:
        r = self.rows
        return [f"band:{i}:{zlib.crc32(np.asarray(sig[i * r : (i + 1) * r], dtype=np.uint64).tobytes()):08x}"
                for i in range(self.bands)]

    @staticmethod
    def similarity(a: list[int], b: list[int]) -> float:
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)

    def check(self, store: Store, article_id: str, sig: list[int]) -> tuple[str, float] | None:
        """The EARLIEST other remembered article at or above the threshold (the first copy of a story that
        came again), as (id, estimated Jaccard)."""
        best: tuple[str, float] | None = None
        best_seq = -1
        seen = {article_id}
        own = store.get(f"id:{article_id}")
        for key in self._band_keys(sig):
            for other in store.get(key) or ():
                if other in seen:
                    continue
                seen.add(other)
                seq = store.get(f"id:{other}")
                if seq is None or (own is not None and seq > own):
                    continue
                entry = store.get(f"slot:{seq % self.memory}")
                if not entry or entry[0] != other:
                    continue
                sim = self.similarity(sig, entry[1])
                if sim >= self.threshold and (best is None or seq < best_seq):
                    best, best_seq = (other, sim), seq
        return best

    def add(self, store: Store, article_id: str, sig: list[int]) -> bool:
        """Remember one article, evicting the oldest beyond `memory`. False when it is there already."""
        if store.get(f"id:{article_id}") is not None:
            return False
        n = int(store.get("n") or 0)
        slot = n % self.memory
        old = store.get(f"slot:{slot}")
        if old:
            self._forget(store, old[0], old[1])
        store[f"slot:{slot}"] = [article_id, sig]
        store[f"id:{article_id}"] = n
        for key in self._band_keys(sig):
            ids = [i for i in (store.get(key) or ()) if i != article_id]
            store[key] = [*ids, article_id][-_BUCKET:]
        store["n"] = n + 1
        return True

    def _forget(self, store: Store, article_id: str, sig: list[int]) -> None:
        store.pop(f"id:{article_id}", None)
        for key in self._band_keys(sig):
            ids = [i for i in (store.get(key) or ()) if i != article_id]
            if ids:
                store[key] = ids
            else:
                store.pop(key, None)

    def find_and_add(self, store: Store, article_id: str, text: str) -> tuple[str, float] | None:
        sig = self.signature(text)
        match = self.check(store, article_id, sig)
        self.add(store, article_id, sig)
        return match

    def size(self, store: Store) -> int:
        return min(int(store.get("n") or 0), self.memory)
