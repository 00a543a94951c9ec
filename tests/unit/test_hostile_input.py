"""Hostile input through `clean`: a typed rejection or a correct article, never a crash, in bounded time."""

from __future__ import annotations

import time

import pytest

from cleanwire import Article, Page, Rejected, clean
from hostile_cases import cases


@pytest.mark.parametrize(("name", "content", "ctype", "reason"), cases(), ids=[c[0] for c in cases()])
def test_hostile_page(name: str, content: str | bytes, ctype: str | None, reason: str | None) -> None:
    t0 = time.monotonic()
    result = clean(Page(content=content, content_type=ctype))
    assert time.monotonic() - t0 < 20, f"{name} took too long"
    if reason is None:
        assert isinstance(result, Article), result
        assert "\ufffd" not in result.text
    else:
        assert isinstance(result, Rejected), result
        assert result.reason == reason and result.detail
