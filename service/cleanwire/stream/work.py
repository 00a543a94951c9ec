"""What the extraction processes run for the worker: `clean`, then, while the text is at hand, what the
memory stage needs of it (the MinHash signature, the paragraph fingerprints), so the memory stage does
no hashing on the event loop."""

from __future__ import annotations

from dataclasses import dataclass

from cleanwire.core.models import Article, CleanOptions, Page, Rejected
from cleanwire.memory.duplicates import NearDuplicates
from cleanwire.memory.site import fingerprint, paragraphs_of

_near: NearDuplicates | None = None


@dataclass(frozen=True, slots=True)
class Cleaned:
    article: Article
    signature: list[int] | None = None
    fingerprints: list[str] | None = None  # one per paragraph of article.text (`paragraphs_of`)


def clean_and_sign(page: Page, options: CleanOptions | None, sign: bool = True, fingerprints: bool = False) -> Cleaned | Rejected:
    """Runs in an extraction process (module level, so it pickles into the pool)."""
    global _near
    from cleanwire.core.pipeline import clean

    result = clean(page, options)
    if isinstance(result, Rejected):
        return result
    signature = None
    if sign:
        if _near is None:
            _near = NearDuplicates()
        signature = _near.signature(result.text)
    fps = [fingerprint(p) for p in paragraphs_of(result.text)] if fingerprints else None
    return Cleaned(result, signature, fps)
