"""The soak test's short form (tests/soak.py; `make soak` runs the long one): 600 pages of the bundled corpus
through a broker of its own, two workers in one group, one killed and restarted every 15-20 s (SIGKILL and
SIGTERM alternately), the broker stopped and started once; at-least-once loses nothing.

Both guarantees: at-least-once loses nothing (pages may come twice); exactly-once, read with
isolation_level=read_committed, loses nothing and repeats nothing. Exactly-once lost pages here before two
rebalance rules of stream/runner.py (an event that outlived its assignment, a transaction left holding
records at a revocation); see the README's soak test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import soak
from conftest import RESOURCES


@pytest.mark.timeout(1200)  # each SIGKILL stalls the group for the 30 s session timeout; a loaded CI machine is slow
@pytest.mark.parametrize("mode", ["at_least_once", "exactly_once"])
def test_soak_short(tmp_path: Path, capsys: pytest.CaptureFixture[str], mode: str) -> None:
    code = soak.main(["--corpus", str(RESOURCES / "corpus"), "--pages", "600", "--kills", "4", "--every", "15", "20",
                      "--modes", mode, "--partitions", "4", "--settle", "3", "--timeout", "540", "--logs", str(tmp_path)])
    figures = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    with capsys.disabled():
        print(f"\nsoak (short, {mode}):", json.dumps(figures["runs"]))
    (run,) = figures["runs"]
    assert run["mode"] == mode
    assert run["kills"] == 4 and run["sigkill"] == 2 and run["sigterm"] == 2 and run["broker_restarts"] == 1, run
    assert run["lost"] == 0 and run["unattributed"] == 0, run
    if mode == "exactly_once":
        assert run["duplicates"] == 0, run
    assert code == 0
