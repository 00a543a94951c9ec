"""`cleanwire replay [CORPUS]`: a multi-site stream replayed through clean() and the per-site memory,
offline; prints a table, then one JSON line with the key numbers."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson

from cleanwire.memory.site import SiteMemory

_OTHER_KS = (3, 10)


def _ks(given: list[int] | None) -> list[int]:
    if given:
        return sorted(set(given))
    return sorted({SiteMemory().min_articles, *_OTHER_KS})


def run(args: argparse.Namespace) -> int:
    from cleanwire.bench import replay
    from cleanwire.evaluation import load_corpus, mean

    root = Path(args.corpus)
    if not (root / "truth.jsonl").exists():
        print(f"no truth.jsonl in {root}", file=sys.stderr)
        return 2
    ks = _ks(args.k)
    if min(ks) < 1 or args.articles_per_site < 1 or args.sites < 0:
        print("--k and --articles-per-site must be at least 1, --sites at least 0", file=sys.stderr)
        return 2
    primary = args.k[0] if args.k else SiteMemory().min_articles
    pages = list(load_corpus(root))
    sites = replay.find_sites(pages, args.sites, args.seed)
    if not sites:
        print(f"no page in {root} has template lines that clean() keeps", file=sys.stderr)
        return 2
    stream = replay.build_stream(pages, sites, args.articles_per_site, args.seed)
    results, template_in, template_clean = replay.replay(stream, ks)
    summary = replay.summary(results, primary, len(sites), len(stream), template_in, template_clean)

    several = sum(len(s.templates) > 1 for s in sites)
    counts = sorted(set(Counter(a.site for a in stream).values()))
    per_site = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}-{counts[-1]}"
    print(f"replay of {root}: {len(sites)} sites ({several} built from several real pages), {len(stream)} articles "
          f"({per_site} per site, seed {args.seed}), sites interleaved")
    print(f"template lines in the pages: {template_in}; kept by clean(): {template_clean} "
          f"({template_clean / max(template_in, 1):.1%}). Per article, w/o = clean only, with = clean + SiteMemory(K)")
    print(f"{'K':>3}{'1..K w/o':>10}{'1..K with':>10}{'>K w/o':>9}{'>K with':>9}{'removed >K':>12}"
          f"{'recall w/o':>12}{'recall with':>13}{'FP lines':>10}{'FP words':>10}")
    for r in results:
        n = summary["by_k"][str(r.k)]
        removed = n["template_removed_after_k"]
        print(f"{r.k:>3}{n['template_lines_first_k_without']:>10.3f}{n['template_lines_first_k_with']:>10.3f}"
              f"{n['template_lines_after_k_without']:>9.3f}{n['template_lines_after_k_with']:>9.3f}"
              f"{(f'{removed:.1%}' if removed is not None else '-'):>12}"
              f"{mean(r.recall_without):>12.4f}{mean(r.recall_with):>13.4f}"
              f"{r.false_positive_lines:>10}{r.false_positive_words:>10}")
    main = next(r for r in results if r.k == primary)
    worst = sorted(main.by_site.items(), key=lambda kv: kv[1].template_with, reverse=True)[:5]
    worst = [(site, b) for site, b in worst if b.template_with]
    if worst:
        print(f"template lines left after K={primary}, worst sites: " + "; ".join(
            f"{site} {b.template_with}/{b.template_without}" for site, b in worst))
    for example in main.false_positive_examples:
        print(f"false positive (K={primary}): {example}")
    print(orjson.dumps(summary).decode())
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("replay", help="replay a multi-site stream through clean() and the per-site memory, offline")
    p.add_argument("corpus", nargs="?", default="tests/resources/corpus",
                   help="directory with pages/<id>.html and truth.jsonl (default: tests/resources/corpus)")
    p.add_argument("--sites", type=int, default=0, help="number of sites (default 0: every site with template lines)")
    p.add_argument("--articles-per-site", type=int, default=40, help="articles each site publishes (default 40)")
    p.add_argument("--k", type=int, action="append",
                   help=f"SiteMemory min_articles, repeatable; the first is the headline K "
                        f"(default: {SiteMemory().min_articles}, also {' and '.join(map(str, _OTHER_KS))})")
    p.add_argument("--seed", type=int, default=7, help="seed of site order, bodies and interleaving (default 7)")
    p.set_defaults(run=run)
