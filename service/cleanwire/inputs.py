"""Reading pages from the file system: files (.html, .htm, .txt, gzip-compressed ones), directories
(recursively), WARC files (each response record a page) and stdin (`-`)."""

from __future__ import annotations

import gzip
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from cleanwire.core.models import Page

PAGE_SUFFIXES = (".html", ".htm", ".txt", ".xhtml")


def _content_type(name: str, given: str | None) -> str | None:
    if given:
        return given
    stem = name[:-3] if name.endswith(".gz") else name
    if stem.endswith(".txt"):
        return "text/plain"
    if stem.endswith((".html", ".htm", ".xhtml")):
        return "text/html"
    return None


def _is_warc(path: Path) -> bool:
    return path.name.endswith((".warc", ".warc.gz"))


def _is_page(path: Path) -> bool:
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    return name.endswith(PAGE_SUFFIXES)


def iter_warc(path: Path) -> Iterator[tuple[str, Page]]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            if record.rec_type != "response":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            body = record.content_stream().read()
            offset = records.get_record_offset()
            yield f"{path}@{offset}", Page(content=body, url=uri, content_type=ctype, fetched_at=date)


def iter_pages(paths: Iterable[str], url: str | None = None, content_type: str | None = None) -> Iterator[tuple[str, Page]]:
    """(source, Page) for every page under `paths`; `url`/`content_type` apply to single files and stdin."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            yield "-", Page(content=data, url=url, content_type=content_type)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if _is_warc(child):
                    yield from iter_warc(child)
                elif _is_page(child):
                    yield str(child), _read(child, None, None)
        elif _is_warc(path):
            yield from iter_warc(path)
        else:
            yield str(path), _read(path, url, content_type)


def _read(path: Path, url: str | None, content_type: str | None) -> Page:
    data = path.read_bytes()
    if path.name.endswith(".gz") or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return Page(content=data, url=url, content_type=_content_type(path.name, content_type))
