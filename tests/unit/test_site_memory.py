"""Per-site paragraph memory (groundwork for issue 7): template lines are learned, bodies are not."""

from __future__ import annotations

import json

from cleanwire.memory.site import SiteMemory, fingerprint, site_of

FOOTER = "© 2024 Harbour Gazette. All rights reserved. Independent local news since 1921."


TOPICS = ["roads", "schools", "the harbour", "bus lanes", "the library", "parks", "taxes", "housing", "bridges",
          "water", "the market", "street lights", "recycling", "the museum", "bike paths", "noise", "parking",
          "the stadium", "trees", "the pier"]


def _body(i: int) -> list[str]:
    topic = TOPICS[i % len(TOPICS)]
    return [f"The council voted on {topic} after a long debate that ran late into the evening.",
            f"Residents who care about {topic} said they would follow the plan closely."]


def test_footer_is_learned_after_k_articles_and_bodies_are_not() -> None:
    mem = SiteMemory(min_articles=3)
    state = mem.empty()
    for i in range(3):
        state = mem.observe(state, f"a{i}", [*_body(i), FOOTER.replace("2024", str(2020 + i))])
    flags = mem.repeated(state, "a9", [*_body(9), FOOTER])
    assert flags == [False, False, True]


def test_the_same_article_again_does_not_teach_its_body() -> None:
    mem = SiteMemory(min_articles=2)
    state = mem.empty()
    for _ in range(5):
        state = mem.observe(state, "same", _body(1))
    assert mem.repeated(state, "other", _body(1)) == [False, False]


def test_state_is_bounded_ages_and_round_trips_through_json() -> None:
    mem = SiteMemory(min_articles=2, max_lines=10, horizon=5)
    state = mem.empty()
    state = mem.observe(state, "old", ["A line that only the first article had, long ago."])
    for i in range(20):
        state = mem.observe(state, f"a{i}", _body(i))
    assert len(state["lines"]) <= 10
    assert fingerprint("A line that only the first article had, long ago.") not in state["lines"]
    assert json.loads(json.dumps(state)) == state


def test_site_of() -> None:
    assert site_of("https://www.Example.org/a/b?c=1") == "example.org"
    assert site_of(None) is None
