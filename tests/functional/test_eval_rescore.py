"""`cleanwire eval --rescore`: the fold models of an earlier run score the same pages again, nothing trained.

A decision rule or an extraction change is measured on fixed fold models in a minute or two (1.5 minutes for
the 1,806 dev pages' HTML) instead of a retraining's twenty; the records must be those of the run that made the
models when nothing changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from conftest import RESOURCES


def _eval(cache: Path, records: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "cleanwire", "eval", "--wcxb", str(RESOURCES / "wcxb-sample"), "--corpus",
           str(RESOURCES / "corpus"), "--folds", "2", "--cache", str(cache), "--records", str(records), *extra]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


def _html_records(path: Path) -> list[dict[str, object]]:
    recs = [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]
    return sorted((r for r in recs if r["input"] == "html"), key=lambda r: (r["id"], r["system"]))


@pytest.mark.functional
@pytest.mark.slow
def test_rescoring_with_the_runs_own_fold_models_gives_its_records(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert _eval(cache, tmp_path / "first.jsonl").returncode == 0
    models = sorted((cache / "cv").glob("fold*/*"))
    stamps = [p.stat().st_mtime_ns for p in models]
    second = _eval(cache, tmp_path / "again.jsonl", "--rescore", "--inputs", "html")
    assert second.returncode == 0, second.stdout + second.stderr
    assert [p.stat().st_mtime_ns for p in sorted((cache / "cv").glob("fold*/*"))] == stamps  # nothing retrained
    again = _html_records(tmp_path / "again.jsonl")
    assert {r["input"] for r in again} == {"html"} and len(again) > 20
    assert again == _html_records(tmp_path / "first.jsonl")
    # the same fold models with a stricter gate (CLEANWIRE_GATE_MIN_P): fewer pages published, none newly
    strict = _eval(cache, tmp_path / "strict.jsonl", "--rescore", "--inputs", "html", "--gate-min-p", "0.9")
    assert strict.returncode == 0, strict.stdout + strict.stderr
    base = {r["id"]: r["published"] for r in again if r["system"] == "clean"}
    stricter = {r["id"]: r["published"] for r in _html_records(tmp_path / "strict.jsonl") if r["system"] == "clean"}
    assert stricter.keys() == base.keys()
    assert all(base[i] for i, published in stricter.items() if published)
    assert sum(stricter.values()) < sum(base.values())


@pytest.mark.functional
def test_rescoring_without_fold_models_fails_with_a_message(tmp_path: Path) -> None:
    done = _eval(tmp_path / "empty", tmp_path / "r.jsonl", "--rescore")
    assert done.returncode == 2 and "no fold models" in done.stdout


@pytest.mark.functional
def test_an_unknown_input_is_refused(tmp_path: Path) -> None:
    done = _eval(tmp_path / "empty", tmp_path / "r.jsonl", "--rescore", "--inputs", "html,text:pdf")
    assert done.returncode == 2 and "unknown inputs" in done.stdout
