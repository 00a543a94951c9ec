"""The log formats: one record a line, JSON that parses with its fields, tables and tracebacks folded;
the summary line read from a fresh metrics registry; invalid settings named without a secret's value."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import threading
import warnings
from collections.abc import Iterator

import pytest
from prometheus_client import CollectorRegistry

from cleanwire import logs
from cleanwire.errors import ConfigError
from cleanwire.settings import load_settings
from cleanwire.stream.metrics import Metrics
from cleanwire.stream.summary import Summary

ASCII_TABLE = """[^---Recovery]: Highwater for active changelog partitions:
+Highwater - Active------+-----------+-----------+
| topic                  | partition | highwater |
+------------------------+-----------+-----------+
| app-sites-changelog    | 0         | 12        |
+------------------------+-----------+-----------+"""
BOX_TABLE = """[^--Consumer]: Subscribed to topic(s):
┌Topic Partition Set─────┬────────────┐
│ topic                  │ partitions │
├────────────────────────┼────────────┤
│ pages.raw              │ {0-1}      │
└────────────────────────┴────────────┘"""


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, logging.getLogger("cleanwire").level)
    hooks = (sys.excepthook, threading.excepthook)
    stream = io.StringIO()
    with warnings.catch_warnings():
        yield stream
    sys.excepthook, threading.excepthook = hooks
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
    logging.getLogger("cleanwire").setLevel(saved[2])
    logging.captureWarnings(False)


def _emit_everything() -> None:
    logging.getLogger("cleanwire.worker").info("dead letter %s", "invalid_json",
                                               extra={"reason": "invalid_json", "topic": "t", "partition": 1, "offset": 7})
    logging.getLogger("faust.tables.recovery").warning(ASCII_TABLE)
    logging.getLogger("mode.worker").warning(BOX_TABLE)
    logging.getLogger("kafka.net.manager").info("Bootstrap complete")  # chatter below WARNING
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        logging.getLogger("cleanwire.worker").exception("a stage task failed")


def test_json_lines_parse_with_their_fields(captured: io.StringIO) -> None:
    logs.configure("json", "info", stream=captured)
    _emit_everything()
    lines = captured.getvalue().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 4  # kafka-python's INFO stays out
    for r in records:
        assert {"time", "level", "logger", "message"} <= set(r)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00", r["time"]), r["time"]
    dead = records[0]
    assert (dead["level"], dead["logger"], dead["reason"], dead["partition"], dead["offset"]) == (
        "INFO", "cleanwire.worker", "invalid_json", 1, 7)
    assert records[1]["message"].endswith("Highwater - Active; topic, partition, highwater; app-sites-changelog, 0, 12")
    assert "pages.raw, {0-1}" in records[2]["message"] and "─" not in records[2]["message"]
    assert "ValueError: boom" in records[3]["exc_info"]


def test_text_lines_are_one_record_each_and_timestamped(captured: io.StringIO) -> None:
    logs.configure("text", "info", stream=captured)
    _emit_everything()
    lines = captured.getvalue().splitlines()
    assert len(lines) == 4
    for line in lines:
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (INFO|WARNING|ERROR) \S+ ", line), line
    assert lines[0].endswith("reason=invalid_json topic=t partition=1 offset=7")
    assert "ValueError: boom | second line" in lines[3]


def test_debug_lets_the_libraries_speak(captured: io.StringIO) -> None:
    logs.configure("text", "debug", stream=captured)
    logging.getLogger("kafka.net.manager").debug("Bootstrap complete")
    assert "Bootstrap complete" in captured.getvalue()


def test_summary_counts_since_the_previous_line() -> None:
    metrics = Metrics(CollectorRegistry())
    clock = iter([0.0, 10.0, 20.0]).__next__
    summary = Summary(metrics, clock=clock)
    metrics.pages_consumed.inc(5)
    metrics.articles_published.inc(3)
    metrics.dead_letters.labels("invalid_json").inc(2)
    metrics.consumer_lag.labels("0").set(4)
    metrics.consumer_lag.labels("1").set(6)
    first = summary.fields()
    assert first == {"interval_s": 10.0, "pages_consumed": 5, "articles_published": 3, "dead_letters": 2,
                     "dead_letters_by_reason": {"invalid_json": 2}, "consumer_lag": 10, "pages_per_s": 0.5}
    assert summary.message(first) == ("summary: 5 pages in, 3 articles out, 2 dead letters (invalid_json 2), "
                                      "lag 10, 0.5 pages/s over 10 s")
    second = summary.fields()
    assert (second["pages_consumed"], second["dead_letters"], second["dead_letters_by_reason"]) == (0, 0, {})


def test_invalid_settings_name_the_variable_never_the_secret() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"CLEANWIRE_PROCESSES": "many", "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
                       "KAFKA_SASL_PASSWORD": "hunter2-secret"})
    text = str(info.value)
    assert "CLEANWIRE_PROCESSES" in text and "'many'" in text and "hunter2" not in text
    with pytest.raises(ConfigError) as info:
        load_settings({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL", "KAFKA_SASL_PASSWORD": "hunter2-secret"})
    assert "KAFKA_SASL_MECHANISM" in str(info.value) and "hunter2" not in str(info.value)
    with pytest.raises(ConfigError, match="CLEANWIRE_LOG_FORMAT"):
        load_settings({"CLEANWIRE_LOG_FORMAT": "xml"})
