"""The memory stage test's input: pre-cleaned articles as stage 1 puts them on the memory topic."""

from __future__ import annotations

import orjson

from cleanwire.bench import offline, pipeline
from cleanwire.stream import work
from conftest import RESOURCES


def test_memory_records_are_cleaned_pages_each_under_an_id_of_its_own() -> None:
    pages = offline.load_pages(str(RESOURCES / "corpus"), 3)
    records, fraction = pipeline.memory_records(pages, 7)
    assert len(records) == 7 and 0 < fraction <= 1
    values = [orjson.loads(v) for _, v in records]
    assert len({v["id"] for v in values}) == 7
    assert all(len(v["id"]) == 32 and int(v["id"], 16) >= 0 for v in values)
    assert all(key.startswith((b"site:", b"id:")) for key, _ in records)
    assert all(work.SIGNATURE in v and work.FINGERPRINTS in v and "tagged_text" not in v for v in values)
    articles = round(fraction * len(pages))
    assert values[articles]["text"] == values[0]["text"]  # the copies repeat the cleaned pages in order
    assert values[articles]["id"] != values[0]["id"]
