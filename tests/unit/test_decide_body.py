"""What a page the gate passed as an article publishes when the classifier keeps (almost) nothing.

The pattern: pages laid out without paragraphs (a guide or a report in one <div>, its sections run
together) reach the line classifier as one block of thousands of words, which it scores low. Rejecting
them as no_article lost 13 articles of the dev pages that trafilatura extracts well."""

from __future__ import annotations

import numpy as np

from cleanwire.core.blocks import Candidate
from cleanwire.core.pipeline import decide_body

SECTION = ("Start with a plan. Choose a sunny spot that gets at least six hours of light, test the soil, "
           "and decide which vegetables your household will actually eat before buying seed")
# a guide run together into one block: sections without sentence ends between them, no closing full stop
BLOB = " ".join(f"Step {i} {SECTION}" for i in range(1, 25)) + " Table of Contents Back to top"
NAV = ["Home", "News", "Gardening", "Subscribe", "Contact us"]


def _items(lines: list[str]) -> list[Candidate]:
    return [Candidate(t, i) for i, t in enumerate(lines)]


def test_one_huge_block_the_classifier_doubts_is_published_not_dropped() -> None:
    items = _items([*NAV, BLOB])
    scores = np.asarray([0.05, 0.04, 0.06, 0.02, 0.03, 0.31])
    decided = decide_body(items, scores, 0.5, None, False, -1, 0.85)
    assert decided.kept == [BLOB]
    removed = [t for texts in decided.removed.values() for t in texts]
    assert all(n in removed for n in NAV)


def test_what_the_classifier_rules_out_stays_out_even_then() -> None:
    items = _items([*NAV, BLOB])
    scores = np.asarray([0.05, 0.04, 0.06, 0.02, 0.03, 0.12])  # the block too is confidently not article
    assert decide_body(items, scores, 0.5, None, False, -1, 0.85).kept == []


def test_the_fallbacks_do_not_touch_a_page_the_classifier_decided() -> None:
    body = ["The council met on Tuesday to discuss the budget for the coming year, and agreed after a long debate.",
            "The mayor said the plan would be published next week, and residents may comment until the end of May."]
    items = _items([*NAV, *body, BLOB])
    scores = np.asarray([0.05, 0.04, 0.06, 0.02, 0.03, 0.93, 0.91, 0.31])
    assert decide_body(items, scores, 0.5, None, False, -1, 0.85).kept == body
