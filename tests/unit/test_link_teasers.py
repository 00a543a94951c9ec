"""A structural step of the HTML path, language-free.

A labelled link teaser (a paragraph opening with a short label and a colon, "Read also: <headline>", that is
otherwise one link to another page of the same site: linked whole, or the label as text and the rest linked)
is removed as `related` whatever the line model scores; a body sentence with a label and a link inside it, a
linked heading of a listicle, an in-page anchor, a link to another site (a product list's "Website: <shop>")
and a headline linked to its own page are not teasers.
"""

from __future__ import annotations

import pytest

from cleanwire import Article, Page, clean
from cleanwire.core.blocks import DomIndex, html_candidates
from cleanwire.core.html import parse

BODY = [
    "The regional government announced on Monday that it would expand the rail network by 2030, adding three new lines.",
    "Officials said the plan would cost about two billion euros and would be financed partly by European funds.",
    "Opposition parties criticised the timetable, saying similar promises had been made before the last election.",
    "Construction of the first line is due to start next spring, according to the transport ministry's schedule.",
]


URL = "https://news.example.org/2025/03/04/rail-plan"


def _flags(body: str, url: str | None = URL) -> dict[str, bool]:
    tree = parse(f"<html><body><article>{body}</article></body></html>")
    assert tree is not None
    paragraphs = [" ".join(p.text_content().split()) for p in tree.iter("p", "h2", "li")]
    items = html_candidates(paragraphs, DomIndex(tree, paragraphs, url))
    return {c.text: bool(c.dom and c.dom.lead_link) for c in items}


def test_a_labelled_paragraph_that_is_one_link_is_a_teaser_in_any_language() -> None:
    flags = _flags("<p><a href='/2025/03/other'>Lesen Sie auch: Neue Fahrpläne sorgen für Chaos am Bahnhof</a></p>"
                   "<p><a href='https://news.example.org/x'>À lire aussi : la grève des cheminots se poursuit</a></p>"
                   f"<p>{BODY[0]}</p>")
    assert flags == {"Lesen Sie auch: Neue Fahrpläne sorgen für Chaos am Bahnhof": True,
                     "À lire aussi : la grève des cheminots se poursuit": True, BODY[0]: False}


def test_a_label_followed_by_one_link_to_a_story_of_the_site_is_a_teaser() -> None:
    # Finnish and Czech: languages no dev page is written in
    flags = _flags("<p>Lue myös: <a href='/2025/02/uusi-raitiotie'>Uusi raitiotie avataan ensi vuonna</a></p>"
                   "<p><strong>Čtěte také:</strong> <a href='https://www.news.example.org/domov/vlak'>"
                   "Vlaky budou jezdit častěji</a>.</p>")
    assert flags == {"Lue myös: Uusi raitiotie avataan ensi vuonna": True,
                     "Čtěte také: Vlaky budou jezdit častěji.": True}
    # without the page's URL a relative link is known to stay on the site, an absolute one is not
    assert list(_flags("<p>Lue myös: <a href='/2025/02/uusi-raitiotie'>Uusi raitiotie avataan ensi vuonna</a></p>"
                       "<p>Čtěte také: <a href='https://news.example.org/domov/vlak'>Vlaky budou jezdit častěji</a></p>",
                       url=None).values()) == [True, False]


def test_body_text_with_a_label_or_a_link_is_not_a_teaser() -> None:
    flags = _flags(
        "<p>Update: the ministry <a href='/report'>published its report</a> on Tuesday, after weeks of delay.</p>"
        "<p><a href='/report'>The ministry published its report on Tuesday</a></p>"  # a link, but no label
        "<h2><a href='/review/x'>Review: the quietest standing desk we tested</a></h2>"  # a listicle's item title
        "<p><a href='#section-2'>Part two: what the plan costs the region</a></p>"  # a jump within the page
        "<p><a href='mailto:desk@example.org'>Tips: write to the news desk today</a></p>"
        "<p>Website: <a href='https://shop.example.com/'>Terra and Co. Oral Care</a></p>"  # another site
        "<p><a href='https://www.news.example.org/2025/03/04/rail-plan/'>Rail plan: three new lines by 2030</a></p>"
        "<p>Update: <a href='/report'>the ministry published its report</a> and the opposition answered.</p>")
    assert len(flags) == 8 and not any(flags.values()), flags


@pytest.mark.parametrize("markup", [
    "<p><a href='/other-story'>Read also: New timetable causes chaos at the station</a></p>",
    "<p><b>Read also:</b> <a href='/2025/03/02/timetable'>New timetable causes chaos at the station</a></p>",
])
def test_labelled_link_teaser_is_removed_as_related_and_the_body_kept(markup: str) -> None:
    teaser = "Read also: New timetable causes chaos at the station"
    body = "".join(f"<p>{p}</p>" for p in BODY[:2]) + markup + "".join(f"<p>{p}</p>" for p in BODY[2:])
    html = (f"<html lang='en'><head><title>Rail network to grow</title><meta property='og:type' content='article'>"
            f"</head><body><main><article><h1>Rail network to grow by three lines</h1>{body}</article></main></body></html>")
    result = clean(Page(content=html, url=URL))
    assert isinstance(result, Article), result
    assert result.text.split("\n") == BODY
    assert teaser in result.removed.get("related", []), result.removed
