"""What the extraction processes run for the worker: `clean`, and the article's MinHash signature while
the text is at hand, so the near-duplicate stage does no hashing on the event loop."""

from __future__ import annotations

from dataclasses import dataclass

from cleanwire.core.models import Article, CleanOptions, Page, Rejected
from cleanwire.memory.duplicates import NearDuplicates

_near: NearDuplicates | None = None


@dataclass(frozen=True, slots=True)
class Cleaned:
    article: Article
    signature: list[int] | None = None


def clean_and_sign(page: Page, options: CleanOptions | None, sign: bool = True) -> Cleaned | Rejected:
    """Runs in an extraction process (module level, so it pickles into the pool)."""
    global _near
    from cleanwire.core.pipeline import clean

    result = clean(page, options)
    if isinstance(result, Rejected):
        return result
    if not sign:
        return Cleaned(result)
    if _near is None:
        _near = NearDuplicates()
    return Cleaned(result, _near.signature(result.text))
