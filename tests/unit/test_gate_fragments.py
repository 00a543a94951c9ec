"""A page's content sent bare, as an HTML fragment: no title, no URL, no markup.

Feeds and fetchers send such fragments (a feed item's content, a body a crawler cut out). No training page
looks like one: a page without a single link or heading is far from all of them, and the gate's verdict on
four plain paragraphs moved between P(article) 0.16 and 0.45 from one retraining to the next. Training adds each
page as a fragment (`train.fragment`) to the HTML gate's data: an article's first paragraphs, any other page's
links."""

from __future__ import annotations

import re

import pytest

from cleanwire import Article, Page, clean
from cleanwire.learn.data import LabelledPage
from cleanwire.learn.train import fragment

FEED_ITEMS = {
    "en": ["The city council approved the new budget on Tuesday after a debate that lasted late into the night.",
           "Spending on schools will rise by four percent, while the road repair fund stays at last year's level.",
           "Opposition members said the plan relied on optimistic tax forecasts and voted against it.",
           "The mayor said the budget protected public services without raising property taxes for a third year."],
    "de": ["Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen.",
           "Die Ausgaben für Schulen steigen um vier Prozent, der Etat für Straßenreparaturen bleibt gleich.",
           "Die Opposition kritisierte, der Plan beruhe auf zu optimistischen Steuerschätzungen.",
           "Der Bürgermeister sagte, die Stadt komme im dritten Jahr in Folge ohne höhere Grundsteuer aus."],
    "fr": ["Le conseil municipal a adopté mardi le nouveau budget après un débat qui s'est prolongé tard dans la nuit.",
           "Les dépenses pour les écoles augmenteront de quatre pour cent, le fonds des routes reste inchangé.",
           "L'opposition a jugé les prévisions fiscales trop optimistes et a voté contre le texte.",
           "Le maire a assuré que le budget protégeait les services publics sans hausse de la taxe foncière."],
}


@pytest.mark.functional
@pytest.mark.parametrize("lang", sorted(FEED_ITEMS))
@pytest.mark.parametrize("wrapper", ["article", "div"])
def test_a_body_fragment_without_url_is_published(lang: str, wrapper: str) -> None:
    html = f"<html><body><{wrapper}>" + "".join(f"<p>{p}</p>" for p in FEED_ITEMS[lang]) + f"</{wrapper}></body></html>"
    result = clean(Page(content=html, url=None, content_type="text/html"))
    assert isinstance(result, Article), result
    assert result.text.splitlines() == FEED_ITEMS[lang]


def _page(paragraphs: list[str], page_id: str = "wcxb-0001", page_type: str = "article") -> LabelledPage:
    return LabelledPage(id=page_id, dataset="wcxb-dev", site="example.com", url="https://example.com/a/story",
                        lang="en", page_type=page_type, date=None, body="\n\n".join(paragraphs), must_include=(),
                        must_exclude=(), html=b"")


LISTING = ("<html><body><nav><a href='/'>Home</a><a href='/news'>News</a></nav><ul>"
           + "".join(f"<li><a href='/story/{k}'>Headline of story number {k}</a> <p>Teaser {k}.</p></li>" for k in range(30))
           + "</ul><footer><a href='/imprint'>Imprint</a></footer></body></html>")


@pytest.mark.unit
def test_fragment_is_the_bodys_first_paragraphs_and_nothing_else() -> None:
    paragraphs = [f"Paragraph {k} of the story, with <angle> & ampersand." for k in range(12)]
    (kind, html), = fragment(_page(paragraphs), "")
    assert kind == "html+frag"
    assert fragment(_page(paragraphs), "") == [(kind, html)]  # seeded by the page's id: the same every time
    shown = re.findall(r"<p>(.*?)</p>", html)
    assert 3 <= len(shown) <= 12
    assert shown == [p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for p in paragraphs[:len(shown)]]
    assert "<a " not in html and "<h1" not in html and "<title" not in html
    assert re.match(r"<html><body><(article|div)><p>", html)
    drawn = {len(re.findall("<p>", fragment(_page(paragraphs, f"wcxb-{n:04d}"), "")[0][1])) for n in range(40)}
    assert len(drawn) > 3  # short and long fragments, not one length


@pytest.mark.unit
def test_a_body_of_under_three_paragraphs_gives_no_fragment() -> None:
    assert fragment(_page(["One paragraph.", "Two paragraphs."]), "") == []


@pytest.mark.unit
def test_another_pages_fragment_is_a_run_of_its_links() -> None:
    (kind, html), = fragment(_page([], page_type="listing"), LISTING)
    assert kind == "html+frag"
    links = re.findall(r'<li><a href="([^"]*)">([^<]*)</a></li>', html)
    assert 5 <= len(links) <= 34 and html.startswith("<html><body><ul>") and "<p>" not in html
    every = [("/", "Home"), ("/news", "News"), *((f"/story/{k}", f"Headline of story number {k}") for k in range(30)),
             ("/imprint", "Imprint")]
    at = every.index(links[0])
    assert links == every[at:at + len(links)]  # a run of the page's anchors, in order
    assert fragment(_page([], page_type="listing"), "<html><body><a href='/'>Home</a></body></html>") == []
