"""The bench's derived figures: efficiency and the capacity plan are arithmetic on measured costs."""

from __future__ import annotations

import math

import pytest

from cleanwire.bench import capacity


def test_efficiency_is_clean_over_extraction_plus_worker_with_the_broker_left_out() -> None:
    cpu = {"extraction": 18.97, "worker": 3.06, "broker": 1.27}  # README run B
    assert capacity.efficiency(15.7, cpu) == pytest.approx(15.7 / (18.97 + 3.06))
    assert capacity.efficiency(15.7, {**cpu, "broker": 50.0}) == capacity.efficiency(15.7, cpu)
    assert capacity.efficiency(15.7, {"extraction": 15.7, "worker": 0.0}) == pytest.approx(1.0)


@pytest.mark.parametrize("clean_ms, cpu", [(0.0, {"extraction": 1.0, "worker": 1.0}), (15.0, {}),
                                            (15.0, {"extraction": 0.0, "worker": 0.0, "broker": 3.0})])
def test_efficiency_without_a_measure_is_none(clean_ms: float, cpu: dict[str, float]) -> None:
    assert capacity.efficiency(clean_ms, cpu) is None


def test_a_small_pod_is_bound_by_its_cores_a_large_one_by_its_event_loop() -> None:
    small = capacity.pod_pages_per_s(2, extraction_ms=19.0, worker_ms=3.0)
    assert small["by_cpu"] == pytest.approx(2000 / 22) and small["by_main_process"] == pytest.approx(1000 / 3)
    assert small["pages_per_s"] == small["by_cpu"]
    large = capacity.pod_pages_per_s(16, extraction_ms=19.0, worker_ms=3.0)
    assert large["by_cpu"] == pytest.approx(16000 / 22)
    assert large["pages_per_s"] == pytest.approx(1000 / 3)  # one event loop cannot feed 16 cores at 3 ms a page


def test_plan_rounds_pods_up_and_scales_the_memory_limit_by_the_share_of_articles() -> None:
    p = capacity.plan(2, extraction_ms=19.0, worker_ms=3.0, memory_articles_per_s=600.0, article_fraction=0.75)
    assert p["pods_per_target"] == math.ceil(1000 / (2000 / 22)) == 11
    assert p["pod_bound_by"] == "cpu"
    assert p["memory_stage_limit_pages_per_s"] == pytest.approx(800.0)  # 600 articles/s are 800 pages/s
    big = capacity.plan(16, extraction_ms=19.0, worker_ms=3.0, memory_articles_per_s=600.0, article_fraction=0.75)
    assert big["pod_bound_by"] == "main_process" and big["pods_per_target"] == 3
    assert capacity.plan(2, 19.0, 3.0, 600.0, 0.0)["memory_stage_limit_pages_per_s"] == math.inf
