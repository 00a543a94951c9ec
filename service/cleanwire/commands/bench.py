"""`cleanwire bench --corpus DIR [--quick]`: prints a table, then one JSON line with every number."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

CLEAN_ONLY = {"CLEANWIRE_SITE_MEMORY_ENABLED": "false", "CLEANWIRE_DUPLICATES_ENABLED": "false"}


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def run(args: argparse.Namespace) -> int:
    from cleanwire.bench import offline, pipeline

    cores = os.cpu_count() or 1
    quick = args.quick
    pages = offline.load_pages(args.corpus, 24 if quick else None)
    if not pages:
        print(f"no pages in {args.corpus}", file=sys.stderr)
        return 2
    servers = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    n_pipe = args.pages or (150 if quick else max(600, 3 * len(pages)))
    result: dict[str, Any] = {"quick": quick, "cores": cores, "cpu": _cpu_model(), "corpus_pages": len(pages)}
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731

    say(f"bench: {len(pages)} pages from {args.corpus}; {cores} cores ({result['cpu']})")
    traf, cl = offline.single_core(pages, 1)
    result["trafilatura_pages_per_s"], result["clean_pages_per_s"] = traf, cl
    result["clean_vs_trafilatura"] = cl / traf
    result["limit_pages_per_s"] = offline.all_cores(pages, n_pipe)
    result["limit_cpu_ms_per_page"] = 1000 * cores / result["limit_pages_per_s"]  # all cores busy with clean
    # The machine's own ceiling for (6): clean on one process (the other cores idle) vs on every core.
    result["limit_1_process_pages_per_s"] = offline.all_cores(pages, max(n_pipe // cores, 60), processes=1)
    result["limit_scaling"] = result["limit_pages_per_s"] / result["limit_1_process_pages_per_s"]

    with tempfile.TemporaryDirectory(prefix="cleanwire-bench-") as tmp:
        logs = Path(tmp)
        # Warm-up, not measured: a broker just started spends seconds of CPU compiling its hot paths (JIT),
        # 3-4 ms per page in the first minute against 1-1.3 ms warm (measured), on the cores the workers
        # need. A broker in service is warm; so is this one before anything is timed.
        say("bench: warming the broker up")
        result["warmup_pages_per_s"], _ = throughput_pass(pipeline, servers, pages, min(n_pipe, 300 if quick else 800), "w", cores, logs)
        run_ = pipeline.new_run(servers, partitions=max(4, 2 * cores))
        try:
            pipeline.preload(run_, pages, n_pipe, "p")
            with pipeline.workers(run_, 1, cores, logs) as ws:
                result["pipeline_pages_per_s"] = pipeline.throughput(run_, ws, n_pipe, timeout=600)
                result["pipeline_cpu_ms_per_page"] = ws.cpu_ms_per_page
                pipeline.wait_ready(ws)
                rate = result["pipeline_pages_per_s"] / 2
                lat = pipeline.latency(run_, pages, rate, 8 if quick else 30, already=n_pipe)
                result["latency_offered_pages_per_s"] = rate
                result["latency_samples"] = len(lat)
                result["latency_p50_s"] = _pct(lat, 0.50)
                result["latency_p95_s"] = _pct(lat, 0.95)
                result["latency_p99_s"] = _pct(lat, 0.99)
                result["latency_mean_s"] = statistics.fmean(lat) if lat else None
            result["peak_rss_mb"] = ws.peak_rss_total_mb
            result["peak_rss_process_mb"] = ws.peak_rss_process_mb
        finally:
            pipeline.delete_run(run_)
        result["pipeline_vs_limit"] = result["pipeline_pages_per_s"] / result["limit_pages_per_s"]

        # The same with only stage 1 (no site memory, no near-duplicates): what the memory stage costs.
        rate, cpu_ms = throughput_pass(pipeline, servers, pages, n_pipe, "c", cores, logs, CLEAN_ONLY)
        result["pipeline_clean_only_pages_per_s"], result["pipeline_clean_only_cpu_ms_per_page"] = rate, cpu_ms
        result["pipeline_clean_only_vs_limit"] = result["pipeline_clean_only_pages_per_s"] / result["limit_pages_per_s"]

        n_scale = max(120, n_pipe // 2)
        rates = {}
        for count in (1, cores):
            r = pipeline.new_run(servers, partitions=max(4, 2 * cores))
            try:
                values = pipeline.encoded(pages, n_scale, "s")
                with pipeline.workers(r, count, 1, logs) as ws:
                    rates[count] = pipeline.throughput_while_loading(r, ws, values, timeout=600)
            finally:
                pipeline.delete_run(r)
        result["scaling_1_worker_pages_per_s"] = rates[1]
        result["scaling_n_workers_pages_per_s"] = rates[cores]
        result["scaling"] = rates[cores] / rates[1]

    def row(name: str, value: Any, unit: str = "") -> None:
        shown = f"{value:10.3f}" if isinstance(value, float) else f"{value!s:>10}"
        print(f"{name:<58}{shown} {unit}")

    print(f"cleanwire bench ({'quick' if quick else 'full'}): {len(pages)} corpus pages, {n_pipe} through Kafka, "
          f"{cores} cores, {result['cpu']}")
    row("1. trafilatura.extract (defaults), one process", traf, "pages/s")
    row("2. clean, one process", cl, "pages/s")
    row("   clean / trafilatura", result["clean_vs_trafilatura"], "x")
    row(f"3. limit: clean on {cores} processes, no Kafka", result["limit_pages_per_s"], "pages/s")
    row("   (broker warm-up pass before 4., not counted)", result["warmup_pages_per_s"], "pages/s")
    row(f"4. pipeline: 1 worker, {cores} extraction processes, via Kafka", result["pipeline_pages_per_s"], "pages/s")
    row("   pipeline / limit", result["pipeline_vs_limit"], "x")
    cpu = result["pipeline_cpu_ms_per_page"]
    row(f"   CPU per page: limit ({cores} cores / limit)", result["limit_cpu_ms_per_page"], "ms")
    for part in ("extraction", "worker", "broker"):
        row(f"   CPU per page in the pipeline: {part}", cpu.get(part, 0.0), "ms")
    row("   the same, stage 1 only (site memory and duplicates off)", result["pipeline_clean_only_pages_per_s"], "pages/s")
    row("   stage 1 only / limit", result["pipeline_clean_only_vs_limit"], "x")
    cpu = result["pipeline_clean_only_cpu_ms_per_page"]
    row("   stage 1 only, CPU per page: extraction/worker/broker",
        f"{cpu.get('extraction', 0):.1f} / {cpu.get('worker', 0):.1f} / {cpu.get('broker', 0):.1f}", "ms")
    row(f"5. latency at {result['latency_offered_pages_per_s']:.1f} pages/s offered: p50", result["latency_p50_s"], "s")
    row("   p95", result["latency_p95_s"], "s")
    row("   p99", result["latency_p99_s"], "s")
    row("6. scaling: 1 worker x 1 process", rates[1], "pages/s")
    row(f"   {cores} workers x 1 process, one consumer group", rates[cores], "pages/s")
    row("   ratio", result["scaling"], "x")
    row(f"   the machine's own: clean on {cores} processes / on 1, no Kafka", result["limit_scaling"], "x")
    row("7. peak RSS, worker + extraction processes (total)", result["peak_rss_mb"], "MB")
    row("   peak RSS of any one process", result["peak_rss_process_mb"], "MB")
    print(orjson.dumps(result).decode())
    return 0


def throughput_pass(pipeline: Any, servers: str, pages: Any, n: int, prefix: str, cores: int, logs: Path,
                    extra_env: dict[str, str] | None = None) -> tuple[float, dict[str, float]]:
    """One worker with an extraction process per core over n preloaded pages on fresh topics:
    (pages/s, CPU ms per page by part)."""
    run_ = pipeline.new_run(servers, partitions=max(4, 2 * cores))
    try:
        pipeline.preload(run_, pages, n, prefix)
        with pipeline.workers(run_, 1, cores, logs, extra_env=extra_env) as ws:
            rate: float = pipeline.throughput(run_, ws, n, timeout=600)
            return rate, ws.cpu_ms_per_page
    finally:
        pipeline.delete_run(run_)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("bench", help="benchmark clean, the process-pool limit and the Kafka pipeline")
    p.add_argument("--corpus", required=True, help="directory with pages/<id>.html and truth.jsonl")
    p.add_argument("--quick", action="store_true", help="small N, short phases (CI)")
    p.add_argument("--pages", type=int, default=0, help="pages through Kafka (default: 600+, quick: 60)")
    p.set_defaults(run=run)
