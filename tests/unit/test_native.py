"""The compiled core (`cleanwire.native`): used only where it matches the sources, and the same outputs as the
interpreted modules, page by page, for HTML and for flattened text."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleanwire import native

RESOURCES = Path(__file__).resolve().parents[1] / "resources"

# clean() over the bundled pages, as HTML and as the same pages flattened: one digest of each result's repr
# (text, date, title, page type, removed lines with their reasons; a rejection's reason and detail).
_DIGESTS = r"""
import hashlib, json, sys
from pathlib import Path
from cleanwire import Page, clean, native
from cleanwire.learn.data import load_all
from cleanwire.learn.flatten import flatten
out = []
for p in load_all(Path(sys.argv[1]) / "wcxb-sample", Path(sys.argv[1]) / "corpus"):
    html = p.html.decode("utf-8", errors="replace")
    for content in (html, flatten(html, "inscriptis")):
        out.append(hashlib.sha256(repr(clean(Page(content=content, url=p.url))).encode()).hexdigest())
print(json.dumps({"compiled": native.active(), "digests": out}))
"""


def _digests(folder: Path | None) -> tuple[bool, list[str]]:
    """(whether the run was compiled, its digests): with the build in `folder`, or interpreted (None)."""
    env = {**os.environ, "CLEANWIRE_NATIVE": "0" if folder is None else "1"}
    if folder is not None:
        env["CLEANWIRE_NATIVE_DIR"] = str(folder)
    done = subprocess.run([sys.executable, "-c", _DIGESTS, str(RESOURCES)], env=env, capture_output=True,
                          text=True, check=True, timeout=600)
    found = json.loads(done.stdout)
    return bool(found["compiled"]), list(found["digests"])


def _installed_build() -> bool:
    """Whether the installed build matches the sources; CI requires it (`make setup` builds it)."""
    now = native.state()
    if os.environ.get("CI") == "true":
        assert now.usable, f"CI runs the compiled core (make setup builds it): {now.why}"
    return now.usable


def _usable_build(tmp_path: Path) -> Path:
    """The installed build where it matches the sources; else one built now, as `make native` would."""
    if _installed_build():
        return native.BUILD_DIR
    native.build(tmp_path / "native")
    return tmp_path / "native"


@pytest.mark.slow
def test_compiled_and_interpreted_cores_give_the_same_results(tmp_path: Path) -> None:
    compiled_ran, compiled = _digests(_usable_build(tmp_path))
    interpreted_ran, interpreted = _digests(None)
    assert compiled_ran and not interpreted_ran
    assert len(compiled) == 108  # 54 bundled pages, as HTML and flattened
    assert compiled == interpreted


def test_this_process_runs_the_build_exactly_where_it_matches() -> None:
    usable = _installed_build()
    from cleanwire.core import features, gate

    assert native.active() == usable
    assert str(features.__file__).endswith(".py") != usable and str(gate.__file__).endswith(".py") != usable


def _fake_build(folder: Path, **changes: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    sources = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
               for p in sorted((Path(native.__file__).parent / "core").glob("*.py"))}
    manifest: dict[str, object] = {"abi": native._abi(), "modules": list(native.NATIVE_MODULES), "sources": sources}
    manifest.update(changes)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


def test_a_build_of_the_current_sources_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLEANWIRE_NATIVE", raising=False)
    assert native.state(_fake_build(tmp_path)) == (True, f"{len(native.NATIVE_MODULES)} modules compiled in {tmp_path}", "ok")


def test_a_build_of_other_sources_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    """After an edit to any core module the interpreted modules run until `make native`, and importing says so."""
    monkeypatch.delenv("CLEANWIRE_NATIVE", raising=False)
    folder = _fake_build(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["sources"]["features.py"] = "0" * 64
    (folder / "manifest.json").write_text(json.dumps(manifest))
    now = native.state(folder)
    assert not now.usable and now.reason == "stale" and "changed" in now.why
    path: list[str] = []
    with caplog.at_level(logging.WARNING, logger="cleanwire.native"):
        assert native.install(path, folder) is False and path == []
    assert [r.getMessage() for r in caplog.records] == [f"compiled core not used: {now.why}"]


def test_a_build_for_another_interpreter_or_switched_off_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """Only a build that is there and cannot be used is worth a warning: one for another interpreter (an image
    or a virtualenv moved to another Python) says so; no build, or one switched off, runs interpreted quietly."""
    monkeypatch.delenv("CLEANWIRE_NATIVE", raising=False)
    other = _fake_build(tmp_path / "other", abi=".cpython-399-x86_64-linux-gnu.so")
    current = _fake_build(tmp_path / "current")
    now = native.state(other)
    assert not now.usable and now.reason == "abi"
    assert native.state(tmp_path / "absent").reason == "absent"
    path: list[str] = []
    with caplog.at_level(logging.WARNING, logger="cleanwire.native"):
        assert native.install(path, other) is False
        assert native.install(path, tmp_path / "absent") is False
        monkeypatch.setenv("CLEANWIRE_NATIVE", "0")
        assert native.state(current) == (False, "CLEANWIRE_NATIVE=0", "off")
        assert native.install(path, current) is False
    assert path == []
    assert [r.getMessage() for r in caplog.records] == [f"compiled core not used: {now.why}"]
