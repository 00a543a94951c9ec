"""One logging setup for every logger in the process: cleanwire's, Faust's, mode's, aiokafka's, kafka-python's.

Two formats, one record a line: `json` (python-json-logger: time in UTC ISO 8601, level, logger, message, and
the record's extra fields such as topic, partition, offset, reason) for a log pipeline, and `text`
(timestamped, extras as key=value) for a person at a terminal. Multi-line messages (Faust's ASCII tables)
and tracebacks are folded into their one line. At `info`, libraries speak only from WARNING up: kafka-python
alone logs some twenty connection lines before the worker says anything of its own.

Nothing here imports Kafka or Faust: the extraction processes configure their logging with it too.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
import warnings
from collections.abc import Mapping
from types import TracebackType
from typing import Any, Literal

LogFormat = Literal["auto", "json", "text"]
OWN = "cleanwire"
LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warn": logging.WARNING, "error": logging.ERROR,
          "crit": logging.CRITICAL}
_VERTICAL = "|\u2502\u2503\u2551"  # a table's column separators: | │ ┃ ║
_BORDER = re.compile(r"[+\u2500-\u257f]|[-=]{2,}")  # Faust's tables: +---+ on a pipe, box drawing on a terminal
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


def one_line(text: str) -> str:
    """A multi-line message as one line: a table's rows become `cell, cell;` (its title kept, its borders
    dropped), other lines are joined by ` | `."""
    if "\n" not in text:
        return text
    parts = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line[0] in _VERTICAL:
            parts.append(", ".join(c.strip() for c in re.split(f"[{_VERTICAL}]", line) if c.strip()) + ";")
        elif line[0] == "+" or "\u2500" <= line[0] <= "\u257f":
            title = " ".join(_BORDER.sub(" ", line).split())
            if title:
                parts.append(title + ";")
        else:
            parts.append(line + " |")
    return " ".join(parts).rstrip(";| ")


class OneLine(logging.Filter):
    """Folds a record's message to one line (on the handler, so records of every logger pass through it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "\n" in message:
            record.msg, record.args = one_line(message), None
        return True


def extras(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a call passed with `extra=` (topic, partition, offset, reason, ...)."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")}


class TextFormatter(logging.Formatter):
    """`2026-01-31T12:00:00.123Z INFO cleanwire.worker message key=value`, always one line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = extras(record)
        if fields:
            line += " " + " ".join(f"{k}={_short(v)}" for k, v in fields.items())
        return line.replace("\r", "").replace("\n", " | ")


def _short(value: Any) -> str:
    text = str(value)
    return repr(text) if not text or any(c.isspace() for c in text) else text


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter(
        ["levelname", "name", "message"],
        rename_fields={"levelname": "level", "name": "logger"},
        timestamp="time",
    )


def resolve_format(fmt: str | None) -> Literal["json", "text"]:
    """`auto` (and anything unknown, so that bad settings can still be reported): text on a terminal."""
    if fmt in ("json", "text"):
        return fmt  # type: ignore[return-value]
    return "text" if sys.stderr.isatty() else "json"


def configure(fmt: str | None = "auto", level: str = "info", stream: Any = None) -> None:
    """Replaces every handler of the root logger with one stream handler in `fmt`; idempotent.

    `level` applies to cleanwire's loggers; the libraries' log from WARNING up unless it is `debug`."""
    number = LEVELS.get(level, logging.INFO)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(json_formatter() if resolve_format(fmt) == "json" else TextFormatter())
    handler.addFilter(OneLine())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(number if number <= logging.DEBUG else max(number, logging.WARNING))
    logging.getLogger(OWN).setLevel(number)
    for name in ("faust", "mode", "aiokafka", "kafka"):  # they may have set levels of their own
        logging.getLogger(name).setLevel(logging.NOTSET)
    logging.captureWarnings(True)
    if number > logging.DEBUG:
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_thread


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    logging.getLogger(OWN).critical("uncaught %s: %s", kind.__name__, exc, exc_info=(kind, exc, tb))


def _log_uncaught_thread(args: Any) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread else "?"
    logging.getLogger(OWN).error("uncaught %s in thread %s: %s", args.exc_type.__name__, name, args.exc_value,
                                 exc_info=(args.exc_type, args.exc_value, args.exc_traceback))


def with_fields(**fields: Any) -> Mapping[str, Any]:
    """`extra=` for a log call, without None values (a field is there where it exists)."""
    return {k: v for k, v in fields.items() if v is not None}
