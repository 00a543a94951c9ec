"""Soak test of the delivery guarantees: pages of the dev corpus through a broker of its own, two workers in
one consumer group, one of them killed every `--every` seconds (alternately SIGKILL and SIGTERM, alternately
the first and the second worker) and restarted, the broker stopped and started once halfway.

At the end every input id must be on the output or the dead-letter topic: at-least-once 0 lost (duplicates
counted), exactly-once (read with isolation_level=read_committed) 0 lost and 0 duplicates. Prints one JSON
line of figures; exits 1 when a guarantee failed.

    make soak                                   # long form: 20,000 pages, 12 kills a mode, both modes
    python tests/soak.py --pages 1500 --kills 3 --every 8 12 --modes at_least_once   # a short one

The broker listens on 127.0.0.1:$SOAK_KAFKA_PORT (default KAFKA_PORT + 400: 9492, controller 9493), started
and stopped with deploy/kafka/kafka.sh; the shared broker is never touched.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
KAFKA = ROOT / "deploy" / "kafka" / "kafka.sh"
CLEANWIRE = Path(sys.executable).with_name("cleanwire")


def _ports() -> tuple[int, int]:
    port = int(os.environ.get("SOAK_KAFKA_PORT") or int(os.environ.get("KAFKA_PORT", "9092")) + 400)
    controller = int(os.environ.get("SOAK_KAFKA_CONTROLLER_PORT") or int(os.environ.get("KAFKA_CONTROLLER_PORT", "9093")) + 400)
    return port, controller


def kafka(action: str) -> None:
    port, controller = _ports()
    env = {**os.environ, "KAFKA_PORT": str(port), "KAFKA_CONTROLLER_PORT": str(controller)}
    done = subprocess.run([str(KAFKA), action], env=env, capture_output=True, timeout=300)
    if done.returncode:
        raise RuntimeError(f"kafka.sh {action}: {done.stderr.decode()[-2000:]}")


def corpus_pages(corpus: Path) -> list[tuple[str, str | None]]:
    """(html, url) of every page of the corpus (pages/*.html, URLs from truth.jsonl when there)."""
    urls: dict[str, str] = {}
    truth = corpus / "truth.jsonl"
    if truth.exists():
        for line in truth.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                urls[row["id"]] = row.get("url")
    pages = sorted((corpus / "pages").glob("*.html"))
    if not pages:
        raise SystemExit(f"no pages in {corpus / 'pages'}")
    return [(p.read_text(errors="replace"), urls.get(p.stem)) for p in pages]


@dataclass
class Run:
    """One mode's run: its topics, workers and what came out."""

    mode: str
    servers: str
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:10])
    sources: dict[tuple[int, int], str] = field(default_factory=dict)  # input (partition, offset) -> id
    seen: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    outputs: int = 0
    dead_letters: int = 0
    stop_reading: threading.Event = field(default_factory=threading.Event)
    last_record: float = field(default_factory=time.monotonic)
    crash_restarts: int = 0

    @property
    def input(self) -> str:
        return f"pages.raw.soak-{self.tag}"

    @property
    def output(self) -> str:
        return f"articles.clean.soak-{self.tag}"

    @property
    def dead_letter(self) -> str:
        return f"pages.rejected.soak-{self.tag}"

    @property
    def app_id(self) -> str:
        return f"cleanwire-soak-{self.tag}"


def create_topics(run: Run, partitions: int) -> None:
    from kafka.admin import KafkaAdminClient, NewTopic

    admin = KafkaAdminClient(bootstrap_servers=run.servers, client_id="cleanwire-soak")
    try:
        admin.create_topics([NewTopic(t, partitions, 1) for t in (run.input, run.output, run.dead_letter)])
    finally:
        admin.close()


def produce(run: Run, pages: list[tuple[str, str | None]], count: int) -> None:
    from kafka import KafkaProducer

    producer = KafkaProducer(bootstrap_servers=run.servers, acks="all", linger_ms=20, compression_type="lz4",
                             max_request_size=16 * 1024 * 1024, batch_size=1024 * 1024)
    futures = []
    try:
        for i, (html, url) in zip(range(count), itertools.cycle(pages), strict=False):
            record: dict[str, Any] = {"id": f"soak-{i}", "content": html, "content_type": "text/html"}
            if url:
                record["url"] = url
            futures.append((record["id"], producer.send(run.input, value=orjson.dumps(record))))
            if len(futures) % 2000 == 0:
                producer.flush()
        producer.flush()
        for id_, fut in futures:
            meta = fut.get(timeout=60)
            run.sources[(meta.partition, meta.offset)] = id_
    finally:
        producer.close()


def read(run: Run) -> None:
    """Counts every input id on the output and dead-letter topics until told to stop (a thread)."""
    from kafka import KafkaConsumer

    isolation = "read_committed" if run.mode == "exactly_once" else "read_uncommitted"
    consumer = KafkaConsumer(run.output, run.dead_letter, bootstrap_servers=run.servers, group_id=None,
                             auto_offset_reset="earliest", isolation_level=isolation,
                             consumer_timeout_ms=1000, fetch_max_bytes=16 * 1024 * 1024)
    try:
        while not run.stop_reading.is_set():
            try:
                for record in consumer:
                    run.last_record = time.monotonic()
                    value = orjson.loads(record.value)
                    if record.topic == run.output:
                        run.outputs += 1
                        id_ = value["input_id"]
                    else:
                        run.dead_letters += 1
                        source = value["source"]
                        if source["topic"] == run.input:
                            id_ = run.sources.get((source["partition"], source["offset"]), "?")
                        else:  # the memory stage's dead letters carry the article record
                            payload = value.get("payload") or {}
                            id_ = payload.get("input_id", "?") if isinstance(payload, dict) else "?"
                    with run.lock:
                        run.seen[id_] += 1
                    if run.stop_reading.is_set():
                        break
            except Exception as exc:  # the broker's restart: the consumer reconnects by itself
                print(f"soak: reader: {type(exc).__name__}: {exc}", file=sys.stderr)
                time.sleep(1)
    finally:
        consumer.close()


class Worker:
    def __init__(self, run: Run, index: int, logs: Path, processes: int) -> None:
        self.run, self.index, self.logs, self.processes = run, index, logs, processes
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> None:
        from deploy.live import free_port

        self.starts += 1
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": self.run.servers, "CLEANWIRE_INPUT_TOPIC": self.run.input,
               "CLEANWIRE_OUTPUT_TOPIC": self.run.output, "CLEANWIRE_DLQ_TOPIC": self.run.dead_letter,
               "CLEANWIRE_APP_ID": self.run.app_id, "CLEANWIRE_HTTP_HOST": "127.0.0.1",
               "CLEANWIRE_HTTP_PORT": str(free_port()), "CLEANWIRE_PROCESSES": str(self.processes),
               "CLEANWIRE_DATA_DIR": str(self.logs / f"data-{self.index}-{self.starts}"),
               "CLEANWIRE_PROCESSING_GUARANTEE": self.run.mode, "CLEANWIRE_LOG_FORMAT": "text",
               "CLEANWIRE_LOG_LEVEL": "info", "CLEANWIRE_SUMMARY_INTERVAL_S": "30",
               "CLEANWIRE_BROKER_TIMEOUT_S": "120"}
        log = (self.logs / f"{self.run.mode}-worker-{self.index}.log").open("ab")
        log.write(f"\n===== start {self.starts} {time.strftime('%H:%M:%S')}\n".encode())
        self.proc = subprocess.Popen([str(CLEANWIRE), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def kill(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.kill(signal.SIGTERM)

    def restart_if_dead(self) -> bool:
        """A worker that exited on its own is restarted, as its supervisor (Kubernetes, compose) would;
        True when it had to be. The run's figures count these (`crash_restarts`) and the logs say why."""
        if self.proc is None or self.proc.poll() is None:
            return False
        self.start()
        return True


def _supervised_sleep(workers: list[Worker], seconds: float, run: Run) -> None:
    end = time.monotonic() + seconds
    while True:
        for w in workers:
            if w.restart_if_dead():
                run.crash_restarts += 1
                print(f"soak: {run.mode}: worker {w.index} exited on its own; restarted", file=sys.stderr, flush=True)
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(1.0, left))


def _kill_and_wait(run: Run, workers: list[Worker], args: argparse.Namespace) -> tuple[dict[str, int], int]:
    """Starts the workers, kills one every `--every` seconds, restarts the broker once; returns when every id
    came out (and `--settle` seconds more) or the mode's time is up."""
    for w in workers:
        w.start()
    rng = random.Random(args.seed)
    kills = {"SIGKILL": 0, "SIGTERM": 0}
    broker_restarts = 0
    deadline = time.monotonic() + args.timeout
    mode = run.mode
    for k in range(args.kills):
        _supervised_sleep(workers, rng.uniform(*args.every), run)
        worker = workers[k % 2]
        sig = signal.SIGKILL if (k // 2) % 2 == 0 else signal.SIGTERM
        worker.kill(sig)
        kills[sig.name] += 1
        worker.start()
        with run.lock:
            out = len(run.seen)
        print(f"soak: {mode}: kill {k + 1}/{args.kills}: worker {worker.index} {sig.name}, "
              f"{out} of {args.pages} ids out", file=sys.stderr, flush=True)
        if args.broker_restart and k == args.kills // 2:
            kafka("down")
            time.sleep(5)
            kafka("up")
            broker_restarts += 1
            print(f"soak: {mode}: broker stopped and started", file=sys.stderr, flush=True)
    expected = set(run.sources.values())

    def all_out() -> bool:
        with run.lock:
            return expected <= run.seen.keys()

    while time.monotonic() < deadline and not all_out():
        _supervised_sleep(workers, 1, run)
    time.sleep(args.settle)  # let what is still in flight come out, then stop the workers cleanly
    return kills, broker_restarts


def soak_one(mode: str, servers: str, pages: list[tuple[str, str | None]], args: argparse.Namespace, logs: Path) -> dict[str, Any]:
    run = Run(mode, servers)
    create_topics(run, args.partitions)
    started = time.monotonic()
    produce(run, pages, args.pages)
    produced = time.monotonic() - started
    reader = threading.Thread(target=read, args=(run,), daemon=True)
    reader.start()
    workers = [Worker(run, i, logs, args.processes) for i in range(2)]
    try:
        kills, broker_restarts = _kill_and_wait(run, workers, args)
    finally:
        for w in workers:
            w.stop()
    quiet_since = time.monotonic()
    while time.monotonic() - max(run.last_record, quiet_since) < 10:
        time.sleep(1)
    run.stop_reading.set()
    reader.join(30)
    expected = set(run.sources.values())
    with run.lock:
        seen = dict(run.seen)
    ids = Counter({id_: n for id_, n in seen.items() if id_ in expected})
    unknown = sum(n for id_, n in seen.items() if id_ not in expected)
    where = {id_: f"{partition}@{offset}" for (partition, offset), id_ in run.sources.items()}
    lost = sorted(expected - set(ids), key=lambda i: where[i])
    return {
        "mode": mode, "pages": args.pages, "kills": sum(kills.values()), **{k.lower(): v for k, v in kills.items()},
        "broker_restarts": broker_restarts, "crash_restarts": run.crash_restarts, "lost": len(lost), "lost_at": [where[i] for i in lost[:50]],
        "twice_at": sorted(where[i] for i, n in ids.items() if n > 1)[:50], "duplicates": sum(n - 1 for n in ids.values()),
        "pages_twice_or_more": sum(1 for n in ids.values() if n > 1), "outputs": run.outputs,
        "dead_letters": run.dead_letters, "unattributed": unknown, "produce_s": round(produced, 1),
        "duration_s": round(time.monotonic() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    from_make = os.environ.get("CORPUS")
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", type=Path, default=Path(from_make) if from_make else ROOT / "tests" / "resources" / "corpus")
    p.add_argument("--pages", type=int, default=20_000)
    p.add_argument("--kills", type=int, default=12, help="kills per mode")
    p.add_argument("--every", type=float, nargs=2, default=(20.0, 40.0), metavar=("MIN_S", "MAX_S"))
    p.add_argument("--modes", default="at_least_once,exactly_once")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--processes", type=int, default=1, help="extraction processes per worker")
    p.add_argument("--no-broker-restart", dest="broker_restart", action="store_false")
    p.add_argument("--settle", type=float, default=15.0, help="seconds to wait after the last id came out")
    p.add_argument("--timeout", type=float, default=3600.0, help="seconds a mode may take in all")
    p.add_argument("--seed", type=int, default=14)
    p.add_argument("--logs", type=Path, default=ROOT / ".cache" / "soak")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    port, _ = _ports()
    servers = f"127.0.0.1:{port}"
    logs = args.logs / time.strftime("%Y%m%d-%H%M%S")
    logs.mkdir(parents=True, exist_ok=True)
    pages = corpus_pages(args.corpus)
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that workers and broker are stopped
    kafka("up")
    results = []
    try:
        for mode in args.modes.split(","):
            results.append(soak_one(mode.strip(), servers, pages, args, logs))
    finally:
        kafka("down")
        signal.signal(signal.SIGTERM, previous)
    ok = all(r["lost"] == 0 and (r["mode"] != "exactly_once" or r["duplicates"] == 0) for r in results)
    print(json.dumps({"soak": "ok" if ok else "FAILED", "corpus_pages": len(pages), "workers": 2,
                      "logs": str(logs), "runs": results}), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
