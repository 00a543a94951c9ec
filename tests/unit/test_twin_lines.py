"""Flattened text: a short line next to the same line is a fetcher's doubling of an image's alt text and its
caption or credit (or a link's title and its text), not body, however the classifier scores it inside the
body's run. Longer lines, and sentences a body repeats, are left to the classifier; HTML is not touched (its
lines come from the page's elements, where a doubled line is the page's own)."""

from __future__ import annotations

import numpy as np

from cleanwire.core.blocks import Candidate
from cleanwire.core.boilerplate import decide

BODY = [
    "The harbour authority said on Monday that the new ferry terminal would open to passengers in the spring.",
    "Work on the quay was delayed by two storms last winter, which damaged the cranes and flooded the site.",
    "The terminal will handle up to twelve crossings a day once the second berth is finished next year.",
]


def _decide(lines: list[str], flattened: bool = True) -> list[str]:
    items = [Candidate(t, i) for i, t in enumerate(lines)]
    return decide(items, np.full(len(lines), 0.9), 0.5, None, flattened).kept


def test_a_credit_written_twice_in_the_body_is_removed_both_times() -> None:
    lines = [BODY[0], "Jan Novak / Reuters", "jan novak / Reuters", BODY[1], "Harbour map", "Harbour map", BODY[2]]
    assert _decide(lines) == BODY


def test_a_short_line_once_stays_with_the_classifier() -> None:
    lines = [BODY[0], "Jan Novak / Reuters", BODY[1], BODY[2]]
    assert _decide(lines) == lines


def test_longer_lines_and_sentences_a_body_repeats_are_kept() -> None:
    chant = "“We will not be moved,” the dockers chanted."
    heading = "What the new terminal means for the island"
    lines = [BODY[0], chant, chant, heading, heading, BODY[1]]
    assert _decide(lines) == lines


def test_html_lines_are_not_touched() -> None:
    lines = [BODY[0], "Harbour map", "Harbour map", BODY[1]]
    assert _decide(lines, flattened=False) == lines
