"""The line features' character counts (counted in C for ASCII) are exactly str.isalpha/isupper/isdigit's and
the punctuation pattern's (the shipped line models were trained on those counts)."""

from __future__ import annotations

import random

from cleanwire.core.features import _PUNCT, _char_counts

# ASCII, accented Latin, the characters whose case or digit status is odd (İ ı ſ K, superscript two, an
# Arabic-Indic digit), Cyrillic, CJK, a combining accent, a no-break space.
ALPHABET = "aZ09 .,_!\t\x1c\x00\x7féÉßİıſK²٣Жж中ー。«\u0301\u00a0\u2028"


def test_char_counts_equal_the_per_character_predicates() -> None:
    rng = random.Random("chars")
    texts = ["Moscow, 23 April 2019 (AFP)", "Ünïcödé ÄÖÜ 123 ²³", "Путин и Ким, 2019", "中文 2019年4月23日", ""]
    texts += ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(5000)]
    for text in texts:
        want = (sum(map(str.isalpha, text)), sum(map(str.isupper, text)), sum(map(str.isdigit, text)),
                len(_PUNCT.findall(text)))
        assert _char_counts(text) == want, repr(text)
    # by hand: 10 letters, Ü Ä Ö Ü capitals, 1 2 3 ² ³ digits, no punctuation; "(AFP)" and "," are punctuation
    assert _char_counts(texts[1]) == (10, 4, 5, 0)
    assert _char_counts(texts[0])[3] == 3
