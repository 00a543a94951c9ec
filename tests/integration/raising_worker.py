"""`cleanwire worker` whose stage 1 raises on one page: the test-only way to make a stage's work() fail.

Run as a script by tests (never installed, so production cannot trigger it): the page whose input id is
TEST_RAISE_ON_INPUT_ID makes `Stages.clean_page` raise before any of its own error handling runs."""

from __future__ import annotations

import os
import sys
from typing import Any

import orjson

from cleanwire.cli import main
from cleanwire.stream.agents import Stages

_clean_page = Stages.clean_page


async def clean_page(self: Stages, value: bytes | None, *args: Any) -> Any:
    try:
        input_id = orjson.loads(value or b"{}").get("id")
    except orjson.JSONDecodeError:
        input_id = None
    if input_id == os.environ["TEST_RAISE_ON_INPUT_ID"]:
        raise RuntimeError(f"test: the stage raises on {input_id}")
    return await _clean_page(self, value, *args)


if __name__ == "__main__":
    Stages.clean_page = clean_page  # type: ignore[method-assign]
    sys.exit(main(["worker"]))
