"""The gate's fast counters give exactly the counts of the plain case-insensitive regexes they replace
(the shipped gate model was trained on those counts)."""

from __future__ import annotations

import random

from cleanwire.core import gate

# Prices, currency words inside other words, digits with separators, the four characters re.IGNORECASE
# folds onto ASCII letters (İ ı ſ K), line breaks between a number and its currency.
ALPHABET = "0123456789.,  \n$€£¥eurEURusdUSDxaİıſK"
TEXTS = [
    "Tickets cost $25 or 20 € (about 1,299.50 EUR); Europe's neural eurozone USD 3 usd",
    "Preis: 1.299,00\u00a0€ inkl. MwSt. In den Korb. Auf Lager. Add to cart, SKU 123",
    "İstanbul'da 100 TL = 3 USD; uſd 5; 12\n€",
    "Posted by admin · 12 replies · Quote · 3 votes · Joined 2019",
    "Parameters: see the API reference. Returns None. Example usage below. Deprecated since 2.0",
]


def test_count_prices_equals_the_regex_on_real_and_random_text() -> None:
    rng = random.Random(7)
    texts = TEXTS + ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 60))) for _ in range(5000)]
    for text in texts:
        assert gate.count_prices(text) == len(gate._PRICE.findall(text)), repr(text)
    assert gate.count_prices(TEXTS[0]) >= 4  # the real line does hold prices: the test is not vacuous


def test_word_counts_equal_the_case_insensitive_regexes() -> None:
    rng = random.Random("words")
    words = ("Add to Cart IN STOCK ſku SKU Kart replies Quote PARAMETERS api İnstall install ıtem posts: é vote votes "
             "voter out of stock posted by returns return returned api_key x2 Beiträge in den Korb").split()
    seps = [" ", " ", " ", "-", "_", ":", "", ".", "\n", "é"]
    texts = TEXTS + ["".join(rng.choice(words) + rng.choice(seps) for _ in range(rng.randint(0, 12)))
                     for _ in range(5000)]
    hits = [0, 0, 0]
    for text in texts:
        want = [len(rx.findall(text)) for rx in (gate._SHOP, gate._FORUM, gate._DOCS)]
        assert gate.word_counts(text) == want, repr(text)
        hits = [h + w for h, w in zip(hits, want, strict=True)]
    assert min(hits) > 100
