"""Real processes for the live checks: a cleanwire worker on the local Kafka and Debian's Prometheus
scraping it. Each gets free loopback ports, its own topics and consumer group, and is stopped by the test."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from .tools import ROOT, require_tool

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def bootstrap_servers() -> str:
    """The broker the integration tier uses; unreachable: the test fails (make test starts it)."""
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    host, _, port = servers.split(",")[0].rpartition(":")
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=3).close()
    except OSError:
        pytest.fail(f"Kafka is not reachable at {servers} (make kafka-up)")
    return servers


def http_get(url: str, timeout: float = 3) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def wait_for(
    what: str,
    probe: Callable[[], T | None],
    timeout: float,
    proc: subprocess.Popen[bytes] | None = None,
    log: Path | None = None,
) -> T:
    """Poll `probe` until it returns something other than None/False; fail with the process log if not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except (OSError, ValueError):
            value = None
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-4000:] if log and log.exists() else ""
    pytest.fail(
        f"timed out waiting for {what}"
        + (f" (process exited {proc.returncode})" if proc and proc.poll() is not None else "")
        + f"\n--- log\n{tail}"
    )


def stop(proc: subprocess.Popen[bytes], grace: float = 20) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@dataclass
class Topics:
    input: str
    output: str
    dead_letter: str
    app_id: str


def unique_topics(prefix: str = "ops") -> Topics:
    tag = f"{prefix}-{uuid.uuid4().hex[:10]}"
    return Topics(f"pages.raw.{tag}", f"articles.clean.{tag}", f"pages.rejected.{tag}", f"cleanwire-{tag}")


def create_topics(servers: str, topics: Topics, partitions: int = 2) -> None:
    from kafka.admin import KafkaAdminClient, NewTopic

    admin = KafkaAdminClient(bootstrap_servers=servers, client_id="cleanwire-ops-test")
    try:
        admin.create_topics(
            [NewTopic(t, partitions, 1) for t in (topics.input, topics.output, topics.dead_letter)]
        )
    finally:
        admin.close()


def delete_topics(servers: str, topics: Topics) -> None:
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=servers, client_id="cleanwire-ops-test")
    try:
        admin.delete_topics([topics.input, topics.output, topics.dead_letter])
    except Exception:  # cleanup only; the topics have unique names
        pass
    finally:
        admin.close()


@dataclass
class Worker:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def worker_command() -> list[str]:
    """The installed `cleanwire` entry point next to this interpreter."""
    return [str(Path(sys.executable).with_name("cleanwire")), "worker"]


@contextmanager
def running_worker(servers: str, topics: Topics, tmp: Path) -> Iterator[Worker]:
    """`cleanwire worker` configured only through its documented environment variables."""
    port = free_port()
    log = tmp / "worker.log"
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": servers,
        "CLEANWIRE_INPUT_TOPIC": topics.input,
        "CLEANWIRE_OUTPUT_TOPIC": topics.output,
        "CLEANWIRE_DLQ_TOPIC": topics.dead_letter,
        "CLEANWIRE_APP_ID": topics.app_id,
        "CLEANWIRE_HTTP_PORT": str(port),
        "CLEANWIRE_HTTP_HOST": "127.0.0.1",
        "CLEANWIRE_DATA_DIR": str(tmp / "data"),
        "CLEANWIRE_PROCESSES": "1",
        "CLEANWIRE_PAGE_TIMEOUT_S": "30",
    }
    cmd = worker_command()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
    worker = Worker(proc, port, log)
    try:
        wait_for("the worker's /readyz", lambda: http_get(f"{worker.url}/readyz")[0] == 200, 120, proc, log)
        yield worker
    finally:
        stop(proc)


@dataclass
class Prometheus:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path

    def query(self, promql: str) -> list[dict[str, Any]]:
        url = f"http://127.0.0.1:{self.port}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
        status, body = http_get(url)
        data = json.loads(body)
        assert status == 200 and data["status"] == "success", body
        result: list[dict[str, Any]] = data["data"]["result"]
        return result

    def scalar(self, promql: str) -> float | None:
        result = self.query(promql)
        return float(result[0]["value"][1]) if result else None

    def api(self, path: str) -> Any:
        status, body = http_get(f"http://127.0.0.1:{self.port}{path}")
        assert status == 200, body
        return json.loads(body)["data"]


@contextmanager
def running_prometheus(
    targets: list[str], tmp: Path, rule_files: Sequence[Path] = ()
) -> Iterator[Prometheus]:
    """Debian's prometheus on a free loopback port, scraping `targets` every second as job cleanwire."""
    exe = require_tool("prometheus")
    port = free_port()
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(p) for p in rule_files],
        "scrape_configs": [{"job_name": "cleanwire", "static_configs": [{"targets": targets}]}],
    }
    cfg = tmp / "prometheus.yml"
    cfg.write_text(yaml.safe_dump(config))
    log = tmp / "prometheus.log"
    cmd = [
        exe,
        f"--config.file={cfg}",
        f"--storage.tsdb.path={tmp / 'tsdb'}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--log.level=warn",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=tmp)
    prom = Prometheus(proc, port, log)
    try:
        wait_for(
            "Prometheus /-/ready",
            lambda: http_get(f"http://127.0.0.1:{port}/-/ready")[0] == 200,
            60,
            proc,
            log,
        )
        yield prom
    finally:
        stop(proc)


def rootpath(*parts: str) -> Path:
    return ROOT.joinpath(*parts)
