"""What a page the gate passed as an article publishes when the classifier keeps (almost) nothing.

The pattern: pages laid out without paragraphs (a guide or a report in one <div>, its sections run
together) reach the line classifier as one block of thousands of words, which it scores low. Rejecting
them as no_article lost 13 articles of the dev pages that trafilatura extracts well."""

from __future__ import annotations

import numpy as np
import pytest

from cleanwire.core.blocks import Candidate, DomInfo
from cleanwire.core.boilerplate import decide
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



# The sibling rule (cleanwire.core.boilerplate._keep_siblings): HTML paragraphs with DOM facts
ART = ["The regional government announced on Monday that it would expand the rail network by 2030, adding lines.",
       "Officials said the plan would cost about two billion euros and would be financed partly by European funds.",
       "Opposition parties criticised the timetable, saying similar promises had been made before the last election."]
PROMPT = "Sign up for our free daily newsletter and get the news delivered to your inbox every single morning."


def _dom(parent: int, tag: str = "p", links: int = 0) -> DomInfo:
    return DomInfo(tag=tag, link_chars=40 * links, links=links, depth=5, position=0.5, ancestors=(False,) * 12,
                   hints=(0,) * 9, class_words=(False,) * 24, same_text=1, parent=parent)


def _page(last: Candidate) -> list[Candidate]:
    return [Candidate(ART[0], 0, _dom(1)), Candidate(PROMPT, 1, _dom(1)), Candidate(ART[1], 2, _dom(1)), last]


def test_the_last_paragraph_the_score_half_believes_stays_with_its_siblings() -> None:
    items = _page(Candidate(ART[2], 3, _dom(1)))
    decided = decide(items, np.asarray([0.9, 0.2, 0.8, 0.45]), 0.5, None, False)
    assert decided.kept == [ART[0], ART[1], ART[2]]
    assert decided.removed == {"newsletter": [PROMPT]}  # the prompt, prose-shaped and a sibling, names a kind


@pytest.mark.parametrize("last, score", [
    (Candidate(ART[2], 3, _dom(2)), 0.45),  # another parent: not the body's sibling
    (Candidate(ART[2], 3, _dom(1, tag="li")), 0.45),  # another tag
    (Candidate(ART[2], 3, _dom(1, links=1)), 0.45),  # a link in it
    (Candidate(ART[2], 3, _dom(1)), 0.1),  # the model is sure it is not body
    (Candidate("More on the rail plan", 3, _dom(1)), 0.45),  # not prose
    (Candidate(ART[2] + " Support our journalism today.", 3, _dom(1)), 0.45),  # a cue word
    (Candidate(ART[2], 3, None), 0.45),  # flattened text: no DOM
])
def test_the_sibling_rule_keeps_nothing_else(last: Candidate, score: float) -> None:
    decided = decide(_page(last), np.asarray([0.9, 0.2, 0.8, score]), 0.5, None, last.dom is None)
    assert decided.kept == [ART[0], ART[1]]


def test_one_kept_sibling_vouches_for_the_others() -> None:
    """A short article of three paragraphs whose two after a prompt the model half believes (a retrained model
    scored a Russian article's so: 0.46): one kept paragraph of prose is enough to vouch for its siblings."""
    items = [Candidate(ART[0], 0, _dom(1)), Candidate(PROMPT, 1, _dom(1)), Candidate(ART[1], 2, _dom(1)),
             Candidate(ART[2], 3, _dom(1))]
    assert decide(items, np.asarray([0.9, 0.2, 0.3, 0.45]), 0.5, None, False).kept == list(ART)


def test_siblings_of_no_kept_paragraph_stay_out() -> None:
    """A box of half-believed paragraphs with no kept paragraph among them (a bio, an appeal's text) is not
    pulled in by body paragraphs elsewhere on the page."""
    items = [Candidate(ART[0], 0, _dom(1)), Candidate(ART[1], 1, _dom(1)), Candidate(ART[2], 2, _dom(2)),
             Candidate(ART[2] + " Again.", 3, _dom(2))]
    assert decide(items, np.asarray([0.9, 0.8, 0.45, 0.4]), 0.5, None, False).kept == [ART[0], ART[1]]


# Stretches cut off from the article (cleanwire.core.boilerplate._drop_detached): a long guide whose later
# sections follow two headings the classifier doubts, scored as body but below the detached bar (0.85)
GUIDE = [f"Part {k}: {SECTION}, and write down what worked so that next spring starts from what you learnt."
         for k in range(1, 9)]
APPEAL = "If you value this guide, please consider supporting our small team with a monthly contribution today."


def test_a_long_part_of_the_article_after_doubted_headings_stays() -> None:
    items = _items([*GUIDE[:5], "Harvest", "Storage and winter care", *GUIDE[5:]])
    scores = np.asarray([0.95] * 5 + [0.04, 0.06] + [0.7, 0.72, 0.68])
    decided = decide(items, scores, 0.5, None, False, -1, 0.85)
    assert decided.kept == GUIDE  # the second stretch, 3 parts against the first's 5, holds over 0.3 of its words


def test_a_short_stretch_cut_off_by_prompts_still_goes() -> None:
    items = _items([*GUIDE[:5], "Donate now", "Become a member", APPEAL])
    scores = np.asarray([0.95] * 5 + [0.04, 0.06, 0.7])
    decided = decide(items, scores, 0.5, None, False, -1, 0.85)
    assert decided.kept == GUIDE[:5]
    assert APPEAL in [t for texts in decided.removed.values() for t in texts]
