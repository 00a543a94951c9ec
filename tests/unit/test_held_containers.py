"""An article inside a container named as boilerplate (`html.unname`, `ParsedPage.held`). Pages whose markup
leaves a newsletter popup unclosed above the article nest the whole page in it (a WCXB development page does:
`<aside class="Popup-Overlay" id="Popup-Newsletter">` holds the header, the article and the footer).
`prune_boilerplate` keeps such a container, since it holds the article; trafilatura discards it by its tag
and name, with the article, and extracts nothing. The page below is written to imitate that pattern."""

from __future__ import annotations

import pytest

from cleanwire.core import extract
from cleanwire.core.html import ParsedPage, parse, prune_boilerplate, thin, unname
from cleanwire.core.models import Article, Page
from cleanwire.core.pipeline import clean

PARAGRAPHS = [
    "Buying fewer, better clothes is the first rule of ethical fashion, but it is not always the cheapest one.",
    "We spent three months comparing prices at shops that publish where their clothes are made and by whom.",
    "The cheapest of them sell basic t-shirts for under twenty dollars, made of organic cotton in certified factories.",
    "Secondhand platforms remain the most affordable option, and several now check the brands they resell.",
    "Outlet sections of sustainable labels often carry last season's colours at half the price of the new range.",
    "Renting clothes for occasions saves money too, though the delivery and cleaning have costs of their own.",
    "Some brands run repair programmes that make a jacket last years longer, which lowers its cost per wear.",
    "Whatever you buy, washing it less often and at lower temperatures will keep it looking new for longer.",
]
URL = "https://www.greenwardrobe.example/the-most-affordable-places-to-buy-ethical-fashion/"


def _page(popup_closed: bool) -> str:
    popup = ('<aside class="Popup-Overlay" id="Popup-Newsletter"><div class="Popup-Inner"><p>Join our newsletter '
             'for weekly tips.</p><form><input type="email"><button>Subscribe</button></form></div>')
    article = ("<div id='Wrapper'><header><a href='/'>Home</a> <a href='/fashion/'>Fashion</a> <a href='/beauty/'>Beauty</a>"
               "</header><article class='Entry'><h1>The most affordable places to buy ethical fashion</h1>"
               "<div class='Entry-Text'>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></article>"
               "<footer><a href='/about/'>About</a> <a href='/contact/'>Contact</a></footer></div>")
    return f"<html><head><title>Ethical fashion on a budget</title></head><body>{popup}{'</aside>' if popup_closed else ''}{article}{'' if popup_closed else '</aside>'}</body></html>"


def _parsed(html: str) -> ParsedPage:
    tree = parse(html)
    assert tree is not None
    page = ParsedPage(tree)
    prune_boilerplate(page)
    thin(page.tree)
    return page


@pytest.mark.unit
def test_the_extractor_discards_a_held_container_and_finds_it_once_unnamed() -> None:
    page = _parsed(_page(popup_closed=False))
    assert [el.tag for el in page.held] == ["aside"]  # kept by the pruning: it holds the article
    assert extract.body_paragraphs(page.tree, URL) == []  # the pattern: trafilatura drops it with the article
    assert unname(page)
    assert page.held[0].tag == "div" and not page.held[0].attrib
    paragraphs = extract.body_paragraphs(page.tree, URL)
    assert all(p in paragraphs for p in PARAGRAPHS)


@pytest.mark.unit
def test_a_closed_popup_is_pruned_and_nothing_is_held() -> None:
    page = _parsed(_page(popup_closed=True))
    assert page.held == [] and not unname(page)
    assert "related" in page.removed  # the popup went, as any <aside> of a few words
    assert all(p in extract.body_paragraphs(page.tree, URL) for p in PARAGRAPHS)


@pytest.mark.unit
def test_clean_publishes_the_article_of_a_page_nested_in_a_popup() -> None:
    out = clean(Page(content=_page(popup_closed=False), url=URL, content_type="text/html"))
    assert isinstance(out, Article)
    lines = out.text.split("\n")
    assert sum(p in lines for p in PARAGRAPHS) >= 7
    assert "Join our newsletter for weekly tips." not in lines


def _page_with_menus_outside() -> str:
    """The same unclosed popup, with the site's menus before it, outside: trafilatura returns the menus."""
    menus = ("<div class='site-top'><h2>Green Wardrobe</h2><ul>" + "".join(
        f"<li><a href='/{w.lower()}/'>{w}</a></li>" for w in ("Home", "About", "My Life", "Advice", "Fashion", "Beauty",
                                                            "Travel", "Home and Garden", "Shop", "Contact", "Wellness",
                                                            "Recipes", "Guides", "Reviews", "Newsroom", "Archive"))
        + "</ul></div>")
    return _page(popup_closed=False).replace("<body>", "<body>" + menus, 1)


@pytest.mark.unit
def test_clean_looks_again_when_trafilatura_kept_only_the_menus() -> None:
    page = _parsed(_page_with_menus_outside())
    fast = extract.body_paragraphs(page.tree, URL)
    assert "Fashion" in fast and not any(p in fast for p in PARAGRAPHS)  # the pattern: menus, not the article
    assert sum(len(p) for p in fast) > 100  # enough text not to count as nothing found (prepare's own retry)
    out = clean(Page(content=_page_with_menus_outside(), url=URL, content_type="text/html"))
    assert isinstance(out, Article)
    lines = out.text.split("\n")
    assert sum(p in lines for p in PARAGRAPHS) >= 7
    assert not {"Home", "Advice", "Home and Garden"} & set(lines)
