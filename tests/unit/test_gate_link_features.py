"""The gate's link features: what a listing shows that an article does not.

Pages written to imitate the real pattern: a section page of teaser cards (headline link + summary) and an
article with a few related-story links under it."""

from __future__ import annotations

import numpy as np
import pytest

from cleanwire.core import gate, links
from cleanwire.core.pipeline import Prepared, prepare

pytestmark = pytest.mark.unit

STORIES = [
    ("Rail network to grow by three lines", "The regional government wants to expand the network by 2030, "
     "with two lines in the north."),
    ("Harbour works delayed again this spring", "Residents have waited for the new quay for more than four years "
     "and are losing patience."),
    ("Council votes on the new budget", "The vote is expected to be close after weeks of negotiations between "
     "the two largest groups."),
    ("Storm warning issued for the coast", "Forecasters expect gusts of up to 120 kilometres an hour along the "
     "coast from Friday night."),
    ("School reform divides parents in the city", "A survey shows a narrow majority of parents against the longer "
     "school day planned for autumn."),
    ("Local team wins the cup final", "A late goal decided the final in front of a record crowd at the old "
     "stadium on Sunday."),
]
BODY = [
    "The city council approved the new budget on Tuesday evening after a debate that lasted more than six hours.",
    "Spending on schools rises by four percent, while the road repair programme is cut back for the second year.",
    "The opposition said the plan relied on optimistic tax forecasts and would leave little room for emergencies.",
    "The mayor defended the budget, saying it kept the city's debt flat for the first time in a decade.",
]


def _slug(title: str) -> str:
    return "-".join(title.lower().split())


def _section_page() -> str:
    cards = "".join(f'<div class="teaser"><p><a href="/politics/{_slug(h)}">{h}</a></p><p>{s}</p></div>' for h, s in STORIES)
    return f"<html><head><title>Politics</title></head><body><main><h1>Politics</h1>{cards}</main></body></html>"


def _article_page() -> str:
    related = "".join(f'<li><a href="https://www.example.org/politics/{_slug(h)}">{h}</a></li>' for h, _ in STORIES[:2])
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return (f"<html><head><title>Council passes budget</title></head><body><article><h1>Council passes budget</h1>{body}"
            f"</article><aside><h2>Related</h2><ul>{related}</ul></aside>"
            f'<footer><a href="https://other.example.com/some-long-partner-story-title">Partner</a></footer></body></html>')


def _features(content: str, url: str, ctype: str) -> dict[str, float]:
    prep = prepare(content, url, ctype)
    assert isinstance(prep, Prepared)
    return dict(zip(gate.names(ctype == "text/html"), prep.page_row[0].tolist(), strict=True))


@pytest.mark.parametrize(("path", "story"), [
    ("/politics/council-votes-on-the-new-budget", True),
    ("/2025/03/budget", True),
    ("/article/20250314123", True),
    ("/politics/", False),
    ("/politics/budget-vote", False),
    ("/", False),
])
def test_story_paths_are_one_story_s_page(path: str, story: bool) -> None:
    assert gate.story_path(path) is story


def test_links_to_other_hosts_fragments_and_scripts_are_not_the_site_s_pages() -> None:
    assert links.site_path("https://other.org/a-b-c-d", "example.org") is None
    assert links.site_path("#comments", "example.org") is None
    assert links.site_path("javascript:void(0)", "example.org") is None
    assert links.site_path("https://www.example.org/a-b-c-d?x=1", "example.org") == "/a-b-c-d"
    assert links.site_path("/a-b-c-d?page=2#top", "example.org") == "/a-b-c-d"


def test_a_section_page_links_to_more_stories_than_an_article_and_its_lines_are_links() -> None:
    section = _features(_section_page(), "https://www.example.org/politics/", "text/html")
    article = _features(_article_page(), "https://www.example.org/politics/council-passes-the-new-budget", "text/html")
    assert section["story_links_log"] == pytest.approx(np.log1p(len(STORIES)))
    assert article["story_links_log"] < 1.0  # the related links' aside is pruned first; the partner is another host
    assert section["lines_as_anchor"] > 0.3 > article["lines_as_anchor"]
    assert section["lines_link_share"] > article["lines_link_share"]


TRICKY_HREFS = [
    "https://example.org", "https://example.org?x=1", "https://example.org#top", "//example.org/a-b-c-d",
    "https://EXAMPLE.org/Path/To", "https://example.org:8080/a-b", "https://example.org:/a", "https://example.org:x:y/a",
    "https://user@example.org/a", "https://user:pw@www.example.org/a", "https://[::1]/a", "https://[::1/a",
    "https://example.org/a%20b", "https://example.org/a b", "https://example.org/a\n/b",
    "https://exa\tmple.org/a", "https://exämple.org/a", "https://example.org/ä-b-c-d", "///a-b-c-d", "https:///a",
    "https://example.org/a?b#c?d", "https://example.org/a#b?c", "https://www.example.org", "https://wwwexample.org/a",
    "https://example.org\\a-b-c-d", "https://example.org/a\\b", "http://example.org:80", "https://%65xample.org/a",
]


@pytest.mark.parametrize("href", TRICKY_HREFS)
def test_the_fast_site_path_reads_links_as_urlsplit_does(href: str) -> None:
    for host in ("example.org", "exämple.org", ""):
        assert links.site_path(href, host) == links.absolute_site_path(href, host), (href, host)


def test_the_fast_site_path_agrees_with_urlsplit_on_random_links() -> None:
    rng = np.random.default_rng(7)
    alphabet = [*"abcw.-/:?#@%[]\\ \t\nä0189", "www.", "example.org", "//", "https://", "http://"]
    for _ in range(20000):
        href = "".join(rng.choice(alphabet, size=int(rng.integers(1, 12))))
        if rng.random() < 0.7:
            href = str(rng.choice(["https://", "http://", "//"])) + href
        if not href.startswith(("http://", "https://", "//")):
            continue
        for host in ("example.org", ""):
            assert links.site_path(href, host) == links.absolute_site_path(href, host), (href, host)
