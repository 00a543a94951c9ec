"""Cue words are features of the line classifiers: a cue that is a common word of some language marks every
body sentence of that language as boilerplate-like. "e" (for e-mail) is "and" in Portuguese and Italian; it
made each such sentence look like a newsletter prompt, and the last paragraph of short Portuguese articles
fell under the threshold (tests/unit/test_prompts.py)."""

from __future__ import annotations

import pytest

from cleanwire.core import cues

# ordinary body sentences, one per language, full of the language's function words
BODY = [
    "A oposição criticou o calendário e lembrou que promessas semelhantes já tinham sido feitas.",
    "L'opposizione ha criticato il calendario e ha ricordato le promesse fatte prima delle elezioni.",
    "La oposición criticó el calendario y recordó que ya se habían hecho promesas similares.",
    "Die Opposition kritisierte den Zeitplan und erinnerte an frühere Versprechen der Regierung.",
    "The opposition criticised the timetable and recalled similar promises made before the election.",
]


@pytest.mark.parametrize("sentence", BODY)
def test_function_words_name_no_kind(sentence: str) -> None:
    assert cues.kinds(sentence) == set()


@pytest.mark.parametrize("prompt", [
    "Get the briefing by e-mail every morning.",
    "Receba as notícias por e-mail todas as manhãs.",
    "Ricevi le notizie via e-mail ogni mattina.",
])
def test_e_mail_still_names_the_newsletter_kind(prompt: str) -> None:
    assert "newsletter" in cues.kinds(prompt)
