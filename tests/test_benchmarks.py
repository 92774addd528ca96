"""The benchmark scripts measure what they claim: valid specs of N services/workloads whose
resource count grows linearly, a floor that builds the same graph, and reports that read the
numbers right. No timed assertion here: timings live in docs/benchmarks.md."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eks_harness import EksMocks
from fargate_stacks.components.stack import build_stack
from fargate_stacks.inputs import load_inputs
from fargate_stacks.spec import load_spec
from pulumi_harness import run

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import run as bench  # noqa: E402


@pytest.mark.parametrize("kind", generate.KINDS)
@pytest.mark.parametrize("n", generate.SIZES)
def test_generated_specs_are_valid(tmp_path: Path, kind: generate.Kind, n: int) -> None:
    loaded = load_spec(generate.write_stack(tmp_path, kind, n))
    assert loaded.stack == f"{kind}{n}" and loaded.region == generate.REGION
    if kind == "ecs":
        assert loaded.spec.eks is None and loaded.spec.ecs is not None
        [ecs_cluster] = loaded.spec.ecs.clusters
        items: list[Any] = list(ecs_cluster.services)
        assert all(s.load_balancer is not None and s.autoscaling is not None for s in items)
    else:
        assert loaded.spec.ecs is None and loaded.spec.eks is not None
        [eks_cluster] = loaded.spec.eks.clusters
        items = list(eks_cluster.workloads)
    assert len(items) == n and len({s.name for s in items}) == n
    assert {(s.cpu, s.memory) for s in items} <= {
        (256, 512),
        (512, 1024),
        (1024, 2048),
        (2048, 4096),
    }


def test_spec_data_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        generate.spec_data("ecs", 0)
    with pytest.raises(ValueError):
        generate.spec_data("lambda", 1)  # type: ignore[arg-type]  # deliberately not a Kind


def _count(kind: generate.Kind, n: int, tmp_path: Path) -> int:
    spec = load_spec(generate.write_stack(tmp_path, kind, n)).spec
    return len(run(lambda: build_stack(spec), stack=f"{kind}{n}", mocks=EksMocks()).resources)


@pytest.mark.parametrize("kind", generate.KINDS)
def test_resource_count_grows_linearly(tmp_path: Path, kind: generate.Kind) -> None:
    c1, c2, c4 = (_count(kind, n, tmp_path) for n in (1, 2, 4))
    per_item = c2 - c1
    assert per_item > 5  # each service/workload is a real set of resources
    assert c4 - c2 == 2 * per_item
    assert c1 - per_item > 10  # the shared VPC/cluster part


def test_floor_builds_the_same_graph(tmp_path: Path) -> None:
    path = generate.write_stack(tmp_path, "ecs", 2)
    done = subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == {"resources": _count("ecs", 2, tmp_path)}


def test_manifests_load_and_every_tenth_is_too_big(tmp_path: Path) -> None:
    paths = generate.write_manifests(tmp_path, 20)
    assert len(paths) == 20
    requests = []
    for path in paths:
        templates, task_definitions = load_inputs(path)
        assert len(templates) == 1 and task_definitions == []
        requests.append(
            generate.manifest(int(path.stem.split("-")[1]))["spec"]["template"]["spec"][
                "containers"
            ][0]["resources"]["requests"]["cpu"]
        )
    assert requests.count("32") == 2


def test_measure_reports_the_childs_own_peak_memory() -> None:
    done = bench.measure([sys.executable, "-c", "b = bytearray(80 * 1024 * 1024); print(len(b))"])
    assert done.code == 0 and done.stdout.strip() == str(80 * 1024 * 1024)
    assert done.peak_mb >= 80
    assert bench.measure([sys.executable, "-c", "raise SystemExit(3)"]).code == 3


def _results() -> dict[str, Any]:
    def row(n: int, resources: int, preview: float, floor: float) -> dict[str, Any]:
        return {
            "kind": "ecs",
            "n": n,
            "resources": resources,
            "preview_s": preview,
            "preview_peak_mb": 150.0,
            "floor_s": floor,
            "floor_peak_mb": 130.0,
            "ratio": round(preview / floor, 3),
            "preview_cpu_s": round(preview * 0.9, 3),
            "floor_cpu_s": round(floor * 1.1, 3),
        }

    sizes = [row(10, 169, 2.0, 2.5), row(100, 1519, 4.0, 8.0), row(1000, 15019, 24.0, 70.0)]
    return {
        "settings": {"repeat": 3, "large_repeat": 1},
        "sizes": sizes,
        "marginal": bench.marginal(sizes),
        "machine": bench.machine(),
        "policies": [
            {
                "stack": "Pulumi.ecs100.yaml",
                "resources": 1519,
                "seconds": 0.05,
                "per_second": 30380.0,
                "findings": 0,
            }
        ],
        "check": {"manifests": 1000, "seconds": 2.5, "findings": 100, "peak_mb": 90.0},
        "help": {"seconds": 0.1},
    }


def test_marginal_cost_and_goals_read_the_numbers() -> None:
    results = _results()
    assert results["marginal"][0] == {
        "kind": "ecs",
        "from": 10,
        "to": 100,
        "preview_ms": round(2000 / 1350, 2),
        "floor_ms": round(5500 / 1350, 2),
    }
    met = {name.split(" (")[0]: ok for name, _, ok in bench.goals(results)}
    assert met["preview of 100 ECS services faster than the floor"] is True
    assert met["preview of 100 ECS services under 300 MB peak"] is True
    assert met["1,000 ECS services preview, time linear"] is True
    assert met["check of 1,000 manifests < 2.0 s"] is False
    assert met["fargate-stacks --help < 0.3 s"] is True


def test_superlinear_growth_is_reported_as_missed() -> None:
    results = _results()
    results["sizes"][2]["preview_s"] = 400.0  # 10x the linear extrapolation
    results["marginal"] = bench.marginal(results["sizes"])
    met = {name: ok for name, _, ok in bench.goals(results)}
    assert met["1,000 ECS services preview, time linear"] is False


def test_markdown_names_the_machine_and_every_size() -> None:
    results = _results()
    text = bench.markdown(results, "benchmarks.png")
    assert "![time against N](benchmarks.png)" in text
    for r in results["sizes"]:
        assert f"| ecs | {r['n']} | {r['resources']} | {r['preview_s']:.2f} |" in text
    machine = results["machine"]
    assert machine["cores"] and machine["python"] in text and "pulumi-aws" in text
    assert "| check of 1,000 manifests < 2.0 s | 2.50 s (100 findings) | no |" in text


def test_plot_writes_a_png(tmp_path: Path) -> None:
    path = tmp_path / "b.png"
    bench.plot(_results(), path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_diff_goal_reads_the_ratio() -> None:
    results = _results()
    results["diff"] = {"n": 100, "diff_s": 9.0, "preview_s": 5.0, "ratio": 1.8}
    met = {name: ok for name, _, ok in bench.goals(results)}
    assert met["diff of two 100-service stacks < 2x one preview"] is True
    results["diff"] = {"n": 100, "diff_s": 11.0, "preview_s": 5.0, "ratio": 2.2}
    met = {name: ok for name, _, ok in bench.goals(results)}
    assert met["diff of two 100-service stacks < 2x one preview"] is False


def test_changed_copy_is_the_same_stack_changed(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    old = generate.write_stack(tmp_path / "old", "ecs", 20)
    new = bench.changed_copy(tmp_path / "new", 20)
    assert old.name == new.name
    old_services = load_spec(old).spec.ecs.clusters[0].services  # type: ignore[union-attr]
    new_services = load_spec(new).spec.ecs.clusters[0].services  # type: ignore[union-attr]
    assert len(new_services) == len(old_services) + 1
    assert sum(a.image != b.image for a, b in zip(old_services, new_services, strict=False)) == 2
