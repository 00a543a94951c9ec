"""cleanwire: fetched news pages in, clean dated article text out.

The public API is the pure core::

    from cleanwire import Page, Article, Rejected, clean
    result = clean(Page(content=html, url=url))

and, for fetchers, the producer of the input topic (kafka-python, imported on first use)::

    from cleanwire import PageProducer, load_settings
    with PageProducer(load_settings()) as pages:
        pages.send(url, body, content_type="text/html; charset=utf-8")
"""

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason

if TYPE_CHECKING:
    from cleanwire.producer import Delivered, Delivery, PageProducer
    from cleanwire.settings import Settings, load_settings

try:
    __version__ = version("cleanwire")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+local"


def clean(page: Page, options: CleanOptions | None = None) -> Article | Rejected:
    """Turn one fetched page into its article (or a typed rejection); see cleanwire.core.pipeline."""
    from cleanwire.core.pipeline import clean as _clean

    return _clean(page, options)


_LAZY = {"PageProducer": "cleanwire.producer", "Delivery": "cleanwire.producer", "Delivered": "cleanwire.producer",
         "Settings": "cleanwire.settings", "load_settings": "cleanwire.settings"}


def __getattr__(name: str) -> Any:
    """The producer side is imported on first use: `import cleanwire` stays free of Kafka."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'cleanwire' has no attribute {name!r}")


__all__ = ["Article", "CleanOptions", "Delivered", "Delivery", "Page", "PageProducer", "RejectReason", "Rejected",
           "Settings", "__version__", "clean", "load_settings"]
