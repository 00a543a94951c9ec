"""The spider of the Scrapy crawl test (test_scrapy_crawl.py), run by `scrapy runspider` in its own
process: the start page and every page it links to become a PageItem for cleanwire's item pipeline.
`-a start=URL -a stats_file=PATH`: where to begin, and where to write the crawl's stats when it closes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy

from cleanwire.scrapy import PageItem


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, start: str, stats_file: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]
        self.stats_file = stats_file

    def parse(self, response: Any, **kwargs: Any) -> Iterator[Any]:
        yield PageItem.from_response(response)
        yield from response.follow_all(css="a", callback=self.parse_page)

    def parse_page(self, response: Any) -> Iterator[Any]:
        yield PageItem.from_response(response)

    def closed(self, reason: str) -> None:
        stats = {k: v for k, v in self.crawler.stats.get_stats().items() if isinstance(v, (int, str))}
        Path(self.stats_file).write_text(json.dumps({"finish_reason": reason, **stats}))
