"""`cleanwire check`'s models line: ok with the pinned libraries, a warning naming the others, FAIL when the
models do not load."""

from __future__ import annotations

import io

import pytest

from cleanwire.commands.check import Report, check_models
from cleanwire.core import model

pytestmark = pytest.mark.functional


def test_the_shipped_models_on_the_pinned_libraries_are_ok() -> None:
    report = Report(io.StringIO())
    check_models(report)
    line = report.out.getvalue()
    assert line.startswith(f"ok    models    {len(model.all_names())} models load, trained with these versions: ")
    assert f"trafilatura {model.library_versions()['trafilatura']}" in line
    assert report.exit_code == 0


def test_another_trafilatura_is_a_warning_that_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    running = {**model.library_versions(), "trafilatura": "9.9.9"}
    monkeypatch.setattr(model, "library_versions", lambda: running)
    report = Report(io.StringIO())
    check_models(report)
    line = report.out.getvalue()
    assert line.startswith("warn  models") and "trafilatura" in line and "-> 9.9.9" in line
    assert report.exit_code == 0  # it runs; the warning says at what quality nobody knows


def test_models_that_do_not_load_fail_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "BAGS", {"html": 1, "text": 3})  # the code averages other bags than were trained
    report = Report(io.StringIO())
    check_models(report)
    assert report.out.getvalue().startswith("FAIL  models    the shipped models do not load")
    assert report.exit_code == 7
