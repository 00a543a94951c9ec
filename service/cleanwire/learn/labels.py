"""Line labels from page-level ground truth: is this candidate line part of the reference main text?

A line is body when its words run, in order, inside the reference text (short lines: when they are a
reference line of their own, so that "Read more" is not body just because "read more" occurs in a
sentence), or when nearly all its words are in the reference; boilerplate when few are, or when it
holds a labelled must-exclude snippet. Lines in between are left out of training (-1).
"""

from __future__ import annotations

import re
from collections import Counter

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN.findall(text.casefold()):
        if _CJK.search(tok):
            out.extend(tok)
        else:
            out.append(tok)
    return out


class Reference:
    def __init__(self, body: str, must_exclude: tuple[str, ...] = ()) -> None:
        paragraphs = [p for p in re.split(r"\n", body) if p.strip()]
        self.lines = {" ".join(tokens(p)) for p in paragraphs}
        self.joined = " " + " ".join(" ".join(tokens(p)) for p in paragraphs) + " "
        self.bag = Counter(tokens(body))
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
        covered = sum(min(c, self.bag[t]) for t, c in Counter(toks).items()) / len(toks)
        if covered >= 0.8:
            return 1
        if covered <= 0.4:
            return 0
        return -1
