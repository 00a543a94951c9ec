"""Finding the real tools the deploy checks run (installed by `make tools`, deploy/tools/install.sh).

Outside CI a missing tool skips the test that needs it; with CI=true it fails: CI must run every check.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "helm" / "cleanwire"
CACHE_BIN = ROOT / ".cache" / "bin"



def require_tool(name: str) -> str:
    """Absolute path of `name` from .cache/bin or PATH; the test fails when it is missing (make test installs it)."""
    found = shutil.which(name, path=os.pathsep.join([str(CACHE_BIN), os.environ.get("PATH", "")]))
    if found is None:
        pytest.fail(f"{name} not found (run `make tools`, which runs deploy/tools/install.sh)")
    return found


def run(
    cmd: list[str], *, cwd: Path = ROOT, check: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run a tool; on an unexpected exit code fail with its output, which is what one needs to fix it.
    .cache/bin comes first on its PATH, so tools that shell out to others (checkov -> helm) find them."""
    env = {**os.environ, "PATH": os.pathsep.join([str(CACHE_BIN), os.environ.get("PATH", "")])}
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env)
    if check and proc.returncode != 0:
        pytest.fail(
            f"{' '.join(cmd)} exited {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
        )
    return proc
