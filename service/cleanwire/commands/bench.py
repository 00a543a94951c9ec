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
TRIVIAL = {"CLEANWIRE_BENCH_TRIVIAL_EXTRACT": "true"}
POD_CORES = (2, 16)  # the capacity plan's pod sizes (CPUs)


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
    from cleanwire.bench import capacity, offline, pipeline

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
    traf, cl, traf_first, cl_first = offline.single_core(pages, 1)
    result["trafilatura_pages_per_s"], result["clean_pages_per_s"] = traf, cl
    result["clean_vs_trafilatura"] = cl / traf
    result["first_pass_trafilatura_pages_per_s"], result["first_pass_clean_pages_per_s"] = traf_first, cl_first
    result["clean_vs_trafilatura_first_pass"] = cl_first / traf_first
    result["limit_pages_per_s"], result["clean_cpu_ms_per_page"] = offline.limit(pages, n_pipe)
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

        # 8. The feed test: the same records and topics, both stages, but a trivial extraction
        # (CLEANWIRE_BENCH_TRIVIAL_EXTRACT): the rate one worker's main process could feed.
        say("bench: feed test (trivial extraction)")
        n_feed = args.feed_pages or (300 if quick else max(3000, 2 * n_pipe))
        rate, cpu_ms = throughput_pass(pipeline, servers, pages, n_feed, "f", cores, logs, TRIVIAL)
        result["feed_pages"], result["feed_pages_per_s"], result["feed_cpu_ms_per_page"] = n_feed, rate, cpu_ms
        # ... and its floor: the same pages through bare aiokafka, two hops, no work (cleanwire.bench.floor)
        say("bench: the feed test's floor (bare aiokafka, no work)")
        run_ = pipeline.new_run(servers, partitions=max(4, 2 * cores))
        try:
            result["floor"] = pipeline.floor(run_, pages, n_feed)
        finally:
            pipeline.delete_run(run_)

        # 9. The memory stage alone: pre-cleaned articles on its one-partition topic, no input.
        say("bench: memory stage alone")
        n_mem = n_feed  # as many articles as the feed test had pages
        records, fraction = pipeline.memory_records(pages, n_mem)
        result["article_fraction"] = fraction
        rate, cpu_ms = memory_pass(pipeline, servers, records, cores, logs)
        result["memory_stage_articles"], result["memory_stage_articles_per_s"] = len(records), rate
        result["memory_stage_cpu_ms_per_article"] = cpu_ms

    cpu = result["pipeline_cpu_ms_per_page"]
    result["worker_main_cpu_ms_per_page"] = cpu.get("worker", 0.0)
    result["efficiency"] = capacity.efficiency(result["clean_cpu_ms_per_page"], cpu)
    result["efficiency_clean_only"] = capacity.efficiency(result["clean_cpu_ms_per_page"],
                                                          result["pipeline_clean_only_cpu_ms_per_page"])
    result["capacity_plan"] = {
        str(pod): capacity.plan(pod, cpu.get("extraction", 0.0), max(cpu.get("worker", 0.0), 1e-6),
                                result["memory_stage_articles_per_s"], fraction)
        for pod in POD_CORES
    }

    def row(name: str, value: Any, unit: str = "") -> None:
        shown = f"{value:10.3f}" if isinstance(value, float) else f"{value!s:>10}"
        print(f"{name:<58}{shown} {unit}")

    print(f"cleanwire bench ({'quick' if quick else 'full'}): {len(pages)} corpus pages, {n_pipe} through Kafka, "
          f"{cores} cores, {result['cpu']}")
    row("1. trafilatura.extract (defaults), one process, warm", traf, "pages/s")
    row("2. clean, one process, warm", cl, "pages/s")
    row("   clean / trafilatura", result["clean_vs_trafilatura"], "x")
    row("   the same over each one's first pass over the pages", result["clean_vs_trafilatura_first_pass"], "x")
    row(f"3. limit: clean on {cores} processes, no Kafka", result["limit_pages_per_s"], "pages/s")
    row("   (broker warm-up pass before 4., not counted)", result["warmup_pages_per_s"], "pages/s")
    row(f"4. pipeline: 1 worker, {cores} extraction processes, via Kafka", result["pipeline_pages_per_s"], "pages/s")
    row("   pipeline / limit", result["pipeline_vs_limit"], "x")
    cpu = result["pipeline_cpu_ms_per_page"]
    row(f"   CPU per page: limit ({cores} cores / limit)", result["limit_cpu_ms_per_page"], "ms")
    row("   CPU per page: clean in the limit (the processes' CPU time)", result["clean_cpu_ms_per_page"], "ms")
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
    row("8. worker main process, CPU per page (4., both stages)", result["worker_main_cpu_ms_per_page"], "ms")
    row("   efficiency: clean's CPU / (extraction + worker), 4.", result["efficiency"], "x")
    row("   the same, stage 1 only", result["efficiency_clean_only"], "x")
    row(f"   feed test: trivial extraction, both stages, {result['feed_pages']} pages", result["feed_pages_per_s"], "pages/s")
    cpu = result["feed_cpu_ms_per_page"]
    row("   feed test, CPU per page: worker main process", cpu.get("worker", 0.0), "ms")
    row("   feed test, CPU per page: extraction / broker",
        f"{cpu.get('extraction', 0):.2f} / {cpu.get('broker', 0):.2f}", "ms")
    floor = result["floor"]
    row("   floor: bare aiokafka, the feed test's two hops, no work", floor["pages_per_s"], "pages/s")
    row("   floor, CPU per page: the client process / broker",
        f"{floor['cpu_ms_per_page']:.2f} / {floor['broker_ms_per_page']:.2f}", "ms")
    row(f"9. memory stage alone, 1 partition, {result['memory_stage_articles']} articles", result["memory_stage_articles_per_s"], "articles/s")
    cpu = result["memory_stage_cpu_ms_per_article"]
    row("   CPU per article: worker main process", cpu.get("worker", 0.0), "ms")
    row("   CPU per article: broker", cpu.get("broker", 0.0), "ms")
    row("   share of the corpus's pages that become articles", result["article_fraction"], "")
    for pod, p in result["capacity_plan"].items():
        row(f"   plan: {pod}-CPU pod, 1 worker ({p['pod_bound_by']} bound)", p["pod_pages_per_s"], "pages/s")
        row(f"   plan: {pod}-CPU pods per {p['target_pages_per_s']:.0f} pages/s", p["pods_per_target"], "")
    row("   plan: memory stage's partition full at", result["capacity_plan"][str(POD_CORES[0])]["memory_stage_limit_pages_per_s"], "pages/s")
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


def memory_pass(pipeline: Any, servers: str, records: list[tuple[bytes, bytes]], processes: int,
                logs: Path) -> tuple[float, dict[str, float]]:
    """One worker as in 4. (its extraction processes idle: no input) over `records` preloaded on its memory
    topic: (articles/s through the memory stage, CPU ms per article by part). The same number of
    processes as in 4. keeps the same records in flight (CLEANWIRE_CONCURRENCY: 16 x processes)."""
    run_ = pipeline.new_memory_run(servers, partitions=2)
    try:
        pipeline.preload_topic(run_, pipeline.memory_topic(run_), records)
        with pipeline.workers(run_, 1, processes, logs) as ws:
            rate: float = pipeline.throughput(run_, ws, len(records), timeout=600)
            return rate, ws.cpu_ms_per_page
    finally:
        pipeline.delete_run(run_)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("bench", help="benchmark clean, the process-pool limit and the Kafka pipeline")
    p.add_argument("--corpus", required=True, help="directory with pages/<id>.html and truth.jsonl")
    p.add_argument("--quick", action="store_true", help="small N, short phases (CI)")
    p.add_argument("--pages", type=int, default=0, help="pages through Kafka (default: 600+, quick: 60)")
    p.add_argument("--feed-pages", type=int, default=0,
                   help="records through the feed test and the memory stage test (default: 3,000+, quick: 300)")
    p.set_defaults(run=run)
