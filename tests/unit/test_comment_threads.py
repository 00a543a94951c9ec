"""Readers' comment threads under a post in flattened text (`boilerplate._thread`, step 6): a short line naming
the comments, then signatures (a name, a full date and a time of day) each above a comment's prose. The pages
imitate WordPress and TypePad comment lists as layout-aware converters flatten them, and a live blog, whose timed
entries look like signatures; invented text. The dragnet pages where this pattern was measured may not be bundled."""

from __future__ import annotations

import pytest

from cleanwire.core import boilerplate
from cleanwire.core.blocks import text_candidates
from cleanwire.core.models import Article, Page
from cleanwire.core.pipeline import clean

ARTICLE = [
    "The city council voted on Tuesday to close the old swimming pool on Mill Road at the end of the summer.",
    "Comments from the minister were mild: she said the decision was the council's to make and its to defend.",
    "Readers have left comments on the council's website since Monday, most of them asking for a new pool.",
    "The council says a new pool would cost twelve million and could open in three years if the money is found.",
]
COMMENTS = [
    ("Margaret Hill", "August 2nd, 2012 at 12:36 pm",
     "My children learnt to swim there and so did I. Closing it before the new one is built is a mistake."),
    ("tomw", "August 2nd, 2012 at 1:08 pm",
     "Twelve million is a lot of money for a town this size, and the old pool has been leaking for years."),
    ("Priya S.", "August 3rd, 2012 at 7:26 am",
     "Has anyone asked the school whether they could open their pool to the public at weekends instead?"),
    ("Dan", "August 3rd, 2012 at 10:22 am",
     "I went to the meeting. Nobody from the council could say where the money for the new pool would come from."),
]


def _thread_lines() -> list[str]:
    return [line for name, when, text in COMMENTS for line in (f"* {name}", when, text, "Reply")]


def _lines(page: list[str]) -> list[str]:
    return [c.text for c in text_candidates("\n".join(page))]


def _marked(page: list[str]) -> list[str]:
    items = text_candidates("\n".join(page))
    return [c.text for c, t in zip(items, boilerplate._thread(items, [True] * len(items)), strict=True) if t]


@pytest.mark.unit
def test_a_named_thread_goes_from_its_name_to_the_last_comment() -> None:
    page = ["Closing the Mill Road pool", *ARTICLE, "Tags: council, pools", "4 comments to Closing the Mill Road pool",
            *_thread_lines(), "Leave a Reply", "Your email address will not be published."]
    marked = _marked(page)
    assert marked[0] == "4 comments to Closing the Mill Road pool"
    assert all(text in marked for _, _, text in COMMENTS)
    assert not set(ARTICLE) & set(marked)  # body sentences about comments stay
    assert "Your email address will not be published." not in marked  # after the last comment: the model's


@pytest.mark.unit
def test_a_thread_named_only_below_it_goes_when_its_comments_are_oldest_first() -> None:
    page = ["Closing the Mill Road pool", *ARTICLE, *[line for name, when, text in COMMENTS for line in (name, when, text)],
            "Leave a Reply"]
    marked = _marked(page)
    assert all(text in marked for _, _, text in COMMENTS) and not set(ARTICLE) & set(marked)
    assert marked[0] == COMMENTS[0][0]  # from the first commenter's name


@pytest.mark.unit
def test_signatures_below_short_comments_as_typepad_lists_them() -> None:
    # the post's own signature above the comments' name ("Posted on ... at 03:08 PM"), then each comment
    # (a few words) above its signature
    short = ["Very much agree with the above.", "Well written, thanks.", "Great post!", "Keep it up."]
    stamps = ["09/21/2012 at 09:38 PM", "09/22/2012 at 08:40 AM", "09/22/2012 at 09:43 AM", "09/22/2012 at 09:47 AM"]
    page = ["Closing the Mill Road pool", *ARTICLE, "Posted on 09/21/2012 at 03:08 PM in Council | Permalink", "Comments",
            *[line for text, when in zip(short, stamps, strict=True) for line in (text, f"Posted by: reader | {when}")]]
    marked = _marked(page)
    assert marked[0] == "Comments" and all(text in marked for text in short)
    assert not set(ARTICLE) & set(marked)
    assert "Posted on 09/21/2012 at 03:08 PM in Council | Permalink" not in marked


@pytest.mark.unit
def test_dates_in_a_row_are_an_archive_not_a_thread() -> None:
    archive = [f"August {d}, 2012 at 9:{10 + d} am" for d in range(1, 7)]
    page = ["Closing the Mill Road pool", *ARTICLE, "Recent comments", *archive, "Reply"]
    assert _marked(page) == []


@pytest.mark.unit
def test_a_live_blog_newest_first_is_not_a_thread() -> None:
    entries = [
        ("August 3rd, 2012 at 10:22 am", "The council's leader says the vote will not be held again, whatever the petition says."),
        ("August 3rd, 2012 at 7:26 am", "The petition to keep the pool open has passed five thousand signatures overnight."),
        ("August 2nd, 2012 at 1:08 pm", "Swimmers gathered outside the town hall before the meeting, some still in towels."),
        ("August 2nd, 2012 at 12:36 pm", "Good afternoon and welcome to our coverage of the council's vote on the pool."),
    ]
    page = ["Live: the council votes on the Mill Road pool", *ARTICLE[:2],
            *[line for when, text in entries for line in (when, text)], "Leave a comment", "Your email address will not be published."]
    assert _marked(page) == []


@pytest.mark.unit
def test_two_signatures_or_no_article_above_make_no_thread() -> None:
    two = ["Closing the Mill Road pool", *ARTICLE, "2 comments", *_thread_lines()[:8]]
    assert _marked(two) == []
    alone = ["4 comments", *_thread_lines()]
    assert _marked(alone) == []


@pytest.mark.unit
def test_clean_removes_the_thread_as_comments() -> None:
    page = ["Closing the Mill Road pool", "", *[line for p in ARTICLE for line in (p, "")],
            "4 comments to Closing the Mill Road pool", "", *[line for ln in _thread_lines() for line in (ln, "")]]
    out = clean(Page(content="\n".join(page), url="https://www.millroadnews.example/2012/08/closing-the-mill-road-pool/",
                     content_type="text/plain"))
    assert isinstance(out, Article)
    kept = out.text.split("\n")
    assert all(p in kept for p in ARTICLE)
    assert not any(text in kept for _, _, text in COMMENTS)
    assert all(text in out.removed["comments"] for _, _, text in COMMENTS)


@pytest.mark.unit
@pytest.mark.parametrize("name", ["4 Responses to “Closing the Mill Road pool”", "4 thoughts on “Closing the Mill Road pool”",
                                  "Four Replies to “Closing the Mill Road pool”"])
def test_a_thread_named_as_wordpress_themes_name_it(name: str) -> None:
    page = ["Closing the Mill Road pool", *ARTICLE, "Tags: council, pools", name,
            *[line for n, when, text in COMMENTS for line in (f"{n} says:", when, text)]]
    marked = _marked(page)
    assert marked[0] == name and all(text in marked for _, _, text in COMMENTS)
    assert not set(ARTICLE) & set(marked)


@pytest.mark.unit
def test_body_lines_that_count_responses_are_not_a_thread_name() -> None:
    # a sentence of the article that counts responses, above three signatures: no name, no thread
    counted = "Four responses to the consultation were received before the deadline, all of them in favour."
    page = ["Closing the Mill Road pool", *ARTICLE, counted,
            *[line for n, when, text in COMMENTS[:3] for line in (n, when, text)], "More from the council"]
    assert _marked(page) == []


@pytest.mark.unit
def test_a_long_comment_does_not_split_the_thread() -> None:
    pasted = [f"* Item {k} of the list a reader pasted = {k} million" for k in range(60)]
    comments = [line for n, when, text in COMMENTS for line in (n, when, text)]
    page = ["Closing the Mill Road pool", *ARTICLE, "4 comments to Closing the Mill Road pool",
            *comments[:6], *pasted, *comments[6:]]
    marked = _marked(page)
    assert all(text in marked for _, _, text in COMMENTS) and all(line in marked for line in pasted)
    assert not set(ARTICLE) & set(marked)


@pytest.mark.unit
def test_a_name_glued_to_its_date_is_a_signature() -> None:
    # Blogger's list as a converter that joins inline elements without a space flattens it
    page = ["Closing the Mill Road pool", *ARTICLE, "4 comments:",
            *[line for k, (n, when, text) in enumerate(COMMENTS, 1)
              for line in (f"{k}. {n.replace(' ', '')}{when.replace('nd,', ',').replace('rd,', ',')}", text, "Reply")]]
    marked = _marked(page)
    assert marked[0] == "4 comments:" and all(text in marked for _, _, text in COMMENTS)
    assert not set(ARTICLE) & set(marked)


@pytest.mark.unit
def test_a_thread_named_above_its_comment_form() -> None:
    # "3 Kommentare", then sorting, login and report controls, then the comments (a German daily's layout)
    form = ["Neueste / Älteste", "Die Kommentarfunktion unter diesem Artikel ist geschlossen.", "Einloggen", "Registrieren",
            "Passwort vergessen?", "Sie können nur als eingeloggter User kommentieren.", "E-Mail", "Passwort",
            "Kommentar melden", "Meldegrund", "von Zeichen"] * 2
    stamps = ["29.04.2023 , 11:14 Uhr", "02.05.2023 , 19:04 Uhr", "03.05.2023 , 08:40 Uhr"]
    page = ["Closing the Mill Road pool", *ARTICLE, "3 Kommentare", *form,
            *[line for (n, _, text), when in zip(COMMENTS, stamps, strict=False) for line in (n, "Link kopieren", when, text)]]
    marked = _marked(page)
    assert marked[0] == "3 Kommentare" and all(text in marked for _, _, text in COMMENTS[:3])
    assert not set(ARTICLE) & set(marked)


@pytest.mark.unit
def test_a_name_far_above_with_the_article_between_does_not_reach_the_thread() -> None:
    # the article's own sentence about comments is no heading, and a heading above kept prose does not name a
    # thread below it: the article between stays
    page = ["Closing the Mill Road pool", "2 comments", *ARTICLE, *ARTICLE[::-1],
            *[line for n, when, text in COMMENTS for line in (n, when, text)], "More from the council"]
    marked = _marked(page)
    assert not set(ARTICLE) & set(marked)
