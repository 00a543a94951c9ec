"""Labelled pages for training and evaluation: the WCXB development split and the dev corpus.

Both are read into one `LabelledPage` shape. Every page carries its site (registered domain) so that
cross-validation can keep a site out of the folds it is scored in. Pages of datasets whose licence
forbids shipping a model trained on them (dragnet: AGPL, l3s-gn1: research only) are marked
`trainable=False`: they are scored, never learned from.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import orjson

UNTRAINABLE = frozenset({"dragnet", "l3s-gn1"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})


@dataclass(frozen=True, slots=True)
class LabelledPage:
    id: str
    dataset: str  # "wcxb-dev", "fundus", "dragnet", "l3s-gn1"
    site: str
    url: str | None
    lang: str | None
    page_type: str  # article, listing, collection, product, service, forum, documentation
    date: str | None
    body: str
    must_include: tuple[str, ...]
    must_exclude: tuple[str, ...]
    html: bytes

    @property
    def trainable(self) -> bool:
        return self.dataset not in UNTRAINABLE


def site_of(url: str | None, fallback: str) -> str:
    """The registered domain, near enough for grouping: the last two labels, three under co.uk-style suffixes."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.lower().removeprefix("www.")
    if not host:
        return fallback
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def _html_lang(html: bytes) -> str | None:
    m = re.search(rb"<html[^>]*\blang=[\"']?([a-zA-Z]{2,3})", html[:5000])
    return m.group(1).decode().lower() if m else None


def load_wcxb(root: Path) -> Iterator[LabelledPage]:
    for gt_file in sorted((root / "ground-truth").glob("*.json")):
        doc = orjson.loads(gt_file.read_bytes())
        gt = doc.get("ground_truth") or {}
        html_file = root / "html" / f"{gt_file.stem}.html.gz"
        if not html_file.exists():
            continue
        html = gzip.decompress(html_file.read_bytes())
        url = doc.get("url")
        yield LabelledPage(
            id=f"wcxb-{gt_file.stem}", dataset="wcxb-dev", site=site_of(url, gt_file.stem), url=url,
            lang=_html_lang(html) or "en",
            page_type=((doc.get("_internal") or {}).get("page_type") or {}).get("primary") or "article",
            date=gt.get("publish_date"), body=gt.get("main_content") or "",
            must_include=tuple(gt.get("with") or ()), must_exclude=tuple(gt.get("without") or ()), html=html,
        )


def load_dev_corpus(root: Path, skip: frozenset[str] = frozenset()) -> Iterator[LabelledPage]:
    """The dev corpus; pages whose id is in `skip` (its `wcxb` pages, when the WCXB split is loaded) are left out."""
    for raw in (root / "truth.jsonl").read_bytes().splitlines():
        if not raw.strip():
            continue
        t = orjson.loads(raw)
        if t["id"] in skip:
            continue
        yield LabelledPage(
            id=t["id"], dataset=t["dataset"], site=site_of(t.get("url"), t["id"]), url=t.get("url"),
            lang=t.get("lang"), page_type="article", date=t.get("date"), body=t["body"],
            must_include=tuple(t.get("must_include") or ()), must_exclude=tuple(t.get("must_exclude") or ()),
            html=(root / "pages" / f"{t['id']}.html").read_bytes(),
        )


def load_all(wcxb: Path | None, corpus: Path | None) -> list[LabelledPage]:
    """Both sources; a WCXB page that is in both is read once, from the WCXB split."""
    pages: list[LabelledPage] = []
    if wcxb is not None and (wcxb / "ground-truth").is_dir():
        pages.extend(load_wcxb(wcxb))
    if corpus is not None and (corpus / "truth.jsonl").is_file():
        pages.extend(load_dev_corpus(corpus, skip=frozenset(p.id for p in pages)))
    return pages
