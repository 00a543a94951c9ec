"""The bench's derived figures: efficiency and a capacity plan, from measured CPU costs (pure arithmetic).

A deployment's broker runs elsewhere, so none of these counts the broker's CPU.
"""

from __future__ import annotations

import math
from collections.abc import Mapping


def efficiency(clean_ms: float, cpu_ms: Mapping[str, float]) -> float | None:
    """clean's own CPU per page over what the worker spends per page on it: its extraction processes
    (clean plus decoding, encoding, MinHash, fingerprints) and its main process (Kafka, Faust, the
    memories). 1.0 would be a worker that costs nothing beyond clean. None without a measure."""
    spent = cpu_ms.get("extraction", 0.0) + cpu_ms.get("worker", 0.0)
    if clean_ms <= 0 or spent <= 0:
        return None
    return clean_ms / spent


def pod_pages_per_s(cores: float, extraction_ms: float, worker_ms: float) -> dict[str, float]:
    """One worker in a pod of `cores` CPUs, one extraction process per core: the rate its CPU allows
    (every core busy with a page's extraction + main-process CPU) and the rate its main process allows
    (one event loop, one core at most); the pod gets the lower of the two."""
    by_cpu = 1000 * cores / (extraction_ms + worker_ms)
    by_main = 1000 / worker_ms
    return {"by_cpu": by_cpu, "by_main_process": by_main, "pages_per_s": min(by_cpu, by_main)}


def plan(pod_cores: float, extraction_ms: float, worker_ms: float, memory_articles_per_s: float,
         article_fraction: float, target_pages_per_s: float = 1000.0) -> dict[str, float | str]:
    """Pods of `pod_cores` CPUs for `target_pages_per_s`, and the group rate at which the memory stage's
    one partition (one event loop, every article of the group) is full. `article_fraction`: of the
    pages, the share that become articles and so reach the memory stage."""
    pod = pod_pages_per_s(pod_cores, extraction_ms, worker_ms)
    memory_limit = memory_articles_per_s / article_fraction if article_fraction > 0 else math.inf
    return {
        "pod_cores": pod_cores,
        "pod_pages_per_s": pod["pages_per_s"],
        "pod_bound_by": "main_process" if pod["by_main_process"] < pod["by_cpu"] else "cpu",
        "pods_per_target": math.ceil(target_pages_per_s / pod["pages_per_s"]),
        "target_pages_per_s": target_pages_per_s,
        "memory_stage_limit_pages_per_s": memory_limit,
    }
