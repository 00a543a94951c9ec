"""The message contract (schemas in cleanwire/schemas/): input page -> Page, Article -> output record,
anything else -> dead-letter record. Pure functions on bytes and dicts; no Kafka here.

Its own module, outside `stream/`, because both sides speak it: the producer (`PageProducer`, kafka-python)
encodes pages with it and must not pull in the Faust side; the worker decodes and encodes with it."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from cleanwire import __version__
from cleanwire.core.models import Article, Page, Rejected, RejectReason
from cleanwire.core.pipeline import article_id

_STR_FIELDS = ("url", "content_type", "fetched_at", "id")


@dataclass(frozen=True, slots=True)
class InputMessage:
    page: Page
    id: str | None


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def decode_input(value: bytes | None) -> InputMessage | Rejected:
    """An input record's value as a Page, or the typed reason it is not one."""
    if value is None:
        return Rejected(RejectReason.SCHEMA_VIOLATION, "the record has no value (tombstone)")
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected(RejectReason.INVALID_ENCODING, f"the record value is not UTF-8: {exc.reason} at byte {exc.start}")
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        return Rejected(RejectReason.INVALID_JSON, f"the record value is not JSON: {exc}"[:300])
    if not isinstance(data, dict):
        return Rejected(RejectReason.SCHEMA_VIOLATION, f"expected a JSON object, got {type(data).__name__}")
    for key in _STR_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            return Rejected(RejectReason.SCHEMA_VIOLATION, f"'{key}' must be a string or null")
    content: str | bytes
    if "content" in data and data["content"] is not None:
        if not isinstance(data["content"], str):
            return Rejected(RejectReason.SCHEMA_VIOLATION, "'content' must be a string")
        if data.get("content_base64") is not None:
            return Rejected(RejectReason.SCHEMA_VIOLATION, "give 'content' or 'content_base64', not both")
        content = data["content"]
    elif data.get("content_base64") is not None:
        if not isinstance(data["content_base64"], str):
            return Rejected(RejectReason.SCHEMA_VIOLATION, "'content_base64' must be a string")
        try:
            content = base64.b64decode(data["content_base64"], validate=True)
        except (binascii.Error, ValueError):
            return Rejected(RejectReason.SCHEMA_VIOLATION, "'content_base64' is not valid base64")
    else:
        return Rejected(RejectReason.SCHEMA_VIOLATION, "'content' or 'content_base64' is required")
    page = Page(content=content, url=data.get("url"), content_type=data.get("content_type"), fetched_at=data.get("fetched_at"))
    return InputMessage(page=page, id=data.get("id"))


def encode_input(page: Page, id: str | None = None) -> bytes:
    """The producer side of the contract."""
    record: dict[str, Any] = {"id": id, "url": page.url, "content_type": page.content_type}
    if isinstance(page.fetched_at, datetime):
        record["fetched_at"] = page.fetched_at.isoformat()
    else:
        record["fetched_at"] = page.fetched_at
    if isinstance(page.content, bytes):
        record["content_base64"] = base64.b64encode(page.content).decode("ascii")
    else:
        record["content"] = page.content
    return orjson.dumps({k: v for k, v in record.items() if v is not None})


def input_key(page: Page, id: str | None) -> bytes | None:
    key = page.url or id
    return key.encode("utf-8") if key else None


def output_record(article: Article, msg: InputMessage, tagged: bool = True) -> tuple[bytes, bytes]:
    """(key, value) of the output record; the key is the article id, stable per canonical URL.
    `tagged=False`: without `tagged_text` (the memory topic's records; the memory stage rebuilds it)."""
    aid = article_id(article.canonical_url, article.text)
    fetched = msg.page.fetched_at
    record = {
        "id": aid,
        "input_id": msg.id,
        "url": msg.page.url,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "date": article.date,
        "date_source": article.date_source,
        "language": article.language,
        "text": article.text,
        "tagged_text": article.tagged_text,
        "paywalled": article.paywalled,
        "page_type": article.page_type,
        "removed": {reason: len(items) for reason, items in article.removed.items()},
        "fetched_at": fetched.isoformat() if isinstance(fetched, datetime) else fetched,
        "processed_at": now_iso(),
        "cleanwire_version": __version__,
    }
    if not tagged:
        del record["tagged_text"]
    return aid.encode("ascii"), orjson.dumps(record)


def bounded_payload(value: bytes | None, limit: int) -> Any:
    """The original message value for the dead letter: its JSON when it is JSON, else its text, cut to
    `limit` bytes with the original size and sha256 so a dead letter never amplifies traffic."""
    if value is None:
        return None
    if len(value) > limit:
        return {
            "truncated": True,
            "size": len(value),
            "sha256": hashlib.sha256(value).hexdigest(),
            "head": value[:limit].decode("utf-8", errors="replace"),
        }
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return value.decode("utf-8", errors="replace")


def dead_letter_record(
    rejected: Rejected, value: bytes | None, topic: str, partition: int, offset: int, limit: int
) -> bytes:
    record: dict[str, object] = {
        "reason": str(rejected.reason),
        "detail": rejected.detail,
        "source": {"topic": topic, "partition": partition, "offset": offset},
        "payload": bounded_payload(value, limit),
        "rejected_at": now_iso(),
    }
    if rejected.date:  # a rejected page may still be dated; a consumer of rejections may want it
        record["date"] = rejected.date
        record["date_source"] = rejected.date_source
    return orjson.dumps(record)
