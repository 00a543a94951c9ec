"""The user's reference example, byte for byte, through the API and the command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cleanwire import Article, Page, clean
from conftest import RESOURCES

EXAMPLE = RESOURCES / "examples" / "moscowtimes-putin-kim"


def _page() -> Page:
    meta = json.loads((EXAMPLE / "meta.json").read_text())
    return Page(content=(EXAMPLE / "page.txt").read_text(), url=meta["url"], content_type="text/plain")


def test_api_reproduces_expected_output_byte_for_byte() -> None:
    result = clean(_page())
    assert isinstance(result, Article)
    assert result.tagged_text == (EXAMPLE / "expected.txt").read_text()


def test_what_was_removed_and_why() -> None:
    result = clean(_page())
    assert isinstance(result, Article)
    assert result.date == "2019-04-23" and result.date_source == "url"
    assert result.title == "First Putin-Kim Summit to Take Place on April 25, Kremlin Confirms"
    assert "Ahn Young-joon / AP / TASS" in result.removed["caption"]
    assert "Sign up for our free weekly newsletter" in result.removed["newsletter"]
    assert "Read more" in result.removed["related"]
    assert any("Dear readers" in s for items in result.removed.values() for s in items)
    assert result.text.endswith("Reuters contributed reporting to this article.")
    assert "2024" not in (result.date or "")


def test_command_reproduces_expected_output(tmp_path: Path) -> None:
    meta = json.loads((EXAMPLE / "meta.json").read_text())
    cmd = [sys.executable, "-m", "cleanwire", "clean", "--format", "text", "--url", meta["url"],
           "--content-type", "text/plain", str(EXAMPLE / "page.txt")]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    assert out == (EXAMPLE / "expected.txt").read_bytes()
