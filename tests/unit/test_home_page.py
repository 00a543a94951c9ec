"""A site's front page is not an article, whatever it shows: a blog's front page that is its newest post in
full, a news site's page of teasers, a shop's or a service's landing page. The post has its own address."""

from __future__ import annotations

import dataclasses
import gzip
import json

import pytest

from cleanwire import Article, CleanOptions, Page, Rejected, RejectReason, clean
from cleanwire.core.gate import PAGE_TYPES, home_page
from conftest import RESOURCES

# A Blogger post of 2008 (wcxb-sample 4456, CC-BY-4.0, see ATTRIBUTION.md): the blog's front page showed this
# post in full while it was the newest, with the same sidebar and archive links around it.
POST = RESOURCES / "wcxb-sample" / "html" / "4456.html.gz"
POST_URL = "http://www.startuplessonslearned.com/2008/09/lean-startup.html"
EXAMPLE = RESOURCES / "examples" / "moscowtimes-putin-kim"


@pytest.mark.parametrize("url", [
    "https://lwn.net/",
    "https://www.gymshark.com",
    "http://www.startuplessonslearned.com/",
    "https://example.org/index.html",
    "https://example.org/default.aspx",
    "https://example.org/home",
    "https://example.org/#top",
    "https://example.org/?utm_source=newsletter&utm_medium=email",
    "https://example.org/?fbclid=IwAR0abc",
])
def test_front_pages(url: str) -> None:
    assert home_page(url)


@pytest.mark.parametrize("url", [
    None,
    "",
    "example.org",  # no scheme: no host to speak of
    "/2019/04/23/story",
    "https://example.org/news/",  # a section: the gate decides
    "https://example.org/2008/09/lean-startup.html",
    "https://example.org/?p=123",  # WordPress's plain permalinks: a post
    "https://example.org/?page_id=7",
    "http://www.clubcall.com/index.jsp?storyID=331300",  # l3s-gn1's story pages, named by the query
    "http://www.spiked-online.com/index.php?/site/article/4255/",  # a query without key=value
    "https://example.org/?srsltid=AfmBOo",  # not on courlan's tracker list: the gate decides
    "https://example.org/?&",
    "https://[::1/",  # unparseable
])
def test_pages_that_are_not_the_front_page(url: str | None) -> None:
    assert not home_page(url)


def _post() -> str:
    return gzip.decompress(POST.read_bytes()).decode()


def test_a_blog_post_shown_on_the_front_page_is_published_only_at_its_own_address() -> None:
    own = clean(Page(content=_post(), url=POST_URL))
    assert isinstance(own, Article) and own.page_type == "article"
    front = clean(Page(content=_post(), url="http://www.startuplessonslearned.com/"))
    assert isinstance(front, Rejected) and front.reason is RejectReason.NOT_ARTICLE
    assert "front page" in front.detail and "page type article" not in front.detail


def test_a_front_page_is_published_as_another_type_where_other_types_are_accepted() -> None:
    everything = CleanOptions(accept_page_types=frozenset(PAGE_TYPES))
    front = clean(Page(content=_post(), url="http://www.startuplessonslearned.com/?utm_source=feed"), everything)
    assert isinstance(front, Article)
    assert front.page_type in PAGE_TYPES and front.page_type != "article"
    assert front.text == clean(Page(content=_post(), url=POST_URL), everything).text  # the same lines


def test_flattened_text_of_paragraphs_at_a_front_page_address_is_not_an_article() -> None:
    """Text that is all paragraphs is taken for a fetcher's own extraction of an article, whatever its URL,
    but not at a front page's address."""
    meta = json.loads((EXAMPLE / "meta.json").read_text())
    page = Page(content=(EXAMPLE / "page.txt").read_text(), url=meta["url"], content_type="text/plain")
    assert isinstance(clean(page), Article)
    front = clean(dataclasses.replace(page, url="https://www.themoscowtimes.com/"))
    assert isinstance(front, Rejected) and front.reason is RejectReason.NOT_ARTICLE
