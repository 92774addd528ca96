"""A library call to ``run_program`` / ``preview_stack`` leaves the process as it found it, on
success and when the program raises: the collector's state and frozen objects, ``os.environ``,
logging, the caller's event loop and policy, context variables, Pulumi settings and config."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest
from pulumi.runtime import settings as pulumi_settings

from fargate_stacks.engine import preview_stack, run_program
from fargate_stacks.errors import InputError

CALLER: contextvars.ContextVar[str] = contextvars.ContextVar("caller", default="unset")


def snapshot() -> dict[str, Any]:
    root = logging.getLogger()
    named = logging.getLogger("caller.app")
    pulumi_logger = logging.getLogger("pulumi")
    return {
        "gc enabled": gc.isenabled(),
        "gc threshold": gc.get_threshold(),
        "environ": dict(os.environ),
        "policy": asyncio.get_event_loop_policy(),
        "loop": _thread_loop(),
        "root logger": (list(root.handlers), root.level),
        "caller logger": (list(named.handlers), named.level, named.propagate, named.disabled),
        "pulumi logger": (list(pulumi_logger.handlers), pulumi_logger.level),
        "warnings": list(warnings.filters),
        "contextvar": CALLER.get(),
        "pulumi project": pulumi.get_project(),
        "pulumi stack": pulumi.get_stack(),
        "pulumi monitor": pulumi_settings.SETTINGS.monitor,
        "pulumi root": pulumi_settings.ROOT.get(),
        "pulumi config": pulumi.Config("caller").get("key"),
        "threads": frozenset(threading.enumerate()),
    }


def assert_unchanged(before: dict[str, Any]) -> None:
    """The process is as ``before``: every setting equal, and no thread left running that was
    not running before (a thread of an earlier test may end meanwhile: fewer is no leak)."""
    after = snapshot()
    left_running = after.pop("threads") - before["threads"]
    assert after == {k: v for k, v in before.items() if k != "threads"}
    assert left_running == frozenset()


def _thread_loop() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        loop = asyncio.get_event_loop_policy().get_event_loop()
    return loop, loop.is_closed()


class _CallerMocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return args.name + "_id", args.inputs

    def call(
        self, args: pulumi.runtime.MockCallArgs
    ) -> tuple[dict[str, Any], list[tuple[str, str]] | None]:
        return {}, []


@pytest.fixture(scope="module", autouse=True)
def imported() -> None:
    """One run first, so what importing moto and the SDK does once (warning filters they
    install, loggers they create) happens before the snapshots: a module's import is its own."""
    run_program(program_that_edits_the_process(fail=False))
    preview_stack("stacks/Pulumi.dev.yaml")


@pytest.fixture(
    params=["collector on", "collector off", "collector on, objects frozen"],
)
def caller_state(request: pytest.FixtureRequest) -> Iterator[int]:
    """A caller with state of its own: its own mocks and config (a user's unit test), a
    context variable, an event loop, a logging handler, the collector on or off, and (a
    pre-fork server does this) objects it froze. Yields the frozen count the run must keep."""
    previous_loop = _thread_loop()[0]
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi_settings.ROOT.set(None)
    pulumi.runtime.set_mocks(_CallerMocks(), project="callers", stack="unit", preview=False)
    pulumi.runtime.set_all_config({"caller:key": "value"})
    token = CALLER.set("the caller's")
    handler = logging.NullHandler()
    logging.getLogger("caller.app").addHandler(handler)
    logging.getLogger("caller.app").setLevel(logging.INFO)
    was_enabled = gc.isenabled()
    if request.param == "collector off":
        gc.disable()
    kept = [[object()] for _ in range(100)]
    if "frozen" in request.param:
        gc.freeze()
    try:
        yield gc.get_freeze_count()
    finally:
        gc.unfreeze()
        del kept
        if was_enabled:
            gc.enable()
        logging.getLogger("caller.app").removeHandler(handler)
        logging.getLogger("caller.app").setLevel(logging.NOTSET)
        CALLER.reset(token)
        pulumi.runtime.set_all_config({})
        # set_mocks queued the caller's root stack registration on its loop: run it out
        loop.run_until_complete(asyncio.gather(*asyncio.all_tasks(loop)))
        asyncio.set_event_loop(previous_loop)
        loop.close()


def program_that_edits_the_process(fail: bool) -> Callable[[], Any]:
    def program() -> Any:
        aws.ec2.Vpc("vpc", cidr_block="10.0.0.0/16")
        os.environ["SET_BY_PROGRAM"] = "1"
        os.environ.pop("HOME", None)
        logging.getLogger().addHandler(logging.NullHandler())
        logging.getLogger("caller.app").setLevel(logging.ERROR)
        gc.disable()
        if fail:
            raise RuntimeError("the program failed on purpose")
        return {}

    return program


def assert_frozen_kept(frozen: int) -> None:
    """Nothing frozen by the run (a caller with no frozen objects still has none), nothing of
    the caller's unfrozen (frozen objects the run frees leave the count, so it may shrink a
    little, but an unfreeze would empty it)."""
    after = gc.get_freeze_count()
    if frozen == 0:
        assert after == 0
    else:
        assert frozen / 2 < after <= frozen


@pytest.mark.parametrize("fail", [False, True], ids=["returns", "raises"])
def test_run_program_leaves_the_process_as_it_found_it(caller_state: int, fail: bool) -> None:
    os.environ.setdefault("HOME", "/root")
    before = snapshot()
    if fail:
        with pytest.raises(InputError, match="failed on purpose"):
            run_program(program_that_edits_the_process(fail=True))
    else:
        result = run_program(program_that_edits_the_process(fail=False))
        assert [r.type for r in result.resources] == ["aws:ec2/vpc:Vpc"]
    assert_unchanged(before)
    assert_frozen_kept(caller_state)


def test_preview_stack_leaves_the_process_as_it_found_it(caller_state: int) -> None:
    before = snapshot()
    result = preview_stack("stacks/Pulumi.dev.yaml")
    assert result.ok
    assert_unchanged(before)
    assert_frozen_kept(caller_state)


def test_a_refused_spec_leaves_the_process_as_it_found_it(caller_state: int, tmp_path: Any) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("ecs:\n  clusters:\n    - name: web\n      services: [{name: api}]\n")
    before = snapshot()
    with pytest.raises(InputError):
        preview_stack(bad)
    assert_unchanged(before)
    assert_frozen_kept(caller_state)


@pytest.mark.parametrize("fail", [False, True], ids=["returns", "raises"])
def test_no_warning_of_the_run_reaches_the_caller(fail: bool) -> None:
    """The run's garbage is collected at the end of the call (not frozen): the coroutines a
    run leaves must not warn "never awaited" into the caller's process then or later."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", category=DeprecationWarning)  # pulumi_aws's own
        try:
            run_program(program_that_edits_the_process(fail=fail))
        except InputError:
            assert fail
        gc.collect()
    assert [str(w.message) for w in caught] == []
