"""`cleanwire eval CORPUS`: clean() against plain trafilatura on a corpus with ground truth, in one run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import orjson

from cleanwire.evaluation import CorpusPage, Score, load_corpus, mean, timed


def _clean(page: CorpusPage) -> tuple[str, str | None]:
    from cleanwire import Article, Page, clean

    result = clean(Page(content=page.html, url=page.url))
    return (result.text, result.date) if isinstance(result, Article) else ("", None)


def _trafilatura(**kwargs: Any) -> Any:
    def run(page: CorpusPage) -> tuple[str, str | None]:
        import trafilatura

        return trafilatura.extract(page.html, url=page.url, **kwargs) or "", None

    return run


def _htmldate(page: CorpusPage) -> tuple[str, str | None]:
    from htmldate import find_date

    try:
        return "", find_date(page.html, url=page.url)
    except Exception:
        return "", None


def run(args: argparse.Namespace) -> int:
    root = Path(args.corpus)
    if not (root / "truth.jsonl").exists():
        print(f"no truth.jsonl in {root}", file=sys.stderr)
        return 2
    pages = list(load_corpus(root, args.limit, set(args.dataset) if args.dataset else None))
    systems = {
        "trafilatura": _trafilatura(),
        "trafilatura_precision": _trafilatura(favor_precision=True),
        "clean": _clean,
    }
    scores = {name: Score(name) for name in systems}
    dates = Score("htmldate")
    for page in pages:  # interleaved, so machine noise hits every system alike
        for name, fn in systems.items():
            text, date, secs = timed(fn, page)
            scores[name].add(page, text, date, secs, with_date=name == "clean")
        _, date, secs = timed(_htmldate, page)
        if page.date:
            dates.dates_total += 1
            dates.dates_right += int(date == page.date)
    datasets = sorted({p.dataset for p in pages})
    head = f"{'system':<24}{'P':>7}{'R':>7}{'F1':>7}" + "".join(f"{d[:8]:>9}" for d in datasets)
    head += f"{'leaks':>8}{'bp-lines':>9}{'pages/s':>9}"
    print(f"corpus: {root} ({len(pages)} pages; F1 per dataset; leaks = must_exclude snippets found)")
    print(head)
    summary: dict[str, Any] = {"pages": len(pages)}
    for s in scores.values():
        leak = s.leaks / s.leak_checks if s.leak_checks else 0.0
        rate = s.pages / s.seconds if s.seconds else 0.0
        row = f"{s.name:<24}{mean(s.p):>7.3f}{mean(s.r):>7.3f}{mean(s.f):>7.3f}"
        row += "".join(f"{mean(s.by_dataset.get(d, [])):>9.3f}" for d in datasets)
        row += f"{leak:>8.1%}{s.junk_lines:>9}{rate:>9.1f}"
        print(row)
        summary[s.name] = {
            "precision": round(mean(s.p), 4), "recall": round(mean(s.r), 4), "f1": round(mean(s.f), 4),
            "f1_by_dataset": {d: round(mean(s.by_dataset.get(d, [])), 4) for d in datasets},
            "must_exclude_leak": round(leak, 4), "boilerplate_lines": s.junk_lines, "pages_per_s": round(rate, 2),
        }
    c = scores["clean"]
    print(f"dates: clean {c.dates_right}/{c.dates_total} = {c.dates_right / max(c.dates_total, 1):.1%}; "
          f"htmldate.find_date {dates.dates_right}/{dates.dates_total} = {dates.dates_right / max(dates.dates_total, 1):.1%}")
    summary["date_accuracy"] = {"clean": round(c.dates_right / max(c.dates_total, 1), 4),
                                "htmldate": round(dates.dates_right / max(dates.dates_total, 1), 4)}
    print(orjson.dumps(summary).decode())
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser("eval", help="score clean() against trafilatura on a corpus with ground truth")
    p.add_argument("corpus", help="directory with pages/<id>.html and truth.jsonl")
    p.add_argument("--limit", type=int, default=None, help="only the first N pages")
    p.add_argument("--dataset", action="append", help="only these datasets (repeatable)")
    p.set_defaults(run=run)
