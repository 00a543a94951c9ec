"""Hostile input through `cleanwire clean`: every input gives exactly one JSON line, none crashes the run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from hostile_cases import cases


def test_every_hostile_file_gets_one_line_with_its_reason(tmp_path: Path) -> None:
    expected = {}
    for name, content, ctype, reason in cases():
        suffix = ".txt" if ctype == "text/plain" else ".html"
        path = tmp_path / f"{name}{suffix}"
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        # a gzip-compressed file is a supported input of the command: it is read decompressed
        expected[str(path)] = (None if name == "gzip" else reason, ctype)
    # charsets and types travel with the page in the stream; on files, detection has to do
    out = subprocess.run([sys.executable, "-m", "cleanwire", "clean", "--jobs", "2", str(tmp_path)],
                         capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    lines = [orjson.loads(line) for line in out.stdout.splitlines()]
    assert sorted(line["source"] for line in lines) == sorted(expected)
    for line in lines:
        reason, _ = expected[line["source"]]
        if reason is None:
            assert line.get("text"), line
        else:
            assert line.get("reason") == reason, line
