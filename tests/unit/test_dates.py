"""Publication date rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cleanwire import Article, Page, clean

PARAS = "".join(
    f"<p>Paragraph {i} of a report on the harbour works, which residents have followed closely for many months now.</p>"
    for i in range(4)
)


def _page(head: str = "", body_extra: str = "", url: str | None = None, fetched_at: str | None = None) -> Page:
    html = f"<html><head>{head}</head><body><article>{body_extra}{PARAS}</article></body></html>"
    return Page(content=html, url=url, fetched_at=fetched_at)


def _date(page: Page) -> tuple[str | None, str | None]:
    result = clean(page)
    assert isinstance(result, Article)
    return result.date, result.date_source


def test_date_from_url() -> None:
    assert _date(_page(url="https://example.org/2021/03/09/harbour-works")) == ("2021-03-09", "url")


def test_json_ld_published_beats_modified_and_url() -> None:
    ld = ('<script type="application/ld+json">{"@type":"NewsArticle","dateModified":"2022-05-02T10:00:00Z",'
          '"datePublished":"2022-04-30T08:00:00+02:00"}</script>')
    assert _date(_page(ld, url="https://example.org/news/harbour")) == ("2022-04-30", "json_ld")


def test_meta_published_time() -> None:
    meta = ('<meta property="article:modified_time" content="2020-02-02T00:00:00Z">'
            '<meta property="article:published_time" content="2020-01-15T12:00:00Z">')
    assert _date(_page(meta)) == ("2020-01-15", "meta")


def test_future_date_is_refused() -> None:
    future = (datetime.now(UTC) + timedelta(days=400)).date().isoformat()
    ld = f'<script type="application/ld+json">{{"datePublished":"{future}"}}</script>'
    date, _ = _date(_page(ld, url="https://example.org/2019/07/01/harbour"))
    assert date == "2019-07-01"


def test_date_after_fetch_is_refused() -> None:
    meta = '<meta property="article:published_time" content="2023-06-10">'
    date, source = _date(_page(meta, url="https://example.org/2023/06/01/x", fetched_at="2023-06-05T00:00:00Z"))
    assert (date, source) == ("2023-06-01", "url")


def test_banner_year_in_flattened_text_is_not_a_date() -> None:
    text = ("Since July 1, 2024, we have disabled all ads to improve your reading experience.\n\n"
            + "\n\n".join(f"Paragraph {i} of a report on the harbour works, which residents have followed closely."
                          for i in range(4)))
    result = clean(Page(content=text, content_type="text/plain"))
    assert isinstance(result, Article)
    assert result.date is None and result.tagged_text == result.text
