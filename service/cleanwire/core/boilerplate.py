"""Steps that drop what is not the article, each with its reason.

A step takes the `Lines` of an article (paragraph texts plus the block they came in) and marks lines
as removed under one reason. Steps compose in `cleanwire.core.pipeline`; each is a small class whose
name says what it removes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from cleanwire.core import phrases

REMOVAL_REASONS: tuple[str, ...] = (
    "paywall",
    "donation",
    "newsletter",
    "related",
    "caption",
    "cookie",
    "share",
    "ad_label",
    "comments",
    "byline_nav",
    "title",
    "navigation",
    "site_repeated",
)

_SENTENCE_END = re.compile(r"[.!?…。！？:;)\"'”’»]\s*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[\"'“‘«(]?[A-ZÀ-ÖØ-ÞА-Я0-9])")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SHORT_WORDS = 25


def words(text: str) -> int:
    n = len(text.split())
    cjk = len(_CJK.findall(text))
    return max(n, cjk // 2)


def is_body_like(text: str) -> bool:
    """A paragraph of prose: several words and a sentence ending."""
    return words(text) >= 12 and bool(_SENTENCE_END.search(text))


@dataclass(slots=True)
class Line:
    text: str
    block: int = 0  # lines of one block came without a blank line between them
    removed: str | None = None  # the reason, once a step removed the line


@dataclass(slots=True)
class Lines:
    items: list[Line]
    flattened: bool  # the page came as text: no HTML structure helped
    title: str | None = None
    removed: dict[str, list[str]] = field(default_factory=dict)

    def remove(self, line: Line, reason: str) -> None:
        if line.removed is None:
            line.removed = reason
            self.removed.setdefault(reason, []).append(line.text)

    def kept(self) -> list[Line]:
        return [line for line in self.items if line.removed is None]


def _match_reason(text: str) -> str | None:
    """The reason a short line is boilerplate by its words alone, or None."""
    stripped = text.strip()
    for reason, rx in (
        ("paywall", phrases.PAYWALL),
        ("donation", phrases.DONATION),
        ("newsletter", phrases.NEWSLETTER),
        ("cookie", phrases.COOKIE),
        ("related", phrases.RELATED),
        ("share", phrases.SHARE),
        ("ad_label", phrases.AD_LABEL),
        ("comments", phrases.COMMENTS),
        ("caption", phrases.CAPTION),
        ("byline_nav", phrases.BYLINE_NAV),
        ("byline_nav", phrases.BYLINE_ONLY),
    ):
        if rx.search(stripped):
            return reason
    return None


class RemovePhraseLines:
    """Short lines whose words say what they are: paywall, donation, newsletter, cookie, share... prompts."""

    def __call__(self, lines: Lines) -> None:
        for line in lines.items:
            if line.removed is None and words(line.text) <= _SHORT_WORDS:
                reason = _match_reason(line.text)
                if reason is not None:
                    lines.remove(line, reason)


class RemoveAppealBlocks:
    """In flattened text, an appeal comes as a block of lines (banner, box): when a block holds a
    paywall, donation or newsletter prompt and no line of prose without one, the whole block goes."""

    def __call__(self, lines: Lines) -> None:
        blocks: dict[int, list[Line]] = {}
        for line in lines.items:
            blocks.setdefault(line.block, []).append(line)
        for block in blocks.values():
            if len(block) < 2:
                continue
            reasons = [line.removed for line in block if line.removed in ("paywall", "donation", "newsletter")]
            if not reasons:
                continue
            clean_prose = [
                line for line in block if line.removed is None and is_body_like(line.text) and words(line.text) > 40
            ]
            if not clean_prose:
                for line in block:
                    lines.remove(line, reasons[0] or "donation")


class RemoveBoilerplateSections:
    """A section header (a message from the publisher, "Dear readers", "Sign up for our newsletter",
    "Read more", "Comments") opens a section that runs to the end of the page when it comes after the
    body; everything in it goes under the header's reason."""

    def __call__(self, lines: Lines) -> None:
        items = lines.items
        body_words = sum(words(li.text) for li in items if li.removed is None and is_body_like(li.text))
        seen = 0
        for i, line in enumerate(items):
            reason = self._header_reason(line)
            if reason and seen >= 0.5 * body_words and seen > 0:
                for rest in items[i:]:
                    reason = self._header_reason(rest) or reason
                    lines.remove(rest, reason)
                return
            if line.removed is None and is_body_like(line.text):
                seen += words(line.text)

    @staticmethod
    def _header_reason(line: Line) -> str | None:
        text = line.text.strip()
        if words(text) > 12:
            return None
        if phrases.DONATION_HEADER.search(text):
            return "donation"
        if phrases.NEWSLETTER_HEADER.search(text):
            return "newsletter"
        if re.match(r"^(\d+ )?(comments?|kommentare|commentaires|comentarios|comentários|commenti)\b", text, re.I):
            return "comments"
        if line.removed in ("related",) and words(text) <= 4:
            return "related"
        return None


class RemoveLeadIn:
    """In flattened text, the lines before the first paragraph of prose are page furniture:
    the headline (kept as the title), credits, menus, banners."""

    def __call__(self, lines: Lines) -> None:
        if not lines.flattened:
            return
        for line in lines.items:
            if line.removed is not None:
                continue
            if is_body_like(line.text):
                return
            if lines.title is None and 3 <= words(line.text) <= 25 and not _SENTENCE_END.search(line.text):
                lines.title = line.text.strip()
                lines.remove(line, "title")
            else:
                lines.remove(line, _match_reason(line.text) or "navigation")


class RemoveCaptionsInText:
    """In flattened text, a short line without a sentence ending between paragraphs is what was
    under a picture or a map: a caption or a credit."""

    def __call__(self, lines: Lines) -> None:
        if not lines.flattened:
            return
        for line in lines.items:
            if line.removed is None and words(line.text) <= 8 and not _SENTENCE_END.search(line.text):
                lines.remove(line, "caption")


class RemoveLayoutRows:
    """Table rows with nothing but cell borders, and long runs of one- to three-word lines with no
    sentence among them (menus, place and section lists that extraction let through)."""

    RUN = 6

    def __call__(self, lines: Lines) -> None:
        run: list[Line] = []
        for line in [*lines.items, None]:
            if line is not None and line.removed is None and not re.sub(r"[|\-:\s•*>]+", "", line.text):
                lines.remove(line, "navigation")
                continue
            if line is not None and line.removed is None and words(line.text) <= 3 and not _SENTENCE_END.search(line.text):
                run.append(line)
                continue
            if line is not None and line.removed is not None:
                continue
            if len(run) >= self.RUN:
                for item in run:
                    lines.remove(item, "navigation")
            run = []


class RemoveTitleRepeat:
    """The headline repeated at the top of the body."""

    def __call__(self, lines: Lines) -> None:
        if not lines.title:
            return
        key = _norm(lines.title)
        for line in lines.items[:3]:
            if line.removed is None and _norm(line.text) == key:
                lines.remove(line, "title")


class CutGluedAppeals:
    """An appeal glued to the end of a body paragraph ("... said. Support our journalism: donate.")
    is cut off; the paragraph stays."""

    def __call__(self, lines: Lines) -> None:
        for line in lines.items:
            if line.removed is not None or words(line.text) <= _SHORT_WORDS:
                continue
            sentences = _SENTENCE_SPLIT.split(line.text)
            if len(sentences) < 2:
                continue
            cut = len(sentences)
            reason = None
            while cut > 1:
                found = _tail_reason(sentences[cut - 1])
                if found is None:
                    break
                reason = found
                cut -= 1
            if reason is not None and cut < len(sentences):
                tail = " ".join(sentences[cut:])
                lines.removed.setdefault(reason, []).append(tail)
                line.text = " ".join(sentences[:cut])


def _tail_reason(sentence: str) -> str | None:
    if words(sentence) > 30:
        return None
    for reason, rx in phrases.PARAGRAPH_TAIL.items():
        if rx.search(sentence):
            return reason
    return None


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def default_steps() -> Sequence[object]:
    """The text steps in the order they run (HTML structure is handled in cleanwire.core.html)."""
    return (
        RemovePhraseLines(),
        RemoveAppealBlocks(),
        RemoveLeadIn(),
        RemoveBoilerplateSections(),
        RemoveCaptionsInText(),
        RemoveLayoutRows(),
        RemoveTitleRepeat(),
        CutGluedAppeals(),
    )
