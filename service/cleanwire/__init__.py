"""cleanwire: fetched news pages in, clean dated article text out.

The public API is the pure core::

    from cleanwire import Page, Article, Rejected, clean
    result = clean(Page(content=html, url=url))
"""

from importlib.metadata import PackageNotFoundError, version

from cleanwire.core.models import Article, CleanOptions, Page, Rejected, RejectReason

try:
    __version__ = version("cleanwire")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+local"


def clean(page: Page, options: CleanOptions | None = None) -> Article | Rejected:
    """Turn one fetched page into its article (or a typed rejection); see cleanwire.core.pipeline."""
    from cleanwire.core.pipeline import clean as _clean

    return _clean(page, options)


__all__ = ["Article", "CleanOptions", "Page", "RejectReason", "Rejected", "__version__", "clean"]
