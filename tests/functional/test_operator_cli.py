"""Start-up failures that need no broker: one line in the log's format, the documented exit code."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanwire", *args], env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120)


def test_invalid_settings_are_one_json_line_and_exit_2() -> None:
    out = _run(["worker"], CLEANWIRE_LOG_FORMAT="json", CLEANWIRE_PROCESSES="lots",
               KAFKA_SECURITY_PROTOCOL="SASL_SSL", KAFKA_SASL_PASSWORD="hunter2-secret")
    lines = (out.stdout + out.stderr).splitlines()
    assert out.returncode == 2 and len(lines) == 1, out.stdout + out.stderr
    record = json.loads(lines[0])
    assert record["level"] == "ERROR" and record["exit_code"] == 2
    assert "CLEANWIRE_PROCESSES" in record["message"] and "hunter2" not in lines[0]


def test_port_in_use_is_one_text_line_and_exit_6() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = _run(["worker"], CLEANWIRE_LOG_FORMAT="text", CLEANWIRE_HTTP_HOST="127.0.0.1",
                   CLEANWIRE_HTTP_PORT=str(port))
        check = _run(["check"], CLEANWIRE_HTTP_HOST="127.0.0.1", CLEANWIRE_HTTP_PORT=str(port),
                     KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:1", CLEANWIRE_BROKER_TIMEOUT_S="1")
    lines = (out.stdout + out.stderr).splitlines()
    assert out.returncode == 6 and len(lines) == 1, out.stdout + out.stderr
    assert f"CLEANWIRE_HTTP_PORT {port}" in lines[0] and "Traceback" not in lines[0]
    assert check.returncode == 3  # the first failure's code: the broker
    assert any(line.startswith("FAIL  port") for line in check.stdout.splitlines()), check.stdout
