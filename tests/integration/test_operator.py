"""What an operator sees, on the real broker: every line of a worker's run (start, pages, dead letters,
SIGTERM) is one JSON object in json mode and one timestamped record in text mode; an unreachable broker
and a wrong password are one line and their exit code; `cleanwire check` passes and fails, naming why."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy.live import Topics, free_port
from integration.kafka_helpers import (
    collect,
    ensure_broker,
    new_topics,
    page_message,
    produce_raw,
    running,
)
from integration.sasl_broker import sasl_ssl_broker
from integration.test_pipeline import _body

TEXT_LINE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ ")
SECRET_PAYLOAD = "payload-must-not-be-logged"


def _cli(args: list[str], timeout: float = 120, **env: str) -> tuple[subprocess.CompletedProcess[str], float]:
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "cleanwire", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=timeout)
    return done, time.monotonic() - t0


def _topic_env(topics: Topics) -> dict[str, str]:
    return {"CLEANWIRE_INPUT_TOPIC": topics.input, "CLEANWIRE_OUTPUT_TOPIC": topics.output,
            "CLEANWIRE_DLQ_TOPIC": topics.dead_letter, "CLEANWIRE_APP_ID": topics.app_id}


@pytest.mark.parametrize(("fmt", "level"), [("json", "info"), ("text", "debug")])
def test_a_worker_run_logs_one_record_a_line(tmp_path: Path, fmt: str, level: str) -> None:
    servers = ensure_broker()
    topics = new_topics(f"logs-{fmt}", servers)
    pages = [(None, page_message(_body(i), url=f"https://example.org/news/{i}", content_type="text/plain"))
             for i in range(3)]
    produce_raw(servers, topics.input, [*pages, (None, b"{not json " + SECRET_PAYLOAD.encode())])
    env = {"CLEANWIRE_LOG_FORMAT": fmt, "CLEANWIRE_LOG_LEVEL": level, "CLEANWIRE_SUMMARY_INTERVAL_S": "1"}
    with running(servers, topics, tmp_path, **env) as worker:
        assert len(collect(servers, topics.dead_letter, 1, timeout=90)) == 1
        assert len(collect(servers, topics.output, 3, timeout=90)) == 3
        time.sleep(2.5)  # a summary line with the pages in it
    assert worker.proc.returncode == 0  # SIGTERM: a clean stop
    lines = worker.log.read_text().splitlines()
    assert lines
    if level == "info":  # at debug aiokafka logs the records it sends, payloads and all
        assert SECRET_PAYLOAD not in worker.log.read_text()
    if fmt == "text":
        bad = [line for line in lines if not TEXT_LINE.match(line)]
        assert not bad, f"{len(bad)} lines that are not a record's own: {bad[:5]}"
        assert any("faust" in line for line in lines) and not any("┌" in line or "+---" in line for line in lines)
        return
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            pytest.fail(f"not JSON: {line!r}")
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    assert all(r["level"] in ("INFO", "WARNING", "ERROR") for r in records)
    assert not [r for r in records if r["logger"].split(".")[0] in ("kafka", "aiokafka", "faust", "mode")
                and r["level"] == "INFO"], "library chatter below WARNING at info"
    dead = [r for r in records if r["message"].startswith("dead letter")]
    assert len(dead) == 1 and dead[0]["reason"] == "invalid_json" and dead[0]["topic"] == topics.input
    assert isinstance(dead[0]["partition"], int) and isinstance(dead[0]["offset"], int)
    summaries = [r for r in records if r["logger"] == "cleanwire.summary"]
    assert sum(r["pages_consumed"] for r in summaries) == 4
    assert sum(r["articles_published"] for r in summaries) == 3
    assert sum(r["dead_letters_by_reason"].get("invalid_json", 0) for r in summaries) == 1
    assert all({"consumer_lag", "pages_per_s"} <= set(r) for r in summaries)


def test_unreachable_broker_is_one_line_within_the_timeout(tmp_path: Path) -> None:
    address = f"127.0.0.1:{free_port()}"
    out, seconds = _cli(["worker"], KAFKA_BOOTSTRAP_SERVERS=address, CLEANWIRE_BROKER_TIMEOUT_S="4",
                        CLEANWIRE_LOG_FORMAT="json", CLEANWIRE_HTTP_PORT=str(free_port()),
                        CLEANWIRE_DATA_DIR=str(tmp_path / "data"))
    lines = (out.stdout + out.stderr).splitlines()
    assert out.returncode == 3 and len(lines) == 1, out.stdout + out.stderr
    assert seconds < 4 + 20  # the timeout, plus starting Python and importing
    record = json.loads(lines[0])
    assert address in record["message"] and "ECONNREFUSED" in record["message"] and "Traceback" not in lines[0]
    check, _ = _cli(["check"], KAFKA_BOOTSTRAP_SERVERS=address, CLEANWIRE_BROKER_TIMEOUT_S="2",
                    CLEANWIRE_HTTP_PORT=str(free_port()))
    assert check.returncode == 3
    assert re.search(rf"^FAIL  broker +cannot reach Kafka at {address}", check.stdout, re.M), check.stdout


def test_check_passes_against_the_broker_and_names_a_missing_topic(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("check", servers)
    env = {"KAFKA_BOOTSTRAP_SERVERS": servers, "CLEANWIRE_HTTP_PORT": str(free_port()), **_topic_env(topics)}
    passed, _ = _cli(["check"], **env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    lines = passed.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [["ok", "settings"], ["ok", "faust"], ["ok", "models"], ["ok", "broker"],
                                                     ["ok", "topic"], ["ok", "topic"], ["ok", "topic"], ["ok", "lag"],
                                                     ["ok", "port"]]
    assert f"{topics.input}: 2 partitions" in passed.stdout and f"group {topics.app_id}: 0 records" in passed.stdout

    missing = {**env, "CLEANWIRE_DLQ_TOPIC": f"{topics.dead_letter}-missing", "CLEANWIRE_CREATE_TOPICS": "false"}
    failed, _ = _cli(["check"], **missing)
    assert failed.returncode == 5
    assert f"FAIL  topic     {topics.dead_letter}-missing: missing, and CLEANWIRE_CREATE_TOPICS=false" in failed.stdout
    worker, _ = _cli(["worker"], CLEANWIRE_LOG_FORMAT="text", CLEANWIRE_DATA_DIR=str(tmp_path / "data"), **missing)
    lines = (worker.stdout + worker.stderr).splitlines()
    assert worker.returncode == 5 and len(lines) == 1 and TEXT_LINE.match(lines[0]), lines
    assert f"topic {topics.dead_letter}-missing missing" in lines[0]


def test_check_counts_the_groups_lag(tmp_path: Path) -> None:
    servers = ensure_broker()
    topics = new_topics("lag", servers)
    produce_raw(servers, topics.input, [(None, b"x")] * 5)
    env = {"KAFKA_BOOTSTRAP_SERVERS": servers, "CLEANWIRE_HTTP_PORT": str(free_port()), **_topic_env(topics)}
    out, _ = _cli(["check"], **env)
    assert out.returncode == 0 and f"group {topics.app_id}: 5 records behind" in out.stdout, out.stdout
    with running(servers, topics, tmp_path):
        assert len(collect(servers, topics.dead_letter, 5, timeout=90)) == 5
        time.sleep(3)  # Faust commits every second
    out, _ = _cli(["check"], **env)
    # Faust commits only the partitions it read from: the five records may all be in one
    assert re.search(rf"group {topics.app_id}: 0 records behind on {re.escape(topics.input)} \([12] of 2 partitions "
                     r"committed\)", out.stdout), out.stdout


def test_a_wrong_password_is_one_line_and_exit_4(tmp_path: Path) -> None:
    with sasl_ssl_broker(tmp_path) as broker:
        env = {"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap, "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
               "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "KAFKA_SASL_USERNAME": broker.username,
               "KAFKA_SSL_CAFILE": str(broker.cafile), "CLEANWIRE_BROKER_TIMEOUT_S": "20",
               "CLEANWIRE_HTTP_PORT": str(free_port()), "CLEANWIRE_DATA_DIR": str(tmp_path / "data")}
        right, _ = _cli(["check"], KAFKA_SASL_PASSWORD=broker.password, **env)
        assert right.returncode == 0, right.stdout + right.stderr
        assert "KAFKA_SASL_PASSWORD=**********" in right.stdout and broker.password not in right.stdout

        wrong = "not-the-password-1234"
        worker, seconds = _cli(["worker"], KAFKA_SASL_PASSWORD=wrong, CLEANWIRE_LOG_FORMAT="json", **env)
        lines = (worker.stdout + worker.stderr).splitlines()
        assert worker.returncode == 4 and len(lines) == 1, worker.stdout + worker.stderr
        message = json.loads(lines[0])["message"]
        assert broker.bootstrap in message and "refused authentication" in message and broker.username in message
        assert wrong not in lines[0] and seconds < 20 + 20

        check, _ = _cli(["check"], KAFKA_SASL_PASSWORD=wrong, **env)
        assert check.returncode == 4 and wrong not in check.stdout + check.stderr
        assert re.search(r"^FAIL  broker .*refused authentication", check.stdout, re.M), check.stdout
