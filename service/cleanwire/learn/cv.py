"""Cross-validation grouped by site: no site is both learned from and scored in one fold.

Each fold's models are trained (`train.fit`) on the other folds' trainable pages and written to a
folder; the fold's pages are then cleaned by the service's own `clean()` with those models, as HTML and
flattened by each converter (the two trained on and one never trained on), next to trafilatura with
its defaults on the same HTML. Per page and input, one record: word P/R/F1, leaked must-exclude
snippets, published or not.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cleanwire.learn.data import LabelledPage
from cleanwire.learn.flatten import CONVERTERS, flatten, flatten_lxml
from cleanwire.learn.labels import tokens
from cleanwire.learn.train import Part, fit, save

INPUTS = ("html", f"text:{CONVERTERS[0]}", "text:lxml")  # one converter trained on, one never trained on


def word_prf(extracted: str, reference: str) -> tuple[float, float, float]:
    from collections import Counter

    pred, ref = Counter(tokens(extracted)), Counter(tokens(reference))
    tp = sum((pred & ref).values())
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(ref.values()) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def leaks(extracted: str, snippets: Sequence[str]) -> int:
    hay = " " + " ".join(tokens(extracted)) + " "
    return sum(1 for s in snippets if tokens(s) and (" " + " ".join(tokens(s)) + " ") in hay)


def _record(page: LabelledPage, system: str, inp: str, text: str | None, extra: dict[str, Any]) -> dict[str, Any]:
    published = text is not None and bool(text.strip())
    p, r, f = word_prf(text or "", page.body)
    n_leak = leaks(text or "", page.must_exclude)
    return {"id": page.id, "dataset": page.dataset, "site": page.site, "lang": page.lang, "type": page.page_type,
            "system": system, "input": inp, "published": published, "p": p, "r": r, "f1": f, "leaks": n_leak,
            "snippets": len(page.must_exclude), **extra}


def _score_page(args: tuple[str | None, LabelledPage, bool, Sequence[str], float]) -> list[dict[str, Any]]:
    from cleanwire.core.decode import decode
    from cleanwire.core.models import Article, CleanOptions, Page, Rejected
    from cleanwire.core.pipeline import clean

    folder, page, baseline, inputs, gate_min_p = args
    html = decode(page.html, "text/html")
    if isinstance(html, Rejected):
        return []
    options = CleanOptions(models=_models(folder) if folder else None, gate_min_p=gate_min_p)
    out = []
    for inp in inputs:
        if inp == "html":
            content, ctype = html, "text/html"
        else:
            conv = inp.split(":", 1)[1]
            content, ctype = (flatten_lxml(html) if conv == "lxml" else flatten(html, conv)), "text/plain"
        result = clean(Page(content=content, url=page.url, content_type=ctype), options)
        text = result.text if isinstance(result, Article) else None
        extra = {"page_type": result.page_type if isinstance(result, Article) else None,
                 "reason": None if isinstance(result, Article) else str(result.reason)}
        out.append(_record(page, "clean", inp, text, extra))
    if baseline:
        import trafilatura

        out.append(_record(page, "trafilatura", "html", trafilatura.extract(html, url=page.url), {}))
    return out


_LOADED: dict[str, Any] = {}


def _models(folder: str) -> Any:
    from cleanwire.core.model import Models

    if folder not in _LOADED:
        _LOADED.clear()
        _LOADED[folder] = Models.load(Path(folder))
    return _LOADED[folder]


def folds(pages: Sequence[LabelledPage], k: int) -> list[np.ndarray]:
    from sklearn.model_selection import GroupKFold

    groups = np.asarray([p.site for p in pages])
    return [te for _, te in GroupKFold(n_splits=k).split(np.zeros(len(pages)), groups=groups)]


def run_cv(pages: Sequence[LabelledPage], parts: dict[str, Part] | None, k: int, work: Path, jobs: int,
           baseline: bool = True, inputs: Sequence[str] = INPUTS, gate_min_p: float = 0.0) -> list[dict[str, Any]]:
    """Train each fold's models into `work`/fold<n> and score the fold's pages. `parts` None: rescore with the
    fold models an earlier run left in `work` (the same pages and folds), training nothing: a decision rule
    or an extraction change measured on fixed models in a minute or two, not a retraining's twenty."""
    records: list[dict[str, Any]] = []
    for n, test in enumerate(folds(pages, k)):
        folder = work / f"fold{n}"
        if parts is not None:
            save(fit(parts, pages, np.setdiff1d(np.arange(len(pages)), test)), folder)
        elif not (folder / "manifest.json").is_file():
            raise FileNotFoundError(f"no fold models in {folder}: run `cleanwire eval` with the same pages and folds first")
        tasks = [(str(folder), pages[i], baseline, tuple(inputs), gate_min_p) for i in test]
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            for recs in pool.imap_unordered(_score_page, tasks, chunksize=2):
                for r in recs:
                    r["fold"] = n
                records.extend(recs)
        print(f"fold {n + 1}/{k}: {len(test)} pages scored", flush=True)
    return records
