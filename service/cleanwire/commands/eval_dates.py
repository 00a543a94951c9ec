"""`cleanwire eval-dates`: exact-day accuracy of clean()'s date on every dated dev page, as HTML and
flattened to text, next to what a user would call instead, on the same pages in the same run:
htmldate's extensive search (`original_date=True`), trafilatura's metadata date, and htmldate over the
flattened text (each line one paragraph of a minimal HTML page, with the URL). A page "shows a date in
its text" when its true day is written in the flattened text in a form `core.date_text` reads."""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SYSTEMS = ("clean_html", "htmldate_ext", "trafilatura_meta", "clean_text", "htmldate_text")


@dataclass(frozen=True, slots=True)
class DatedPage:
    id: str
    dataset: str
    url: str | None
    lang: str
    date: str
    path: Path


def dev_corpus(root: Path, skip_wcxb: bool) -> Iterator[DatedPage]:
    for raw in (root / "truth.jsonl").read_bytes().splitlines():
        t = orjson.loads(raw) if raw.strip() else {}
        if t.get("date") and not (skip_wcxb and t["dataset"] == "wcxb"):
            yield DatedPage(t["id"], "dev-corpus", t.get("url"), t.get("lang") or "?", t["date"],
                            root / "pages" / f"{t['id']}.html")


def wcxb_dev(root: Path) -> Iterator[DatedPage]:
    for path in sorted((root / "ground-truth").glob("*.json")):
        t = orjson.loads(path.read_bytes())
        day = (t.get("ground_truth") or {}).get("publish_date")
        if day:
            yield DatedPage(path.stem, "wcxb-dev", t.get("url"), "", day, root / "html" / f"{path.stem}.html.gz")


def _read(page: DatedPage) -> str:
    from cleanwire.core.decode import decode

    raw = page.path.read_bytes()
    text = decode(gzip.decompress(raw) if page.path.suffix == ".gz" else raw, None)
    return text if isinstance(text, str) else raw.decode("utf-8", errors="replace")


def flatten(html: str) -> str:
    from inscriptis import get_text

    try:
        return get_text(html)
    except Exception:
        return ""


def _lang(html: str) -> str:
    import re

    m = re.search(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})", html[:5000])
    return m.group(1).lower() if m else "?"


def _clean(content: str, url: str | None, content_type: str | None) -> str | None:
    from cleanwire import Page, clean

    return getattr(clean(Page(content=content, url=url, content_type=content_type)), "date", None)


def _htmldate(doc: str, url: str | None) -> str | None:
    from htmldate import find_date

    try:
        return find_date(doc, url=url, extensive_search=True, original_date=True)
    except Exception:
        return None


def _trafilatura(html: str, url: str | None) -> str | None:
    import trafilatura

    try:
        meta = trafilatura.extract_metadata(html, default_url=url)
    except Exception:
        return None
    return meta.date if meta is not None else None


def _as_html(text: str) -> str:
    paras = "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return f"<html><body>{paras}</body></html>"


def score_page(page: DatedPage) -> dict[str, Any]:
    from cleanwire.core.date_text import find_dates

    html = _read(page)
    text = flatten(html)
    runs: dict[str, Callable[[], str | None]] = {
        "clean_html": lambda: _clean(html, page.url, "text/html"),
        "htmldate_ext": lambda: _htmldate(html, page.url),
        "trafilatura_meta": lambda: _trafilatura(html, page.url),
        "clean_text": lambda: _clean(text, page.url, "text/plain"),
        "htmldate_text": lambda: _htmldate(_as_html(text), page.url),
    }
    found: dict[str, str | None] = {}
    secs: dict[str, float] = {}
    for name, fn in runs.items():
        t0 = time.perf_counter()
        found[name] = fn()
        secs[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    _extract(html, page.url)
    secs["trafilatura_extract"] = time.perf_counter() - t0
    shown = any(page.date in (s.day.isoformat(), str(s.alternative)) for s in find_dates(text))
    return {"id": page.id, "dataset": page.dataset, "lang": page.lang or _lang(html), "url": page.url,
            "truth": page.date, "found": found, "secs": secs, "shown_in_text": shown}


def _extract(html: str, url: str | None) -> None:
    import trafilatura

    trafilatura.extract(html, url=url)


def report(rows: list[dict[str, Any]], min_lang: int) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        groups[r["dataset"]].append(r)
        groups[f"  lang={r['lang']}"].append(r)
        if r["shown_in_text"]:
            groups["date shown in text"].append(r)
    names = [g for g in groups if not g.startswith("  ")] + sorted(
        (g for g in groups if g.startswith("  ") and len(groups[g]) >= min_lang), key=lambda g: -len(groups[g]))
    print(f"{'pages':<24}{'n':>6}" + "".join(f"{s:>18}" for s in SYSTEMS))
    summary: dict[str, Any] = {}
    for g in names:
        items = groups[g]
        acc = {s: sum(r["found"][s] == r["truth"] for r in items) / len(items) for s in SYSTEMS}
        summary[g.strip()] = {"n": len(items), **{s: round(a, 4) for s, a in acc.items()}}
        print(f"{g:<24}{len(items):>6}" + "".join(f"{acc[s]:>18.3f}" for s in SYSTEMS))
    total = {s: sum(r["secs"].get(s, 0.0) for r in rows) for s in (*SYSTEMS, "trafilatura_extract")}
    print("seconds, all pages: " + ", ".join(f"{k} {v:.1f}" for k, v in total.items()))
    summary["seconds"] = {k: round(v, 2) for k, v in total.items()}
    return summary


def run(args: argparse.Namespace) -> int:
    pages: list[DatedPage] = []
    wcxb = Path(args.wcxb) if args.wcxb else None
    if args.corpus:
        pages += dev_corpus(Path(args.corpus), skip_wcxb=bool(wcxb and (wcxb / "ground-truth").is_dir()))
    if wcxb:
        pages += wcxb_dev(wcxb)
    if not pages:
        print("no dated pages: give --corpus DIR (truth.jsonl) and/or --wcxb DIR (ground-truth/)", file=sys.stderr)
        return 2
    pages = pages[: args.limit] if args.limit else pages
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        rows = list(pool.map(score_page, pages, chunksize=4))
    print(f"dated pages: {len(pages)} (dev-corpus without its wcxb pages when --wcxb is given: they are in both)")
    summary = report(rows, args.min_lang)
    if args.out:
        Path(args.out).write_bytes(b"\n".join(orjson.dumps(r) for r in rows) + b"\n")
    print(orjson.dumps(summary).decode())
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval-dates", help="exact-day date accuracy on dated dev pages, HTML and flattened text")
    p.add_argument("--corpus", default=None, help="dev corpus directory (truth.jsonl with a date field)")
    p.add_argument("--wcxb", default=None, help="WCXB split directory (ground-truth/<id>.json, html/<id>.html.gz)")
    p.add_argument("--limit", type=int, default=None, help="only the first N dated pages")
    p.add_argument("--jobs", type=int, default=2, help="worker processes")
    p.add_argument("--min-lang", type=int, default=10, help="report a language with at least this many pages")
    p.add_argument("--out", default=None, help="write per-page results as JSON lines here")
    p.set_defaults(run=run)
