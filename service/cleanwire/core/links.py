"""Links to pages of the same site, read fast: the gate's story links and the element index's link teasers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# An absolute link in plain printable ASCII, without "@", "%", brackets or a backslash: its host and path
# read by one match, as urlsplit reads them (a page has hundreds of links; urlsplit was most of the gate's
# link features' time). Anything else (userinfo, IPv6, escapes, spaces, controls, non-ASCII) goes to urlsplit.
_PLAIN_ABSOLUTE = re.compile(r"(?:https?:)?//([^/?#:@%\[\]\\]*)(?::[^/?#]*)?([^?#]*)")
_UNPLAIN = re.compile(r"[^\x21-\x7e]|[@%\[\]\\]")


def own_site(url: str | None) -> tuple[str, str]:
    """The page's host (www. aside) and path, what `site_path` compares links with; ("", "") without a URL."""
    if not url:
        return "", ""
    own = urlsplit(url)
    return (own.hostname or "").removeprefix("www."), own.path


def absolute_site_path(href: str, host: str) -> str | None:
    """An absolute link's path as urlsplit reads it if it is on `host`, else None (the fast path's reference)."""
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    return parts.path if (parts.hostname or "").removeprefix("www.") == host else None


def site_path(href: str, host: str) -> str | None:
    """The path of a link to a page of the same site (relative, or absolute on the same host), else None."""
    if not href or href[0] == "#" or href.startswith(("mailto:", "javascript:", "tel:", "data:")):
        return None
    if href.startswith(("http://", "https://", "//")):
        plain = None if _UNPLAIN.search(href) else _PLAIN_ABSOLUTE.match(href)
        if plain is not None:
            return plain[2] if plain[1].lower().removeprefix("www.") == host else None
        return absolute_site_path(href, host)
    return href.split("#", 1)[0].split("?", 1)[0]
