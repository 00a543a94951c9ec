"""Prometheus metrics on an injectable registry.

Label sets are bounded: reasons and date sources are enums, partitions are
numbers. A URL or a domain is never a label value.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info

from cleanwire import __version__

_SECONDS_FAST = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_SECONDS_E2E = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
_BYTES = tuple(float(2**k) for k in range(10, 27, 2))  # 1 KiB .. 64 MiB


class Metrics:
    """Every metric cleanwire exports. Tests pass a fresh CollectorRegistry."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry if registry is not None else CollectorRegistry()
        r = self.registry
        self.pages_consumed = Counter(
            "cleanwire_pages_consumed", "Input records taken from the input topic.", registry=r
        )
        self.articles_published = Counter(
            "cleanwire_articles_published", "Articles acknowledged on the output topic.", registry=r
        )
        self.dead_letters = Counter(
            "cleanwire_dead_letters",
            "Records acknowledged on the dead-letter topic, by reason.",
            ["reason"],
            registry=r,
        )
        self.removals = Counter(
            "cleanwire_boilerplate_removals",
            "Boilerplate blocks removed from published articles, by reason.",
            ["reason"],
            registry=r,
        )
        self.date_sources = Counter(
            "cleanwire_article_dates",
            "Published articles by where their date came from ('none' when no date was found).",
            ["source"],
            registry=r,
        )
        self.paywalled = Counter(
            "cleanwire_articles_paywalled", "Published articles that show only a paywalled teaser.", registry=r
        )
        self.clean_seconds = Histogram(
            "cleanwire_clean_duration_seconds",
            "Time to decode, clean and encode one page in an extraction process.",
            buckets=_SECONDS_FAST,
            registry=r,
        )
        self.e2e_seconds = Histogram(
            "cleanwire_end_to_end_latency_seconds",
            "From the input record's timestamp to the output or dead-letter acknowledgement.",
            buckets=_SECONDS_E2E,
            registry=r,
        )
        self.page_bytes = Histogram(
            "cleanwire_page_size_bytes", "Size of input records (page content and its envelope).", buckets=_BYTES, registry=r
        )
        self.consumer_lag = Gauge(
            "cleanwire_consumer_lag_records",
            "Records behind the end of each assigned input partition.",
            ["partition"],
            registry=r,
        )
        self.busy_processes = Gauge(
            "cleanwire_extraction_processes_busy", "Extraction processes working on a page now.", registry=r
        )
        self.processes = Gauge(
            "cleanwire_extraction_processes", "Extraction processes in the pool.", registry=r
        )
        self.process_restarts = Counter(
            "cleanwire_extraction_process_restarts",
            "Extraction processes replaced, by cause (timeout, crash, recycle, memory).",
            ["cause"],
            registry=r,
        )
        self.ready = Gauge(
            "cleanwire_ready", "1 when connected to the broker with partitions assigned.", registry=r
        )
        self.site_lines_removed = Counter(
            "cleanwire_site_memory_lines_removed",
            "Paragraphs removed as site template (repeated across earlier articles of their site).",
            registry=r,
        )
        self.site_articles_learned = Counter(
            "cleanwire_site_memory_articles_learned", "Distinct articles counted into the site memory.", registry=r
        )
        self.site_memory_sites = Gauge(
            "cleanwire_site_memory_sites", "Sites held in this worker's site memory (table sites).", registry=r
        )
        self.site_memory_lines = Gauge(
            "cleanwire_site_memory_lines", "Paragraph fingerprints held in this worker's site memory (table sites).", registry=r
        )
        self.duplicates_found = Counter(
            "cleanwire_duplicates_found", "Articles marked as near-duplicates of an earlier article.", registry=r
        )
        self.duplicates_memory = Gauge(
            "cleanwire_duplicates_memory_articles", "Recent articles held in the near-duplicate table.", registry=r
        )
        self.stalls = Counter(
            "cleanwire_partition_stalls",
            "Partitions sought back to their committed offset: the lowest unacknowledged offset had no event in "
            "flight for CLEANWIRE_STALL_TIMEOUT_S.",
            ["topic", "partition"],
            registry=r,
        )
        self.build_info = Info("cleanwire_build", "cleanwire version.", registry=r)
        self.build_info.info({"version": __version__})
