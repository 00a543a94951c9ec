"""Measures through a real broker: `cleanwire worker` subprocesses on fresh topics."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cleanwire import contract
from cleanwire.bench.offline import BenchPage
from cleanwire.core.models import Page
from cleanwire.pool import rss_mb


@dataclass
class Run:
    tag: str
    servers: str
    input: str = ""
    output: str = ""
    dlq: str = ""
    group: str = ""

    def __post_init__(self) -> None:
        self.input, self.output = f"bench.in.{self.tag}", f"bench.out.{self.tag}"
        self.dlq, self.group = f"bench.dlq.{self.tag}", f"cleanwire-bench-{self.tag}"


def new_run(servers: str, partitions: int) -> Run:
    from kafka.admin import KafkaAdminClient, NewTopic

    run = Run(uuid.uuid4().hex[:10], servers)
    admin = KafkaAdminClient(bootstrap_servers=servers, client_id="cleanwire-bench")
    try:
        admin.create_topics([NewTopic(t, partitions, 1) for t in (run.input, run.output, run.dlq)])
    finally:
        admin.close()
    return run


def delete_run(run: Run) -> None:
    """The run's topics and the workers' internal ones (memory topic, table changelogs): left behind,
    thousands of partitions from earlier runs made the broker spend 3-4x the CPU per page."""
    from kafka.admin import KafkaAdminClient

    admin = KafkaAdminClient(bootstrap_servers=run.servers, client_id="cleanwire-bench")
    try:
        internal = [t for t in admin.list_topics() if t.startswith(f"{run.group}-")]
        admin.delete_topics([run.input, run.output, run.dlq, *internal])
    except Exception:
        pass
    finally:
        admin.close()


def _producer(servers: str) -> Any:
    from kafka import KafkaProducer

    return KafkaProducer(bootstrap_servers=servers, acks="all", linger_ms=10, compression_type="lz4",
                         max_request_size=16 * 1024 * 1024, batch_size=512 * 1024)


def _message(p: BenchPage, id: str) -> bytes:
    return contract.encode_input(Page(content=p.html, url=p.url), id=id)


def preload(run: Run, pages: Sequence[BenchPage], n: int, prefix: str) -> None:
    producer = _producer(run.servers)
    try:
        for i in range(n):
            producer.send(run.input, key=f"{prefix}{i}".encode(), value=_message(pages[i % len(pages)], f"{prefix}{i}"))
        producer.flush()
    finally:
        producer.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_CLK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux /proc), None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _CLK
    except (OSError, ValueError, IndexError):
        return None


def local_broker_pid(servers: str | None = None) -> int | None:
    """The local Kafka broker's JVM, when there is one on this machine (its CPU is the pipeline's too).
    With several local brokers (a shared machine), the one kafka.sh started for the port of `servers`
    (KAFKA_BOOTSTRAP_SERVERS): its config sits in `data-<port>/`."""
    servers = servers or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
    port = servers.split(",")[0].rpartition(":")[2]
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"kafka.Kafka" in cmdline:
                if port and f"data-{port}/".encode() in cmdline:
                    return int(entry.name)
                found.append(int(entry.name))
    return found[0] if len(found) == 1 else None


@dataclass
class WorkerSet:
    procs: list[subprocess.Popen[bytes]]
    ports: list[int]
    peak_rss_total_mb: float = 0.0
    peak_rss_process_mb: float = 0.0
    cpu_seen: dict[int, float] = field(default_factory=dict)  # pid -> CPU seconds when last read
    cpu_ms_per_page: dict[str, float] = field(default_factory=dict)  # of the last throughput() measure
    logs: list[Path] = field(default_factory=list)
    broker_pid: int | None = field(default_factory=local_broker_pid)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check_alive(self) -> None:
        """Raises, with the end of its log (the log's directory goes with the bench), when a worker exited."""
        for proc, log in zip(self.procs, self.logs, strict=False):
            if proc.poll() is not None:
                try:
                    tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
                except OSError as exc:
                    tail = f"(no log: {exc})"
                raise RuntimeError(f"a bench worker exited (code {proc.returncode}); the end of its log:\n{tail}")

    def pids(self) -> list[int]:
        """The worker processes and all their descendants (the extraction processes) alive now."""
        return [pid for proc in self.procs for pid in _descendants(proc.pid)]

    def cpu(self, pids: list[int] | None = None) -> dict[str, float]:
        """CPU seconds so far: worker main processes, extraction processes (a recycled one counts up to
        its last sample, at most 0.2 s before it ended), the local broker. `pids`: `self.pids()` when
        the caller has just read them."""
        mains = {p.pid for p in self.procs}
        with self._lock:
            for pid in self.pids() if pids is None else pids:
                seconds = cpu_seconds(pid)
                if seconds is not None:
                    self.cpu_seen[pid] = seconds
            main = sum(v for pid, v in self.cpu_seen.items() if pid in mains)
            extraction = sum(v for pid, v in self.cpu_seen.items() if pid not in mains)
        broker = cpu_seconds(self.broker_pid) if self.broker_pid else None
        return {"worker": main, "extraction": extraction, "broker": broker or 0.0}


def _descendants(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return out


def _sample(ws: WorkerSet) -> None:
    while not ws._stop.is_set():
        pids = ws.pids()  # one walk of /proc for both the CPU and the memory sample
        ws.cpu(pids)
        total = 0.0
        for pid in pids:
            mb = rss_mb(pid)
            total += mb
            ws.peak_rss_process_mb = max(ws.peak_rss_process_mb, mb)
        ws.peak_rss_total_mb = max(ws.peak_rss_total_mb, total)
        ws._stop.wait(0.2)


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@contextmanager
def workers(run: Run, count: int, processes: int, logdir: Path, extra_env: dict[str, str] | None = None) -> Iterator[WorkerSet]:
    exe = str(Path(sys.executable).with_name("cleanwire"))
    procs, ports, logs = [], [], []
    for i in range(count):
        port = _free_port()
        env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": run.servers, "CLEANWIRE_INPUT_TOPIC": run.input,
               "CLEANWIRE_OUTPUT_TOPIC": run.output, "CLEANWIRE_DLQ_TOPIC": run.dlq, "CLEANWIRE_APP_ID": run.group,
               "CLEANWIRE_HTTP_PORT": str(port), "CLEANWIRE_HTTP_HOST": "127.0.0.1", "CLEANWIRE_PROCESSES": str(processes),
               "CLEANWIRE_DATA_DIR": str(logdir / f"data-{run.tag}-{i}"), "CLEANWIRE_LOG_LEVEL": "warn", **(extra_env or {})}
        logs.append(logdir / f"worker-{run.tag}-{i}.log")
        log = logs[-1].open("wb")
        procs.append(subprocess.Popen([exe, "worker"], env=env, stdout=log, stderr=subprocess.STDOUT))
        ports.append(port)
    ws = WorkerSet(procs, ports, logs=logs)
    sampler = threading.Thread(target=_sample, args=(ws,), daemon=True)
    sampler.start()
    try:
        yield ws
    finally:
        ws._stop.set()
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()


def wait_ready(ws: WorkerSet, timeout: float = 180) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if all(_ready(p) for p in ws.ports):
            return time.time()
        ws.check_alive()
        time.sleep(0.1)
    raise TimeoutError("bench workers not ready")


def collect(run: Run, n: int, timeout: float, on_record: Any = None) -> list[Any]:
    """Records of the output and dead-letter topics until n have come."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(run.output, run.dlq, bootstrap_servers=run.servers, group_id=None,
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=500,
                             fetch_max_bytes=64 * 1024 * 1024)
    out: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        while len(out) < n and time.monotonic() < deadline:
            for record in consumer:
                out.append(record)
                if on_record:
                    on_record(record, time.time())
                if len(out) >= n:
                    break
    finally:
        consumer.close()
    return out


def _end_offsets(run: Run) -> Any:
    """A function giving the number of records on the output and dead-letter topics, from the
    broker's end offsets: cheap, so the measurement does not steal CPU from what it measures."""
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(bootstrap_servers=run.servers, group_id=None)
    parts = [TopicPartition(t, p) for t in (run.output, run.dlq) for p in (consumer.partitions_for_topic(t) or ())]

    def count() -> int:
        return int(sum(consumer.end_offsets(parts).values()))

    count.close = consumer.close  # type: ignore[attr-defined]
    return count


def preload_encoded(run: Run, values: list[tuple[bytes, bytes]]) -> None:
    preload_topic(run, run.input, values)


def encoded(pages: Sequence[BenchPage], n: int, prefix: str) -> list[tuple[bytes, bytes]]:
    return [(f"{prefix}{i}".encode(), _message(pages[i % len(pages)], f"{prefix}{i}")) for i in range(n)]


def throughput_while_loading(run: Run, ws: WorkerSet, values: list[tuple[bytes, bytes]], timeout: float) -> float:
    """For several workers in one group: once all are ready (no rebalance left to measure), load the
    pre-encoded pages in the background and time from the first 2% out to the last; both variants pay
    the same small producer cost."""
    wait_ready(ws)
    n = len(values)
    count = _end_offsets(run)
    loader = threading.Thread(target=preload_encoded, args=(run, values), daemon=True)
    loader.start()
    start = max(1, n // 50)
    t0, at_start = 0.0, 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            done = count()
            if not t0 and done >= start:
                t0, at_start = time.monotonic(), done
            if done >= n:
                return (done - at_start) / max(time.monotonic() - t0, 1e-6)
            ws.check_alive()
            time.sleep(0.05)
    finally:
        count.close()
        loader.join(60)
    raise TimeoutError(f"not all of {n} records came in {timeout:.0f} s")


def throughput(run: Run, ws: WorkerSet, n: int, timeout: float) -> float:
    """Steady-state pages/s over preloaded input: from the moment every worker is ready (imports, broker
    connection, the group's rebalancing as workers join: all left behind; what came out before is not
    counted) until all n records are on the output and dead-letter topics. Every stage of a worker starts
    together, so a later stage lagging behind the first cannot inflate the rate (counting from "a tenth
    is out", as a first version did, could)."""
    count = _end_offsets(run)
    try:
        wait_ready(ws)
        t0, at_start, cpu0 = time.monotonic(), count(), ws.cpu()
        if at_start > n // 2:
            raise RuntimeError(f"too few pages ({n}) to measure: {at_start} were out before the workers were ready")
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            done = count()
            if done >= n:
                elapsed, cpu1 = time.monotonic() - t0, ws.cpu()
                ws.cpu_ms_per_page = {k: 1000 * (cpu1[k] - cpu0[k]) / max(done - at_start, 1) for k in cpu0}
                return (done - at_start) / max(elapsed, 1e-6)
            ws.check_alive()
            time.sleep(0.05)
    finally:
        count.close()
    raise TimeoutError(f"not all of {n} records came in {timeout:.0f} s")


def latency(run: Run, pages: Sequence[BenchPage], rate: float, seconds: float, already: int = 0) -> list[float]:
    """Offer `rate` pages/s for `seconds` to a ready worker; end-to-end seconds from produce to output.
    `already`: records on the output and dead-letter topics before this phase."""
    sent: dict[str, float] = {}
    lat: list[float] = []
    n = max(1, int(rate * seconds))
    producer = _producer(run.servers)

    def on_record(record: Any, now: float) -> None:
        try:
            value = orjson.loads(record.value)
        except orjson.JSONDecodeError:
            return
        ident = value.get("input_id") if "input_id" in value else (value.get("payload") or {}).get("id")
        if isinstance(ident, str) and ident in sent:
            lat.append(record.timestamp / 1000 - sent[ident])

    consumer = threading.Thread(target=lambda: collect(run, already + n, seconds + 120, on_record), daemon=True)
    consumer.start()
    t0 = time.time()
    try:
        for i in range(n):
            due = t0 + i / rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            ident = f"lat{i}"
            sent[ident] = time.time()
            producer.send(run.input, key=ident.encode(), value=_message(pages[i % len(pages)], ident))
            producer.flush()
    finally:
        producer.close()
    consumer.join(seconds + 150)
    return sorted(lat)


def memory_topic(run: Run) -> str:
    """The memory stage's internal topic of the run's workers (`Settings.memory_topic`)."""
    return f"{run.group}-articles-memory"


def new_memory_run(servers: str, partitions: int) -> Run:
    """A run whose memory topic exists already (one partition, as the worker declares it), so that
    pre-cleaned articles can wait on it before any worker starts."""
    from kafka.admin import KafkaAdminClient, NewTopic

    run = new_run(servers, partitions)
    admin = KafkaAdminClient(bootstrap_servers=servers, client_id="cleanwire-bench")
    try:
        admin.create_topics([NewTopic(memory_topic(run), 1, 1)])
    finally:
        admin.close()
    return run


def memory_records(pages: Sequence[BenchPage], n: int) -> tuple[list[tuple[bytes, bytes]], float]:
    """n records as stage 1 puts them on the memory topic (keyed by site, with the MinHash signature and
    the paragraph fingerprints), from the pages `clean` publishes, each copy under an id of its own (a
    copy of an earlier page is then a near-duplicate, as a wire story is); and the share of the pages
    that became articles."""
    import hashlib

    from cleanwire.core.models import CleanOptions
    from cleanwire.stream.work import Encoded, encode_page

    cleaned = []
    for i, p in enumerate(pages):
        result = encode_page(_message(p, f"m{i}"), CleanOptions(), memory=True, sign=True, fingerprints=True)
        if isinstance(result, Encoded):
            cleaned.append((result.key, orjson.loads(result.value)))
    if not cleaned:
        return [], 0.0
    out = []
    for i in range(n):
        key, record = cleaned[i % len(cleaned)]
        copy = {**record, "id": hashlib.md5(f"{record['id']}-{i}".encode()).hexdigest(), "input_id": f"m{i}"}
        out.append((key, orjson.dumps(copy)))
    return out, len(cleaned) / len(pages)


def preload_topic(run: Run, topic: str, values: list[tuple[bytes, bytes]]) -> None:
    producer = _producer(run.servers)
    try:
        for key, value in values:
            producer.send(topic, key=key, value=value)
        producer.flush()
    finally:
        producer.close()


def floor(run: Run, pages: Sequence[BenchPage], n: int, timeout: float = 600) -> dict[str, float]:
    """The feed test's floor (`cleanwire.bench.floor`): the run's input (n pages, as in the feed test) through
    bare aiokafka in a process of its own, two hops, no work. Pages/s, the client's CPU per page, and the
    local broker's CPU per page over the whole pass (0 without a local broker)."""
    from kafka.admin import KafkaAdminClient, NewTopic

    middle = f"{run.group}-floor-middle"  # deleted with the run (`delete_run`: the group's topics)
    admin = KafkaAdminClient(bootstrap_servers=run.servers, client_id="cleanwire-bench")
    try:
        admin.create_topics([NewTopic(middle, 1, 1)])
    finally:
        admin.close()
    preload(run, pages, n, "floor")
    broker = local_broker_pid(run.servers)
    b0 = cpu_seconds(broker) if broker else None
    proc = subprocess.run([sys.executable, "-m", "cleanwire.bench.floor", run.servers, run.input, middle, run.output,
                           f"{run.group}-floor", str(n)], capture_output=True, timeout=timeout, check=False)
    b1 = cpu_seconds(broker) if broker else None
    if proc.returncode != 0:
        raise RuntimeError(f"the floor pass failed: {proc.stderr.decode(errors='replace')[-2000:]}")
    got = orjson.loads(proc.stdout.splitlines()[-1])
    pages_done = max(int(got["pages"]), 1)
    return {"pages": pages_done, "pages_per_s": pages_done / max(got["seconds"], 1e-6),
            "cpu_ms_per_page": 1000 * got["cpu_seconds"] / pages_done,
            "broker_ms_per_page": 1000 * (b1 - b0) / n if b0 is not None and b1 is not None else 0.0}
