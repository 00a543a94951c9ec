"""Near-duplicate articles: MinHash of word 5-shingles, LSH banding, a bounded memory of recent articles.

The durable memory is a ring of `memory` slots in any MutableMapping of JSON-able values (a dict in
tests, a Faust table with a changelog in the worker): ``slot:<i>`` = [sequence number, article id,
signature], one small write per article. The LSH buckets and the id index are derived from the slots
and kept in this object's memory; `sync` rebuilds them after the store was restored (a restart, a
partition moving to this worker). Adding an article that is already there changes nothing, and an article
seen again is compared only with the articles that came before it, so a replay after a crash gives the
same answer. Deterministic across processes: fixed seeds and crc32, never Python's randomised `hash`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import MutableMapping
from typing import Any

import numpy as np

_WORD = re.compile(r"\w+", re.UNICODE)
_PRIME = 4_294_967_291  # largest prime below 2**32: a*x + b stays inside uint64

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
        self._buckets: dict[int, list[int]] = {}  # band key -> sequence numbers
        self._ids: dict[str, int] = {}  # article id -> sequence number
        self._next = 0
        self._synced_with: int | None = None

    def signature(self, text: str) -> list[int]:
        shingles = _shingles(text)
        if shingles.size == 0:
            shingles = np.zeros(1, dtype=np.uint64)
        return [int(v) for v in ((self._a * shingles[None, :] + self._b) % _PRIME).min(axis=1)]

    def _band_keys(self, sig: list[int]) -> list[int]:
        """Per band, its number and the crc32 of its `rows` values as uint64 bytes; one array for all bands
        (each band's bytes are a slice of the whole signature's)."""
        raw, step = np.asarray(sig, dtype=np.uint64).tobytes(), 8 * self.rows
        return [(i << 32) | zlib.crc32(raw[i * step : (i + 1) * step]) for i in range(self.bands)]

    @staticmethod
    def similarity(a: list[int], b: list[int]) -> float:
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)

    def sync(self, store: Store) -> None:
        """Rebuild the derived index from the slots in `store`."""
        self._buckets, self._ids, self._next = {}, {}, 0
        for key, entry in list(store.items()):
            if isinstance(key, str) and key.startswith("slot:") and entry:
                self._index(entry[0], entry[1], entry[2])
        self._synced_with = id(store)

    def _index(self, seq: int, article_id: str, sig: list[int]) -> None:
        self._ids[article_id] = seq
        self._next = max(self._next, seq + 1)
        for key in self._band_keys(sig):
            self._buckets.setdefault(key, []).append(seq)

    def _unindex(self, seq: int, article_id: str, sig: list[int]) -> None:
        if self._ids.get(article_id) == seq:
            del self._ids[article_id]
        for key in self._band_keys(sig):
            bucket = self._buckets.get(key)
            if bucket is not None:
                bucket[:] = [s for s in bucket if s != seq]
                if not bucket:
                    del self._buckets[key]

    def invalidate(self) -> None:
        """The store may have changed behind our back (restored from its changelog): rebuild on next use."""
        self._synced_with = None

    def _ensure(self, store: Store) -> None:
        if self._synced_with != id(store):
            self.sync(store)

    def check(self, store: Store, article_id: str, sig: list[int]) -> tuple[str, float] | None:
        """The EARLIEST other remembered article at or above the threshold (the first copy of a story that
        came again), as (id, estimated Jaccard)."""
        self._ensure(store)
        own = self._ids.get(article_id)
        candidates = sorted({s for key in self._band_keys(sig) for s in self._buckets.get(key, ())})
        for seq in candidates:
            if own is not None and seq >= own:
                break
            entry = store.get(f"slot:{seq % self.memory}")
            if not entry or entry[0] != seq or entry[1] == article_id:
                continue
            sim = self.similarity(sig, entry[2])
            if sim >= self.threshold:
                return entry[1], sim
        return None

    def add(self, store: Store, article_id: str, sig: list[int]) -> bool:
        """Remember one article (one write), evicting the oldest beyond `memory`. False when it is there."""
        self._ensure(store)
        if article_id in self._ids:
            return False
        seq = self._next
        key = f"slot:{seq % self.memory}"
        old = store.get(key)
        if old:
            self._unindex(old[0], old[1], old[2])
        store[key] = [seq, article_id, sig]
        self._index(seq, article_id, sig)
        return True

    def find_and_add(self, store: Store, article_id: str, text: str) -> tuple[str, float] | None:
        sig = self.signature(text)
        match = self.check(store, article_id, sig)
        self.add(store, article_id, sig)
        return match

    def size(self) -> int:
        return len(self._ids)
