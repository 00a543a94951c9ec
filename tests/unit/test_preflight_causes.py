"""Which cause a failed bootstrap is reported with, from the records kafka-python 3.0 logs while it connects.

The records are logged to the real `kafka.net.connection` logger in the format and with the argument types
kafka-python uses (connection object, correlation id, the real request classes); the SASL_SSL broker of the
integration tests shows the whole path end to end.
"""

from __future__ import annotations

import logging

from kafka.errors import KafkaConnectionError
from kafka.protocol.metadata import ApiVersionsRequest
from kafka.protocol.sasl import SaslAuthenticateRequest, SaslHandshakeRequest

from cleanwire.errors import BrokerAuthError
from cleanwire.preflight import _kafka_quiet, broker_error
from cleanwire.settings import Settings, load_settings

log = logging.getLogger("kafka.net.connection")
manager = logging.getLogger("kafka.net.manager")


class Conn:
    def __str__(self) -> str:
        return "<KafkaConnection node_id=bootstrap-0 host=127.0.0.1:9093>"


def _lost(conn: Conn) -> None:
    exc = KafkaConnectionError("socket disconnected")
    log.error("%s: Connection lost: %s", conn, exc)
    manager.warning("Bootstrap connection to %s failed: %s (backoff %.2f secs)", "bootstrap-0", exc, 0.5)


def _settings() -> Settings:
    return load_settings({"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9093", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                          "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": "cleanwire",
                          "KAFKA_SASL_PASSWORD": "wrong-password-1"})


def test_a_connection_closed_after_the_credentials_is_an_authentication_failure() -> None:
    conn = Conn()
    with _kafka_quiet(False) as causes:
        log.debug("%s Request %d: %s", conn, 1, ApiVersionsRequest(version=3))
        log.debug("%s: Response %d (%s ms): %s", conn, 1, 2.0, "ApiVersionsResponse(...)")
        log.debug("%s Request %d: %s", conn, 2, SaslHandshakeRequest(mechanism="SCRAM-SHA-512", max_version=1))
        log.debug("%s: Response %d (%s ms): %s", conn, 2, 2.0, "SaslHandshakeResponse(error_code=0)")
        log.debug("%s Request %d: %s", conn, 3, SaslAuthenticateRequest(b"n,,n=cleanwire,r=abc"))
        log.debug("%s: Response %d (%s ms): %s", conn, 3, 2.0, "SaslAuthenticateResponse(error_code=0)")
        log.debug("%s Request %d: %s", conn, 4, SaslAuthenticateRequest(b"c=biws,r=abcdef,p=proof"))
        _lost(conn)
    error = broker_error(_settings(), TimeoutError("Unable to bootstrap"), causes.last_auth or causes.last)
    assert isinstance(error, BrokerAuthError) and error.exit_code == 4
    assert "refused authentication as cleanwire (SCRAM-SHA-512)" in str(error)
    assert "wrong-password-1" not in str(error)


def test_a_connection_lost_outside_the_sasl_exchange_is_unreachable() -> None:
    conn = Conn()
    with _kafka_quiet(False) as causes:
        log.debug("%s Request %d: %s", conn, 1, ApiVersionsRequest(version=3))
        _lost(conn)  # e.g. the broker restarting: nothing was authenticated yet
        log.debug("%s Request %d: %s", conn, 2, SaslAuthenticateRequest(b"n,,n=cleanwire,r=abc"))
        log.debug("%s: Response %d (%s ms): %s", conn, 2, 2.0, "SaslAuthenticateResponse(error_code=0)")
        _lost(conn)  # answered: the exchange was not cut at the credentials
    error = broker_error(_settings(), TimeoutError("Unable to bootstrap"), causes.last_auth or causes.last)
    assert not isinstance(error, BrokerAuthError) and error.exit_code == 3
    assert "socket disconnected" in str(error)


def test_the_connection_logger_is_restored_and_quiet_outside_the_bootstrap() -> None:
    before = log.level
    with _kafka_quiet(False):
        assert log.isEnabledFor(logging.DEBUG)
    assert log.level == before and logging.getLogger("kafka").propagate
