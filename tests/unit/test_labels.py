"""Training labels from a page's reference text (`cleanwire.learn.labels.Reference`): a line is body when it is
the reference's text, boilerplate when it is another text, even one written in the reference's own words (a
reader's comment under a post, a teaser of another story on the topic). The texts imitate a local news story
and its comment section; nothing is taken from a dataset."""

from __future__ import annotations

from cleanwire.learn.labels import Reference

BODY = """The city council voted on Tuesday to turn the old rail yard into a public park.
The plan, which the mayor first proposed two years ago, will cost about 4 million dollars.
Residents were urged to donate trees for the new park at a meeting next month."""

REF = Reference(BODY, ("Sign up for our newsletter",), other_text=True)
HTML_REF = Reference(BODY, ("Sign up for our newsletter",))


def test_the_reference_lines_are_body() -> None:
    for line in BODY.splitlines():
        assert REF.label(line) == 1, line
    assert REF.label("The plan, which the mayor first proposed two years ago,") == 1  # a part, in order


def test_a_line_split_or_reworded_slightly_stays_body() -> None:
    # the extractor's line with a word the reference lacks: most words, and most word triples, are the reference's
    assert REF.label("The city council voted on Tuesday to turn the old rail yard into a new public park.") == 1


def test_a_comment_in_the_reference_words_is_boilerplate() -> None:
    # most words of these are in the reference, hardly any three in its order: another text, not "in between"
    for comment in ("Two million dollars for a park? The council should fix the rail yard roads first.",
                    "I voted for the mayor two years ago and the council turned the plan into a park.",
                    "Old trees at the rail yard were there to turn into a park on Tuesday."):
        assert REF.label(comment) == 0, comment


def test_a_labelled_snippet_and_an_unrelated_line_are_boilerplate() -> None:
    assert REF.label("Sign up for our newsletter") == 0
    assert REF.label("Weather: sunny spells with a light breeze from the west") == 0


def test_a_line_half_in_the_reference_is_left_out() -> None:
    # half its words and word triples are the reference's: neither label is safe to learn from
    assert REF.label("The city council voted on Tuesday and then the weather was sunny with a light breeze") == -1


def test_the_html_labels_leave_such_a_comment_out() -> None:
    # the HTML models learn without the rule (labels.py: fewer inline prompts removed with it): by its words
    # alone such a line is not boilerplate to them
    assert HTML_REF.label("Two million dollars for a park? The council should fix the rail yard roads first.") != 0
    assert HTML_REF.label(BODY.splitlines()[0]) == 1
