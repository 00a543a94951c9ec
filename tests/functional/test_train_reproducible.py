"""`cleanwire train` is reproducible: the same pages and seed give the same model files, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleanwire.core.model import all_names
from conftest import RESOURCES


@pytest.mark.slow
def test_training_twice_on_the_bundled_sample_gives_identical_models(tmp_path: Path) -> None:
    outs = []
    for n in (1, 2):
        out = tmp_path / f"models{n}"
        cmd = [sys.executable, "-m", "cleanwire", "train", "--wcxb", str(RESOURCES / "wcxb-sample"),
               "--corpus", str(RESOURCES / "corpus"), "--out", str(out), "--cache", str(tmp_path / f"cache{n}")]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)
        outs.append(out)
    files = sorted(p.name for p in outs[0].iterdir())
    assert files == sorted(p.name for p in outs[1].iterdir())
    assert {"manifest.json", *(f"{m}.txt.gz" for m in all_names())} == set(files)
    for name in files:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name
