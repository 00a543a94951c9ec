"""Deciding: the shipped classifiers, loaded once per process, and what they say about a page's lines.

The models are LightGBM's own text format, gzipped (`service/cleanwire/models/*.txt.gz`), which loads across
LightGBM versions, not pickles. `manifest.json` holds each model's feature names and threshold; loading
refuses a model whose feature names differ from the code's (`cleanwire.core.features`, `.gate`).
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from cleanwire.core import features, gate

MODEL_NAMES = ("lines_html", "lines_html2", "lines_text", "lines_text2", "gate_html", "gate_text")
FORMAT = 1


class ModelMismatchError(RuntimeError):
    """The shipped model was trained on other features than this code computes: retrain (`make train`)."""


def expected_features(name: str) -> list[str]:
    return {
        "lines_html": features.names(True), "lines_text": features.names(False),
        "lines_html2": features.second_names(True), "lines_text2": features.second_names(False),
        "gate_html": gate.names(True), "gate_text": gate.names(False),
    }[name]


@dataclass(frozen=True)
class Models:
    boosters: dict[str, Any]
    thresholds: dict[str, float]

    @classmethod
    def load(cls, folder: Path | None = None) -> Models:
        import lightgbm as lgb

        root = folder or Path(str(resources.files("cleanwire") / "models"))
        manifest = orjson.loads((root / "manifest.json").read_bytes())
        if manifest.get("format") != FORMAT:
            raise ModelMismatchError(f"model format {manifest.get('format')}, this code reads {FORMAT}")
        boosters = {}
        for name in MODEL_NAMES:
            booster = lgb.Booster(model_str=gzip.decompress((root / f"{name}.txt.gz").read_bytes()).decode("utf-8"))
            if booster.feature_name() != expected_features(name):
                raise ModelMismatchError(f"{name}: the model's features are not the code's; run `make train`")
            boosters[name] = booster
        return cls(boosters, {k: float(v) for k, v in manifest["thresholds"].items()})

    def line_scores(self, rows: np.ndarray, html: bool) -> np.ndarray:
        """Two passes: each line on its own and its neighbours' shape, then again with the first pass's
        scores around it (`features.second_stage`)."""
        if len(rows) == 0:
            return np.zeros(0)
        kind = "lines_html" if html else "lines_text"
        first = np.asarray(self.boosters[kind].predict(rows, num_threads=1))
        rows2 = features.second_stage(rows, first)
        return np.asarray(self.boosters[kind + "2"].predict(rows2, num_threads=1))

    def line_threshold(self, html: bool) -> float:
        return self.thresholds["lines_html2" if html else "lines_text2"]

    def page_type(self, row: np.ndarray, html: bool, accept: frozenset[str]) -> tuple[str, float]:
        """(page type, probability of the accepted types). The type is the likeliest accepted type when the page
        passes the gate's threshold, else the likeliest other type."""
        name = "gate_html" if html else "gate_text"
        probs = np.asarray(self.boosters[name].predict(row, num_threads=1))[0]
        p_accept = float(sum(p for t, p in zip(gate.PAGE_TYPES, probs, strict=True) if t in accept))
        passed = p_accept >= self.thresholds[name]
        pool = [(p, t) for t, p in zip(gate.PAGE_TYPES, probs, strict=True) if (t in accept) == passed]
        return (max(pool)[1] if pool else gate.PAGE_TYPES[int(np.argmax(probs))]), p_accept

    def gate_threshold(self, html: bool) -> float:
        return self.thresholds["gate_html" if html else "gate_text"]


@functools.cache
def shipped() -> Models:
    return Models.load()
