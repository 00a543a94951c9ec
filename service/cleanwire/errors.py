"""cleanwire's exceptions. Expected outcomes (a page with no article, a bad message)
are values (`Rejected`), not exceptions; these are for the operator's side.

    CleanwireError                 exit 1
    ├── ConfigError                exit 2  settings are missing or invalid
    │   └── PortInUse              exit 6  the HTTP port (metrics, probes) is taken
    ├── BrokerError                exit 3  the Kafka broker cannot be reached or refuses us
    │   ├── BrokerAuthError        exit 4  authentication (SASL) or TLS failed
    │   └── TopicMissing           exit 5  a topic is missing and may not (or cannot) be created
    └── ProduceError               exit 1  a record could not be delivered (too large, timed out, ...)
        └── PageTooLargeError      exit 1  a page or its record is over the size limit; raised before it is sent

`exit_code` is what `cleanwire worker` and `cleanwire check` exit with when the error stops them; the
README's operator section lists the same table.
"""


class CleanwireError(Exception):
    """Base class of every exception cleanwire raises on purpose."""

    exit_code = 1


class ConfigError(CleanwireError):
    """Settings are missing or invalid."""

    exit_code = 2


class PortInUse(ConfigError):
    """The port the HTTP endpoints should bind is taken by another process."""

    exit_code = 6


class BrokerError(CleanwireError):
    """The Kafka broker cannot be reached, or refuses a request."""

    exit_code = 3


class BrokerAuthError(BrokerError):
    """The broker was reached but SASL authentication or the TLS handshake failed."""

    exit_code = 4


class TopicMissing(BrokerError):
    """A topic the worker needs is missing, and creating it is off (CLEANWIRE_CREATE_TOPICS) or refused."""

    exit_code = 5


class RuntimeMismatch(CleanwireError):
    """The installed faust-streaming or aiokafka is not the version the worker's fixes of their internals
    were written and tested against, or a name those fixes replace is gone or has another signature."""

    exit_code = 7


class ProduceError(CleanwireError):
    """A record could not be delivered to the broker."""


class PageTooLargeError(ProduceError):
    """A page's body is over CLEANWIRE_MAX_PAGE_BYTES, or its record over the producer's request size:
    refused before it is sent, so the caller learns it at once and the broker never sees it."""
