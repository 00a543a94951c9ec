"""Deciding: the shipped classifiers, loaded once per process, and what they say about a page's lines.

The models are LightGBM's own text format, gzipped (`service/cleanwire/models/*.txt.gz`), which loads across
LightGBM versions, not pickles. `manifest.json` holds each model's feature names and threshold; loading
refuses a model whose feature names differ from the code's (`cleanwire.core.features`, `.gate`).
"""

from __future__ import annotations

import functools
import gzip
import logging
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from cleanwire.core import features, gate

MODEL_NAMES = ("lines_html", "lines_html2", "lines_text", "lines_text2", "gate_html", "gate_text", "gate_html_nourl",
               "gate_text_nourl")
# 2: the manifest's thresholds hold the detached-stretch bars (detached_html, detached_text);
# 3: a page sent without a URL has its own gates (gate_html_nourl, gate_text_nourl)
FORMAT = 3
# Line models per kind of input, each a two-pass pair learnt with its own seed; a line's score is their mean.
# The text models learn with row and feature sampling (`cleanwire.learn.train`), so one seed's pair moves the
# marginal lines of a page (a banner, an appeal after the body) across the threshold and back; five average
# that out (README, model card). The HTML models learn without sampling: their seed changes nothing.
BAGS = {"html": 1, "text": 5}
# The libraries whose output the models learnt from: the parser and extractor that make a page's lines (and
# trafilatura's fallbacks), the charset and date readers, the converters that flattened the training pages,
# the learners. `cleanwire train` records their versions in the manifest; `constraints.txt` pins the same ones
# for every install (make setup, the image), so that `make train` rebuilds the shipped files byte for byte
# and the service runs the models on lines made as the training lines were.
LIBRARIES = ("trafilatura", "justext", "lxml", "lxml_html_clean", "htmldate", "dateparser", "charset-normalizer",
             "numpy", "lightgbm", "inscriptis", "html2text", "scikit-learn")
log = logging.getLogger(__name__)


def library_versions() -> dict[str, str]:
    """The installed versions of LIBRARIES (those installed: the converters and scikit-learn are training extras)."""
    versions = {}
    for dist in LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return versions


def library_drift(trained: dict[str, str], running: dict[str, str]) -> list[str]:
    """"name trained-version -> running-version" for each library installed now at another version than the
    one the models were trained with."""
    return [f"{name} {trained[name]} -> {version}" for name, version in sorted(running.items())
            if name in trained and trained[name] != version]


def bag_names(kind: str) -> list[tuple[str, str]]:
    """The (first pass, second pass) model names of each of a kind's bags: bag 0 keeps the plain names."""
    base = f"lines_{kind}"
    return [(base, base + "2")] + [(f"{base}.b{k}", f"{base}2.b{k}") for k in range(1, BAGS[kind])]


def all_names() -> list[str]:
    """Every model file's name: MODEL_NAMES and the further bags of the line models."""
    extra = [n for kind in BAGS for pair in bag_names(kind)[1:] for n in pair]
    return [*MODEL_NAMES, *extra]


class ModelMismatchError(RuntimeError):
    """The shipped model was trained on other features than this code computes: retrain (`make train`)."""


def expected_features(name: str) -> list[str]:
    name = name.split(".", 1)[0]  # a bag's model has its kind's features
    return {
        "lines_html": features.names(True), "lines_text": features.names(False),
        "lines_html2": features.second_names(True), "lines_text2": features.second_names(False),
        "gate_html": gate.names(True), "gate_text": gate.names(False),
        "gate_html_nourl": gate.names(True), "gate_text_nourl": gate.names(False),
    }[name]


@dataclass(frozen=True)
class Models:
    boosters: dict[str, Any]
    thresholds: dict[str, float]
    drift: tuple[str, ...] = ()  # library_drift: what runs at other versions than the models were trained with

    @classmethod
    def load(cls, folder: Path | None = None) -> Models:
        import lightgbm as lgb

        root = folder or Path(str(resources.files("cleanwire") / "models"))
        manifest = orjson.loads((root / "manifest.json").read_bytes())
        if manifest.get("format") != FORMAT:
            raise ModelMismatchError(f"model format {manifest.get('format')}, this code reads {FORMAT}")
        if manifest.get("bags", {"html": 1, "text": 1}) != BAGS:
            raise ModelMismatchError(f"bags {manifest.get('bags')}, this code averages {BAGS}; run `make train`")
        boosters = {}
        for name in all_names():
            booster = lgb.Booster(model_str=gzip.decompress((root / f"{name}.txt.gz").read_bytes()).decode("utf-8"))
            if booster.feature_name() != expected_features(name):
                raise ModelMismatchError(f"{name}: the model's features are not the code's; run `make train`")
            boosters[name] = booster
        drift = tuple(library_drift(manifest.get("libraries", {}), library_versions()))
        if drift:
            # Not refused: the models still decide, on lines made by other code than they learnt from; the
            # quality measured in the README is not measured for these versions (constraints.txt pins them).
            log.warning("models in %s were trained with other library versions: %s", root, ", ".join(drift))
        return cls(boosters, {k: float(v) for k, v in manifest["thresholds"].items()}, drift)

    def line_scores(self, rows: np.ndarray, html: bool) -> np.ndarray:
        """Two passes: each line on its own and its neighbours' shape, then again with the first pass's
        scores around it (`features.second_stage`); a line scores the mean of the two passes, and the mean over
        the kind's bags (BAGS). The second pass's mapping of mid first-pass scores moves with the training data (a
        body sentence "Comments from the minister were mild." at first pass 0.68 and 0.67 came out 0.74 and 0.41
        of two trainings); the first pass steadies it. Grouped CV on the same fold models (README, Quality):
        HTML F1 0.9274 -> 0.9280 (fifteenth session); flattened text, where the second pass alone had let a
        longer run of blurbs elsewhere on the page pull a short article under the threshold, inscriptis F1
        0.9045 -> 0.9048 and pages with a leak 99 -> 96, lxml 0.8896 -> 0.8903 and 81 -> 82, the 8 Japanese
        news pages 0.722 -> 0.786 (eighteenth session)."""
        if len(rows) == 0:
            return np.zeros(0)
        scores = []
        for first_name, second_name in bag_names("html" if html else "text"):
            first = np.asarray(self.boosters[first_name].predict(rows, num_threads=1))
            rows2 = features.second_stage(rows, first)
            second = np.asarray(self.boosters[second_name].predict(rows2, num_threads=1))
            scores.append(0.5 * (first + second))
        return scores[0] if len(scores) == 1 else np.mean(scores, axis=0)

    def line_threshold(self, html: bool) -> float:
        return self.thresholds["lines_html2" if html else "lines_text2"]

    def detached_min(self, html: bool) -> float:
        """The median score a stretch of kept lines cut off from the article's own needs to stay
        (`boilerplate.decide`), as trained with these models (`learn.train.DETACHED_MIN`)."""
        return self.thresholds["detached_html" if html else "detached_text"]

    def page_type(self, row: np.ndarray, html: bool, accept: frozenset[str], home: bool = False,
                  min_p: float = 0.0) -> tuple[str, float]:
        """(page type, probability of the accepted types). The type is the likeliest accepted type when the page
        passes the gate's threshold, else the likeliest other type. `home`: the page is a site's front page
        (`gate.home_page`), which is never an article: the article's probability counts as 0 and the
        likeliest other type names it (a listing, a shop's collection, a service's landing page). `min_p`: a
        higher bar than the gate's own threshold (`CleanOptions.gate_min_p`); it never lowers it."""
        name = self._gate_name(html, with_url=not bool(np.isnan(row[0, 0])))
        probs = np.asarray(self.boosters[name].predict(row, num_threads=1))[0]
        if home:
            probs = np.where(np.asarray(gate.PAGE_TYPES) == "article", 0.0, probs)
        p_accept = float(sum(p for t, p in zip(gate.PAGE_TYPES, probs, strict=True) if t in accept))
        bar = max(self.thresholds[name], min_p)
        passed = p_accept >= bar
        pool = [(p, t) for t, p in zip(gate.PAGE_TYPES, probs, strict=True) if (t in accept) == passed]
        return (max(pool)[1] if pool else gate.PAGE_TYPES[int(np.argmax(probs))]), p_accept

    @staticmethod
    def _gate_name(html: bool, with_url: bool) -> str:
        """A page that came without a URL (its URL columns missing, as `gate._url(None)` gives them) is judged by
        the gate of its kind that learnt every page without its URL (`learn.train.without_any_url`)."""
        return ("gate_html" if html else "gate_text") + ("" if with_url else "_nourl")

    def gate_threshold(self, html: bool, with_url: bool = True) -> float:
        return self.thresholds[self._gate_name(html, with_url)]


@functools.cache
def shipped() -> Models:
    return Models.load()
