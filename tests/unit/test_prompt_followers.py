"""Flattened text: a sign-up or support box comes out as a prompt line and then its blurb. When the classifier
removes the prompt but keeps the blurb (its words are prose-like), the blurb goes with the prompt if it names
the same kind of prompt and does not end as a sentence ends (it runs into the box's button: "Subscribe",
"Preview"). Body sentences that mention a newsletter or support, lines after a removed caption, and HTML are
left to the classifier."""

from __future__ import annotations

import numpy as np

from cleanwire.core.blocks import Candidate
from cleanwire.core.boilerplate import decide

BODY = [
    "The regional council voted on Tuesday to close the old ferry pier after engineers found cracks in two piles.",
    "Repairs would have cost more than the pier earns in ten years, the council's finance officer told members.",
    "Fishing boats will move to the new harbour on the north side of the bay from the first of June.",
    "Residents have until the end of the month to comment on the plan before the final vote in July.",
]
PROMPT = "Get the Morning Briefing newsletter in your inbox"
BLURB = "Our daily newsletter brings the region's top stories to your inbox every morning, free of charge. Subscribe"


def _decide(lines: list[tuple[str, float]], flattened: bool = True) -> tuple[list[str], dict[str, list[str]]]:
    items = [Candidate(t, i) for i, (t, _) in enumerate(lines)]
    scores = np.asarray([s for _, s in lines])
    out = decide(items, scores, 0.5, None, flattened)
    return out.kept, out.removed


def test_a_newsletter_blurb_after_its_removed_prompt_goes_with_it() -> None:
    lines = [(BODY[0], 0.9), (BODY[1], 0.9), (PROMPT, 0.2), (BLURB, 0.7), (BODY[2], 0.9), (BODY[3], 0.9)]
    kept, removed = _decide(lines)
    assert kept == BODY
    assert any(BLURB in texts for reason, texts in removed.items() if reason != "classified")  # under a cue's kind


def test_a_support_box_s_pitch_after_its_removed_heading_goes_with_it() -> None:
    heading = "Become a member and support independent local journalism"
    pitch = "Members get unlimited access and help fund our reporting for $5 a month. Join now"
    lines = [(BODY[0], 0.9), (BODY[1], 0.9), (BODY[2], 0.9), (heading, 0.3), (pitch, 0.6), (BODY[3], 0.9)]
    kept, _ = _decide(lines)
    assert kept == BODY


def test_a_body_sentence_about_a_newsletter_after_a_prompt_stays() -> None:
    sentence = "The council's own newsletter, sent to every household, did not mention the closure."
    lines = [(BODY[0], 0.9), (PROMPT, 0.2), (sentence, 0.7), (BODY[1], 0.9), (BODY[2], 0.9)]
    kept, _ = _decide(lines)
    assert kept == [BODY[0], sentence, BODY[1], BODY[2]]


def test_a_line_after_a_removed_caption_is_left_to_the_classifier() -> None:
    credit = "Photo: Jane Doe / Reuters"
    heading = "Photo gallery: the pier through the decades"  # names the caption kind too, not a prompt
    lines = [(BODY[0], 0.9), (credit, 0.2), (heading, 0.7), (BODY[1], 0.9), (BODY[2], 0.9)]
    kept, _ = _decide(lines)
    assert heading in kept


def test_a_kept_line_that_names_another_kind_than_the_prompt_stays() -> None:
    heading = "Where the boats will go"  # no cue of the newsletter's kind
    lines = [(BODY[0], 0.9), (PROMPT, 0.2), (heading, 0.7), (BODY[1], 0.9), (BODY[2], 0.9)]
    kept, _ = _decide(lines)
    assert heading in kept


def test_html_lines_are_not_touched() -> None:
    lines = [(BODY[0], 0.9), (BODY[1], 0.9), (PROMPT, 0.2), (BLURB, 0.7), (BODY[2], 0.9), (BODY[3], 0.9)]
    kept, _ = _decide(lines, flattened=False)
    assert BLURB in kept
