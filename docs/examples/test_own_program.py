"""Unit-testing your own program (``own_program.py``) with Pulumi's plain mocks (README: "Using
the components in your own Pulumi program"; the README shows this file from its imports on).
The mocks are those of Pulumi's unit-testing guide: every resource's outputs are its inputs,
every invoke answers ``{}``. Run it with ``python -m pytest docs/examples/test_own_program.py``.
"""

from __future__ import annotations

import pulumi
from own_program import program


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict]:
        self.registered.append(args)  # what the program asked for, to assert on
        return args.name + "_id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict:
        return {}


mocks = Mocks()
pulumi.runtime.set_mocks(mocks, preview=False)


@pulumi.runtime.test
def build() -> None:
    program()  # builds its resources under the mocks set above


def test_api_runs_private_tasks_on_fargate_and_spot() -> None:
    build()
    (service,) = [a for a in mocks.registered if a.typ == "aws:ecs/service:Service"]
    assert service.inputs["networkConfiguration"]["assignPublicIp"] is False
    strategy = {s["capacityProvider"]: s for s in service.inputs["capacityProviderStrategies"]}
    assert set(strategy) == {"FARGATE", "FARGATE_SPOT"}
    assert strategy["FARGATE"]["base"] == 1
