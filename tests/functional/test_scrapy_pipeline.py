"""The Scrapy item pipeline without a broker or a crawl: settings come from Scrapy's settings, pages go
as the input contract, failures are counted in Scrapy's stats, the producer closes with the spider."""

from __future__ import annotations

from types import SimpleNamespace

from scrapy.http import HtmlResponse
from scrapy.settings import Settings as ScrapySettings
from scrapy.statscollectors import MemoryStatsCollector

from cleanwire.contract import InputMessage, decode_input
from cleanwire.scrapy import CleanwirePipeline, PageItem, cleanwire_settings
from functional.test_page_producer import FakeKafka


def _stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(SimpleNamespace(settings=ScrapySettings()))


def test_scrapy_settings_mirror_the_environment_variables() -> None:
    scrapy_settings = ScrapySettings({"KAFKA_BOOTSTRAP_SERVERS": "kafka-1:9092,kafka-2:9092",
                                      "CLEANWIRE_MAX_PAGE_BYTES": 2048, "ROBOTSTXT_OBEY": True})
    env = {"CLEANWIRE_INPUT_TOPIC": "pages.from-env", "KAFKA_BOOTSTRAP_SERVERS": "ignored:9092"}
    settings = cleanwire_settings(scrapy_settings, env)
    assert settings.bootstrap_servers == "kafka-1:9092,kafka-2:9092"
    assert settings.max_page_bytes == 2048 and settings.input_topic == "pages.from-env"


def test_pages_are_sent_counted_and_the_producer_closed_with_the_spider() -> None:
    kafka = FakeKafka(fail=frozenset({b"http://site.test/lost"}))
    stats = _stats()
    settings = cleanwire_settings(ScrapySettings({"CLEANWIRE_INPUT_TOPIC": "pages.in", "CLEANWIRE_MAX_PAGE_BYTES": 2048}), {})
    pipeline = CleanwirePipeline(settings, stats, producer=kafka)
    pipeline.open_spider()
    body = "<html><body><p>Käse</p></body></html>".encode("iso-8859-1")
    response = HtmlResponse("http://site.test/a", body=body, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    item = PageItem.from_response(response)
    assert pipeline.process_item(item) is item
    pipeline.process_item(PageItem("http://site.test/lost", b"<p>x</p>"))
    pipeline.process_item(PageItem("http://site.test/huge", b"x" * 4096))
    other = {"title": "not a page"}
    assert pipeline.process_item(other) is other
    pipeline.close_spider()

    assert stats.get_value("cleanwire/sent") == 1
    assert stats.get_value("cleanwire/failed") == 2
    assert stats.get_value("cleanwire/failed/PageTooLargeError") == 1
    assert stats.get_value("cleanwire/failed/KafkaTimeoutError") == 1
    assert kafka.flushed >= 1
    topic, key, value = kafka.sent[0]
    msg = decode_input(value)
    assert topic == "pages.in" and key == b"http://site.test/a" and isinstance(msg, InputMessage)
    assert msg.page.content == body and msg.page.content_type == "text/html; charset=iso-8859-1"
    assert msg.page.fetched_at == item.fetched_at
