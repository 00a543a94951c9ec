"""The shipped model files: loadable, the features the code computes, the library version they were made with."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import lightgbm

from cleanwire.core.model import FORMAT, MODEL_NAMES, Models, expected_features

FOLDER = Path(str(resources.files("cleanwire") / "models"))


def test_manifest_matches_the_code_and_the_pinned_library() -> None:
    manifest = json.loads((FOLDER / "manifest.json").read_text())
    assert manifest["format"] == FORMAT
    assert manifest["lightgbm"] == lightgbm.__version__
    for name in MODEL_NAMES:
        assert manifest["features"][name] == expected_features(name)
        assert 0.0 < manifest["thresholds"][name] < 1.0
    assert set(manifest["data"]) <= {"wcxb-dev", "fundus", "wcxb"}  # never dragnet or l3s-gn1


def test_models_load_with_the_code_s_feature_names() -> None:
    models = Models.load(FOLDER)
    for name in MODEL_NAMES:
        assert models.boosters[name].feature_name() == expected_features(name)


def test_model_files_are_small() -> None:
    assert sum(f.stat().st_size for f in FOLDER.iterdir()) < 8_000_000
