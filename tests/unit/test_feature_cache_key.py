"""The feature cache (`cleanwire.learn.train.cached_build`) is keyed by the code that makes the rows and the
libraries' versions (no hand-bumped version number): rows made by other code are never read back."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from cleanwire.learn import train


def test_the_key_is_stable_for_the_same_code() -> None:
    assert train._code_key() == train._code_key()


def test_another_extractor_version_gives_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = train._code_key()
    real = metadata.version
    monkeypatch.setattr(metadata, "version", lambda dist: "0.0.1" if dist == "trafilatura" else real(dist))
    assert train._code_key() != before


def test_changed_feature_code_gives_another_key(monkeypatch: pytest.MonkeyPatch) -> None:
    before = train._code_key()
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# edited\n" if path.name == "features.py" else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert train._code_key() != before
