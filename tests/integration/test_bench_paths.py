"""The bench's two special paths on the real broker: the trivial extraction (the feed test) gives valid
articles through both stages, and articles put on the memory topic directly (the memory stage's own
capacity) come out of the memory stage."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import orjson

from cleanwire.bench import offline, pipeline
from cleanwire.stream.work import TRIVIAL_CHARS
from conftest import RESOURCES
from integration.kafka_helpers import collect, ensure_broker, new_topics, produce_raw, running, values

BODY = " ".join(f"Paragraph {i} of a page that the trivial extraction cuts after its first characters." for i in range(60))


def _page(ident: str, host: str) -> bytes:
    return orjson.dumps({"id": ident, "url": f"https://www.{host}/news/{ident}", "content_type": "text/plain",
                         "content": BODY})


def test_trivial_extraction_gives_valid_articles_through_the_memory_stage(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("trivial", servers)
    schema = json.loads((files("cleanwire") / "schemas" / "output.schema.json").read_text())
    with running(servers, topics, tmp_path, CLEANWIRE_BENCH_TRIVIAL_EXTRACT="true", CLEANWIRE_PROCESSES="1"):
        produce_raw(servers, topics.input, [(b"a", _page("a", "one.example"))])
        (first,) = values(collect(servers, topics.output, 1, timeout=120))
        produce_raw(servers, topics.input, [(b"b", _page("b", "two.example"))])
        out = {v["input_id"]: v for v in values(collect(servers, topics.output, 2, timeout=120))}
    assert set(out) == {"a", "b"}
    for record in out.values():
        jsonschema.validate(record, schema)
        assert record["text"] == BODY[:TRIVIAL_CHARS] and record["tagged_text"] == record["text"]
    assert "duplicate_of" not in first
    # the same text under another URL: the memory stage (near-duplicates) ran on the trivial articles
    assert out["b"]["duplicate_of"] == out["a"]["id"] and out["b"]["similarity"] == 1.0


def test_articles_put_on_the_memory_topic_come_out_of_the_memory_stage(tmp_path: Path) -> None:
    servers = ensure_broker()
    run = pipeline.new_memory_run(servers, partitions=2)
    try:
        records, fraction = pipeline.memory_records(offline.load_pages(str(RESOURCES / "corpus"), 4), 12)
        assert fraction > 0
        pipeline.preload_topic(run, pipeline.memory_topic(run), records)
        with pipeline.workers(run, 1, 1, tmp_path) as ws:
            pipeline.wait_ready(ws)
            out = values(collect(servers, run.output, len(records), timeout=120))
            cpu = ws.cpu()
    finally:
        pipeline.delete_run(run)
    assert cpu["worker"] > 0
    assert sorted(v["input_id"] for v in out) == sorted(orjson.loads(v)["input_id"] for _, v in records)
    assert all("tagged_text" in v and "_cleanwire_signature" not in v for v in out)
    assert sum(1 for v in out if "duplicate_of" in v) >= len(records) - round(fraction * 4)  # copies are duplicates


def test_the_floor_pass_moves_every_page_through_both_hops(tmp_path: Path) -> None:
    """The feed test's floor (bare aiokafka, no work) on the real broker: each input record comes out of
    the second hop once, cut to the article size, and the pass reports the client's CPU it measured."""
    from cleanwire.bench.floor import ARTICLE_BYTES

    servers = ensure_broker()
    run = pipeline.new_run(servers, partitions=2)
    pages = offline.load_pages(str(RESOURCES / "corpus"), 5)
    try:
        got = pipeline.floor(run, pages, 40)
        out = collect(servers, run.output, 40, timeout=60)
    finally:
        pipeline.delete_run(run)
    assert got["pages"] == 40 and got["pages_per_s"] > 0 and got["cpu_ms_per_page"] > 0
    keys = sorted(r.key for r in out)
    assert keys == sorted(f"floor{i}".encode() for i in range(40))
    sent = {f"floor{i}".encode(): pipeline._message(pages[i % len(pages)], f"floor{i}") for i in range(40)}
    assert all(r.value == sent[r.key][:ARTICLE_BYTES] for r in out)
