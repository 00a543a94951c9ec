"""deploy/Dockerfile without a Docker engine: its structure, what .dockerignore lets into the build
context, and the builder stage's wheel build run for real. (checkov's Dockerfile checks: test_checkov.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .tools import ROOT

pytestmark = pytest.mark.deploy

DOCKERFILE = ROOT / "deploy" / "Dockerfile"


def stages() -> list[list[str]]:
    """Instructions per stage, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    out: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            out.append([])
        out[-1].append(line)
    return out


def test_multi_stage_slim_and_pinned() -> None:
    builder, final = stages()
    assert builder[0] == "FROM python:3.11-slim-bookworm AS builder"
    assert final[0] == "FROM python:3.11-slim-bookworm AS runtime"
    assert any("pip wheel" in i for i in builder)
    assert any(i.startswith("COPY --from=builder /opt/venv") for i in final)


def test_final_stage_has_no_build_tools_and_runs_as_non_root() -> None:
    final = stages()[-1]
    body = "\n".join(final)
    for tool in (
        "gcc",
        "build-essential",
        "apt-get install",
        "pip install",
        "COPY service",
        "COPY pyproject",
    ):
        assert tool not in body, f"final stage contains {tool!r}"
    users = [i.split(None, 1)[1] for i in final if i.startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert int(users[-1].split(":")[0]) >= 10000
    assert 'ENTRYPOINT ["cleanwire"]' in final and 'CMD ["worker"]' in final


def test_healthcheck_probes_healthz_on_the_http_port() -> None:
    final = stages()[-1]
    (health,) = [i for i in final if i.startswith("HEALTHCHECK ")]
    assert "/healthz" in health and "CLEANWIRE_HTTP_PORT" in health
    env = " ".join(i for i in final if i.startswith("ENV "))
    assert "CLEANWIRE_HTTP_PORT=6066" in env and "EXPOSE 6066" in final
    # read-only root filesystem: Faust state in a volume, nothing written next to the code
    assert "CLEANWIRE_DATA_DIR=/var/lib/cleanwire" in env and "PYTHONDONTWRITEBYTECODE=1" in env
    assert 'VOLUME ["/var/lib/cleanwire"]' in final


def _ignored(path: str, patterns: list[str]) -> bool:
    """.dockerignore semantics for the patterns used here: last match wins, '!' re-includes."""
    import fnmatch

    ignored = False
    for pat in patterns:
        negate = pat.startswith("!")
        pat = pat.lstrip("!").rstrip("/")
        regex = fnmatch.translate(pat).replace(".*", "[^/]*").replace("[^/]*[^/]*", ".*")
        if re.match(regex, path) or re.match(fnmatch.translate(pat + "/**").replace(".*", ".*"), path):
            ignored = not negate
    return ignored


def test_dockerignore_admits_what_the_build_copies() -> None:
    patterns = [
        p.strip()
        for p in (ROOT / ".dockerignore").read_text().splitlines()
        if p.strip() and not p.startswith("#")
    ]
    sources = [
        src for i in stages()[0] if i.startswith("COPY ") and "--from" not in i for src in i.split()[1:-1]
    ]
    assert sources == ["pyproject.toml", "README.md", "constraints.txt", "service"]
    for src in sources:
        assert (ROOT / src).exists()
        assert not _ignored(src, patterns), f"{src} is excluded from the build context"
    for heavy in (".venv", ".cache", ".git", "tests/resources", "helm"):
        assert _ignored(heavy, patterns), f"{heavy} would be sent to the Docker daemon"


@pytest.mark.slow
def test_builder_stage_builds_the_wheel(tmp_path: Path) -> None:
    """The builder's `pip wheel .` for real, with build isolation as in the image (cleanwire itself; its
    dependencies are published wheels), from a copy of the build context the Dockerfile sends."""
    context = tmp_path / "context"
    shutil.copytree(
        ROOT / "service", context / "service", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__")
    )
    for name in ("pyproject.toml", "README.md", "constraints.txt"):
        shutil.copy(ROOT / name, context / name)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-c",
            str(context / "constraints.txt"),
            "-w",
            str(tmp_path / "wheels"),
            str(context),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (wheel,) = (tmp_path / "wheels").glob("cleanwire-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        entry_points = next(zf.read(n).decode() for n in names if n.endswith("entry_points.txt"))
    assert "cleanwire/cli.py" in names and "cleanwire/stream/metrics.py" in names
    assert "cleanwire = cleanwire.cli:main" in entry_points
