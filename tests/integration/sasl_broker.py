"""A second local broker with a SASL_SSL listener (SCRAM-SHA-512 over TLS), built at test time: a fresh
CA and server certificate (openssl), SCRAM credentials written at storage-format time. The jars are the
ones deploy/kafka/kafka.sh resolved with Maven; the shared broker is never touched."""

from __future__ import annotations

import base64
import os
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from deploy.live import free_port
from integration.kafka_helpers import ROOT, ensure_broker

LIB = ROOT / ".cache" / "kafka" / "lib"


@dataclass(frozen=True)
class SaslBroker:
    bootstrap: str
    cafile: Path
    username: str
    password: str


def _run(*cmd: str, cwd: Path) -> None:
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=120)
    if done.returncode:
        pytest.fail(f"{' '.join(cmd[:3])} failed: {done.stderr.decode()[-1500:]}")


def _certificates(tmp: Path) -> tuple[Path, Path]:
    """CA certificate and server PEM (PKCS#8 key + certificate for 127.0.0.1/localhost)."""
    (tmp / "san.ext").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    _run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
         "-days", "2", "-subj", "/CN=cleanwire-test-ca", cwd=tmp)
    _run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "server.key", cwd=tmp)
    _run("openssl", "req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=localhost", cwd=tmp)
    _run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
         "-out", "server.crt", "-days", "2", "-extfile", "san.ext", cwd=tmp)
    pem = tmp / "server.pem"
    pem.write_text((tmp / "server.key").read_text() + (tmp / "server.crt").read_text())
    return tmp / "ca.crt", pem


def _cluster_id() -> str:
    """A KRaft cluster id (a UUID in URL-safe base64) that does not start with '-': the storage tool reads such
    an id as an option and fails (one run in 64; deploy/kafka/kafka.sh draws its ids the same way)."""
    while (cid := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return cid


@contextmanager
def sasl_ssl_broker(tmp: Path) -> Iterator[SaslBroker]:
    ensure_broker()  # makes sure the jars are resolved (kafka.sh up on the shared broker)
    if not (LIB / ".complete").exists():
        pytest.fail(f"Kafka jars missing in {LIB}: run make kafka-up")
    cafile, pem = _certificates(tmp)
    sasl, internal, controller = free_port(), free_port(), free_port()
    user, password = "cleanwire", f"pw-{uuid.uuid4().hex}"
    data = tmp / "kafka-data"
    props = tmp / "server.properties"
    props.write_text(f"""process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
listeners=SASL_SSL://127.0.0.1:{sasl},INTERNAL://127.0.0.1:{internal},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=SASL_SSL://127.0.0.1:{sasl},INTERNAL://127.0.0.1:{internal}
listener.security.protocol.map=SASL_SSL:SASL_SSL,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
controller.listener.names=CONTROLLER
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
ssl.keystore.type=PEM
ssl.keystore.location={pem}
log.dirs={data}
num.partitions=2
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
""")
    java = ["java", "-cp", f"{LIB}/*", f"-Dlog4j2.configurationFile={ROOT / 'deploy/kafka/log4j2.yaml'}"]
    cluster = _cluster_id()
    _run(*java, "kafka.tools.StorageTool", "format", "-t", cluster, "-c", str(props),
         "--add-scram", f"SCRAM-SHA-512=[name={user},password={password}]", cwd=tmp)
    log = (tmp / "kafka.log").open("wb")
    proc = subprocess.Popen([*java, "-Xmx384m", "kafka.Kafka", str(props)], stdout=log, stderr=subprocess.STDOUT,
                            env={**os.environ})
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", sasl), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("the SASL_SSL broker exited:\n" + (tmp / "kafka.log").read_text()[-3000:])
                time.sleep(0.5)
        else:
            pytest.fail("the SASL_SSL broker did not open its port")
        yield SaslBroker(f"127.0.0.1:{sasl}", cafile, user, password)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
