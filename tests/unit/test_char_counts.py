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


def test_sentence_end_and_word_count_equal_their_pattern_definitions() -> None:
    """`sent_end` reads the last non-space character instead of scanning with _SENT_END; `word_count` skips
    the CJK scan on ASCII text: both must say exactly what the patterns say (the models learned those)."""
    import re
    import sys

    from cleanwire.core.features import _CJK, _SENT_END, sent_end, word_count

    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())
    alphabet = ALPHABET + ".!?…。！？\"'”’»)" + spaces + "中文字"
    rng = random.Random("sent-end")
    texts = ["", " ", "Done.", "Done. ", "Done.\n", "Done.\u2028", "Done.\u3000", "done", "「終わり」。", "a  )  "]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    for text in texts:
        assert sent_end(text) == bool(_SENT_END.search(text)), repr(text)
        assert word_count(text) == max(len(text.split()), len(_CJK.findall(text)) // 2), repr(text)
    assert re.match(r"\s", "\u2028") and sent_end("Done.\u2028") and not sent_end("Done. x")


def test_hint_reason_shortcut_equals_the_word_by_word_reading() -> None:
    """hint_reason answers "no kind" from set operations first; the answer must be the word-by-word one."""
    from cleanwire.core.html import _SPLIT, hint_reason, reason_of_words

    def slow(hint: str) -> str | None:
        return reason_of_words(_SPLIT.split(hint.lower()))

    rng = random.Random("hints")
    pieces = ["ad", "a", "d", "s", "ads", "support", "us", "read", "more", "header", "share", "bar", "Cookie", "body",
              "news", "letter", "newsletter", "", "x", "DFP", "cmp", "related", "posts", "-", "_", " ", "\t", "--"]
    hints = ["article-body", "support-us", "read_more", "ad", "a-d", "-ad-", "header ads", "news letter", "newsletter"]
    hints += ["".join(rng.choice(pieces) + rng.choice(["-", "_", " ", ""]) for _ in range(rng.randint(1, 6)))
              for _ in range(20000)]
    for hint in hints:
        assert hint_reason.__wrapped__(hint) == slow(hint), repr(hint)
    assert hint_reason.__wrapped__("support-us") == "donation" and hint_reason.__wrapped__("a-d") == "ad_label"
    assert hint_reason.__wrapped__("header-main") is None


def test_too_short_is_the_character_count_under_the_minimum() -> None:
    from cleanwire.core import pipeline

    rng = random.Random("short")
    pieces = ["word", " ", "  ", "\t", "\u00a0", "\u3000", "ab cd", "长文本", "\n", "x" * 30]
    seen = set()
    for _ in range(3000):
        lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(0, 6))]
        want = sum(len(ch) for line in lines for ch in line if not ch.isspace()) < pipeline._MIN_BODY_CHARS
        assert pipeline._too_short(lines) == want, lines
        seen.add(want)
    assert seen == {True, False}
