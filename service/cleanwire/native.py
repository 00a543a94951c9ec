"""The core's hottest pure-Python modules compiled to C extensions with mypyc, used where they match the sources.

`clean` spends about two thirds of its time in its own Python (features, the gate's page facts, the line
walks) and a third in trafilatura. mypyc (part of mypy, which type-checks this code already) compiles
type-annotated modules to C extensions that run the same code with native calls between them; the same
sources stay the reference, and run interpreted wherever no build is present.

    cleanwire native build      # compile NATIVE_MODULES into cleanwire/_native (make setup runs it)
    cleanwire native status     # what the current process uses, and why

A build is used only while every source of `cleanwire.core` is the one it was compiled from (a SHA-256 of
each, in its manifest): after an edit the interpreted modules run, with a warning, until it is rebuilt
(`make native`). CLEANWIRE_NATIVE=0 turns the build off. Outputs are the same either way (tests/unit/
test_native.py compares them page by page); only the time differs (README, Speed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import NamedTuple

log = logging.getLogger(__name__)

# The modules compiled: the line and gate features, the DOM walks and the decision rules. Not extract.py and
# xpaths.py (they swap trafilatura's functions and are patched in tests), nor the rest (little time).
NATIVE_MODULES = ("cues", "features", "gate", "blocks", "boilerplate", "html", "links", "date_text", "dates", "date_decide",
                  "decode", "url_date")
_CORE = Path(__file__).parent / "core"
BUILD_DIR = Path(os.environ.get("CLEANWIRE_NATIVE_DIR") or Path(__file__).parent / "_native")
_MANIFEST = "manifest.json"


def _sources() -> dict[str, str]:
    """SHA-256 of every module of cleanwire.core: compiled code calls into the others with the types it was
    compiled against, so a change to any of them makes the build stale."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(_CORE.glob("*.py"))}


def _abi() -> str:
    return str(sysconfig.get_config_var("EXT_SUFFIX"))


class State(NamedTuple):
    """Whether the build may be used, why in words, and the reason as a code: "ok", "off" (CLEANWIRE_NATIVE=0),
    "absent" (no build), "abi" (built for another interpreter) or "stale" (the core's sources changed since)."""

    usable: bool
    why: str
    reason: str


# A build that is there but cannot be used: said when the core is imported (the interpreted modules run, slower)
_WARNED = frozenset({"abi", "stale"})


def state(folder: Path = BUILD_DIR) -> State:
    if os.environ.get("CLEANWIRE_NATIVE", "1") == "0":
        return State(False, "CLEANWIRE_NATIVE=0", "off")
    try:
        manifest = json.loads((folder / _MANIFEST).read_bytes())
    except (OSError, ValueError):
        return State(False, f"no build in {folder} (cleanwire native build)", "absent")
    if manifest.get("abi") != _abi():
        return State(False, f"built for {manifest.get('abi')}, this interpreter is {_abi()} (make native)", "abi")
    if manifest.get("sources") != _sources():
        return State(False, "cleanwire.core changed since the build (make native)", "stale")
    return State(True, f"{len(manifest['modules'])} modules compiled in {folder}", "ok")


def install(core_path: list[str], folder: Path = BUILD_DIR) -> bool:
    """Put the build's modules ahead of the sources on `cleanwire.core`'s search path where `state` allows."""
    now = state(folder)
    if not now.usable:
        if now.reason in _WARNED:
            log.warning("compiled core not used: %s", now.why)
        return False
    core_path.insert(0, str(folder / "cleanwire" / "core"))
    if str(folder) not in sys.path:
        sys.path.append(str(folder))  # the build's shared library (one uniquely named module)
    return True


def active() -> bool:
    """Whether this process runs the compiled modules."""
    from cleanwire.core import features

    return not str(features.__file__).endswith(".py")


# What mypy reads to compile: the core and numpy's types; every other library as untyped (Any). Following the date
# libraries' own annotations made one run take minutes (mypy's type inference on them), and calls into them are
# Python calls either way.
_MYPY_CONFIG = """[mypy]
follow_imports = skip
ignore_missing_imports = True

[mypy-numpy.*]
follow_imports = silent

[mypy-cleanwire.*]
follow_imports = silent
"""


def build(folder: Path = BUILD_DIR) -> list[str]:
    """Compile NATIVE_MODULES into `folder`; the modules built. The sources are compiled from a copy of
    cleanwire.core under a bare package, so that mypy reads only the core, not the whole service, and of the
    libraries only numpy (_MYPY_CONFIG): about 30 seconds instead of minutes."""
    sources = _sources()
    with tempfile.TemporaryDirectory(prefix="cleanwire-native-") as tmp:
        work = Path(tmp)
        (work / "cleanwire" / "core").mkdir(parents=True)
        (work / "cleanwire" / "__init__.py").write_text("")
        (work / "cleanwire" / "core" / "__init__.py").write_text("")
        for name in sources:
            if name != "__init__.py":
                shutil.copy2(_CORE / name, work / "cleanwire" / "core" / name)
        (work / "build.ini").write_text(_MYPY_CONFIG)
        files = [f"cleanwire/core/{m}.py" for m in NATIVE_MODULES]
        subprocess.run([sys.executable, "-m", "mypyc", "--config-file", "build.ini", *files],
                       cwd=work, check=True, stdout=subprocess.DEVNULL)
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "cleanwire" / "core").mkdir(parents=True)
        suffix = _abi()
        for m in NATIVE_MODULES:
            shutil.copy2(work / "cleanwire" / "core" / f"{m}{suffix}", folder / "cleanwire" / "core" / f"{m}{suffix}")
        for lib in work.glob(f"*__mypyc{suffix}"):
            shutil.copy2(lib, folder / lib.name)
    built = list(NATIVE_MODULES)
    (folder / _MANIFEST).write_text(json.dumps({"abi": suffix, "modules": built, "sources": sources}, indent=1))
    return built
