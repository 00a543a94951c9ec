"""Line labels from page-level ground truth: is this candidate line part of the reference main text?

A line is body when its words run, in order, inside the reference text (short lines: when they are a
reference line of their own, so that "Read more" is not body just because "read more" occurs in a
sentence), or when nearly all its words are in the reference; boilerplate when few are, or when it holds
a labelled must-exclude snippet; flattened text's lines (`other_text`) also when hardly any three of its
words follow each other there (its words are common ones, the text is another: a reader's comment under a
post, a teaser of another story on the same topic, an author's bio). Lines in between are left out of
training (-1).
"""

from __future__ import annotations

import re
from collections import Counter

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TOKEN = re.compile(r"\w+")
# A line of four or more words with at most this share of its word trigrams in the reference is another text
# (measured on 150 dev articles: 47,900 words of flattened lines, readers' comments, teasers, bios, had been
# left out of training as "in between" by their common words alone, and 10,944 labelled body). Used for the
# flattened-text labels only: HTML models learnt from such labels scored lower in grouped CV (F1 0.922 against
# 0.924) and removed fewer of the inline prompts of tests/unit/test_prompts.py (fold models 24 and 21 of 42
# against 30 and 24), and trafilatura leaves comment sections out of HTML anyway (README, twelfth session).
_OTHER_TEXT = 0.15


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text.casefold()):
        if _CJK.search(tok):
            out.extend(tok)
        else:
            out.append(tok)
    return out


def _trigrams(toks: list[str]) -> list[tuple[str, str, str]]:
    return list(zip(toks, toks[1:], toks[2:], strict=False))


class Reference:
    def __init__(self, body: str, must_exclude: tuple[str, ...] = (), other_text: bool = False) -> None:
        """`other_text`: label a line in the reference's words with hardly any three of them in its order as
        boilerplate (_OTHER_TEXT) rather than leave it out; the flattened-text labels do (below)."""
        self.other_text = other_text
        paragraphs = [p for p in re.split(r"\n", body) if p.strip()]
        self.lines = {" ".join(tokens(p)) for p in paragraphs}
        self.joined = " " + " ".join(" ".join(tokens(p)) for p in paragraphs) + " "
        self.bag = Counter(tokens(body))
        self.trigrams = set(_trigrams(self.joined.split())) if other_text else set()
        self.exclude = [" " + " ".join(tokens(s)) + " " for s in must_exclude if tokens(s)]

    def label(self, line: str) -> int:
        toks = tokens(line)
        if not toks:
            return 0
        key = " ".join(toks)
        padded = f" {key} "
        inside = padded in self.joined
        if inside and (len(toks) >= 4 or key in self.lines):
            return 1
        if any(ex in padded for ex in self.exclude) and not inside:
            return 0
        if len(toks) < 4:
            return 0 if not inside else -1
        if self.other_text:
            trigrams = _trigrams(toks)
            if sum(t in self.trigrams for t in trigrams) <= _OTHER_TEXT * len(trigrams):
                return 0
        covered = sum(min(c, self.bag[t]) for t, c in Counter(toks).items()) / len(toks)
        if covered >= 0.8:
            return 1
        if covered <= 0.4:
            return 0
        return -1
