"""The call-to-action flag of the HTML line models: a line that opens with the imperative of a call to action
("Subscribe...", "Melden Sie sich an", "Inscrivez-vous") is flagged, in each language the list covers, and a
line that opens with another word, with a longer word that begins like one, or with a form that is as often
another language's article or a name, is not. The flag, its share over the neighbouring lines and the share of
offer words are HTML columns only (the text path's models do not read them)."""

from __future__ import annotations

import re

import pytest

from cleanwire.core import features
from cleanwire.core.blocks import Candidate

CALLS = [
    "Subscribe to our newsletter for the week's best stories.",
    "Get a free quote today.",
    "PIN FOR LATER",
    "Register",
    "Melden Sie sich für unseren Newsletter an.",
    "Inscrivez-vous à notre lettre d'information",
    "Suscríbete a nuestro boletín",
    "Iscriviti alla newsletter",
    "Assine a nossa newsletter",
    "» Share this story",
    "Abonneer je op onze nieuwsbrief",
    "Zapisz się do newslettera",
    "Prenumerera på vårt nyhetsbrev",
    "Подпишитесь на нашу рассылку",
    "Přihlaste se k odběru novinek",
]
REPORTING = [
    "Getting there is easy: the ferry leaves every hour.",
    "The mayor said the works would take two years.",
    "Registered voters can cast their ballots until 8 pm.",
    "Jetzt lesen: Lies auch unseren Ratgeber",  # an adverb first: "jetzt" opens body sentences too
    "Subscribers received the magazine a week late.",
    "Les autorités ont fermé la route.",  # French article, not the Norwegian imperative
    "Lee Jae-myung met the envoy on Tuesday.",  # a name, not the Spanish imperative
    "",
]


def _words(line: str) -> list[str]:
    return re.findall(r"\w+", line.casefold())


@pytest.mark.parametrize("line", CALLS)
def test_a_line_opening_with_a_calls_imperative_is_flagged(line: str) -> None:
    assert features.call_verb(_words(line)) == 1.0


@pytest.mark.parametrize("line", REPORTING)
def test_a_line_opening_with_another_word_is_not_flagged(line: str) -> None:
    assert features.call_verb(_words(line)) == 0.0


def test_the_call_columns_are_html_columns_only() -> None:
    assert set(features.CALL) <= set(features.names(True))
    assert not set(features.CALL) & set(features.names(False))


def test_the_window_share_counts_the_calls_two_lines_either_side() -> None:
    lines = ["The council met on Monday to discuss the budget for next year.", "Share this story",
             "Sign up for our newsletter", "The budget grows by four percent.", "Officials expect a vote in May.",
             "The mayor declined to comment."]
    rows = features.matrix([Candidate(t, i) for i, t in enumerate(lines)], None, with_dom=True)
    col = features.names(True)
    flag, window = rows[:, col.index("call_verb")], rows[:, col.index("window_call_verb")]
    assert list(flag) == [0, 1, 1, 0, 0, 0]
    # line 0 sees lines 0-2 (two calls of three), line 5 sees lines 3-5 (none)
    assert window[0] == pytest.approx(2 / 3)
    assert window[3] == pytest.approx(2 / 5)
    assert window[5] == 0.0
    text_rows = features.matrix([Candidate(t, i) for i, t in enumerate(lines)], None, with_dom=False)
    assert text_rows.shape[1] == len(features.names(False))


def test_the_offer_share_counts_words_of_offers_and_disclosures() -> None:
    offer = "Save 20% on your first order with code SPRING: free shipping on every subscription."
    disclosure = "We may earn a commission when you buy through our affiliate links."
    report = "The council approved the budget after a long debate on Monday evening."
    words = [_words(t) for t in (offer, disclosure, report)]
    shares = [features.offer_share(w) for w in words]
    assert shares[0] >= 0.3 and shares[1] >= 0.15
    assert shares[2] == 0.0
    assert features.offer_share([]) == 0.0


def test_offer_words_in_languages_beyond_the_six() -> None:
    for line in ("Gratis verzending en 20% korting", "Darmowa wysyłka i rabat", "Бесплатная доставка и скидка 20%"):
        assert features.offer_share(_words(line)) > 0.2, line
