"""The Faust app, built from Settings: topics, broker credentials, the HTTP endpoints."""

from __future__ import annotations

import logging
import ssl
from dataclasses import dataclass
from typing import Any

import faust
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from cleanwire.settings import Settings
from cleanwire.stream import faust_fixes
from cleanwire.stream.metrics import Metrics

log = logging.getLogger("cleanwire.worker")


@dataclass
class Health:
    """What /readyz reports: partitions assigned, not rebalancing, not stopping."""

    assigned: bool = False
    rebalancing: bool = False
    stopping: bool = False

    @property
    def ready(self) -> bool:
        return self.assigned and not self.rebalancing and not self.stopping


def broker_credentials(settings: Settings) -> Any:
    context = None
    if settings.security_protocol in ("SSL", "SASL_SSL"):
        context = ssl.create_default_context(purpose=ssl.Purpose.SERVER_AUTH, cafile=settings.ssl_cafile)
        if settings.ssl_certfile:
            context.load_cert_chain(settings.ssl_certfile, settings.ssl_keyfile)
    if settings.security_protocol.startswith("SASL"):
        password = settings.sasl_password.get_secret_value() if settings.sasl_password else ""
        return faust.SASLCredentials(
            username=settings.sasl_username,
            password=password,
            mechanism=settings.sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


@dataclass
class Topics:
    input: Any
    output: Any
    dead_letter: Any
    memory: Any = None


def create_app(settings: Settings, metrics: Metrics) -> tuple[faust.App, Topics, Health]:
    # see faust_fixes: no records fetched before the seek, no commit over a hole, no long poll ahead of a full partition
    faust_fixes.install(settings.fetch_max_wait_ms)
    app: Any = faust.App(
        settings.app_id,
        broker=[f"kafka://{server.strip()}" for server in settings.bootstrap_servers.split(",")],
        broker_credentials=broker_credentials(settings),
        store="memory://",
        datadir=settings.data_dir,
        processing_guarantee=settings.processing_guarantee,
        topic_partitions=settings.topic_partitions,
        topic_replication_factor=settings.topic_replication_factor,
        web_enabled=True,
        web_port=settings.http_port,
        web_bind=settings.http_host,
        web_in_thread=False,
        producer_acks=-1,
        producer_compression_type="lz4",
        producer_linger_ms=5,
        producer_max_request_size=max(settings.max_page_bytes * 2, 2_000_000),
        # small fetches and polls: the input's big pages must not queue ahead of the internal topics'
        # records in one long drain loop (a record batch larger than this still comes, alone)
        consumer_max_fetch_size=1024 * 1024,
        broker_max_poll_records=max(2 * settings.in_flight, 16),
        stream_buffer_maxsize=max(4 * settings.in_flight, 64),
        broker_commit_every=100,
        broker_commit_interval=1.0,
        broker_session_timeout=30.0,
        broker_heartbeat_interval=3.0,
        stream_wait_empty=False,
        autodiscover=False,
    )
    topics = Topics(
        input=app.topic(settings.input_topic, key_serializer="raw", value_serializer="raw", partitions=settings.topic_partitions),
        output=app.topic(settings.output_topic, key_serializer="raw", value_serializer="raw", partitions=settings.topic_partitions),
        dead_letter=app.topic(settings.dlq_topic, key_serializer="raw", value_serializer="raw", partitions=settings.topic_partitions),
        memory=app.topic(settings.memory_topic, key_serializer="raw", value_serializer="raw", partitions=1, internal=True),
    )
    health = Health()

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(generate_latest(metrics.registry), content_type=CONTENT_TYPE_LATEST.split(";")[0])

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        return web.json({"status": "alive"})

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        state = {"ready": health.ready, "assigned": health.assigned, "rebalancing": health.rebalancing,
                 "stopping": health.stopping}
        return web.json(state, status=200 if health.ready else 503)

    @app.on_partitions_assigned.connect
    async def on_assigned(sender: Any, assigned: Any, **kwargs: Any) -> None:
        health.rebalancing = False
        mine = sorted(tp.partition for tp in app.consumer.assignment() if tp.topic == settings.input_topic)
        health.assigned = bool(mine)
        metrics.ready.set(1 if health.ready else 0)
        log.info("assigned %s partitions %s", settings.input_topic, mine or "none",
                 extra={"topic": settings.input_topic, "partitions": mine})

    @app.on_partitions_revoked.connect
    async def on_revoked(sender: Any, revoked: Any, **kwargs: Any) -> None:
        health.rebalancing = True
        metrics.ready.set(0)

    @app.on_rebalance_complete.connect
    async def on_rebalance_complete(sender: Any, **kwargs: Any) -> None:
        health.rebalancing = False
        health.assigned = any(tp.topic == settings.input_topic for tp in app.consumer.assignment())
        metrics.ready.set(1 if health.ready else 0)

    return app, topics, health
