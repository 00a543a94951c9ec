"""The bench's trivial extraction (CLEANWIRE_BENCH_TRIVIAL_EXTRACT): off by default, a valid article when on,
and the memory stage's inputs (signature, fingerprints, site key) made as for a cleaned page."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import orjson

from cleanwire.core.models import Article, Page, Rejected, RejectReason
from cleanwire.settings import load_settings
from cleanwire.stream import work

PAGE = b"<html><head><title>T</title></head>\n<body>  <p>Hello   world</p>\n" + b"x" * 5000 + b"</body></html>"


def test_the_option_is_off_by_default_and_read_from_its_variable() -> None:
    assert load_settings({}).bench_trivial_extract is False
    on = load_settings({"CLEANWIRE_BENCH_TRIVIAL_EXTRACT": "true"})
    assert on.bench_trivial_extract is True
    assert work.for_settings(on).keywords["trivial"] is True
    assert work.for_settings(load_settings({})).keywords["trivial"] is False


def test_trivial_clean_is_the_pages_first_characters_as_one_paragraph() -> None:
    article = work.trivial_clean(Page(content=PAGE, url="https://www.example.org/a"))
    assert isinstance(article, Article)
    assert article.text.startswith("<html><head><title>T</title></head> <body> <p>Hello world</p> xxx")
    assert len(article.text) == work.TRIVIAL_CHARS and "\n" not in article.text
    assert article.tagged_text == article.text and article.canonical_url == "https://www.example.org/a"
    empty = work.trivial_clean(Page(content="   \n ", url=None))
    assert isinstance(empty, Rejected) and empty.reason == RejectReason.EMPTY_PAGE


def test_encode_page_with_the_trivial_extraction_gives_a_valid_record_for_either_stage() -> None:
    value = orjson.dumps({"id": "p1", "url": "https://www.example.org/a", "content": PAGE.decode()})
    schema = json.loads((files("cleanwire") / "schemas" / "output.schema.json").read_text())
    out = work.encode_page(value, None, trivial=True)
    assert isinstance(out, work.Encoded)
    record = orjson.loads(out.value)
    jsonschema.validate(record, schema)
    assert record["input_id"] == "p1" and record["text"].startswith("<html>")

    to_memory = work.encode_page(value, None, memory=True, sign=True, fingerprints=True, trivial=True)
    assert isinstance(to_memory, work.Encoded)
    assert to_memory.key == b"site:example.org"
    record = orjson.loads(to_memory.value)
    assert len(record[work.SIGNATURE]) > 0 and len(record[work.FINGERPRINTS]) == 1  # one paragraph
