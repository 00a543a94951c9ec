"""`cleanwire train`: the shipped models, rebuilt from the labelled pages with a fixed seed."""

from __future__ import annotations

import argparse
import collections
from pathlib import Path
from typing import Any

import numpy as np


def run(args: argparse.Namespace) -> int:
    from cleanwire.learn.data import load_all
    from cleanwire.learn.train import cached_build, data_hashes, fit, save

    pages = load_all(Path(args.wcxb) if args.wcxb else None, Path(args.corpus) if args.corpus else None)
    trainable = [p for p in pages if p.trainable]
    print(f"{len(trainable)} trainable pages of {len(pages)} "
          f"({dict(collections.Counter(p.dataset for p in trainable))}); types "
          f"{dict(collections.Counter(p.page_type for p in trainable))}", flush=True)
    parts = cached_build(pages, Path(args.cache), jobs=args.jobs)  # all pages: the cache `make eval` reads too
    if args.compare:
        from cleanwire.learn.compare import compare

        print("\n".join(compare(parts, pages)))
        return 0
    trained = fit(parts, pages, np.arange(len(pages)))  # fit leaves the untrainable datasets out
    counts = {kind: len(parts[kind].arrays()[1]) for kind in parts}
    save(trained, Path(args.out), {"data": data_hashes(trainable), "pages": len(trainable), "lines": counts})
    print(f"models written to {args.out}; thresholds {trained.thresholds}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("train", help="train the line classifiers and the page-type gate (fixed seed)")
    p.add_argument("--wcxb", default=None, help="WCXB development split (ground-truth/, html/)")
    p.add_argument("--corpus", default=None, help="dev corpus (truth.jsonl, pages/); dragnet and l3s-gn1 are never trained on")
    p.add_argument("--out", default="service/cleanwire/models", help="where the model files go")
    p.add_argument("--cache", default=".cache/learn", help="feature cache")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--compare", action="store_true", help="only compare LightGBM with a logistic regression (grouped CV)")
    p.set_defaults(run=run)
