"""The shipped model files: loadable, the features the code computes, the library version they were made with."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import lightgbm
import numpy as np
import pytest

from cleanwire.core import features
from cleanwire.core.model import (
    BAGS,
    FORMAT,
    MODEL_NAMES,
    ModelMismatchError,
    Models,
    all_names,
    bag_names,
    expected_features,
    library_drift,
    library_versions,
)
from cleanwire.core.pipeline import prepare
from conftest import RESOURCES, ROOT

FOLDER = Path(str(resources.files("cleanwire") / "models"))


def test_manifest_matches_the_code_and_the_pinned_library() -> None:
    manifest = json.loads((FOLDER / "manifest.json").read_text())
    assert manifest["format"] == FORMAT
    assert manifest["bags"] == BAGS
    assert manifest["lightgbm"] == lightgbm.__version__
    for name in MODEL_NAMES:
        assert manifest["features"][name] == expected_features(name)
        assert 0.0 < manifest["thresholds"][name] < 1.0
    assert set(manifest["data"]) <= {"wcxb-dev", "fundus", "wcxb"}  # never dragnet or l3s-gn1


def test_models_load_with_the_code_s_feature_names() -> None:
    models = Models.load(FOLDER)
    assert set(models.boosters) == set(all_names())
    for name in all_names():
        assert models.boosters[name].feature_name() == expected_features(name)


def test_model_files_are_small() -> None:
    assert sum(f.stat().st_size for f in FOLDER.iterdir()) < 8_000_000


def test_a_flattened_page_s_line_scores_are_the_mean_of_the_text_bags() -> None:
    """Each bag is its own two-pass pair (its own seed) scoring a line the mean of its two passes, as the HTML
    pair does; the score is the bags' mean, and the bags do differ (else averaging them would be a cost for
    nothing)."""
    example = RESOURCES / "examples" / "moscowtimes-putin-kim"
    url = json.loads((example / "meta.json").read_text())["url"]
    prep = prepare((example / "page.txt").read_text(), url, "text/plain")
    models = Models.load(FOLDER)
    per_bag = []
    for first, second in bag_names("text"):
        scores = models.boosters[first].predict(prep.rows, num_threads=1)
        second_pass = models.boosters[second].predict(features.second_stage(prep.rows, scores), num_threads=1)
        per_bag.append(0.5 * (scores + second_pass))
    assert len(per_bag) == BAGS["text"] > 1
    assert np.allclose(models.line_scores(prep.rows, html=False), np.mean(per_bag, axis=0))
    assert max(float(np.max(np.abs(b - per_bag[0]))) for b in per_bag[1:]) > 0.01


def test_a_manifest_with_other_bags_than_the_code_s_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(FOLDER, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["bags"] = {"html": 1, "text": 1}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelMismatchError):
        Models.load(copy)


def test_the_models_were_trained_with_the_pinned_libraries_and_run_with_them() -> None:
    """The manifest's library versions are constraints.txt's (what every install gets), and this install runs
    them: a model file rebuilt by `make train` on this install is the shipped one, and no drift is reported."""
    manifest = json.loads((FOLDER / "manifest.json").read_text())
    trained = manifest["libraries"]
    assert {"trafilatura", "lxml", "htmldate", "numpy", "lightgbm", "inscriptis", "html2text"} <= set(trained)
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    for name, version in trained.items():
        assert pins[name.lower().replace("_", "-")] == version, name
    assert library_drift(trained, library_versions()) == []
    assert Models.load(FOLDER).drift == ()


def test_other_library_versions_are_named_when_the_models_load(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = tmp_path / "models"
    shutil.copytree(FOLDER, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["libraries"]["trafilatura"] = "1.0.0"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with caplog.at_level("WARNING", logger="cleanwire.core.model"):
        models = Models.load(folder)
    assert models.drift == (f"trafilatura 1.0.0 -> {library_versions()['trafilatura']}",)
    assert "trafilatura 1.0.0 ->" in caplog.text


def test_library_drift_names_only_installed_libraries_at_other_versions() -> None:
    trained = {"trafilatura": "2.3.1", "inscriptis": "2.6.0", "lxml": "6.2.0"}
    running = {"trafilatura": "2.3.1", "lxml": "6.3.0"}  # inscriptis (a training extra) not installed
    assert library_drift(trained, running) == ["lxml 6.2.0 -> 6.3.0"]


def test_a_manifest_without_the_detached_bars_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "models"
    shutil.copytree(FOLDER, folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format"] = 1  # made before the bars were written with the models
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelMismatchError):
        Models.load(folder)


def test_clean_cuts_detached_stretches_at_the_models_own_bar() -> None:
    """The bar comes with the models (their manifest), not from a constant: models carrying bar x clean a page as
    the option `detached_min=x` does, and the bar matters on the bundled pages (as flattened text)."""
    import dataclasses

    from cleanwire.core.decode import decode
    from cleanwire.core.models import CleanOptions, Page
    from cleanwire.core.pipeline import clean
    from cleanwire.evaluation import load_corpus
    from cleanwire.learn.flatten import flatten

    manifest = json.loads((FOLDER / "manifest.json").read_text())
    shipped = Models.load(FOLDER)
    assert shipped.detached_min(True) == manifest["thresholds"]["detached_html"]
    assert shipped.detached_min(False) == manifest["thresholds"]["detached_text"]
    assert all(0.0 < shipped.detached_min(html) < 1.0 for html in (True, False))
    differs = 0
    for page in load_corpus(RESOURCES / "corpus"):
        html = decode(page.html, "text/html")
        assert isinstance(html, str)
        text = flatten(html, "inscriptis")
        by_bar = []
        for bar in (0.0, 0.99):
            models = dataclasses.replace(shipped, thresholds={**shipped.thresholds, "detached_text": bar})
            got = clean(Page(content=text, url=page.url), CleanOptions(models=models))
            assert got == clean(Page(content=text, url=page.url), CleanOptions(models=shipped, detached_min=bar))
            by_bar.append(got)
        differs += by_bar[0] != by_bar[1]
    assert differs >= 1
