"""Page metadata read from the <meta> elements once per page is what one XPath per key reads: the first
non-blank content of a meta whose property or name is the first key that has one, in document order."""

from __future__ import annotations

import random

from cleanwire.core.html import ParsedPage, parse, read_metadata


def _by_xpath(tree, *keys: str) -> str | None:  # type: ignore[no-untyped-def]
    for key in keys:
        for el in tree.xpath(f"//meta[@property='{key}' or @name='{key}']"):
            value = (el.get("content") or "").strip()
            if value:
                return value
    return None


def test_metadata_is_what_an_xpath_per_key_reads() -> None:
    rng = random.Random("meta")
    keys = ["og:title", "twitter:title", "og:locale", "language", "content-language", "og:url", "description"]
    contents = ["", "  ", "Rail plan", "de_DE", "pt-BR", "https://news.example/a", "http://x.example/b", " fr "]
    seen_title = seen_lang = 0
    for _ in range(400):
        metas = "".join(
            f'<meta {rng.choice(["property", "name"])}="{rng.choice(keys)}" content="{rng.choice(contents)}">'
            for _ in range(rng.randint(0, 6)))
        where = rng.choice(["head", "body"])
        html = (f"<html><head><title>Page title</title>{metas if where == 'head' else ''}</head>"
                f"<body>{metas if where == 'body' else ''}<p>Text of the page.</p></body></html>")
        tree = parse(html)
        assert tree is not None
        page = ParsedPage(tree)
        read_metadata(page)
        want_title = _by_xpath(tree, "og:title", "twitter:title") or "Page title"
        assert page.title == want_title, html
        lang = _by_xpath(tree, "og:locale", "language", "content-language")
        assert page.language == (lang.strip().replace("_", "-").split("-")[0].lower() if lang else None), html
        og = _by_xpath(tree, "og:url")
        assert page.canonical_url == (og if og and og.startswith("http") else None), html
        seen_title += want_title != "Page title"
        seen_lang += lang is not None
    assert seen_title > 50 and seen_lang > 50
