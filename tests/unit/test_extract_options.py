"""`cleanwire.core.extract._extract` hands trafilatura one Extractor per thread and fast flag instead of the
keyword arguments it builds one from on every call. The paragraphs must be those of the keyword call on every
bundled page, fast and full, in any order of calls, and the shared options must come back unchanged (trafilatura's
recall escalation works on a copy)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura import bare_extraction

from cleanwire.core import extract
from cleanwire.core.decode import decode
from cleanwire.core.html import parse

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def _pages() -> list[tuple[str, str]]:
    pages = [(p.name, p.read_text(encoding="utf-8", errors="replace"))
             for p in sorted((RESOURCES / "corpus" / "pages").glob("*.html"))]
    for p in sorted((RESOURCES / "wcxb-sample" / "html").glob("*.html.gz"))[:20]:
        text = decode(gzip.decompress(p.read_bytes()), "text/html")
        assert isinstance(text, str)
        pages.append((p.name, text))
    return pages


def _by_keywords(html: str, url: str | None, fast: bool) -> list[str]:
    doc = bare_extraction(parse(html), url=url, fast=fast, include_comments=False, include_tables=True,
                          with_metadata=False)
    text = getattr(doc, "text", None) if doc is not None else None
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


@pytest.mark.unit
def test_shared_options_extract_what_the_keywords_extract(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura.core as tc

    retry = tc._recall_retry
    escalated = []

    def counted(*args: object, **kwargs: object) -> object:
        escalated.append(1)
        return retry(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tc, "_recall_retry", counted)
    pages = _pages()
    assert len(pages) >= 40
    for k, (name, html) in enumerate(pages):
        url = None if k % 5 == 0 else f"https://news.example.org/2024/05/{k}/a-story-{k}"
        for fast in ((True, False) if k % 2 else (False, True)):  # calls interleaved both ways
            want = _by_keywords(html, url, fast)
            got = extract._extract(parse(html), url, fast)
            assert got == want, (name, fast)
        for fast in (True, False):
            options = extract._options(fast)
            assert (options.fast, options.focus, options.comments, options.tables) == (fast, "balanced", False, True)
            assert options.url == url
    assert escalated  # some page took trafilatura's recall escalation, the step that changes a copy of the options


@pytest.mark.unit
def test_the_url_is_the_calls_own() -> None:
    html = "<html><body><article><p>" + "A sentence of the story that runs on for a while. " * 12 + "</p></article></body></html>"
    extract._extract(parse(html), "https://a.example.com/x", True)
    extract._extract(parse(html), None, True)
    assert extract._options(True).url is None and extract._options(True).source is None
    extract._extract(parse(html), "https://b.example.com/\udcff", True)  # a lone surrogate, as Extractor mends it
    assert extract._options(True).source == "https://b.example.com/?"


@pytest.mark.unit
def test_each_thread_has_its_own_options() -> None:
    import threading

    mine = extract._options(True)
    assert extract._options(True) is mine and extract._options(False) is not mine
    theirs: list[object] = []
    worker = threading.Thread(target=lambda: theirs.append(extract._options(True)))
    worker.start()
    worker.join()
    assert theirs and theirs[0] is not mine  # another thread's call cannot set this thread's URL
