"""cleanwire's exceptions. Expected outcomes (a page with no article, a bad message)
are values (`Rejected`), not exceptions; these are for the operator's side.

    CleanwireError
    ├── ConfigError          settings are missing or invalid
    ├── BrokerError          the Kafka broker cannot be reached or refuses us
    └── ProduceError         a record could not be delivered (timed out, refused, ...)
        └── PageTooLargeError    a page or its record is over the size limit; raised before it is sent
"""


class CleanwireError(Exception):
    """Base class of every exception cleanwire raises on purpose."""


class ConfigError(CleanwireError):
    """Settings are missing or invalid."""


class BrokerError(CleanwireError):
    """The Kafka broker cannot be reached, or refuses a request."""


class ProduceError(CleanwireError):
    """A record could not be delivered to the broker."""


class PageTooLargeError(ProduceError):
    """A page's body is over CLEANWIRE_MAX_PAGE_BYTES, or its record over the producer's request size:
    refused before it is sent, so the caller learns it at once and the broker never sees it."""
