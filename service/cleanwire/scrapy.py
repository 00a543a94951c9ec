"""Scrapy -> cleanwire (the `cleanwire[scrapy]` extra): an item pipeline that pushes every fetched page
to the input topic through `PageProducer`.

    # settings.py of the Scrapy project
    ITEM_PIPELINES = {"cleanwire.scrapy.CleanwirePipeline": 300}
    KAFKA_BOOTSTRAP_SERVERS = "kafka:9092"
    CLEANWIRE_INPUT_TOPIC = "pages.raw"

    # the spider's callback
    def parse(self, response):
        yield PageItem.from_response(response)

Every cleanwire variable (KAFKA_*, CLEANWIRE_*) is also a Scrapy setting of the same name; a setting
left out falls back to the environment. Deliveries are counted in the crawl's stats: `cleanwire/sent`,
`cleanwire/failed` and `cleanwire/failed/<error>`; the producer is flushed and closed with the spider.
Items other than `PageItem` pass through untouched.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cleanwire.errors import ProduceError
from cleanwire.producer import Delivery, PageProducer
from cleanwire.settings import Settings, load_settings

logger = logging.getLogger(__name__)


@dataclass
class PageItem:
    """A fetched page as Scrapy saw it: the body's bytes as they came, and the response's content type."""

    url: str
    body: bytes
    content_type: str | None = None
    fetched_at: str | None = None
    id: str | None = None

    @classmethod
    def from_response(cls, response: Any, id: str | None = None) -> PageItem:
        ctype = response.headers.get("Content-Type")
        return cls(
            url=response.url,
            body=response.body,
            content_type=ctype.decode("latin-1") if ctype else None,
            fetched_at=datetime.now(UTC).isoformat(timespec="milliseconds"),
            id=id,
        )


def cleanwire_settings(scrapy_settings: Any, env: Mapping[str, str] | None = None) -> Settings:
    """cleanwire's Settings from the Scrapy settings of the same names, the environment for the rest."""
    values = dict(os.environ if env is None else env)
    for field in Settings.model_fields.values():
        if field.alias and scrapy_settings.get(field.alias) is not None:
            values[field.alias] = str(scrapy_settings.get(field.alias))
    return load_settings(values)


class CleanwirePipeline:
    def __init__(self, settings: Settings, stats: Any, producer: Any = None) -> None:
        self.settings = settings
        self.stats = stats
        self._kafka = producer
        self._pages: PageProducer | None = None
        self._pending: deque[Delivery] = deque()

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanwirePipeline:
        return cls(cleanwire_settings(crawler.settings), crawler.stats)

    def open_spider(self, spider: Any = None) -> None:
        self._pages = PageProducer(self.settings, producer=self._kafka)  # BrokerError stops the crawl

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if not isinstance(item, PageItem):
            return item
        if self._pages is None:
            raise ProduceError("the cleanwire pipeline is not open (open_spider was not called)")
        try:
            self._pending.append(self._pages.send(item.url, item.body, content_type=item.content_type,
                                                  fetched_at=item.fetched_at, id=item.id))
        except ProduceError as exc:  # too large, or refused before sending
            self._failed(item.url, exc)
        self._settle(wait=False)
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self._pages is None:
            return
        self._pages.flush()
        self._settle(wait=True)
        self._pages.close()
        self._pages = None

    def _settle(self, wait: bool) -> None:
        """Count the deliveries that have finished, in order (all of them when `wait`)."""
        while self._pending and (wait or self._pending[0].done()):
            delivery = self._pending.popleft()
            try:
                delivery.result(timeout=60)
                self.stats.inc_value("cleanwire/sent")
            except ProduceError as exc:
                self._failed(delivery.source, exc)

    def _failed(self, source: str, exc: ProduceError) -> None:
        cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
        self.stats.inc_value("cleanwire/failed")
        self.stats.inc_value(f"cleanwire/failed/{type(cause).__name__}")
        logger.error("cleanwire: %s was not sent to %s: %s", source, self.settings.input_topic, exc)
