"""The soak test's short form (tests/soak.py; `make soak` runs the long one): 800 pages of the bundled corpus
through a broker of its own, two workers in one group, one killed and restarted every 8-12 s (SIGKILL and
SIGTERM alternately), the broker stopped and started once; at-least-once loses nothing, exactly-once
(read_committed) loses nothing and repeats nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import soak
from conftest import RESOURCES


def test_soak_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = soak.main(["--corpus", str(RESOURCES / "corpus"), "--pages", "800", "--kills", "4", "--every", "8", "12",
                      "--partitions", "4", "--settle", "3", "--timeout", "600", "--logs", str(tmp_path)])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    with capsys.disabled():
        print("\nsoak (short):", json.dumps(figures["runs"]))
    runs = {r["mode"]: r for r in figures["runs"]}
    assert set(runs) == {"at_least_once", "exactly_once"}
    for r in runs.values():
        assert r["kills"] == 4 and r["sigkill"] == 2 and r["sigterm"] == 2 and r["broker_restarts"] == 1, r
        assert r["lost"] == 0 and r["unattributed"] == 0, r
    assert runs["exactly_once"]["duplicates"] == 0, runs["exactly_once"]
    assert code == 0
