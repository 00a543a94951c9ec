"""A full date in a URL path (`/2019/04/23/`, `-20190423-`, `2019-04-23`): news sites stamp the
publication day into the address they give an article, and the address outlives every page change."""

from __future__ import annotations

import re
from datetime import date

_URL_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_.-]?(?P<m>0[1-9]|1[0-2])[/_.-]?(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"
)
_URL_DATE_SEP = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])"
)


def date_from_url(url: str | None) -> date | None:
    if not url:
        return None
    path = url.split("?", 1)[0]
    for rx in (_URL_DATE_SEP, _URL_DATE):
        for m in rx.finditer(path):
            try:
                return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
    return None


_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])(?:/|$)")


def month_from_url(url: str | None) -> tuple[int, int] | None:
    """(year, month) of an address that stamps only those (`/2015/07/slug.html`), or of a full date."""
    day = date_from_url(url)
    if day is not None:
        return day.year, day.month
    if not url:
        return None
    m = _URL_MONTH.search(url.split("?", 1)[0])
    return (int(m.group("y")), int(m.group("m"))) if m else None
