"""What the extraction processes run for the worker: the whole of stage 1 but the Kafka I/O.

The raw input record goes in; out comes the record stage 1 publishes (or the typed rejection): decoding
(JSON, base64), `clean`, the output record's JSON and, when the memory stage follows, what it needs of
the text (the MinHash signature, the paragraph fingerprints). All of it CPU work that would otherwise
hold the worker's event loop (measured: decoding and encoding were ~20% of its CPU in stage 1)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import orjson

from cleanwire import contract
from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason
from cleanwire.memory.duplicates import NearDuplicates
from cleanwire.memory.site import fingerprints_of, paragraphs_of, site_of

SIGNATURE = "_cleanwire_signature"  # internal records only: the MinHash computed in the extraction process
FINGERPRINTS = "_cleanwire_fingerprints"  # internal records only: the paragraphs' fingerprints, likewise

TRIVIAL_CHARS = 2000  # the trivial extraction's article: this many characters of the page, one paragraph

_near: NearDuplicates | None = None


@dataclass(frozen=True, slots=True)
class Cleaned:
    article: Article
    signature: list[int] | None = None
    fingerprints: list[str] | None = None  # one per paragraph of article.text (`paragraphs_of`)


@dataclass(frozen=True, slots=True)
class Encoded:
    """Stage 1's record for one page, and what the worker's metrics need to know of the article."""

    key: bytes
    value: bytes
    removed: dict[str, int]
    date_source: str | None
    paywalled: bool


def trivial_clean(page: Page, options: CleanOptions | None = None) -> Article | Rejected:
    """Bench only (CLEANWIRE_BENCH_TRIVIAL_EXTRACT): an article for almost no CPU, the page's first
    TRIVIAL_CHARS characters, whitespace collapsed, as one paragraph, keyed by the page's URL. With it, a
    worker's extraction processes cost next to nothing, so the bench's feed test measures what the
    worker's main process can feed; the record is a valid article, so the memory stage does its work."""
    from cleanwire.core.pipeline import tag

    content = page.content
    head = content[: 4 * TRIVIAL_CHARS]
    text = " ".join((head.decode("utf-8", errors="replace") if isinstance(head, bytes) else head).split())[:TRIVIAL_CHARS]
    if not text:
        return Rejected(RejectReason.EMPTY_PAGE, "no content (trivial extraction)")
    return Article(text=text, date=None, date_source=None, tagged_text=tag(text, None), url=page.url,
                   canonical_url=page.url)


def clean_and_sign(page: Page, options: CleanOptions | None, sign: bool = True, fingerprints: bool = False,
                   trivial: bool = False) -> Cleaned | Rejected:
    """`clean` (or, for the bench, `trivial_clean`), then the memory stage's signature and fingerprints
    while the text is at hand."""
    global _near
    from cleanwire.core.pipeline import clean

    result = trivial_clean(page, options) if trivial else clean(page, options)
    if isinstance(result, Rejected):
        return result
    signature = None
    if sign:
        if _near is None:
            _near = NearDuplicates()
        signature = _near.signature(result.text)
    fps = fingerprints_of(paragraphs_of(result.text)) if fingerprints else None
    return Cleaned(result, signature, fps)


def site_key(site: str | None, article_key: bytes) -> bytes:
    """Key on the memory topic: 'site:<host>', or 'id:<article id>' for a page without a URL (no site memory)."""
    return f"site:{site}".encode() if site else b"id:" + article_key


def site_from_key(key: bytes | None) -> str | None:
    """The site of a memory-topic key (`site_key`), None for an 'id:' key."""
    text = (key or b"").decode("utf-8", errors="replace")
    return text[5:] or None if text.startswith("site:") else None


def encode_page(value: bytes | None, options: CleanOptions | None, memory: bool = False, sign: bool = False,
                fingerprints: bool = False, trivial: bool = False) -> Encoded | Rejected:
    """Runs in an extraction process (module level, so it pickles into the pool): one input record's value
    to the record stage 1 publishes, keyed by site for the memory stage (`memory`), else by article id."""
    decoded = contract.decode_input(value)
    if isinstance(decoded, Rejected):
        return decoded
    result = clean_and_sign(decoded.page, options, sign and memory, fingerprints and memory, trivial)
    if isinstance(result, Rejected):
        return result
    article = result.article
    key, record = contract.output_record(article, decoded, tagged=not memory)
    if memory:
        for name, extra in ((SIGNATURE, result.signature), (FINGERPRINTS, result.fingerprints)):
            if extra is not None:
                record = record[:-1] + b',"' + name.encode() + b'":' + orjson.dumps(extra) + b"}"
        key = site_key(site_of(article.canonical_url or decoded.page.url), key)
    removed = {reason: len(items) for reason, items in article.removed.items()}
    return Encoded(key, record, removed, article.date_source, article.paywalled)


def for_settings(settings: Any) -> functools.partial[Encoded | Rejected]:
    """The extraction processes' function for a worker with these settings."""
    return functools.partial(encode_page, memory=settings.memory_enabled, sign=settings.duplicates_enabled,
                             fingerprints=settings.site_memory_enabled, trivial=settings.bench_trivial_extract)
