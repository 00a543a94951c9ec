"""`cleanwire eval`: the cleaner scored honestly, next to trafilatura with its defaults, in one run.

Cross-validation grouped by site (`cleanwire.learn.cv`): every page is cleaned by models that never
saw its site. Reports word P/R/F1 and must-exclude leaks on article pages for the HTML path and the
flattened path (two converters trained on, one never trained on), by dataset and by language where there
are enough pages, and the page-type gate: articles rejected, non-articles published, by type.
"""

from __future__ import annotations

import argparse
import collections
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

_MIN_GROUP = 20


def _mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def _row(recs: list[dict[str, Any]]) -> dict[str, float]:
    with_snips = [r for r in recs if r["snippets"]]
    return {
        "pages": len(recs), "p": _mean(r["p"] for r in recs), "r": _mean(r["r"] for r in recs),
        "f1": _mean(r["f1"] for r in recs),
        "leak_share": sum(r["leaks"] for r in recs) / max(sum(r["snippets"] for r in recs), 1),
        "pages_leaking": sum(1 for r in with_snips if r["leaks"]) / max(len(with_snips), 1),
    }


def _print_table(title: str, rows: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'':<34}{'pages':>6}{'P':>7}{'R':>7}{'F1':>7}{'leaks':>8}{'pages w/ leak':>15}")
    for name, s in rows.items():
        print(f"  {name:<34}{s['pages']:>6}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}{s['leak_share']:>8.1%}"
              f"{s['pages_leaking']:>15.1%}")


def report(records: list[dict[str, Any]]) -> dict[str, Any]:
    arts = [r for r in records if r["type"] == "article"]

    def sel(system: str, inp: str, pred: Callable[[dict[str, Any]], bool] | None = None) -> list[dict[str, Any]]:
        return [r for r in arts if r["system"] == system and r["input"] == inp and (pred is None or pred(r))]

    summary: dict[str, Any] = {}
    main = {"trafilatura (defaults), HTML": _row(sel("trafilatura", "html")), "clean, HTML": _row(sel("clean", "html"))}
    inputs = sorted({r["input"] for r in records if r["input"] != "html"})
    for inp in inputs:
        main[f"clean, flattened ({inp.split(':')[1]})"] = _row(sel("clean", inp))
    _print_table("Articles (all datasets; a rejected article scores 0)", main)
    summary["articles"] = main
    for key, label in (("dataset", "dataset"), ("lang", "language")):
        groups = collections.Counter(r[key] for r in sel("clean", "html"))
        rows = {}
        for g, n in sorted(groups.items(), key=lambda kv: -kv[1]):
            if n < _MIN_GROUP:
                continue
            for system, inp in (("trafilatura", "html"), ("clean", "html"), ("clean", "text:inscriptis")):
                rows[f"{g}: {system} {inp}"] = _row([r for r in sel(system, inp) if r[key] == g])
        _print_table(f"Articles by {label} (groups of {_MIN_GROUP}+ pages)", rows)
        summary[f"by_{key}"] = rows
    gate: dict[str, Any] = {}
    print("\nPage-type gate: share of pages published, by true type")
    types = sorted({r["type"] for r in records}, key=lambda t: (t != "article", t))
    head = "".join(f"{t[:11]:>12}" for t in types)
    print(f"  {'':<34}{head}{'non-articles':>14}{'listing+coll.':>14}")
    for system, inp in [("trafilatura", "html"), *(("clean", i) for i in ["html", *inputs])]:
        recs = [r for r in records if r["system"] == system and r["input"] == inp]
        shares = {t: _mean(float(r["published"]) for r in recs if r["type"] == t) for t in types}
        non = _mean(float(r["published"]) for r in recs if r["type"] != "article")
        lc = _mean(float(r["published"]) for r in recs if r["type"] in ("listing", "collection"))
        print(f"  {system + ', ' + inp:<34}" + "".join(f"{shares[t]:>12.1%}" for t in types) + f"{non:>14.1%}{lc:>14.1%}")
        gate[f"{system} {inp}"] = {"published_by_type": shares, "non_articles_published": non,
                                   "listing_collection_published": lc, "articles_rejected": 1 - shares.get("article", 0)}
    summary["gate"] = gate
    return summary


def run(args: argparse.Namespace) -> int:
    from cleanwire.learn.cv import INPUTS, run_cv
    from cleanwire.learn.data import load_all
    from cleanwire.learn.train import cached_build

    pages = load_all(Path(args.wcxb) if args.wcxb else None, Path(args.corpus) if args.corpus else None)
    if args.limit:
        pages = pages[:: max(1, len(pages) // args.limit)][: args.limit]
    if len({p.site for p in pages}) < args.folds:
        print(f"{len(pages)} pages from too few sites for {args.folds} folds")
        return 2
    print(f"{len(pages)} pages, {len({p.site for p in pages})} sites, "
          f"{dict(collections.Counter(p.page_type for p in pages))}; {args.folds}-fold CV grouped by site", flush=True)
    inputs = INPUTS if args.inputs is None else tuple(args.inputs.split(","))
    unknown = set(inputs) - set(INPUTS)
    if unknown:
        print(f"unknown inputs {sorted(unknown)}; choose from {', '.join(INPUTS)}")
        return 2
    parts = None if args.rescore else cached_build(pages, Path(args.cache), jobs=args.jobs)
    try:
        records = run_cv(pages, parts, args.folds, Path(args.cache) / "cv", args.jobs, inputs=inputs,
                         gate_min_p=args.gate_min_p)
    except FileNotFoundError as exc:
        print(exc)
        return 2
    if args.records:
        Path(args.records).write_bytes(b"\n".join(orjson.dumps(r) for r in records))
    summary = report(records)
    print(orjson.dumps(summary).decode())
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="grouped cross-validation of clean() next to trafilatura, HTML and flattened")
    p.add_argument("--wcxb", default=None, help="WCXB development split (ground-truth/, html/)")
    p.add_argument("--corpus", default=None, help="dev corpus (truth.jsonl, pages/)")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--limit", type=int, default=None, help="an even sample of N pages")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--cache", default=".cache/learn")
    p.add_argument("--records", default=None, help="write every per-page record here (jsonl)")
    p.add_argument("--rescore", action="store_true",
                   help="score with the fold models a run with the same pages and folds left in CACHE/cv; train nothing")
    p.add_argument("--gate-min-p", type=float, default=0.0,
                   help="score with the gate made stricter, as CLEANWIRE_GATE_MIN_P does (the gate's trade-off)")
    p.add_argument("--inputs", default=None, help="comma-separated inputs to score (default: html and both flattenings)")
    p.set_defaults(run=run)
