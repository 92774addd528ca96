"""Policy evaluation alone: the pack's validate callables over a previewed stack's resources,
as ``run_policies`` drives them in every preview, without the program or mocks around them.

Run in a fresh process: ``python benchmarks/policy_rate.py STACK_CONFIG [REPEAT]``; prints one
JSON line: resources evaluated, median seconds per pass, resources per second, findings.
"""

from __future__ import annotations

import json
import statistics
import sys
import time


def main(argv: list[str]) -> int:
    from fargate_stacks.engine import preview_stack
    from fargate_stacks.pack import run_policies

    repeat = int(argv[1]) if len(argv) > 1 else 5
    result = preview_stack(argv[0])
    resources = result.graph.for_policies()
    times: list[float] = []
    findings = 0
    for _ in range(repeat):
        start = time.perf_counter()
        findings = len(run_policies(resources))
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    print(
        json.dumps(
            {
                "resources": len(resources),
                "seconds": seconds,
                "per_second": len(resources) / seconds if seconds else None,
                "findings": findings,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
