"""The message contract: the code and the JSON Schema files agree."""

from __future__ import annotations

import json
from importlib.resources import files

import jsonschema
import orjson
import pytest

from cleanwire import Article, Page, Rejected, RejectReason, clean, contract

SCHEMAS = files("cleanwire") / "schemas"


def _schema(name: str) -> dict:  # type: ignore[type-arg]
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text())


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ({"content": "<p>x</p>"}, True),
        ({"content_base64": "PHA+eDwvcD4=", "url": "https://e.org/a", "id": "1"}, True),
        ({"url": "https://e.org/a"}, False),
        ({"content": 5}, False),
        ({"content": "a", "content_base64": "YQ=="}, False),
        ({"content": "a", "url": 3}, False),
    ],
)
def test_input_validation_agrees_with_schema(value: dict, valid: bool) -> None:  # type: ignore[type-arg]
    schema_ok = jsonschema.Draft202012Validator(_schema("input")).is_valid(value)
    decoded = contract.decode_input(orjson.dumps(value))
    assert schema_ok == valid
    assert isinstance(decoded, contract.InputMessage) == valid


def test_undecodable_values_are_typed() -> None:
    assert isinstance(r := contract.decode_input(b"\xff\xfe"), Rejected) and r.reason == RejectReason.INVALID_ENCODING
    assert isinstance(r := contract.decode_input(b"{nope"), Rejected) and r.reason == RejectReason.INVALID_JSON
    assert isinstance(r := contract.decode_input(b"[1,2]"), Rejected) and r.reason == RejectReason.SCHEMA_VIOLATION


def test_output_record_matches_schema_and_key_is_stable() -> None:
    text = "\n\n".join(f"Paragraph {i} of a long enough article body that should be kept by the cleaner." for i in range(3))
    msg = contract.InputMessage(Page(content=text, url="https://e.org/2020/01/02/a", content_type="text/plain"), "in-1")
    article = clean(msg.page)
    assert isinstance(article, Article)
    key, value = contract.output_record(article, msg)
    record = orjson.loads(value)
    jsonschema.validate(record, _schema("output"))
    assert key.decode() == record["id"] and record["input_id"] == "in-1"
    assert contract.output_record(article, msg)[0] == key


def test_dead_letter_payload_is_bounded() -> None:
    big = orjson.dumps({"content": "x" * 50_000})
    record = orjson.loads(contract.dead_letter_record(Rejected(RejectReason.NO_ARTICLE, "d"), big, "t", 0, 7, 1024))
    jsonschema.validate(record, _schema("dead_letter"))
    assert record["payload"]["truncated"] and record["payload"]["size"] == len(big)
    assert len(record["payload"]["head"]) <= 1024 and len(record["payload"]["sha256"]) == 64


def test_the_producer_does_not_import_the_stream_package() -> None:
    """The contract is shared; the producer side (kafka-python) never loads Faust's wiring."""
    import subprocess
    import sys

    code = "import sys, cleanwire.producer; print(sorted(m for m in sys.modules if m.startswith(('cleanwire.stream', 'faust'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
