"""A paragraph the article already holds is not published twice (`boilerplate._repeats`, step 6): pages that hold
their article twice (a copy for small screens, a print version a fetcher flattened with the rest) and summary boxes
that repeat a paragraph. Invented text imitating those patterns."""

from __future__ import annotations

import pytest

from cleanwire.core import boilerplate
from cleanwire.core.blocks import text_candidates
from cleanwire.core.models import Article, Page
from cleanwire.core.pipeline import clean

ARTICLE = [
    "The harbour board agreed on Thursday to rebuild the north pier, which storms damaged twice last winter.",
    "Work is due to start in April and will close the pier to fishing boats for about eight months.",
    "Fishermen said they had asked for the repairs for years and were relieved the money had finally been found.",
    "The board will pay for the work from its reserves and a loan, and expects to raise mooring fees next year.",
]


def _repeated(lines: list[str]) -> list[str]:
    items = text_candidates("\n\n".join(lines))
    return [c.text for c, r in zip(items, boilerplate._repeats(items, [True] * len(items)), strict=True) if r]


@pytest.mark.unit
def test_the_second_copy_of_a_doubled_article_is_marked() -> None:
    assert _repeated(["North pier to be rebuilt", *ARTICLE, "North pier to be rebuilt", *ARTICLE]) == ARTICLE


@pytest.mark.unit
def test_short_lines_and_near_repeats_are_not_repeats() -> None:
    reworded = "The board will pay for the work from its reserves and a loan, and expects higher mooring fees next year."
    lines = [*ARTICLE, "Share this story", "Share this story", "Work starts in April.", "Work starts in April.", reworded]
    assert _repeated(lines) == []  # short lines are left to the other rules; a reworded paragraph is another


@pytest.mark.unit
def test_only_kept_lines_count_as_already_published() -> None:
    items = text_candidates("\n\n".join([*ARTICLE, *ARTICLE]))
    keep = [False] * len(ARTICLE) + [True] * len(ARTICLE)  # the first copy removed by the classifier: the second stays
    assert boilerplate._repeats(items, keep) == [False] * len(items)


URL = "https://www.harbournews.example/2024/03/north-pier-to-be-rebuilt/"


@pytest.mark.unit
@pytest.mark.parametrize("kind", ["text/plain", "text/html"])
def test_clean_publishes_a_doubled_article_once(kind: str) -> None:
    # the copy follows the article directly: the classifier alone keeps both (8 paragraphs without the rule)
    doubled = [*ARTICLE, *ARTICLE]
    if kind == "text/plain":
        page = "\n\n".join(["North pier to be rebuilt", *doubled])
    else:
        page = ("<html><head><title>North pier to be rebuilt</title></head><body><article><h1>North pier to be rebuilt</h1>"
                + "".join(f"<p>{p}</p>" for p in doubled) + "</article></body></html>")
    out = clean(Page(content=page, url=URL, content_type=kind))
    assert isinstance(out, Article)
    assert out.text.split("\n") == ARTICLE
    assert list(out.removed["repeated"]) == ARTICLE
