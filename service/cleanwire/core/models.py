"""The values that cross the core's boundary: Page in, Article or Rejected out.

All three are frozen and slotted so they are cheap to pickle into extraction
processes and safe to share between steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleanwire.core.model import Models


class RejectReason(StrEnum):
    """Stable snake_case reasons. Each is a metric label and a dead-letter `reason`; never rename one."""

    # from the core (clean)
    EMPTY_PAGE = "empty_page"  # no content, or only whitespace
    BINARY_CONTENT = "binary_content"  # PDF, image, archive... not a text page
    UNDECODABLE = "undecodable"  # bytes that no charset turns into text
    PAGE_TOO_LARGE = "page_too_large"  # over the page-size limit
    NO_ARTICLE = "no_article"  # a page, but no article body in it (home page, login wall, scripts only)
    NOT_ARTICLE = "not_article"  # the page-type gate: a listing, home, category, product, service... page
    # from the extraction processes
    TIMEOUT = "timeout"  # clean() ran over the per-page time limit; the process was killed
    EXTRACTION_CRASH = "extraction_crash"  # clean() raised, or its process died
    # from the stream (message decoding)
    INVALID_ENCODING = "invalid_encoding"  # message value is not UTF-8
    INVALID_JSON = "invalid_json"  # message value is not JSON
    SCHEMA_VIOLATION = "schema_violation"  # JSON, but not an input message
    MESSAGE_TOO_LARGE = "message_too_large"  # over the broker's or the producer's size limit
    DUPLICATE = "duplicate"  # reserved: a near-duplicate that settings say not to publish


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched page as a fetcher hands it over.

    `content` is text, or raw bytes whose charset is detected from `content_type`,
    the page's meta tag, or the bytes themselves. `fetched_at` is an ISO 8601
    string or a datetime; it bounds the publication date from above.
    """

    content: str | bytes
    url: str | None = None
    content_type: str | None = None
    fetched_at: str | datetime | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """The clean article: body paragraphs, date, and what was removed and why."""

    text: str  # body paragraphs joined by "\n"
    date: str | None  # "YYYY-MM-DD"
    date_source: str | None  # "url", "json_ld", "meta", "text", "htmldate", ...
    tagged_text: str  # " date YYYY-MM-DD " + text (see README for the no-date form)
    title: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    paywalled: bool = False
    page_type: str = "article"  # the gate's page type (one of cleanwire.core.gate.PAGE_TYPES)
    removed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # reason -> removed snippets

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    def removed_counts(self) -> dict[str, int]:
        return {reason: len(items) for reason, items in self.removed.items()}


@dataclass(frozen=True, slots=True)
class Rejected:
    """An expected failure, as a value: a stable `reason` and a human `detail`; the page's publication
    date and its source where one was found before the page was rejected (a consumer of rejections may
    still want it)."""

    reason: RejectReason
    detail: str = ""
    date: str | None = None  # "YYYY-MM-DD"
    date_source: str | None = None


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Limits and switches of `clean`; the defaults suit a news stream."""

    max_page_bytes: int = 10_000_000
    accept_page_types: frozenset[str] = frozenset({"article"})  # page types published; others are not_article
    # the least probability of the accepted types a page needs to be published, over the gate's own threshold
    # (`Models.page_type`): a deployment that would rather lose some articles than publish listings raises it.
    # 0: the models' thresholds alone (drawn to keep 99.2% of the training articles, HTML; 99.4%, text)
    gate_min_p: float = 0.0
    models: Models | None = None  # the classifiers; None: the ones shipped in the package
    # median score a stretch cut off from the article needs to stay (-1: no check; None: the input kind's own,
    # as the models were trained with: `Models.detached_min`, from the manifest)
    detached_min: float | None = None
