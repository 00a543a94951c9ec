"""Per-site paragraph memory: template lines are learned after K articles, bodies and credits are not."""

from __future__ import annotations

import json
import random
import re

from cleanwire.memory.site import SiteMemory, fingerprint, site_of

FOOTER = "© 2024 Harbour Gazette. All rights reserved. Independent local news since 1921."
CREDIT = "Reuters contributed reporting to this article."

TOPICS = ["roads", "schools", "the harbour", "bus lanes", "the library", "parks", "taxes", "housing", "bridges",
          "water", "the market", "street lights", "recycling", "the museum", "bike paths", "noise", "parking",
          "the stadium", "trees", "the pier"]


def _body(i: int) -> list[str]:
    topic = TOPICS[i % len(TOPICS)]
    return [f"The council voted on {topic} after a long debate that ran late into the evening.",
            f"Residents who care about {topic} said they would follow the plan closely."]


def test_footer_is_removed_from_the_article_after_k_and_bodies_are_kept() -> None:
    mem = SiteMemory(min_articles=3)
    state = mem.empty()
    removed_per_article = []
    for i in range(6):
        kept, removed = mem.apply(state, f"a{i}", [*_body(i), FOOTER.replace("2024", str(2020 + i))])
        removed_per_article.append(removed)
        assert kept[:2] == _body(i)
    assert removed_per_article[:3] == [[], [], []]
    assert all(len(r) == 1 and r[0].startswith("©") for r in removed_per_article[3:])


def test_reporting_credits_stay_even_when_every_article_has_them() -> None:
    mem = SiteMemory(min_articles=2)
    state = mem.empty()
    for i in range(6):
        kept, removed = mem.apply(state, f"a{i}", [*_body(i), CREDIT, FOOTER])
    assert CREDIT in kept and removed == [FOOTER]


def test_the_same_article_again_does_not_teach_its_body() -> None:
    mem = SiteMemory(min_articles=2)
    state = mem.empty()
    for _ in range(5):
        assert mem.apply(state, "same", [*_body(1), FOOTER]) == ([*_body(1), FOOTER], [])
    assert state["n"] == 1
    assert mem.judge(state, "other", _body(1)) == [False, False]


def test_long_body_like_paragraphs_need_twice_as_many_articles() -> None:
    mem = SiteMemory(min_articles=2, long_words=10)
    long_para = "Subscribe to our weekly print edition and get the whole county delivered to your door every Friday."
    state = mem.empty()
    flags = [mem.apply(state, f"a{i}", [*_body(i), long_para])[1] != [] for i in range(6)]
    assert flags == [False, False, False, False, True, True]


def test_an_article_is_never_emptied() -> None:
    mem = SiteMemory(min_articles=1)
    state = mem.empty()
    mem.apply(state, "first", _body(3))
    assert mem.apply(state, "second-url-same-story", _body(3)) == (_body(3), [])


def test_state_is_bounded_ages_and_round_trips_through_json() -> None:
    mem = SiteMemory(min_articles=2, max_lines=10, horizon=5)
    state = mem.empty()
    mem.learn(state, "old", ["A line that only the first article had, long ago."])
    for i in range(20):
        mem.learn(state, f"a{i}", [*_body(i), FOOTER])
    assert len(state["lines"]) <= 10
    assert fingerprint("A line that only the first article had, long ago.") not in state["lines"]
    assert state["lines"][fingerprint(FOOTER)][0] >= 5
    assert json.loads(json.dumps(state)) == state


def test_a_template_change_is_learned_and_the_old_line_forgotten() -> None:
    mem = SiteMemory(min_articles=2, horizon=4)
    state = mem.empty()
    for i in range(5):
        mem.learn(state, f"a{i}", [*_body(i), "Old footer of the site."])
    for i in range(5, 10):
        mem.learn(state, f"a{i}", [*_body(i), "New footer of the site."])
    assert mem.judge(state, "z", ["Old footer of the site.", "New footer of the site."]) == [False, True]


def test_site_of() -> None:
    assert site_of("https://www.Example.org/a/b?c=1") == "example.org"
    assert site_of("http://[::1") is None
    assert site_of(None) is None


def test_paragraphs_without_letters_are_never_template() -> None:
    mem = SiteMemory(min_articles=1)
    state = mem.empty()
    mem.learn(state, "a", [*_body(1), "2008"])
    assert mem.judge(state, "b", ["8282", FOOTER]) == [False, False]


def _judge_by_definition(memory: SiteMemory, state: dict, article_id: str, paragraphs: list[str]) -> list[bool]:
    """The rule as the module docstring states it, condition by condition: a paragraph is template when
    the site's earlier articles (this one not counted) hold it at least `min_articles` times within the
    horizon, twice as many for a long one, unless it is a reporting credit or has no letter."""
    own = 1 if article_id in state["ids"] else 0
    out = []
    for para in paragraphs:
        entry = state["lines"].get(fingerprint(para))
        fresh = entry is not None and state["n"] - entry[1] < memory.horizon
        long = len(para.split()) >= memory.long_words
        need = memory.min_articles * (2 if long else 1)
        credit = re.search(r"\b(contributed (reporting|to this)|additional reporting|reporting by|writing by|"
                           r"editing by|compiled by)\b", para, re.IGNORECASE) is not None
        letter = re.search(r"[^\W\d_]", para) is not None
        out.append(fresh and entry[0] - own >= need and not credit and letter)
    return out


def test_judge_follows_its_definition_on_random_sites() -> None:
    """Random sites whose articles share lines of every kind (short, long, credits, digits only, non-ASCII),
    judged before each article is learned: the same flags as the rule's definition."""
    rng = random.Random(11)
    pool = ["Subscribe to our newsletter.", "Reuters contributed reporting to this article.", "2024",
            "ADDITIONAL REPORTING BY Jane Doe", "© 2024 Example Media", "Lisez aussi : la suite de l'affaire",
            " ".join(["word"] * 45) + ".", " ".join(["long"] * 39) + " end.", "Écrit par la rédaction",
            "Editing by Ann Smith and Bob Lee", "İstanbul bureau", "— — —", "Share this article"]
    memory = SiteMemory(min_articles=3, max_lines=50, horizon=20, recent_ids=8, long_words=40)
    seen: set[bool] = set()
    for _ in range(30):
        state = memory.empty()
        for k in range(60):
            article_id = f"a{rng.randrange(80)}"
            paragraphs = [*rng.sample(pool, rng.randrange(1, 6)), f"Body paragraph {k} number {rng.random()}"]
            flags = memory.judge(state, article_id, paragraphs)
            assert flags == _judge_by_definition(memory, state, article_id, paragraphs)
            seen.update(flags)
            memory.learn(state, article_id, paragraphs)
    assert seen == {True, False}
