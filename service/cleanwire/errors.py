"""cleanwire's exceptions. Expected outcomes (a page with no article, a bad message)
are values (`Rejected`), not exceptions; these are for the operator's side.

    CleanwireError
    ├── ConfigError          settings are missing or invalid
    ├── BrokerError          the Kafka broker cannot be reached or refuses us
    └── ProduceError         a record could not be delivered (too large, timed out, ...)
"""


class CleanwireError(Exception):
    """Base class of every exception cleanwire raises on purpose."""


class ConfigError(CleanwireError):
    """Settings are missing or invalid."""


class BrokerError(CleanwireError):
    """The Kafka broker cannot be reached, or refuses a request."""


class ProduceError(CleanwireError):
    """A record could not be delivered to the broker."""
