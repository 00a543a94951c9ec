"""A second extraction before a page is lost (`pipeline.second_look`, `extract.narrower_body`). A page laid
out as the 2000s laid news out (tables for columns, the story as text between `<br>`s in a `<font>`, menus,
a poll and lists of other stories around it) gives trafilatura's fast pass no article container: it
returns the whole page. The fallbacks (readability, jusText) find the story. The fixture is written for
these tests to imitate that pattern (tests/resources/ATTRIBUTION.md, extraction/); the real pages of the
pattern in the development data (2008 news pages) may not be bundled."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from cleanwire.core import extract
from cleanwire.core.html import (
    ParsedPage,
    parse,
    prune_boilerplate,
    read_metadata,
    thin,
    unwrap_layout_tables,
)
from cleanwire.core.model import shipped
from cleanwire.core.models import Article, CleanOptions, Page, Rejected
from cleanwire.core.pipeline import Prepared, clean, prepare, second_look

PAGE = Path(__file__).resolve().parents[1] / "resources" / "extraction" / "table_layout_breaks.html"
URL = "http://www.coastherald.example/news_details.asp?id=4412"
ACCEPT = frozenset({"article"})


def _html() -> str:
    return PAGE.read_text(encoding="utf-8")


def _story() -> list[str]:
    """The story as the page holds it: the runs between `<br><br>` in its `<font>`."""
    font = re.search(r'<font face="Verdana" size="2">(.*?)</font>', _html(), re.S)
    assert font is not None
    return [" ".join(run.split()) for run in font.group(1).split("<br><br>")]


def _tree(html: str) -> object:
    tree = parse(html)
    assert tree is not None
    parsed = ParsedPage(tree)
    read_metadata(parsed)
    prune_boilerplate(parsed)
    thin(parsed.tree)
    unwrap_layout_tables(parsed.tree)
    return parsed.tree


@pytest.mark.unit
def test_the_fast_pass_takes_the_menus_and_the_fallbacks_the_story() -> None:
    tree = _tree(_html())
    body = extract.extract_body(tree, URL)
    story = _story()
    assert len(story) == 10
    # the pattern: the fast pass returns the story and the page around it (menus, poll, other stories)
    assert all(line in body.paragraphs for line in story)
    assert {"Local News", "Sports", "Classifieds", "Rain delays paddy harvest"} <= set(body.paragraphs)
    assert body.fast_prose and body.fast_chars > body.fast_prose
    narrower = extract.narrower_body(tree, URL, body)
    assert narrower == story


@pytest.mark.unit
def test_no_second_extraction_where_the_fast_pass_found_the_article() -> None:
    # the same story in <p>s: the fast pass finds the container, and the fallbacks cannot narrow it
    story_in_p = re.sub(r'<font face="Verdana" size="2">(.*?)</font>',
                        lambda m: "".join(f"<p>{run}</p>" for run in m.group(1).split("<br><br>")), _html(), flags=re.S)
    tree = _tree(story_in_p)
    body = extract.extract_body(tree, URL)
    assert body.paragraphs == _story()
    assert extract.narrower_body(tree, URL, body) is None


@pytest.mark.unit
def test_no_second_extraction_where_the_fallbacks_already_ran(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fast pass under SLOW_SHARE of the page's prose ran the fallbacks already (extract_body leaves the fast
    # pass's counts at 0): they are not run again
    tree = _tree(_html())
    body = extract.extract_body(tree, URL)  # the fast pass alone, as the first test shows
    calls: list[bool] = []
    real = extract._extract

    def counted(tree_: object, url: str | None, fast: bool) -> list[str]:
        calls.append(fast)
        return real(tree_, url, fast)

    monkeypatch.setattr(extract, "_extract", counted)
    assert extract.narrower_body(tree, URL, extract.Body(body.paragraphs)) is None
    assert calls == []
    assert extract.narrower_body(tree, URL, body) is not None
    assert calls == [False]


@pytest.mark.unit
def test_second_look_describes_the_page_from_the_narrower_text() -> None:
    prep = prepare(_html(), URL, "text/html")
    assert isinstance(prep, Prepared)
    again = second_look(prep, URL)
    assert again is not None
    assert [c.text for c in again.items] == _story()
    assert again.page_row.shape == prep.page_row.shape and (again.page_row != prep.page_row).any()
    text = prepare("\n".join(_story()), URL, "text/plain")
    assert isinstance(text, Prepared) and second_look(text, URL) is None  # flattened text: nothing to extract again


@pytest.mark.unit
def test_a_page_the_gate_rejects_is_judged_again_on_the_narrower_text() -> None:
    """The wiring in `clean`: with a gate threshold between the page's two probabilities (the shipped models,
    their threshold moved), the page is published as the story alone; above both, it is rejected."""
    models = shipped()
    prep = prepare(_html(), URL, "text/html")
    assert isinstance(prep, Prepared)
    again = second_look(prep, URL)
    assert again is not None
    p_fast = models.page_type(prep.page_row, True, ACCEPT)[1]
    p_narrow = models.page_type(again.page_row, True, ACCEPT)[1]
    assert p_narrow > p_fast  # without the menus the page looks more like an article to the gate
    between = dataclasses.replace(models, thresholds={**models.thresholds, "gate_html": (p_fast + p_narrow) / 2})
    out = clean(Page(content=_html(), url=URL, content_type="text/html"), CleanOptions(models=between))
    assert isinstance(out, Article)
    lines = out.text.split("\n")
    assert not {"Local News", "Classifieds", "Rain delays paddy harvest", "View results"} & set(lines)
    assert sum(line in lines for line in _story()) >= 9
    above = dataclasses.replace(models, thresholds={**models.thresholds, "gate_html": p_narrow + 0.01})
    out = clean(Page(content=_html(), url=URL, content_type="text/html"), CleanOptions(models=above))
    assert isinstance(out, Rejected) and out.reason.value == "not_article"
