"""The worker runs only on the faust-streaming and aiokafka its fixes of their internals were tested against."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from cleanwire.stream import compat
from conftest import ROOT


def test_the_installed_faust_and_aiokafka_are_the_pinned_ones_with_every_patched_name() -> None:
    assert compat.problems() == []


def test_pyproject_pins_exactly_the_versions_the_start_up_check_expects() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pins = {d.split("==")[0].strip(): d.split("==")[1].strip() for d in deps if "==" in d}
    assert {name: pins.get(name) for name in compat.PINNED} == compat.PINNED


def _shadowing(tmp: Path, dist: str, version: str) -> str:
    """A directory whose dist-info makes importlib.metadata report `version` for `dist` (first on the path)."""
    info = tmp / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    return str(tmp)


@pytest.mark.parametrize(("dist", "version"), [("faust-streaming", "0.16.0"), ("aiokafka", "0.13.0")])
def test_a_version_outside_the_pins_stops_the_worker_with_one_line_and_exit_7(tmp_path: Path, dist: str, version: str) -> None:
    env = {**os.environ, "PYTHONPATH": _shadowing(tmp_path, dist, version), "CLEANWIRE_LOG_FORMAT": "json",
           "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "CLEANWIRE_BROKER_TIMEOUT_S": "1"}
    out = subprocess.run([sys.executable, "-m", "cleanwire", "worker"], env=env, capture_output=True, text=True, timeout=120)
    lines = (out.stdout + out.stderr).splitlines()
    assert out.returncode == 7 and len(lines) == 1, out.stdout + out.stderr
    record = json.loads(lines[0])
    assert record["exit_code"] == 7 and f"{dist} {version} is not the pinned {compat.PINNED[dist]}" in record["message"]
    check = subprocess.run([sys.executable, "-m", "cleanwire", "check"], env=env, capture_output=True, text=True, timeout=120)
    assert any(line.startswith("FAIL  faust") and f"{dist} {version}" in line for line in check.stdout.splitlines()), check.stdout


def test_a_patched_name_whose_signature_changed_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from faust.tables.recovery import Recovery

    async def _resume_streams(self: object, generation_id: int = 0, *, again: bool = False) -> None: ...

    monkeypatch.setattr(Recovery, "_resume_streams", _resume_streams)
    monkeypatch.delattr("faust.types.tuples.Message.tracked")
    found = compat.problems()
    assert found == ["Recovery._resume_streams(self, generation_id=0, again=False) is not (self, generation_id=0)",
                     "faust Message has no 'tracked' slot"], found
