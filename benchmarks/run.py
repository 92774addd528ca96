"""Speed and memory of ``fargate-stacks preview`` against the raw pulumi_aws floor (``make bench``).

For each kind (ECS services, EKS workloads) and size N, the preview (``fargate-stacks preview
--format json``: program, moto, graph capture, policies, sizes, cost, report) and the floor
(``floor.py``: the same ``build_stack`` under Pulumi's stock ``MockMonitor`` and no-op mocks) run
alternately, each in a fresh process, so both pay the same interpreter start and imports and the
same machine noise. Wall time is measured around the child, peak memory is the child's own
``ru_maxrss`` (from ``wait4``). Medians over ``--repeat`` runs are reported.

Also measured: ``diff`` of two 100-service stacks against one preview (``--diff-n``), policy
evaluation alone (resources/s), ``check`` of 1,000 manifests and ``fargate-stacks --help``. Results go to stdout (a table, or ``--json``) and, unless
``--no-docs``, to ``docs/benchmarks.md`` with the plot ``docs/benchmarks.png``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402 - benchmarks/ is a folder of scripts, not a package

# The goals, checked in the report.
GOAL_POLICY_RATE = 20_000  # resources per second
GOAL_CHECK_SECONDS = 2.0  # check of 1,000 manifests
GOAL_HELP_SECONDS = 0.3  # fargate-stacks --help
GOAL_PEAK_MB = 300  # preview of 100 services
GOAL_DIFF_RATIO = 2.0  # diff of two N-service stacks against one preview (issue 16)
DIFF_N = 100
MANIFESTS = 1000
PACKAGES = (
    "fargate-stacks",
    "pulumi",
    "pulumi-aws",
    "pulumi-kubernetes",
    "pulumi-policy",
    "moto",
    "boto3",
    "protobuf",
    "grpcio",
    "pydantic",
    "PyYAML",
)
# Peers' measurements on this machine (issue 8), one VPC, one ECS cluster, N services.
CDK_REFERENCE = {
    "CDK synth (validation on)": {10: 3.6, 100: 7.3},
    "CDK synth (validation off)": {10: 0.9, 100: 2.2},
}


@dataclass
class Run:
    """One child process: wall seconds, CPU seconds (user + system), peak resident memory."""

    seconds: float
    cpu: float
    peak_mb: float
    code: int
    stdout: str
    stderr: str


@dataclass
class Row:
    kind: str
    n: int
    resources: int
    preview_s: list[float] = field(default_factory=list)
    preview_mb: list[float] = field(default_factory=list)
    preview_cpu: list[float] = field(default_factory=list)
    floor_s: list[float] = field(default_factory=list)
    floor_mb: list[float] = field(default_factory=list)
    floor_cpu: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        preview, floor = statistics.median(self.preview_s), statistics.median(self.floor_s)
        return {
            "kind": self.kind,
            "n": self.n,
            "resources": self.resources,
            "preview_s": round(preview, 3),
            "preview_peak_mb": round(max(self.preview_mb), 1),
            "floor_s": round(floor, 3),
            "floor_peak_mb": round(max(self.floor_mb), 1),
            "preview_cpu_s": round(statistics.median(self.preview_cpu), 3),
            "floor_cpu_s": round(statistics.median(self.floor_cpu), 3),
            "ratio": round(preview / floor, 3),
            "runs": len(self.preview_s),
            "preview_all_s": [round(s, 3) for s in self.preview_s],
            "floor_all_s": [round(s, 3) for s in self.floor_s],
        }


def measure(cmd: Sequence[str], cwd: Path = ROOT) -> Run:
    """Run ``cmd`` in a fresh process; its wall time and its own peak RSS (not the parent's)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            code,
            out.read().decode(errors="replace"),
            err.read().decode(errors="replace"),
        )


def cli_command() -> list[str]:
    """The installed console script next to this interpreter, else the module."""
    script = Path(sys.executable).with_name("fargate-stacks")
    return [str(script)] if script.exists() else [sys.executable, "-m", "fargate_stacks.cli.app"]


def _checked(run: Run, what: str, codes: tuple[int, ...] = (0,)) -> Run:
    if run.code not in codes:
        tail = "\n".join(run.stderr.strip().splitlines()[-15:])
        raise SystemExit(f"bench: {what} exited {run.code}:\n{tail}")
    return run


def bench_size(kind: generate.Kind, n: int, path: Path, repeat: int, log: Any) -> Row:
    preview_cmd = [*cli_command(), "preview", "--format", "json", str(path)]
    floor_cmd = [sys.executable, str(HERE / "floor.py"), str(path)]
    row: Row | None = None
    for i in range(repeat):
        # alternate which goes first, so drift in machine load hits both alike
        order = (("preview", preview_cmd), ("floor", floor_cmd))
        for what, cmd in order if i % 2 == 0 else order[::-1]:
            run = _checked(measure(cmd), f"{what} of {path.name}")
            count = (
                json.loads(run.stdout)["summary"]["resources"]
                if what == "preview"
                else json.loads(run.stdout)["resources"]
            )
            row = row or Row(kind, n, count)
            if count != row.resources:
                raise SystemExit(
                    f"bench: {what} of {path.name} built {count} resources, "
                    f"the other side {row.resources}: not the same graph"
                )
            if what == "preview":
                row.preview_s.append(run.seconds)
                row.preview_cpu.append(run.cpu)
                row.preview_mb.append(run.peak_mb)
            else:
                row.floor_s.append(run.seconds)
                row.floor_cpu.append(run.cpu)
                row.floor_mb.append(run.peak_mb)
            print(
                f"  {kind:3} N={n:<5} {what:7} run {i + 1}/{repeat}: {run.seconds:6.2f} s "
                f"(CPU {run.cpu:6.2f} s) {run.peak_mb:6.0f} MB",
                file=log,
                flush=True,
            )
    assert row is not None
    return row


def bench_policies(path: Path) -> dict[str, Any]:
    run = _checked(
        measure([sys.executable, str(HERE / "policy_rate.py"), str(path), "7"]), "policy_rate.py"
    )
    return {"stack": path.name, **json.loads(run.stdout)}


def bench_check(directory: Path, repeat: int) -> dict[str, Any]:
    paths = generate.write_manifests(directory, MANIFESTS)
    cmd = [*cli_command(), "check", "--format", "json", *map(str, paths)]
    runs = [_checked(measure(cmd), "check", (0, 1)) for _ in range(repeat)]
    summary = json.loads(runs[0].stdout)["summary"]
    return {
        "manifests": MANIFESTS,
        "seconds": statistics.median(r.seconds for r in runs),
        "findings": summary["findings"],
        "peak_mb": max(r.peak_mb for r in runs),
    }


def changed_copy(directory: Path, n: int) -> Path:
    """The ``ecs`` stack of ``n`` services as a pull request might change it: every tenth
    service on a new image and desired count, one service more. Same file name, another folder,
    so ``diff`` compares one stack."""
    config = generate.stack_config("ecs", n)
    services = config["config"]["fargate-stacks:spec"]["ecs"]["clusters"][0]["services"]
    for service in services[::10]:
        service["image"] = "public.ecr.aws/nginx/nginx:1.28"
        service["desiredCount"] = 3
    services.append(generate.ecs_service(n))
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"Pulumi.{generate.stack_name('ecs', n)}.yaml"
    path.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return path


def bench_diff(work: Path, n: int, repeat: int, log: Any) -> dict[str, Any]:
    """``diff OLD NEW`` of two n-service stacks against one ``preview`` of NEW, alternating; the
    diff runs the engine once per side, so about twice a preview's run, plus one start-up."""
    (work / "old").mkdir(parents=True, exist_ok=True)
    old = generate.write_stack(work / "old", "ecs", n)
    new = changed_copy(work / "new", n)
    diff_cmd = [*cli_command(), "diff", "--format", "json", str(old), str(new)]
    preview_cmd = [*cli_command(), "preview", "--format", "json", str(new)]
    times: dict[str, list[float]] = {"diff": [], "preview": []}
    cpu: dict[str, list[float]] = {"diff": [], "preview": []}
    summary: dict[str, Any] = {}
    for i in range(repeat):
        order = (("diff", diff_cmd), ("preview", preview_cmd))
        for what, cmd in order if i % 2 == 0 else order[::-1]:
            run = _checked(measure(cmd), f"{what} of {n} services")
            times[what].append(run.seconds)
            cpu[what].append(run.cpu)
            if what == "diff":
                summary = json.loads(run.stdout)["summary"]
            print(f"  diff N={n} {what:7} run {i + 1}/{repeat}: {run.seconds:6.2f} s", file=log)
    diff_s, preview_s = statistics.median(times["diff"]), statistics.median(times["preview"])
    return {
        "n": n,
        "diff_s": round(diff_s, 3),
        "preview_s": round(preview_s, 3),
        "ratio": round(diff_s / preview_s, 3),
        # CPU too: on a shared machine the wall time of one run swings with the neighbours' load
        "cpu_ratio": round(statistics.median(cpu["diff"]) / statistics.median(cpu["preview"]), 3),
        "changes": {k: summary.get(k) for k in ("create", "update", "replace", "delete", "same")},
    }


def bench_help(repeat: int) -> dict[str, Any]:
    runs = [_checked(measure([*cli_command(), "--help"]), "--help") for _ in range(repeat)]
    return {"seconds": statistics.median(r.seconds for r in runs)}


# ---------------------------------------------------------------- the machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    memory_gb: float | None = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    commit = (
        subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True, capture_output=True
        ).stdout.strip()
        or "unknown"
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory_gb,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "packages": versions,
        "commit": commit,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---------------------------------------------------------------- reports


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| kind | N | resources | preview (s) | floor (s) | preview / floor | preview CPU (s) "
        "| floor CPU (s) | preview peak (MB) | floor peak (MB) |"
    )
    lines = [head, "|" + "---|" * 10]
    lines.extend(
        f"| {r['kind']} | {r['n']} | {r['resources']} | {r['preview_s']:.2f} | "
        f"{r['floor_s']:.2f} | {r['ratio']:.2f} | {r['preview_cpu_s']:.2f} | "
        f"{r['floor_cpu_s']:.2f} | {r['preview_peak_mb']:.0f} | "
        f"{r['floor_peak_mb']:.0f} |"
        for r in rows
    )
    return "\n".join(lines)


def marginal(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Milliseconds per added resource between consecutive sizes: flat means linear."""
    out = []
    for kind in dict.fromkeys(r["kind"] for r in rows):
        mine = sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["n"])
        for a, b in itertools.pairwise(mine):
            added = b["resources"] - a["resources"]
            out.append(
                {
                    "kind": kind,
                    "from": a["n"],
                    "to": b["n"],
                    "preview_ms": round(1000 * (b["preview_s"] - a["preview_s"]) / added, 2),
                    "floor_ms": round(1000 * (b["floor_s"] - a["floor_s"]) / added, 2),
                }
            )
    return out


def goals(results: dict[str, Any]) -> list[tuple[str, str, bool | None]]:
    rows = {(r["kind"], r["n"]): r for r in results["sizes"]}
    out: list[tuple[str, str, bool | None]] = []
    ecs100 = rows.get(("ecs", 100))
    if ecs100:
        out.append(
            (
                "preview of 100 ECS services faster than the floor",
                f"{ecs100['preview_s']:.2f} s vs {ecs100['floor_s']:.2f} s "
                f"(ratio {ecs100['ratio']:.2f})",
                ecs100["ratio"] < 1,
            )
        )
        out.append(
            (
                f"preview of 100 ECS services under {GOAL_PEAK_MB} MB peak",
                f"{ecs100['preview_peak_mb']:.0f} MB",
                ecs100["preview_peak_mb"] < GOAL_PEAK_MB,
            )
        )
    ecs1000 = rows.get(("ecs", 1000))
    if ecs1000 and ecs100:
        per100 = ecs100["preview_s"] / ecs100["resources"]
        per1000 = ecs1000["preview_s"] / ecs1000["resources"]
        steps = [m for m in results["marginal"] if m["kind"] == "ecs" and m["to"] == 1000]
        step = steps[0]["preview_ms"] if steps else None
        out.append(
            (
                "1,000 ECS services preview, time linear",
                f"{ecs1000['preview_s']:.1f} s, {ecs1000['preview_peak_mb']:.0f} MB; "
                f"{step} ms per added resource from 100 to 1,000 "
                f"({1000 * per100:.2f} ms/resource at 100, {1000 * per1000:.2f} at 1,000)",
                # Linear: the average cost of a resource does not grow with N (a quadratic
                # step would make it about 10x at 1,000). Averages, not the 10->100 slope,
                # which the fixed ~3 s start-up and its noise dominate.
                per1000 <= 1.5 * per100,
            )
        )
    out.extend(
        (
            f"policy evaluation >= {GOAL_POLICY_RATE:,} resources/s ({p['stack']})",
            f"{p['per_second']:,.0f} resources/s ({p['resources']} resources in "
            f"{1000 * p['seconds']:.1f} ms)",
            p["per_second"] >= GOAL_POLICY_RATE,
        )
        for p in results.get("policies", [])
    )
    if "check" in results:
        c = results["check"]
        out.append(
            (
                f"check of {c['manifests']:,} manifests < {GOAL_CHECK_SECONDS} s",
                f"{c['seconds']:.2f} s ({c['findings']} findings)",
                c["seconds"] < GOAL_CHECK_SECONDS,
            )
        )
    if "diff" in results:
        d = results["diff"]
        out.append(
            (
                f"diff of two {d['n']}-service stacks < {GOAL_DIFF_RATIO:g}x one preview",
                f"{d['diff_s']:.2f} s vs {d['preview_s']:.2f} s (ratio {d['ratio']:.2f}"
                + (f", CPU ratio {d['cpu_ratio']:.2f})" if "cpu_ratio" in d else ")"),
                d["ratio"] < GOAL_DIFF_RATIO,
            )
        )
    if "help" in results:
        h = results["help"]
        out.append(
            (
                f"fargate-stacks --help < {GOAL_HELP_SECONDS} s",
                f"{h['seconds']:.3f} s",
                h["seconds"] < GOAL_HELP_SECONDS,
            )
        )
    return out


def text_report(results: dict[str, Any]) -> str:
    lines = [table(results["sizes"]), ""]
    if results["marginal"]:
        lines.append(
            "ms per added resource: "
            + ", ".join(
                f"{m['kind']} {m['from']}->{m['to']}: preview {m['preview_ms']}, floor {m['floor_ms']}"
                for m in results["marginal"]
            )
        )
        lines.append("")
    for name, value, ok in goals(results):
        lines.append(f"[{'ok' if ok else 'MISSED'}] {name}: {value}")
    return "\n".join(lines)


def markdown(results: dict[str, Any], plot: str | None) -> str:
    m = results["machine"]
    packages = ", ".join(f"{k} {v}" for k, v in m["packages"].items())
    out = [
        "# Benchmarks: offline preview against the raw pulumi_aws floor",
        "",
        "Written by `make bench` (`benchmarks/run.py`); do not edit by hand. Each number is the "
        f"median of {results['settings']['repeat']} runs (N=1000: "
        f"{results['settings']['large_repeat']}), every run in a fresh process, preview and floor "
        "alternating.",
        "",
        "- **preview**: `fargate-stacks preview --format json STACK` — the spec loaded and "
        "validated, the program run under Pulumi mocks answered by moto, the graph captured, the "
        "policy pack run on it, sizes and cost computed, the JSON report written.",
        "- **floor**: `benchmarks/floor.py STACK` — the same `build_stack` on the same spec under "
        "Pulumi's stock `MockMonitor` with a no-op `Mocks` (inputs echoed as outputs), no moto, "
        "no policies, no cost: what the Pulumi SDK itself costs for these resources.",
        "- Specs from `benchmarks/generate.py`: `ecs` = one VPC, one ECS cluster and N "
        "load-balanced Fargate services (ALB, autoscaling, Spot); `eks` = one VPC, one EKS "
        "cluster and N Fargate workloads (Deployment, Service, Ingress, HPA, IRSA role).",
        "- Peak memory is the child's own `ru_maxrss`.",
        "",
        "## Results",
        "",
        table(results["sizes"]),
        "",
    ]
    if plot:
        out += [f"![time against N]({plot})", ""]
    if results["marginal"]:
        out += [
            "Cost of each added resource (slope between sizes; flat means linear):",
            "",
            "| kind | from N | to N | preview ms/resource | floor ms/resource |",
            "|---|---|---|---|---|",
        ]
        out += [
            f"| {x['kind']} | {x['from']} | {x['to']} | {x['preview_ms']} | {x['floor_ms']} |"
            for x in results["marginal"]
        ]
        out.append("")
    out += ["## Goals (issue 8)", "", "| goal | measured | met |", "|---|---|---|"]
    out += [f"| {name} | {value} | {'yes' if ok else 'no'} |" for name, value, ok in goals(results)]
    out += [
        "",
        "## Machine",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; memory {m['memory_gb']} GB; {m['os']}",
        f"- Python {m['python']}; {packages}",
        f"- commit {m['commit']}, {m['date']}",
        "",
    ]
    notes = results.get("notes")
    if notes:
        out += ["## Notes", "", notes.strip(), ""]
    return "\n".join(out)


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = list(dict.fromkeys(r["kind"] for r in results["sizes"]))
    fig, axes = plt.subplots(1, len(kinds), figsize=(6 * len(kinds), 4.5), squeeze=False)
    for ax, kind in zip(axes[0], kinds, strict=True):
        rows = sorted((r for r in results["sizes"] if r["kind"] == kind), key=lambda r: r["n"])
        ns = [r["n"] for r in rows]
        ax.plot(ns, [r["preview_s"] for r in rows], "o-", label="fargate-stacks preview")
        ax.plot(ns, [r["floor_s"] for r in rows], "s--", label="raw pulumi_aws floor")
        if kind == "ecs":
            for (label, points), marker in zip(CDK_REFERENCE.items(), ("^", "v"), strict=True):
                ax.plot(
                    list(points),
                    list(points.values()),
                    marker,
                    linestyle=":",
                    color="grey",
                    label=f"{label} (issue 8)",
                )
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("N (ECS services)" if kind == "ecs" else "N (EKS workloads)")
        ax.set_ylabel("wall time (s), median")
        ax.set_title(f"{kind.upper()}: time against N")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="preview vs raw pulumi_aws floor (issue 8)")
    parser.add_argument("--sizes", default="1,10,100", help="N values (default 1,10,100)")
    parser.add_argument("--large", action="store_true", help="also N=1000 (several minutes)")
    parser.add_argument("--kinds", default="ecs,eks", help="ecs, eks or both (default)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (median)")
    parser.add_argument("--large-repeat", type=int, default=1, help="runs for N=1000")
    parser.add_argument(
        "--skip-micro", action="store_true", help="skip policy rate, check and --help timings"
    )
    parser.add_argument(
        "--diff-n", type=int, default=DIFF_N, help="services of the diff benchmark (0: skip it)"
    )
    parser.add_argument("--json", action="store_true", help="machine-readable results on stdout")
    parser.add_argument(
        "--no-docs",
        action="store_true",
        help="do not write docs/benchmarks.md and docs/benchmarks.png",
    )
    parser.add_argument("--docs", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--notes", type=Path, help="markdown appended to the report as Notes")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="write the report and plot from a saved --json output, running nothing",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = sorted({int(s) for s in args.sizes.split(",") if s} | ({1000} if args.large else set()))
    by_name = {k: k for k in generate.KINDS}  # str -> Kind
    kinds: list[generate.Kind] = []
    for name in (k for k in args.kinds.split(",") if k):
        kind = by_name.get(name)
        if kind is None:
            raise SystemExit(f"bench: unknown kind {name!r}")
        kinds.append(kind)
    log = sys.stderr
    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
    else:
        results = measure_all(args, sizes, kinds, log)
    if args.notes:
        results["notes"] = args.notes.read_text(encoding="utf-8")
    if not args.no_docs:
        png = args.docs.with_suffix(".png")
        args.docs.parent.mkdir(parents=True, exist_ok=True)
        plot(results, png)
        args.docs.write_text(markdown(results, png.name), encoding="utf-8")
        print(f"  wrote {args.docs} and {png}", file=log)
    results["goals"] = [{"goal": g, "measured": v, "met": ok} for g, v, ok in goals(results)]
    print(json.dumps(results, indent=2) if args.json else text_report(results))
    return 0


def measure_all(
    args: argparse.Namespace, sizes: list[int], kinds: list[generate.Kind], log: Any
) -> dict[str, Any]:
    results: dict[str, Any] = {
        "settings": {
            "sizes": sizes,
            "kinds": kinds,
            "repeat": args.repeat,
            "large_repeat": args.large_repeat,
        },
        "machine": machine(),
        "sizes": [],
    }
    with tempfile.TemporaryDirectory(prefix="fargate-stacks-bench-") as tmp:
        work = Path(tmp)
        for kind in kinds:
            for n in sizes:
                path = generate.write_stack(work, kind, n)
                repeat = args.large_repeat if n >= 1000 else args.repeat
                results["sizes"].append(bench_size(kind, n, path, repeat, log).summary())
        results["marginal"] = marginal(results["sizes"])
        if args.diff_n:
            results["diff"] = bench_diff(work / "diff", args.diff_n, args.repeat, log)
        if not args.skip_micro:
            print("  policy evaluation, check, --help ...", file=log, flush=True)
            results["policies"] = [
                bench_policies(generate.write_stack(work, kind, 100)) for kind in kinds
            ]
            results["check"] = bench_check(work / "manifests", args.repeat)
            results["help"] = bench_help(max(5, args.repeat))
    return results


if __name__ == "__main__":
    sys.exit(main())
