"""Dates written in text: datelines and bylines of a body, in the forms the news of many languages use.

Why each form is here:
- ISO and East Asian year-first forms ("2019-04-23", "2019/04/23", "2019年4月23日", "2019년 4월 23일") are
  unambiguous, so they are read as written.
- Day-first numerals ("23.04.2019", "23/04/2019") are how most of Europe writes a byline; a US byline
  writes month first. When both readings are valid dates the day-first one is kept unless the page's
  other dates say otherwise (`DatedSpan.alternative` carries the month-first reading).
- Written months ("April 23, 2019", "23. April 2019", "23 avril 2019", "23 de abril de 2019",
  "23 апреля 2019") are read with month names of the languages of the dev data; a wrong language
  only ever misses a date, it never invents one, because a year of four digits is always required.
- A word before the date ("Updated", "Aktualisiert", "mis à jour" ...) marks a modification date,
  which the arbiter never prefers to a publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "gennaio", "gen", "janeiro",
        "januari", "januar", "январь", "января", "ocak", "januarie", "tammikuuta"),
    2: ("february", "feb", "februar", "feber", "février", "févr", "fevrier", "febrero", "febbraio", "fevereiro",
        "fev", "februari", "февраль", "февраля", "şubat", "helmikuuta"),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "mart", "март", "марта",
        "maaliskuuta"),
    4: ("april", "apr", "avril", "abril", "abr", "aprile", "апрель", "апреля", "nisan", "huhtikuuta"),
    5: ("may", "mai", "mayo", "maggio", "maio", "mei", "maj", "май", "мая", "mayıs", "toukokuuta"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "июнь", "июня", "haziran", "kesäkuuta"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho", "июль", "июля", "temmuz",
        "heinäkuuta"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus", "augusti", "август", "августа", "ağustos",
        "elokuuta"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "setembro",
        "сентябрь", "сентября", "eylül", "syyskuuta"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out",
         "октябрь", "октября", "ekim", "lokakuuta"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "ноябрь", "ноября", "kasım", "marraskuuta"),
    12: ("december", "dec", "dezember", "dez", "décembre", "decembre", "diciembre", "dic", "dicembre",
         "dezembro", "desember", "декабрь", "декабря", "aralık", "joulukuuta"),
}
MONTHS: dict[str, int] = {name: num for num, names in _MONTH_NAMES.items() for name in names}
_MONTH_ALT = "|".join(sorted((re.escape(n) for n in MONTHS), key=len, reverse=True))
_Y = r"(?P<y>(?:19|20)\d{2})"
_YEAR = re.compile(r"(?:19|20)\d{2}")

_YMD = re.compile(rf"(?<![\d.]){_Y}(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?![\d])")
_YMD_CJK = re.compile(rf"{_Y}\s*[年년]\s*(?P<m>\d{{1,2}})\s*[月월]\s*(?P<d>\d{{1,2}})\s*[日일]?")
_DMY = re.compile(rf"(?<![\d.:/-])(?P<a>\d{{1,2}})(?P<sep>[./-])\s?(?P<b>\d{{1,2}})(?P=sep)\s?{_Y}(?![\d])")
_D_MONTH_Y = re.compile(
    rf"(?<![\w])(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s*(?:de\s+|of\s+)?(?P<mon>{_MONTH_ALT})\.?,?\s*"
    rf"(?:de\s+|del\s+|,\s*)?{_Y}(?!\d)",
    re.IGNORECASE,
)
_MONTH_D_Y = re.compile(
    rf"(?<![\w])(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?,?\s+{_Y}(?!\d)", re.IGNORECASE
)
MODIFIED_WORDS = re.compile(
    r"(updated|update|last modified|modified|edited|revised|aktualisiert|geändert|mis à jour|modifié|actualizado|"
    r"atualizado|aggiornato|обновлено|изменено|bijgewerkt|uppdaterad|opdateret|oppdatert|güncelleme|güncellendi|"
    r"更新|수정)\W{0,3}(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DatedSpan:
    day: date
    start: int
    end: int
    modified: bool  # a word before the date says the page was changed then
    alternative: date | None = None  # the month-first reading of an ambiguous numeric date


def _make(y: str, m: str | int, d: str | int) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def _spans(text: str) -> Iterator[tuple[int, int, date, date | None]]:
    for rx in (_YMD, _YMD_CJK):
        for m in rx.finditer(text):
            day = _make(m["y"], m["m"], m["d"])
            if day:
                yield m.start(), m.end(), day, None
    for m in _DMY.finditer(text):
        dmy, mdy = _make(m["y"], m["b"], m["a"]), _make(m["y"], m["a"], m["b"])
        if dmy and mdy and dmy != mdy:
            yield m.start(), m.end(), dmy, mdy
        elif dmy or mdy:
            yield m.start(), m.end(), (dmy or mdy), None  # type: ignore[misc]
    for rx in (_D_MONTH_Y, _MONTH_D_Y):
        for m in rx.finditer(text):
            day = _make(m["y"], MONTHS[m["mon"].lower()], m["d"])
            if day:
                yield m.start(), m.end(), day, None


def numeric_order(lines: Iterable[str]) -> str | None:
    """How the page writes numeric dates, from the ones only one reading fits: "mdy" when some say
    "8/27/2025" and none "27/8/2025", "dmy" the other way round, None when they do not tell (or disagree)."""
    mdy = dmy = 0
    for line in lines:
        if not _YEAR.search(line):
            continue
        for m in _DMY.finditer(line):
            a, b = int(m["a"]), int(m["b"])
            if a > 12 >= b >= 1:
                dmy += 1
            elif b > 12 >= a >= 1:
                mdy += 1
    if mdy and not dmy:
        return "mdy"
    if dmy and not mdy:
        return "dmy"
    return None


def find_dates(text: str) -> list[DatedSpan]:
    """Every full date (day, month, four-digit year) in `text`, in order; overlapping readings dropped."""
    if not _YEAR.search(text):  # every pattern holds a year
        return []
    found: list[DatedSpan] = []
    taken: list[tuple[int, int]] = []
    for start, end, day, alt in sorted(_spans(text), key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        modified = bool(MODIFIED_WORDS.search(text[max(0, start - 40):start]))
        found.append(DatedSpan(day, start, end, modified, alt))
    return found
