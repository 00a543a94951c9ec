"""The date arbiter: one test per date source and per refusal rule, on small hand-written pages."""

from __future__ import annotations

import json
from datetime import date
from importlib.resources import files

import jsonschema
import orjson
import pytest

from cleanwire import Article, Page, Rejected, clean
from cleanwire.contract import dead_letter_record
from cleanwire.core.date_decide import decide_date, is_dateline
from cleanwire.core.date_text import find_dates
from cleanwire.core.dates import DATE_SOURCES, DateCandidate
from cleanwire.core.models import RejectReason

PROSE = "".join(
    f"<p>Paragraph {i} of a report on the tram depot, which the council has debated for most of the year.</p>"
    for i in range(4)
)


def _html(head: str = "", before: str = "", after: str = "") -> str:
    return f"<html><head>{head}</head><body>{before}<article><h1>Tram depot</h1>{after}{PROSE}</article></body></html>"


def _date(content: str, url: str | None = None, fetched_at: str | None = None, ctype: str | None = None
          ) -> tuple[str | None, str | None]:
    result = clean(Page(content=content, url=url, fetched_at=fetched_at, content_type=ctype))
    assert isinstance(result, Article)
    return result.date, result.date_source


def _text(*lines: str) -> str:
    body = [f"Paragraph {i} of a report on the tram depot, which the council has debated for most of the year."
            for i in range(4)]
    return "\n\n".join([*lines, *body])


def test_json_ld_article_type_beats_webpage_and_embedded_article() -> None:
    ld = ('<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2018-01-01"},'
          '{"@type":"NewsArticle","datePublished":"2021-05-04T09:00:00+02:00",'
          '"hasPart":{"@type":"Article","datePublished":"2017-02-02"}}]}</script>')
    assert _date(_html(ld)) == ("2021-05-04", "json_ld")


def test_publication_meta_beats_generic_date_meta() -> None:
    meta = '<meta name="date" content="2022-09-30"><meta property="article:published_time" content="2022-09-12T08:00Z">'
    assert _date(_html(meta)) == ("2022-09-12", "meta")


def test_generic_date_meta_alone_is_used() -> None:
    assert _date(_html('<meta name="dc.date" content="2020-03-03">')) == ("2020-03-03", "meta")


def test_byline_near_headline_beats_sidebar_time() -> None:
    sidebar = '<aside class="most-read"><time datetime="2023-01-09">9 Jan</time></aside>'
    byline = '<p class="byline">By Ana Ruiz <time datetime="2023-01-05T10:00">5 January 2023</time></p>'
    day, source = _date(_html(before=sidebar, after=byline))
    assert day == "2023-01-05" and source in ("byline", "time_element")
    assert _date(_html(before=sidebar))[0] == "2023-01-09"  # the sidebar's date only when there is no other


def test_byline_element_pruned_as_share_strip_still_dates() -> None:
    strip = '<div class="share-tools"><span class="date">Published 14.02.2024</span> Share</div>'
    assert _date(_html(after=strip)) == ("2024-02-14", "byline")


def test_url_date() -> None:
    assert _date(_html(), url="https://news.example/2019/04/23/depot") == ("2019-04-23", "url")


def test_modification_date_never_beats_publication_date() -> None:
    ld = ('<script type="application/ld+json">{"@type":"Article","dateModified":"2024-06-02",'
          '"datePublished":"2024-05-30"}</script>')
    meta = '<meta property="article:modified_time" content="2024-06-03">'
    assert _date(_html(ld + meta)) == ("2024-05-30", "json_ld")
    assert _date(_text("Updated: June 3, 2024", "Published: May 30, 2024"), ctype="text/plain") == (
        "2024-05-30", "text")


def test_modification_date_used_when_it_is_the_only_date() -> None:
    assert _date(_html('<meta property="article:modified_time" content="2024-06-03">'))[0] == "2024-06-03"


def test_date_after_fetch_is_refused() -> None:
    meta = '<meta property="article:published_time" content="2023-06-10">'
    assert _date(_html(meta), url="https://news.example/2023/06/01/x", fetched_at="2023-06-05T00:00:00Z") == (
        "2023-06-01", "url")


def test_future_date_is_refused() -> None:
    text = _text("Published 12 March 2999")  # a year the test will not live to see
    assert find_dates("12 March 2999") == []  # only 19xx/20xx years are read at all
    later = date.today().replace(year=date.today().year + 1).isoformat()
    cands = [DateCandidate(date.fromisoformat(later), "json_ld", "ld_article")]
    assert decide_date(cands, url=None, fetched_at=None, body_lines=[], removed_lines=[]) == (None, None)
    assert _date(text, ctype="text/plain") == (None, None)


def test_date_in_removed_appeal_text_is_refused() -> None:
    banner = "Since March 1, 2022, we have removed all ads. Please donate to support our newsroom."
    cand = DateCandidate(date(2022, 3, 1), "htmldate", "htmldate")
    assert decide_date([cand], url=None, fetched_at=None, body_lines=[], removed_lines=[banner]) == (None, None)
    byline = DateCandidate(date(2022, 3, 1), "byline", "byline", text="Support us since March 1, 2022")
    assert decide_date([byline], url=None, fetched_at=None, body_lines=[],
                       removed_lines=["Support us since March 1, 2022 and donate today"]) == (None, None)


def test_appeal_banner_in_flattened_page_never_wins_over_url() -> None:
    page = _text("Enjoying ad-free reading?", "Since March 1, 2022, we have removed all ads.",
                 "Please donate to keep our journalism free.")
    assert _date(page, url="https://news.example/2018/11/07/depot-vote", ctype="text/plain") == (
        "2018-11-07", "url")


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("By Maria Lopez | April 23, 2019", "2019-04-23"),
        ("Veröffentlicht am 23. April 2019, 10:12 Uhr", "2019-04-23"),
        ("Publié le 23 avril 2019 à 08h00", "2019-04-23"),
        ("Publicado el 23 de abril de 2019", "2019-04-23"),
        ("Pubblicato il 23 aprile 2019", "2019-04-23"),
        ("Gepubliceerd op 23 april 2019", "2019-04-23"),
        ("Опубликовано 23 апреля 2019", "2019-04-23"),
        ("2019年4月23日 10時00分", "2019-04-23"),
        ("23.04.2019, 14:30", "2019-04-23"),
        ("23/04/2019", "2019-04-23"),
        ("2019-04-23T08:00", "2019-04-23"),
    ],
)
def test_text_dateline_forms(line: str, day: str) -> None:
    assert _date(_text(line), ctype="text/plain") == (day, "text")


def test_date_told_inside_a_sentence_is_not_a_dateline() -> None:
    line = "Since April 23, 2019 the council has met every month to discuss the depot and its costs."
    span = find_dates(line)[0]
    assert span.day == date(2019, 4, 23)
    assert not is_dateline(line, span.start, span.end)


def test_ambiguous_numeric_date_follows_the_other_sources() -> None:
    assert _date(_text("04/05/2021"), ctype="text/plain") == ("2021-05-04", "text")
    assert _date(_text("04/05/2021"), url="https://n.example/2021/04/05/x", ctype="text/plain")[0] == "2021-04-05"


def test_rejected_page_keeps_its_date_in_the_dead_letter() -> None:
    result = clean(Page(content="<html><body><p>Short.</p></body></html>", url="https://n.example/2020/02/02/x"))
    assert isinstance(result, Rejected) and result.reason is RejectReason.NO_ARTICLE
    assert (result.date, result.date_source) == ("2020-02-02", "url")
    record = orjson.loads(dead_letter_record(result, b"{}", "pages", 0, 7, 1000))
    schema = json.loads((files("cleanwire") / "schemas" / "dead_letter.schema.json").read_text())
    jsonschema.validate(record, schema)
    assert record["date"] == "2020-02-02" and record["date_source"] == "url"


def test_output_schema_names_every_date_source() -> None:
    schema = json.loads((files("cleanwire") / "schemas" / "output.schema.json").read_text())
    assert set(schema["properties"]["date_source"]["enum"]) == {*DATE_SOURCES, None}


def test_a_date_in_the_first_sentence_dates_text_that_has_no_dateline() -> None:
    lead = "The council voted on March 3, 2024 to close the tram depot by the end of the decade, after a long debate."
    assert _date(_text(lead), ctype="text/plain") == ("2024-03-03", "text")


def test_a_date_after_since_is_never_the_last_resort() -> None:
    lead = "Since March 3, 2024 the council has voted twice on the tram depot and its future, without a result."
    assert _date(_text(lead), ctype="text/plain") == (None, None)


def test_an_ambiguous_numeric_date_reads_month_first_on_a_page_that_writes_month_first() -> None:
    later = "The council meets again on 8/27/2025 to vote on the depot, its budget and its timetable for the works."
    assert _date(_text("8/1/2025", later), ctype="text/plain") == ("2025-08-01", "text")
    # the failure side: a page writing day first keeps the day-first reading, as does a page that does not tell
    later_dmy = later.replace("8/27/2025", "27/8/2025")
    assert _date(_text("8/1/2025", later_dmy), ctype="text/plain") == ("2025-01-08", "text")
    assert _date(_text("8/1/2025"), ctype="text/plain") == ("2025-01-08", "text")


def test_a_byline_removed_for_its_comment_count_still_dates_the_body_but_comments_below_do_not() -> None:
    from cleanwire.core.date_decide import dateline_window

    body = [(f"Paragraph {i} of a report on the tram depot, which the council debated.", None) for i in range(15)]
    byline = ("May 3, 2017 By Erin Spain 4 Comments", "comments")
    comment = ("Jane wrote on May 9, 2017: I disagree with the council.", "comments")
    window = dateline_window([("Tram depot", "title"), byline, *body, comment])
    assert byline[0] in window.lines and comment[0] not in window.lines
    assert decide_date([], url=None, fetched_at=None, body_lines=window.lines, removed_lines=(),
                       body_head=window.head) == ("2017-05-03", "text")


def test_a_forum_members_join_date_never_dates_the_post() -> None:
    lines = ["changingtimes Posts: 524 Joined: Mon Jul 24, 2017 9:28 am",
             "Post by changingtimes » Sat Feb 24, 2024 12:41 pm",
             "Mitglied seit 12.03.2019", "The thread asks which fund to pick for a pension, and the replies differ."]
    assert decide_date([], url=None, fetched_at=None, body_lines=lines, removed_lines=()) == ("2024-02-24", "text")


def test_one_source_alone_gives_way_to_three_kinds_that_agree_but_not_to_two() -> None:
    day, other = date(2017, 4, 3), date(2026, 2, 12)
    byline = DateCandidate(other, "time_element", "byline", position=598, text="February 12, 2026")
    agree = [DateCandidate(day, "json_ld", "ld_article"), DateCandidate(day, "meta", "meta_pub"),
             DateCandidate(day, "htmldate", "htmldate")]
    assert decide_date([byline, *agree], url=None, fetched_at=None, body_lines=[], removed_lines=())[0] == "2017-04-03"
    # two kinds (a meta tag and htmldate, which reads the same tags) do not overrule the byline
    assert decide_date([byline, *agree[1:]], url=None, fetched_at=None, body_lines=[], removed_lines=())[0] == "2026-02-12"
    # nor does the consensus break a page whose candidates are all modification dates
    updated = [DateCandidate(other, "meta", "modified", modified=True), DateCandidate(day, "htmldate", "modified", modified=True)]
    assert decide_date(updated, url=None, fetched_at=None, body_lines=[], removed_lines=())[0] is not None


_REPORT = [(f"Paragraph {i} of a report on the tram depot, which the council debated at length.", None)
           for i in range(12)]


def _window_date(lines: list[tuple[str, str | None]], url: str | None = None) -> str | None:
    from cleanwire.core.date_decide import dateline_window

    window = dateline_window(lines)
    return decide_date([], url=url, fetched_at=None, body_lines=window.lines, removed_lines=(),
                       body_head=window.head)[0]


def test_the_window_opens_above_the_headline_when_the_first_stretch_was_cut_as_detached() -> None:
    # headline, byline, a first stretch the steps dropped, 60 lines of gallery captions, then the kept body
    lines = [("Menu", "byline_nav"), ("Tram depot to close", "title"), ("Published Jun 04, 2026 • 2 minute read", "byline_nav"),
             *[(f"Photo {i}: the depot", "caption") for i in range(60)], *_REPORT]
    assert _window_date(lines) == "2026-06-04"


def test_a_byline_with_a_comment_count_far_below_the_top_still_dates_the_body() -> None:
    lines = [("Tram depot to close", "title"), *_REPORT[:2], *[(f"Teaser {i}", "related") for i in range(20)],
             ("By Erin Spain on March 1, 2026 | Comments", "comments"), *_REPORT[2:],
             ("Jane on May 9, 2026 at 4:12 pm: I disagree.", "comments")]
    assert _window_date(lines) == "2026-03-01"


def test_a_masthead_day_above_the_headline_gives_way_to_the_byline_under_it() -> None:
    masthead = ("Friday, December 19, 2025", "byline_nav")
    byline = ("on December 18, 2025", "byline_nav")
    lines = [masthead, *[(f"Section {i}", "byline_nav") for i in range(20)], ("Green gifts for gardeners", "title"),
             byline, *_REPORT]
    assert _window_date(lines) == "2025-12-18"
    # the failure side: a weekday dateline under the headline is the byline, and a masthead alone still dates
    lines_under = [("Green gifts for gardeners", "title"), ("Freitag, 28. April 2023", "byline_nav"), *_REPORT]
    assert _window_date(lines_under) == "2023-04-28"
    assert _window_date([masthead, ("Green gifts for gardeners", "title"), *_REPORT]) == "2025-12-19"


def test_a_dateline_far_above_the_headline_gives_way_to_one_under_it() -> None:
    lines = [("Wide coverage of the election", "title"), ("April 28, 2023", "byline_nav"),
             *[(f"Related story {i} on January {10 + i}, 2023", "byline_nav") for i in range(5)],
             *[("Site navigation", "byline_nav")] * 26, ("Tram depot to close", "title"), ("January 16, 2023", "byline_nav"),
             *_REPORT]
    assert _window_date(lines) == "2023-01-16"


def test_an_updated_stamp_under_the_headline_dates_the_page_when_no_publication_date_is_near() -> None:
    stamp = ("By Scott Levine – Updated Sep 9, 2025 at 1:00 PM EST | Fact-checked by Frank Bass", "byline_nav")
    later = [*_REPORT, *[("Comments", "byline_nav")] * 12, ("Data as of Dec 20, 2025.", "byline_nav")]
    assert _window_date([("Cloud stocks", "title"), stamp, *later]) == "2025-09-09"
    # the failure side: a publication date next to it wins, and so does an address stamped with another month
    published = ("Published Jan 3, 2024", "byline_nav")
    assert _window_date([("Cloud stocks", "title"), published, stamp, *later]) == "2024-01-03"
    assert _window_date([("Cloud stocks", "title"), stamp, *later],
                        url="https://example.com/2015/07/cloud-stocks.html") == "2025-12-20"


def test_the_pages_numeric_order_is_read_from_its_date_elements_too() -> None:
    """A US site writes "09.10.2024" under the headline and "11.24.2025" on its related-story cards: the
    byline is September 10 (the cards show the site writes month first), though the body says no date."""
    byline = '<p class="byline">By Block Renovation <span class="date">09.10.2024</span></p>'
    cards = "".join(f'<li class="card"><a href="/g/{i}">Guide {i}</a> <span class="date">{d}</span></li>'
                    for i, d in enumerate(("11.24.2025", "10.28.2025", "07.15.2025")))
    page = _html(after=byline).replace("</body>", f'<aside class="related"><ul>{cards}</ul></aside></body>')
    assert _date(page) == ("2024-09-10", "byline")
    # the failure side: cards written day first ("24.11.2025") keep the byline day first
    dmy = page.replace("11.24.2025", "24.11.2025").replace("10.28.2025", "28.10.2025").replace("07.15.2025", "15.07.2025")
    assert _date(dmy) == ("2024-10-09", "byline")


def test_a_time_elements_machine_readable_day_settles_the_bylines_ambiguous_text() -> None:
    """`<time datetime="2023-10-12">10/12/2023 7:38 PM</time>`: the attribute is unambiguous, so the same
    text in a byline next to it is read as October 12 as well."""
    byline = ('<div class="byline"><span class="date">10/12/2023 7:38:01 PM</span> '
              '<time datetime="2023-10-12T19:38:01">10/12/2023 7:38:01 PM</time></div>')
    assert _date(_html(after=byline))[0] == "2023-10-12"


def test_htmldate_never_confirms_the_day_first_reading_of_a_string_it_read_itself() -> None:
    """htmldate reads the visible "09.10.2024" day first too: its agreement is no evidence against the page's
    month-first order; its day can still confirm the month-first reading."""
    byline = DateCandidate(date(2024, 10, 9), "byline", "byline", position=10, text="09.10.2024",
                           alternative=date(2024, 9, 10))
    mdy = ["Related: 11.24.2025"]
    kw = {"url": None, "fetched_at": None, "removed_lines": []}
    agreeing = DateCandidate(date(2024, 10, 9), "htmldate", "htmldate")
    assert decide_date([byline, agreeing], body_lines=mdy, **kw) == ("2024-09-10", "byline")  # type: ignore[arg-type]
    # without the page's order, the day-first reading stays (htmldate or not)
    assert decide_date([byline, agreeing], body_lines=[], **kw) == ("2024-10-09", "byline")  # type: ignore[arg-type]
    # another source's day-first confirmation still wins over the order
    meta = DateCandidate(date(2024, 10, 9), "meta", "meta_pub")
    assert decide_date([byline, meta], body_lines=mdy, **kw) == ("2024-10-09", "byline")  # type: ignore[arg-type]
    # htmldate's day can confirm the month-first reading
    month_first = DateCandidate(date(2024, 9, 10), "htmldate", "htmldate")
    assert decide_date([byline, month_first], body_lines=[], **kw) == ("2024-09-10", "byline")  # type: ignore[arg-type]
