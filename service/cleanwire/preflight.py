"""What must hold before a worker can run, as functions that either return or raise a typed error whose
text is the one line an operator reads: the broker answers (within CLEANWIRE_BROKER_TIMEOUT_S) and accepts
our credentials, the topics exist (or are created), the HTTP port is free. `cleanwire worker` stops on the
first that fails; `cleanwire check` runs them all and reports each.

kafka-python's own bootstrap retries, logging every refused connection and ending in "Unable to bootstrap";
its cause (refused, unresolvable, SASL, TLS) is only in those records, so they are caught here, kept out of
the log, and the last one names the cause.
"""

from __future__ import annotations

import logging
import re
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from cleanwire.errors import BrokerAuthError, BrokerError, PortInUse, TopicMissing
from cleanwire.settings import Settings

_KAFKA = "kafka"
_CONNECTION = "kafka.net.connection"
_PREFIX = re.compile(r"^(?:\s*(?:\[Error -?\d+\]\s*)?\w+(?:Error|Exception):?\s*)+")


class _Causes(logging.Handler):
    """Remembers the last exception kafka-python logged (its records carry it as an argument).

    A broker that rejects SASL credentials answers the last SaslAuthenticate request with an error and closes
    the connection; kafka-python 3.0 sometimes sees the close before it reads that answer and logs only a lost
    connection. So the connections with a SASL request unanswered are followed (kafka.net.connection's debug
    records, enabled while the client bootstraps): one lost there is an authentication failure.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.last: BaseException | None = None
        self.last_auth: BaseException | None = None
        self._sasl_pending: set[int] = set()

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args if isinstance(record.args, tuple) else ()
        if record.name == _CONNECTION and len(args) >= 2:
            self._follow_sasl(str(record.msg), args)
        if record.levelno < logging.WARNING:
            return
        for arg in args:
            if isinstance(arg, BaseException) and type(arg).__name__ != "KafkaTimeoutError":  # the outcome, not a cause
                self.last = arg
                if _kind(arg) != "unreachable":
                    self.last_auth = arg

    def _follow_sasl(self, msg: str, args: tuple[Any, ...]) -> None:
        conn = id(args[0])
        if "Request %d" in msg and len(args) >= 3 and _is_sasl_exchange(args[2]):
            self._sasl_pending.add(conn)
        elif "Response %d" in msg:
            self._sasl_pending.discard(conn)
        elif "Connection lost" in msg and conn in self._sasl_pending:
            self._sasl_pending.discard(conn)
            from kafka.errors import SaslAuthenticationFailedError

            self.last_auth = SaslAuthenticationFailedError(
                "the broker closed the connection without answering the SASL credentials")


def _is_sasl_exchange(request: object) -> bool:
    name = type(request).__name__
    return name.startswith("Sasl") and "Handshake" not in name


@contextmanager
def _kafka_quiet(keep: bool) -> Iterator[_Causes]:
    """kafka-python's records go to `_Causes` only (to the log as well when `keep`, i.e. at debug)."""
    logger = logging.getLogger(_KAFKA)
    connection = logging.getLogger(_CONNECTION)
    causes = _Causes()
    logger.addHandler(causes)
    propagate, logger.propagate = logger.propagate, keep
    level = connection.level
    connection.setLevel(logging.DEBUG)  # the SASL exchange (see _Causes); reaches the log only when `keep`
    try:
        yield causes
    finally:
        connection.setLevel(level)
        logger.removeHandler(causes)
        logger.propagate = propagate


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen = 0
    while exc is not None and seen < 10:
        yield exc
        exc = exc.__cause__ or exc.__context__
        seen += 1


def _kind(exc: BaseException) -> str:
    for e in _chain(exc):
        name = type(e).__name__
        if "Authentication" in name or "Sasl" in name or "Authorization" in name:
            return "auth"
        if isinstance(e, ssl.SSLError) or "SSL" in str(e) or "CERTIFICATE" in str(e).upper():
            return "tls"
    return "unreachable"


def cause_text(exc: BaseException) -> str:
    """`Name: what the broker said`, without kafka-python's repeated `[Error 58] Name:` prefixes and the
    request and response it appends."""
    name = type(exc).__name__
    text = _PREFIX.sub("", str(exc).strip())
    for marker in (" Request '", " failed with response", "Request '"):
        text = text.split(marker)[0]
    text = text.strip()
    return f"{name}: {text[:240]}" if text else name


def broker_error(settings: Settings, exc: BaseException, cause: BaseException | None) -> BrokerError:
    """The one-line error for a failed connection: `exc` is what kafka-python raised, `cause` what it logged."""
    where = f"Kafka at {settings.bootstrap_servers} ({settings.security_protocol})"
    for candidate in (exc, cause):
        if candidate is None:
            continue
        kind = _kind(candidate)
        if kind == "auth":
            user = f" as {settings.sasl_username}" if settings.sasl_username else ""
            return BrokerAuthError(f"{where} refused authentication{user} ({settings.sasl_mechanism}): "
                                   f"{cause_text(candidate)}")
        if kind == "tls":
            return BrokerAuthError(f"TLS with {where} failed: {cause_text(candidate)}")
    detail = cause_text(cause) if cause is not None else cause_text(exc)
    return BrokerError(f"cannot reach {where} within {settings.broker_timeout_s:g} s: {detail}")


@contextmanager
def admin_client(settings: Settings) -> Iterator[Any]:
    """A connected KafkaAdminClient, or BrokerError / BrokerAuthError within the broker timeout."""
    from kafka.admin import KafkaAdminClient

    from cleanwire.producer import client_config

    debug = logging.getLogger("cleanwire").isEnabledFor(logging.DEBUG)
    with _kafka_quiet(debug) as causes:
        try:
            admin = KafkaAdminClient(**client_config(settings), client_id=f"{settings.app_id}-preflight",
                                     bootstrap_timeout_ms=int(settings.broker_timeout_s * 1000),
                                     request_timeout_ms=int(max(settings.broker_timeout_s, 5) * 1000))
        except Exception as exc:
            raise broker_error(settings, exc, causes.last_auth or causes.last) from None
    try:
        yield admin
    finally:
        with _kafka_quiet(debug):
            admin.close()


def wanted_topics(settings: Settings) -> tuple[str, ...]:
    return (settings.input_topic, settings.output_topic, settings.dlq_topic)


def partitions(admin: Any, topics: tuple[str, ...]) -> dict[str, int | None]:
    """Partition count of each topic; None when it does not exist."""
    existing = set(admin.list_topics())
    found = {t["name"]: len(t["partitions"]) for t in admin.describe_topics([t for t in topics if t in existing])
             if not t.get("error_code")}
    return {t: found.get(t) for t in topics}


def ensure_topics(admin: Any, settings: Settings) -> list[str]:
    """The missing topics are created (CLEANWIRE_CREATE_TOPICS) or TopicMissing names them; the created ones."""
    from kafka.admin import NewTopic
    from kafka.errors import TopicAlreadyExistsError

    missing = [t for t, n in partitions(admin, wanted_topics(settings)).items() if n is None]
    if missing and not settings.create_topics:
        raise TopicMissing(f"topic {', '.join(missing)} missing on {settings.bootstrap_servers} "
                           "and CLEANWIRE_CREATE_TOPICS=false")
    created = []
    for topic in missing:
        try:
            admin.create_topics([NewTopic(topic, settings.topic_partitions, settings.topic_replication_factor)])
            created.append(topic)
        except TopicAlreadyExistsError:
            pass  # another worker was first
        except Exception as exc:
            raise TopicMissing(f"topic {topic} missing on {settings.bootstrap_servers} and cannot be created: "
                               f"{cause_text(exc)}") from None
    return created


@dataclass(frozen=True)
class Lag:
    total: int
    partitions: int
    committed: int  # partitions the group has committed an offset for


def group_lag(admin: Any, group: str, topic: str, count: int, attempts: int = 5) -> Lag:
    """Records of `topic` the group has not consumed (from the start where it committed nothing)."""
    from kafka import TopicPartition
    from kafka.admin import OffsetSpec
    from kafka.errors import CoordinatorNotAvailableError, NotCoordinatorError

    tps = [TopicPartition(topic, p) for p in range(count)]
    for attempt in range(attempts):
        try:
            committed = admin.list_group_offsets({group: tps}).get(group, {})
            break
        except (CoordinatorNotAvailableError, NotCoordinatorError):  # a new broker creates __consumer_offsets
            if attempt == attempts - 1:
                raise
            time.sleep(1)
    ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in tps})
    starts = admin.list_partition_offsets({tp: OffsetSpec.EARLIEST for tp in tps})
    total, known = 0, 0
    for tp in tps:
        meta = committed.get(tp)
        offset = getattr(meta, "offset", -1) if meta is not None else -1
        if offset is not None and offset >= 0:
            known += 1
        else:
            offset = starts[tp].offset
        total += max(0, ends[tp].offset - offset)
    return Lag(total, count, known)


def port_free(host: str, port: int) -> None:
    """PortInUse when `host:port` cannot be bound (another worker, another service)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the web server binds it
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise PortInUse(f"CLEANWIRE_HTTP_PORT {port} on {host} is in use ({exc.strerror}): "
                            "/metrics and the probes need it") from None
