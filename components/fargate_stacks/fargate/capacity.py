"""Fargate's capacity providers and what a capacity provider strategy means for Spot.

A strategy is a list of (provider, base, weight). ECS places the base first, then the remaining
tasks by weight (ECS-DG cluster-capacity-providers), so a provider with base 0 and weight 0 gets
no task at all: only a provider with a base or a weight runs anything. That is the one rule
:func:`uses_spot` applies, for the spec's validation, the cost estimate and the policy rules.

Source: ECS-DG fargate-capacity-providers, BOTO-ECS CapacityProviderStrategyItem (shared/reference/
fargate-rules.md, section 4, checked 2026-12-01).
"""

from __future__ import annotations

from collections.abc import Iterable

ON_DEMAND = "FARGATE"
SPOT = "FARGATE_SPOT"
PROVIDERS: tuple[str, ...] = (ON_DEMAND, SPOT)

# (provider, base, weight), in the order the strategy lists them
StrategyEntry = tuple[str | None, int, int]

ON_DEMAND_ONLY: tuple[tuple[str, int, int], ...] = ((ON_DEMAND, 0, 1),)


def places_tasks(base: int, weight: int) -> bool:
    """Whether a provider of a strategy gets any task: its base, or its weight beyond the base."""
    return base > 0 or weight > 0


def uses_spot(strategy: Iterable[StrategyEntry]) -> bool:
    """Whether a capacity provider strategy can put tasks on Fargate Spot."""
    return any(
        provider == SPOT and places_tasks(base, weight) for provider, base, weight in strategy
    )
