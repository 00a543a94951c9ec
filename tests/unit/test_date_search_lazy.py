"""htmldate's extensive search is asked only where its answer could change the date: the lazy arbiter
(`decide_date(..., search=...)`) must give exactly what the eager one gives with the search's candidate
in the list, for every answer the search could give, on many random pages of candidates."""

from __future__ import annotations

import random
from datetime import date, timedelta

from cleanwire.core.date_decide import TIER_ORDER, decide_date
from cleanwire.core.dates import DateCandidate

DAYS = [date(2019, 4, 23), date(2019, 4, 24), date(2019, 3, 4), date(2019, 4, 3), date(2023, 1, 2), date(2031, 5, 5)]
SOURCES = ("json_ld", "meta", "time_element", "byline", "text")
LINES = ["By Anna Petrova | April 23, 2019", "Published 24.04.2019", "Updated April 3, 2019 10:00",
         "The council met on 4/3/2019 to vote.", "Moscow, 2 January 2023 (AFP) - Talks began.",
         "Paragraph of a report on the tram depot, which the council has debated all year."]


def _random_page(rng: random.Random) -> tuple[list[DateCandidate], list[str], list[str], str | None]:
    cands = []
    for _ in range(rng.randint(0, 5)):
        day = rng.choice(DAYS)
        tier = rng.choice(TIER_ORDER)
        alt = rng.choice([None, None, date(day.year, day.day, day.month) if day.day <= 12 else None])
        cands.append(DateCandidate(day, rng.choice(SOURCES), tier, tier == "modified" or rng.random() < 0.1,
                                   rng.randint(0, 3000), rng.choice(["", "", *LINES]), alt))
    body = rng.sample(LINES, rng.randint(0, len(LINES)))
    removed = rng.sample(LINES, rng.randint(0, 1))
    url = rng.choice([None, "https://example.com/news/2019/04/23/talks", "https://example.com/2023/01/story"])
    return cands, body, removed, url


def test_the_search_is_asked_only_where_it_could_change_the_date_and_the_result_is_the_eager_one() -> None:
    rng = random.Random("lazy-htmldate")
    asked = skipped = 0
    for _ in range(3000):
        cands, body, removed, url = _random_page(rng)
        fetched = rng.choice([None, "2024-01-01T00:00:00Z", "2019-04-23T12:00:00Z"])
        answers = [None, *DAYS, date(2011, 11, 11), date.today() + timedelta(days=3)]
        for answer in rng.sample(answers, 3):
            found = DateCandidate(answer, "htmldate", "htmldate") if answer else None
            calls = []

            def search(found: DateCandidate | None = found, calls: list[int] = calls) -> DateCandidate | None:
                calls.append(1)
                return found

            kw = {"url": url, "fetched_at": fetched, "body_lines": body, "removed_lines": removed, "body_head": 1}
            eager = decide_date([*cands, *([found] if found else [])], **kw)  # type: ignore[arg-type]
            assert decide_date(cands, search=search, **kw) == eager, (cands, body, removed, url, answer)  # type: ignore[arg-type]
            asked += bool(calls)
            skipped += not calls
    assert asked > 500 and skipped > 500  # both paths are exercised


def test_the_search_is_not_asked_when_structured_data_and_address_agree_and_is_asked_when_nothing_dates_the_page() -> None:
    calls: list[int] = []

    def search() -> DateCandidate | None:
        calls.append(1)
        return DateCandidate(date(2019, 4, 20), "htmldate", "htmldate")

    ld = DateCandidate(date(2019, 4, 23), "json_ld", "ld_article")
    url = "https://example.com/2019/04/23/talks"
    assert decide_date([ld], url=url, fetched_at=None, body_lines=[], removed_lines=[], search=search) == (
        "2019-04-23", "url")
    assert not calls
    assert decide_date([], url=None, fetched_at=None, body_lines=[], removed_lines=[], search=search) == (
        "2019-04-20", "htmldate")
    assert calls == [1]
