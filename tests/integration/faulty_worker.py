"""`cleanwire worker` with a fault on one page, the test-only way to make a stage misbehave.

Run as a script by tests (never installed, so production cannot trigger it):
- TEST_RAISE_ON_INPUT_ID: stage 1's work (`Stages.clean_page`) raises on that page, before any of its own
  error handling runs;
- TEST_LOSE_ONCE_INPUT_ID: the first time that page's event reaches the dispatcher it is dropped, neither
  worked on nor acknowledged (what Faust skipping it, or a lost task, would leave): the partition stalls.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import orjson

from cleanwire.cli import main
from cleanwire.stream.agents import Stages
from cleanwire.stream.runner import Dispatcher

_clean_page = Stages.clean_page
_one = Dispatcher._one
_lost: set[str] = set()


def _input_id(value: Any) -> str | None:
    try:
        data = orjson.loads(value or b"{}")
    except (orjson.JSONDecodeError, TypeError):
        return None
    return data.get("id") if isinstance(data, dict) else None


async def clean_page(self: Stages, value: bytes | None, *args: Any) -> Any:
    if _input_id(value) == os.environ.get("TEST_RAISE_ON_INPUT_ID"):
        raise RuntimeError(f"test: the stage raises on {_input_id(value)}")
    return await _clean_page(self, value, *args)


async def one(self: Dispatcher, stream: Any, event: Any, lane: Any, prev: Any, mine: Any) -> None:
    input_id = _input_id(event.message.value)
    if input_id is not None and input_id == os.environ.get("TEST_LOSE_ONCE_INPUT_ID") and input_id not in _lost:
        _lost.add(input_id)
        print(f"test: lost {input_id} at {event.message.tp}@{event.message.offset}", file=sys.stderr, flush=True)
        if mine is not None and not mine.done():
            mine.set_result(None)
        return
    await _one(self, stream, event, lane, prev, mine)


if __name__ == "__main__":
    Stages.clean_page = clean_page  # type: ignore[method-assign]
    Dispatcher._one = one  # type: ignore[method-assign]
    sys.exit(main(["worker"]))
