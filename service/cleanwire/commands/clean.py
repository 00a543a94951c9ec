"""`cleanwire clean PATH...`: the cleaning core offline, on files, directories, WARC files or stdin."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import orjson

from cleanwire.core.models import Article, Page, Rejected


def _clean_one(item: tuple[str, Page]) -> tuple[str, Article | Rejected]:
    from cleanwire.core.models import RejectReason
    from cleanwire.core.pipeline import clean

    source, page = item
    try:
        return source, clean(page)
    except Exception as exc:  # clean never raises by contract; a bug still must not stop the batch
        return source, Rejected(RejectReason.EXTRACTION_CRASH, f"{type(exc).__name__}: {exc}"[:300])


def as_json(source: str, result: Article | Rejected) -> bytes:
    if isinstance(result, Rejected):
        return orjson.dumps({"source": source, "reason": str(result.reason), "detail": result.detail})
    return orjson.dumps({
        "source": source, "url": result.url, "canonical_url": result.canonical_url, "title": result.title,
        "date": result.date, "date_source": result.date_source, "language": result.language,
        "paywalled": result.paywalled, "page_type": result.page_type, "text": result.text, "tagged_text": result.tagged_text,
        "removed": {k: list(v) for k, v in result.removed.items()},
    })


def run(args: argparse.Namespace) -> int:
    from cleanwire.inputs import iter_pages

    items = list(iter_pages(args.paths, url=args.url, content_type=args.content_type))
    results: Iterator[tuple[str, Article | Rejected]]
    if args.jobs > 1 and len(items) > 1:
        pool = ProcessPoolExecutor(max_workers=args.jobs)
        results = pool.map(_clean_one, items, chunksize=4)
    else:
        pool = None
        results = map(_clean_one, items)
    if len(items) > 5 and sys.stderr.isatty():
        from tqdm import tqdm

        results = tqdm(results, total=len(items), unit="page", file=sys.stderr)
    out = sys.stdout.buffer
    rejected = 0
    for source, result in results:
        rejected += isinstance(result, Rejected)
        if args.format == "text":
            if isinstance(result, Article):
                out.write(result.tagged_text.encode("utf-8"))
                if len(items) > 1:
                    out.write(b"\n")
            else:
                print(f"{source}: rejected: {result.reason}: {result.detail}", file=sys.stderr)
        else:
            out.write(as_json(source, result) + b"\n")
    out.flush()
    if pool is not None:
        pool.shutdown()
    return 1 if items and rejected == len(items) else 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("clean", help="clean pages offline (files, directories, WARC, - for stdin)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--url", help="URL of a single page (dates from the URL, canonical id)")
    p.add_argument("--content-type", help="e.g. text/html, text/plain; charset=windows-1251")
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl")
    p.add_argument("--jobs", type=int, default=1, help="processes to clean with")
    p.set_defaults(run=run)
