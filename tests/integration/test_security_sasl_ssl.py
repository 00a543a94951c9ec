"""SASL/SCRAM over TLS end to end: producer, worker and consumer authenticate with a generated CA and a
password from a file; the password never shows in logs, metrics or dead letters; a wrong one fails clearly."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import orjson

from deploy.live import http_get
from integration.kafka_helpers import Topics, start_worker
from integration.sasl_broker import SaslBroker, sasl_ssl_broker
from integration.test_pipeline import _body


def _env(broker: SaslBroker, password_file: Path, topics: Topics) -> dict[str, str]:
    return {
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap,
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": broker.username,
        "KAFKA_SASL_PASSWORD_FILE": str(password_file),
        "KAFKA_SSL_CAFILE": str(broker.cafile),
        "CLEANWIRE_INPUT_TOPIC": topics.input,
        "CLEANWIRE_OUTPUT_TOPIC": topics.output,
        "CLEANWIRE_DLQ_TOPIC": topics.dead_letter,
        "CLEANWIRE_APP_ID": topics.app_id,
    }


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cleanwire", *args], env={**os.environ, **env},
                          capture_output=True, timeout=180)


def test_sasl_scram_over_tls(tmp_path: Path) -> None:
    topics = Topics("pages.raw.sasl", "articles.clean.sasl", "pages.rejected.sasl", "cleanwire-sasl")
    with sasl_ssl_broker(tmp_path) as broker:
        secret = tmp_path / "kafka-password"
        secret.write_text(broker.password + "\n")
        env = _env(broker, secret, topics)
        page = tmp_path / "page.txt"
        page.write_text(_body(1))
        bad = tmp_path / "bad.jsonl"
        bad.write_bytes(b"{not json\n")
        sent = _cli(["produce", "--quiet", "--content-type", "text/plain", str(page), str(bad)], env)
        assert sent.returncode == 0, sent.stderr.decode()[-2000:]

        worker = start_worker(broker.bootstrap, topics, tmp_path, **{k: v for k, v in env.items() if k.startswith("KAFKA_")})
        try:
            out = _cli(["consume", "--from-beginning", "--limit", "1", "--timeout", "60", "--values-only"], env)
            dead = _cli(["consume", "--topic", topics.dead_letter, "--from-beginning", "--limit", "1", "--timeout", "60",
                         "--values-only"], env)
            metrics = http_get(f"{worker.url}/metrics")[1]
        finally:
            worker.proc.terminate()
            worker.proc.wait(30)
        article = orjson.loads(out.stdout.splitlines()[0])
        assert "Report 1" not in article["text"] and "council" in article["text"]
        assert orjson.loads(dead.stdout.splitlines()[0])["reason"] == "invalid_json"
        log = worker.log.read_text(errors="replace")
        for text in (log, metrics, dead.stdout.decode(), out.stderr.decode(), sent.stderr.decode()):
            assert broker.password not in text

        wrong = tmp_path / "wrong-password"
        wrong.write_text("not-the-password")
        t0 = time.monotonic()
        failed = _cli(["produce", "--quiet", str(page)], _env(broker, wrong, topics))
        assert failed.returncode == 2 and time.monotonic() - t0 < 120
        message = failed.stderr.decode()
        assert "cannot connect to Kafka" in message and "SASL_SSL" in message and "Traceback" not in message
        assert "not-the-password" not in message

