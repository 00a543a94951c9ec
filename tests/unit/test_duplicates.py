"""Near-duplicate detection: a wire story on three sites, different stories, bounded replay-safe memory."""

from __future__ import annotations

import json
from typing import Any

from cleanwire.memory.duplicates import NearDuplicates

WIRE = ("BERLIN (Reuters) - Germany's parliament on Thursday approved a package of measures to speed up the "
        "construction of wind farms and power lines, as the government seeks to cut its reliance on imported gas. "
        "The measures, which still need the approval of the upper house, shorten planning procedures and set "
        "binding targets for the states to designate land for onshore wind turbines by the end of the decade.")
OTHER = ("The city council of Example Town met on Tuesday to discuss next year's budget for schools and roads, "
         "and agreed after a long debate to postpone the decision on the new swimming pool until the spring.")


def test_wire_story_on_three_sites_is_two_duplicates() -> None:
    nd, store = NearDuplicates(), {}  # type: ignore[var-annotated]
    marks = [nd.find_and_add(store, site, text)
             for site, text in (("a", WIRE), ("b", WIRE + " Reporting by Jane Doe."), ("c", "Updated. " + WIRE))]
    assert marks[0] is None
    assert marks[1] is not None and marks[1][0] == "a" and marks[1][1] >= 0.7
    assert marks[2] is not None and marks[2][0] == "a"  # the first copy of the story


def test_a_replayed_article_is_not_its_own_duplicate_and_keeps_its_match() -> None:
    nd, store = NearDuplicates(), {}  # type: ignore[var-annotated]
    nd.find_and_add(store, "a", WIRE)
    first = nd.find_and_add(store, "b", WIRE)
    before = dict(store)
    assert nd.find_and_add(store, "b", WIRE) == first
    assert nd.find_and_add(store, "a", WIRE) is None  # b came after a
    assert store == before


def test_different_stories_are_not_duplicates_and_memory_is_bounded() -> None:
    nd, store = NearDuplicates(memory=3), {}  # type: ignore[var-annotated]
    nd.add(store, "w", nd.signature(WIRE))
    assert nd.check(store, "o", nd.signature(OTHER)) is None
    for i in range(5):
        nd.add(store, f"x{i}", nd.signature(f"{OTHER} Item {i} " * 3))
    assert nd.size() == 3 and len(store) == 3
    assert all(entry[1] != "w" for entry in store.values())
    assert nd.check(store, "again", nd.signature(WIRE)) is None
    assert json.loads(json.dumps(store)) == store


def test_a_restored_store_gives_the_same_answers_to_a_new_instance() -> None:
    nd, store = NearDuplicates(), {}  # type: ignore[var-annotated]
    nd.find_and_add(store, "a", WIRE)
    nd.find_and_add(store, "o", OTHER)
    restored = json.loads(json.dumps(store))  # what a changelog gives back
    fresh = NearDuplicates()
    assert fresh.find_and_add(restored, "b", WIRE + " Reporting by Jane Doe.") == nd.find_and_add(store, "b", WIRE + " Reporting by Jane Doe.")
    assert fresh.find_and_add(restored, "o", OTHER) is None and fresh.size() == 3


def test_signatures_agree_across_instances() -> None:
    a: list[Any] = NearDuplicates().signature(WIRE)
    assert a == NearDuplicates().signature(WIRE) and len(a) == 128


def test_band_keys_are_each_bands_own_crc32() -> None:
    """The band keys that the stored buckets were built with: band i's key is (i << 32) | crc32 of that
    band's values alone as uint64 bytes, whatever the signature's values (keys must not change across
    versions, or a restored memory would find nothing)."""
    import random
    import zlib

    import numpy as np

    rng = random.Random(7)
    for permutations, bands in ((128, 32), (64, 8), (12, 12)):
        near = NearDuplicates(permutations=permutations, bands=bands)
        rows = permutations // bands
        for _ in range(200):
            sig = [rng.randrange(0, 2**32) for _ in range(permutations)]
            want = [(i << 32) | zlib.crc32(np.asarray(sig[i * rows:(i + 1) * rows], dtype=np.uint64).tobytes())
                    for i in range(bands)]
            assert near._band_keys(sig) == want
