"""`html.thin` deletes, before trafilatura runs, only what trafilatura's extraction never reads: scripts but
JSON-LD, styles, inline SVG, templates, comments and the <head> but its JSON-LD. Checked on the bundled real pages
(fundus, MIT; WCXB, CC-BY-4.0): the extracted paragraphs are the same with and without it."""

from __future__ import annotations

import copy
import gzip
from pathlib import Path

import pytest

from cleanwire.core.decode import decode
from cleanwire.core.extract import body_paragraphs
from cleanwire.core.html import parse, thin

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
PAGES = sorted((RESOURCES / "corpus" / "pages").glob("*.html")) + sorted((RESOURCES / "wcxb-sample" / "html").glob("*.gz"))


def _html(path: Path) -> str:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    text = decode(raw, None)
    assert isinstance(text, str)
    return text


def test_the_bundled_pages_are_there() -> None:
    assert len(PAGES) >= 20


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_thinning_changes_no_extraction(path: Path) -> None:
    tree = parse(_html(path))
    assert tree is not None
    thinned = copy.deepcopy(tree)
    thin(thinned)
    assert body_paragraphs(thinned, None) == body_paragraphs(tree, None)


def test_the_head_keeps_only_its_json_ld_and_the_text_after_deleted_elements_stays() -> None:
    tree = parse(
        "<html><head><title>T</title><meta name='x' content='y'><link rel='canonical' href='https://a.example/1'>"
        "<style>p{}</style><script>var a=1;</script><script type='application/ld+json'>{\"@type\": \"NewsArticle\"}"
        "</script></head><body><p>One <script>x()</script>two<!-- c --> three</p><svg><text>drawn</text></svg>"
        "<template><p>later</p></template><script type=' Application/LD+JSON '>{}</script></body></html>"
    )
    assert tree is not None
    thin(tree)
    head = tree.find("head")
    assert head is not None
    assert [(el.tag, el.get("type")) for el in head] == [("script", "application/ld+json")]
    body = tree.find("body")
    assert body is not None
    assert body.findtext("p") == "One two three"
    assert [el.tag for el in body.iter() if el is not body] == ["p", "script"]
