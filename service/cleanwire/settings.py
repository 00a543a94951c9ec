"""One frozen, validated settings object, read from the environment once.

Every field names its environment variable. Secrets are `SecretStr` (masked when printed); a
password can also come from a file (`KAFKA_SASL_PASSWORD_FILE`, e.g. a mounted Kubernetes Secret).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Literal, get_args

from pydantic import Field, SecretStr, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from cleanwire.errors import ConfigError

PAGE_TYPES = ("article", "listing", "collection", "product", "service", "forum", "documentation")  # = core.gate.PAGE_TYPES


def _default_data_dir() -> str:
    return str(Path(tempfile.gettempdir()) / "cleanwire-data")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="ignore", case_sensitive=False, populate_by_name=True)

    bootstrap_servers: str = Field("127.0.0.1:9092", alias="KAFKA_BOOTSTRAP_SERVERS", description="Kafka brokers, comma-separated host:port")
    input_topic: str = Field("pages.raw", alias="CLEANWIRE_INPUT_TOPIC", description="topic of fetched pages")
    output_topic: str = Field("articles.clean", alias="CLEANWIRE_OUTPUT_TOPIC", description="topic of clean articles")
    dlq_topic: str = Field("pages.rejected", alias="CLEANWIRE_DLQ_TOPIC", description="dead-letter topic")
    app_id: str = Field("cleanwire", alias="CLEANWIRE_APP_ID", description="Faust app id = consumer group")
    processes: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=256, alias="CLEANWIRE_PROCESSES", description="extraction processes")
    page_timeout_s: float = Field(30.0, gt=0, le=3600, alias="CLEANWIRE_PAGE_TIMEOUT_S", description="hard time limit per page")
    stall_timeout_s: float = Field(300.0, ge=0, le=86_400, alias="CLEANWIRE_STALL_TIMEOUT_S", description="a partition whose lowest unacknowledged offset has had no event in flight this long is sought back to its committed offset (0: off); above CLEANWIRE_PAGE_TIMEOUT_S")
    max_page_bytes: int = Field(10_000_000, ge=1024, alias="CLEANWIRE_MAX_PAGE_BYTES", description="larger pages are dead-lettered")
    accept_page_types: str = Field("article", alias="CLEANWIRE_ACCEPT_PAGE_TYPES", description="page types published, comma-separated (article, listing, collection, product, service, forum, documentation); others are dead-lettered as not_article")
    gate_min_p: float = Field(0.0, ge=0, le=1, alias="CLEANWIRE_GATE_MIN_P", description="the least probability of the accepted page types a page needs to be published, over the gate's own threshold (0: the models' own, which keep 99.2% of the training articles); raising it trades articles for fewer listings and other non-articles published (README, Quality)")
    max_tasks_per_process: int = Field(500, ge=1, alias="CLEANWIRE_MAX_TASKS_PER_PROCESS", description="recycle an extraction process after N pages")
    max_process_rss_mb: int = Field(1024, ge=64, alias="CLEANWIRE_MAX_PROCESS_RSS_MB", description="recycle an extraction process above this RSS")
    dlq_max_payload_bytes: int = Field(1_000_000, ge=1024, alias="CLEANWIRE_DLQ_MAX_PAYLOAD_BYTES", description="dead-letter payloads are cut to this size")
    processing_guarantee: Literal["at_least_once", "exactly_once"] = Field("at_least_once", alias="CLEANWIRE_PROCESSING_GUARANTEE")
    concurrency: int = Field(0, ge=0, le=1024, alias="CLEANWIRE_CONCURRENCY", description="pages in flight per worker and stage (0: 16 x processes)")
    fetch_max_wait_ms: int = Field(100, ge=1, le=30_000, alias="CLEANWIRE_FETCH_MAX_WAIT_MS", description="longest a fetch waits at the broker for new records (Faust's fixed 1500 ms held a full partition behind idle ones: the memory stage 3.4x slower)")
    http_port: int = Field(6066, ge=1, le=65535, alias="CLEANWIRE_HTTP_PORT", description="/metrics, /healthz, /readyz")
    http_host: str = Field("0.0.0.0", alias="CLEANWIRE_HTTP_HOST", description="address the HTTP endpoints bind")
    data_dir: str = Field(default_factory=_default_data_dir, alias="CLEANWIRE_DATA_DIR", description="Faust data directory (table state)")
    topic_partitions: int = Field(8, ge=1, le=1024, alias="CLEANWIRE_TOPIC_PARTITIONS", description="partitions of topics created if missing")
    topic_replication_factor: int = Field(1, ge=1, le=16, alias="CLEANWIRE_TOPIC_REPLICATION_FACTOR", description="replication of topics and changelogs created by cleanwire (3 on a production cluster)")
    site_memory_enabled: bool = Field(True, alias="CLEANWIRE_SITE_MEMORY_ENABLED", description="learn and remove per-site template paragraphs")
    site_memory_min_articles: int = Field(5, ge=1, le=1000, alias="CLEANWIRE_SITE_MEMORY_MIN_ARTICLES", description="K: a paragraph in K earlier articles of a site is template")
    site_memory_max_lines: int = Field(1000, ge=10, le=100_000, alias="CLEANWIRE_SITE_MEMORY_MAX_LINES", description="paragraph fingerprints kept per site")
    site_memory_horizon: int = Field(1000, ge=2, alias="CLEANWIRE_SITE_MEMORY_HORIZON", description="a line unseen in this many articles of its site is forgotten")
    duplicates_enabled: bool = Field(True, alias="CLEANWIRE_DUPLICATES_ENABLED", description="mark near-duplicate articles (duplicate_of, similarity)")
    duplicates_threshold: float = Field(0.7, gt=0, le=1, alias="CLEANWIRE_DUPLICATES_THRESHOLD", description="estimated Jaccard similarity of a near-duplicate")
    duplicates_memory: int = Field(20_000, ge=10, le=10_000_000, alias="CLEANWIRE_DUPLICATES_MEMORY", description="recent articles compared against")
    publish_duplicates: bool = Field(True, alias="CLEANWIRE_PUBLISH_DUPLICATES", description="false: near-duplicates go to the dead letters as 'duplicate'")
    bench_trivial_extract: bool = Field(False, alias="CLEANWIRE_BENCH_TRIVIAL_EXTRACT", description="bench only (`cleanwire bench`'s feed test): `clean` is replaced by a trivial function (the page's first characters as one paragraph), so the worker's own cost per page can be measured; never in service")
    log_level: Literal["debug", "info", "warn", "error", "crit"] = Field("info", alias="CLEANWIRE_LOG_LEVEL", description="cleanwire's log level; libraries log from WARNING up unless debug")
    log_format: Literal["auto", "json", "text"] = Field("auto", alias="CLEANWIRE_LOG_FORMAT", description="json: one JSON object a line; text: one timestamped line a record; auto: text on a terminal, else json")
    summary_interval_s: float = Field(60.0, ge=0, le=86_400, alias="CLEANWIRE_SUMMARY_INTERVAL_S", description="seconds between the worker's summary lines (0: none)")
    broker_timeout_s: float = Field(30.0, gt=0, le=3600, alias="CLEANWIRE_BROKER_TIMEOUT_S", description="how long start-up and `cleanwire check` wait for the broker")
    create_topics: bool = Field(True, alias="CLEANWIRE_CREATE_TOPICS", description="create missing input, output and dead-letter topics at start; false: a missing one stops the worker")
    security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field("PLAINTEXT", alias="KAFKA_SECURITY_PROTOCOL")
    sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = Field(None, alias="KAFKA_SASL_MECHANISM")
    sasl_username: str | None = Field(None, alias="KAFKA_SASL_USERNAME")
    sasl_password: SecretStr | None = Field(None, alias="KAFKA_SASL_PASSWORD")
    sasl_password_file: str | None = Field(None, alias="KAFKA_SASL_PASSWORD_FILE", description="file holding the SASL password")
    ssl_cafile: str | None = Field(None, alias="KAFKA_SSL_CAFILE")
    ssl_certfile: str | None = Field(None, alias="KAFKA_SSL_CERTFILE")
    ssl_keyfile: str | None = Field(None, alias="KAFKA_SSL_KEYFILE")

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.security_protocol.startswith("SASL") and not (self.sasl_mechanism and self.sasl_username):
            raise ValueError("SASL needs KAFKA_SASL_MECHANISM and KAFKA_SASL_USERNAME")
        if self.sasl_password is None and self.sasl_password_file:
            try:
                secret = Path(self.sasl_password_file).read_text().strip()
            except OSError as exc:
                raise ValueError(f"KAFKA_SASL_PASSWORD_FILE: cannot read {self.sasl_password_file}: {exc.strerror}") from None
            object.__setattr__(self, "sasl_password", SecretStr(secret))
        if self.stall_timeout_s and self.stall_timeout_s <= self.page_timeout_s:
            raise ValueError(f"CLEANWIRE_STALL_TIMEOUT_S ({self.stall_timeout_s:g}) must be above "
                             f"CLEANWIRE_PAGE_TIMEOUT_S ({self.page_timeout_s:g}), or 0 (off): a slow page is not a stall")
        unknown = set(self.page_types()) - set(PAGE_TYPES)
        if unknown or not self.page_types():
            raise ValueError(f"CLEANWIRE_ACCEPT_PAGE_TYPES: unknown page types {sorted(unknown)}; known: {', '.join(PAGE_TYPES)}")
        return self

    def page_types(self) -> frozenset[str]:
        """The page types the gate lets through (CLEANWIRE_ACCEPT_PAGE_TYPES)."""
        return frozenset(t.strip().lower() for t in self.accept_page_types.split(",") if t.strip())

    @property
    def in_flight(self) -> int:
        return self.concurrency or 16 * self.processes

    @property
    def memory_enabled(self) -> bool:
        """Whether the memory stage runs (site memory, near-duplicates, or both)."""
        return self.site_memory_enabled or self.duplicates_enabled

    @property
    def memory_topic(self) -> str:
        """Internal, one partition: clean articles on their way through the site memory and the
        near-duplicate memory, both in one stage (one hop; every article meets every other)."""
        return f"{self.app_id}-articles-memory"


SECRET_FIELDS = frozenset(name for name, f in Settings.model_fields.items()
                           if f.annotation is SecretStr or SecretStr in get_args(f.annotation))


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Settings from `env` (or the process environment); a clear ConfigError when invalid."""
    try:
        if env is None:
            return Settings()
        keys = {name.alias or name_: name_ for name_, name in Settings.model_fields.items()}
        values = {k: v for k, v in env.items() if k in keys}
        return Settings.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(describe(exc)) from None


def describe(exc: ValidationError) -> str:
    """Each problem as `VARIABLE: what is wrong (got 'value')`; a secret's value is never shown (pydantic's
    own text quotes the whole input of a model-level check, passwords included)."""
    by_name = {name: f.alias or name for name, f in Settings.model_fields.items()}
    secret = {by_name[n] for n in SECRET_FIELDS}
    problems = []
    for error in exc.errors(include_url=False):
        loc = [str(part) for part in error.get("loc", ())]
        variable = by_name.get(loc[0], loc[0]) if loc else ""
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        text = f"{variable}: {message}" if variable else message
        value = error.get("input")
        if variable and variable not in secret and isinstance(value, str | int | float | bool):
            text += f" (got {str(value)[:80]!r})"
        problems.append(text)
    return "; ".join(problems) or "invalid settings"
