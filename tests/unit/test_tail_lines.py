"""Short lines the classifier kept after an article's last paragraph: a call to action or a link to more
(the pattern of the leaks the grouped CV found on flattened pages: "Schedule a Free Call", "Download Our
Free Tools", "Read more in the Blog" under the last paragraph), and the failure side: the endings of real
articles, which stay."""

from __future__ import annotations

import numpy as np

from cleanwire.core.blocks import Candidate
from cleanwire.core.boilerplate import decide

BODY = [
    "The council voted on Tuesday to close the tram depot by the end of next year, citing repair costs.",
    "Residents who rely on the night service said they had not been consulted before the decision.",
    "A spokesperson said the routes would be served by buses while a new depot is planned for 2028.",
]


def _kept(lines: list[str]) -> list[str]:
    items = [Candidate(t, i) for i, t in enumerate(lines)]
    return decide(items, np.full(len(items), 0.9), 0.5, None, True).kept  # the classifier kept every line


def test_a_call_to_action_under_the_last_paragraph_is_dropped() -> None:
    assert _kept([*BODY, "Schedule a Free Call"]) == BODY
    assert _kept([*BODY, "Download Our Free Tools", "Read more in the CedarDB Blog"]) == BODY


def test_the_endings_of_real_articles_stay() -> None:
    endings = [
        ["He was 84."],  # a short last sentence
        ["P.S. A big thanks to Caroline for sending this to me!"],
        ['"We will not give up," she said.'],
        ["Good things come to those who wait!"],
        ["Ingredients", "2 cups of flour", "1 cup of sugar", "3 eggs"],  # a list too long to be a prompt
        ["Sources: city council minutes, 12 March 2025 and a transport ministry report, which we have read in full and"
         " quote"],  # a long line
    ]
    for ending in endings:
        assert _kept([*BODY, *ending]) == [*BODY, *ending], ending


def test_short_lines_between_paragraphs_are_not_a_tail() -> None:
    lines = [BODY[0], "What the council said", BODY[1], BODY[2]]
    assert _kept(lines) == lines
