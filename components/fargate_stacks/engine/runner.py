"""Run a Pulumi program offline: Pulumi mocks answered by moto, the graph captured, the policy
pack's validate callables run on it, and the Fargate sizes and cost computed.

Every run happens in a copy of the caller's ``contextvars`` context with fresh Pulumi settings,
config, root stack, event loop and moto state, so runs in one process (tests) never see each
other. Speed, through public knobs only (measured by ``benchmarks/run.py``): the lean
:class:`~.monitor.CapturingMonitor`; monitor calls made inline on the event loop
(``loop.set_default_executor``) instead of a thread hop per RPC; the program built on a fresh
thread's shallow stack (the SDK walks every frame below each resource it registers); the cyclic
garbage collector paused during the run (and, in the ``fargate-stacks`` command only, the run's
garbage frozen afterwards rather than collected: :func:`_set_aside_garbage`); the program's queued work settled every few dozen resources, so
pending tasks do not pile up (:class:`_Settle`); moto's EC2 sample AMIs left out and its EC2
models loaded before the SDK, off the run's peak memory.

A library call leaves the process as it found it, on success and on error
(:func:`_process_kept`): the collector's state and frozen objects, ``os.environ``, the logging
handlers and levels, the caller's event loop, context variables and Pulumi settings.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import dataclasses
import gc
import json
import logging
import os
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, Problem
from ..gc_pause import PROCESS, collector_paused
from .result import PreviewRejected, PreviewResult

if TYPE_CHECKING:
    from ..fargate.cost import CostReport
    from ..spec.loader import LoadedSpec

PROJECT = "fargate-stacks"
SETTLE_EVERY = 50  # resources between two settles of the program's queued work (see _Settle)
SETTLE_BUDGET = 100  # loop steps per settle at most
_SESSION: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "fargate_stacks_session", default=False
)


class _InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs each submitted call at once on the calling thread (the event loop's).

    The SDK sends every monitor RPC through ``run_in_executor``; with an in-process monitor that
    answers in microseconds, the thread hop costs more than the answer.
    """

    def submit(
        self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any
    ) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the awaiting coroutine
            future.set_exception(error)
        return future


class _Collect(logging.Handler):
    def __init__(self, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(f"{record.levelname.lower()}: {record.getMessage()}")


@contextlib.contextmanager
def session() -> Iterator[None]:
    """Keep mocked AWS open around a run so boto3 can inspect what the preview created::

        with engine.session():
            result = engine.preview_stack("stacks/Pulumi.dev.yaml")
            boto3.client("ecs", region_name="us-east-1").describe_services(...)

    One run per session: the moto state is fresh when the session starts.
    """
    from moto import mock_aws

    from .mocks import moto_settings

    token = _SESSION.set(True)
    try:
        with moto_settings(), mock_aws():
            yield
    finally:
        _SESSION.reset(token)


def run_program(
    fn: Callable[[], Any],
    *,
    project: str = PROJECT,
    stack: str = "dev",
    config: Mapping[str, Any] | None = None,
    region: str | None = None,
    policy_config: Mapping[str, Any] | None = None,
    lean: bool = True,
    cost: Callable[[PreviewResult], Any] | None = None,
) -> PreviewResult:
    """Run ``fn`` (anything that builds Pulumi resources) offline and report on it.

    ``config`` is the stack config (``{"aws:region": ..., "fargate-stacks:spec": {...}}``);
    ``lean=False`` uses the stock ``MockMonitor`` path (same report, slower). ``cost`` computes
    the cost from the result; by default it is derived from the captured task definitions.
    """
    config = dict(config or {})
    region = region or str(config.get("aws:region", "us-east-1"))
    config.setdefault("aws:region", region)
    _load_moto()
    with _process_kept():
        context = contextvars.copy_context()
        args = (fn, project, stack, config, region, lean)
        if _SESSION.get():
            result = _on_fresh_stack(context, _run, *args)
        else:
            from moto import mock_aws

            from .mocks import moto_settings

            with moto_settings(), mock_aws():
                result = _on_fresh_stack(context, _run, *args)
        from ..pack import run_policies

        result.findings = run_policies(result.graph.for_policies(), policy_config)
        result.cost = (cost or _cost_from_graph)(result)
    return result


@contextlib.contextmanager
def _process_kept() -> Iterator[None]:
    """What a run (moto, the SDK, the user's program) may change in the process, put back as it
    was on exit and on error. The run's own thread, event loop, contextvars copy and Pulumi
    settings never reach the caller (see :func:`run_program`); this restores what is shared by
    the whole process: ``os.environ`` (moto's fake credentials and settings, a program's
    edits), the collector's enabled state, and the handlers, level and flags of every logger
    that existed before (loggers created by imports during the run stay: they are modules'
    own). Frozen objects are kept as they were by :func:`_set_aside_garbage`."""
    environ = dict(os.environ)
    collecting = gc.isenabled()
    loggers = [logging.getLogger(), *_existing_loggers()]
    logging_state = [(lg, list(lg.handlers), lg.level, lg.propagate, lg.disabled) for lg in loggers]
    try:
        yield
    finally:
        if dict(os.environ) != environ:
            for key in set(os.environ) - set(environ):
                del os.environ[key]
            for key, value in environ.items():
                if os.environ.get(key) != value:
                    os.environ[key] = value
        if collecting and not gc.isenabled():
            gc.enable()
        elif not collecting and gc.isenabled():
            gc.disable()
        for lg, handlers, level, propagate, disabled in logging_state:
            if lg.handlers != handlers:
                lg.handlers[:] = handlers
            lg.level, lg.propagate, lg.disabled = level, propagate, disabled


def _existing_loggers() -> list[logging.Logger]:
    return [
        lg
        for lg in list(logging.Logger.manager.loggerDict.values())
        if isinstance(lg, logging.Logger)
    ]


def _load_moto() -> None:
    """Import moto's EC2 models (which its ECS, ELBv2 and EKS models import). They parse ~100 MB
    of JSON while they load: done before the SDK and the program have allocated anything, that
    transient is freed into an empty heap the run then reuses, and stays off the peak (~20 MB
    at 100 services, against loading them after the SDK)."""
    import moto.ec2.models  # noqa: F401


def _on_fresh_stack(
    context: contextvars.Context, fn: Callable[..., PreviewResult], *args: Any
) -> PreviewResult:
    """``context.run(fn, *args)`` on a thread of its own, waited for.

    The SDK walks the whole Python stack at every resource registration (its source positions):
    the caller's frames (click, the CLI, pytest) cost time for each of thousands of resources.
    A new thread starts with a stack a few frames deep; the run is otherwise the same.
    """
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = context.run(fn, *args)
        except BaseException as error:  # noqa: BLE001 - re-raised on the caller's thread
            box["error"] = error

    worker = threading.Thread(target=target, name="fargate-stacks-preview", daemon=True)
    worker.start()
    worker.join()
    if "error" in box:
        raise box["error"]
    return box["result"]


def _run(
    fn: Callable[[], Any], project: str, stack: str, config: dict[str, Any], region: str, lean: bool
) -> PreviewResult:
    import pulumi
    from pulumi.runtime import reset_options, set_all_config, set_mocks
    from pulumi.runtime.stack import register_stack_transformation, run_pulumi_func

    from .mocks import MotoMocks, stable_hash
    from .monitor import CapturingMonitor

    messages: list[str] = []
    logger = logging.Logger("fargate_stacks.engine.pulumi", logging.WARNING)
    logger.addHandler(_Collect(messages))
    previous_loop = _current_loop()
    loop = asyncio.new_event_loop()
    # futures of a failed run are never awaited: drop asyncio's report of them (not stdout noise)
    loop.set_exception_handler(lambda _loop, _context: None)
    if lean:
        loop.set_default_executor(_InlineExecutor())
    asyncio.set_event_loop(loop)
    release()
    users_frozen = gc.get_freeze_count() > 0
    with collector_paused():
        try:
            reset_options(project=project, stack=stack, preview=False)
            set_all_config(
                {k: v if isinstance(v, str) else json.dumps(v) for k, v in config.items()}
            )
            # moto's documented seed: the same stack gets the same ids and ARNs on every run
            from moto.moto_api._internal import mock_random

            mock_random.seed(int(stable_hash(project, stack, region, length=12), 16))
            mocks = MotoMocks(region)
            monitor = CapturingMonitor(mocks, lean=lean)
            set_mocks(
                mocks, project=project, stack=stack, preview=False, logger=logger, monitor=monitor
            )
            outputs: dict[str, Any] = {}

            # The program runs first, on this thread's shallow stack (the SDK records every frame
            # below each resource it registers), queueing its registrations as in Pulumi's unit-test
            # pattern; then the coroutine behind ``pulumi.runtime.test`` drives them all, awaiting
            # every RPC and output, and re-raises what the program raised. On the lean path the
            # queued work is settled every SETTLE_EVERY resources, so it stays bounded (_Settle).
            order = _ProgramOrder(monitor)
            register_stack_transformation(order)
            if lean:
                register_stack_transformation(_Settle(loop))
            try:
                returned, failure = fn(), None
            except Exception as error:  # noqa: BLE001 - re-raised once the queued RPCs have run
                returned, failure = None, error

            def finish() -> Any:
                if failure is not None:
                    raise failure
                if isinstance(returned, dict) and returned:
                    return pulumi.Output.from_input(returned).apply(outputs.update).future()
                return None

            try:
                loop.run_until_complete(run_pulumi_func(finish))
            except InputError:
                raise
            except Exception as error:  # noqa: BLE001 - becomes one located line
                raise _rejection(error) from None
        finally:
            asyncio.set_event_loop(previous_loop)  # the caller's loop (tests, notebooks) as it was
            loop.close()
            _set_aside_garbage(collect=users_frozen or not PROCESS.exits_after_command)
    monitor.graph.arrange(order.urns)
    return PreviewResult(
        stack=stack,
        project=project,
        region=region,
        graph=monitor.graph,
        outputs=outputs,
        messages=messages,
    )


class _ProgramOrder:
    """A stack transformation that changes nothing: it numbers the resources in the order the
    program constructs them (transformations run synchronously in each resource's constructor),
    by the URN the monitor will give each one, so the report can follow the program's order
    rather than the racy order of registration (see ``ResourceGraph.arrange``)."""

    def __init__(self, monitor: Any) -> None:
        from pulumi.runtime.settings import get_root_resource

        self.monitor = monitor
        self.urns: dict[str, int] = {}
        self._urn_of: dict[int, str] = {}
        root = get_root_resource()
        self._root_urn = monitor.make_urn("", root._type, root._name) if root else ""

    def __call__(self, args: Any) -> None:
        parent = args.opts.parent if args.opts is not None else None
        parent_urn = self._urn_of.get(id(parent), self._root_urn) if parent else self._root_urn
        urn = self.monitor.make_urn(parent_urn, args.type_, args.name)
        self._urn_of[id(args.resource)] = urn
        self.urns.setdefault(urn, len(self.urns))


class _Settle:
    """A stack transformation that changes nothing: every ``every`` resources the program
    constructs, it runs the event loop until the work queued so far is done.

    A synchronous program queues all its work before the loop runs: at 100 services about 32,000
    pending tasks with their coroutine frames, all alive at once. Settled as it goes, finished
    tasks are freed and the young garbage they leave is collected (the collector is otherwise
    paused for the run), so the peak grows with the resources' outputs only. Transformations are
    the SDK's public hook called at each resource's construction; the loop is not running then
    (the program runs before the loop drives it), and the SDK itself awaits pending RPCs inside
    program code the same way (``_wait_for_pending_rpcs``). The same requests reach the
    monitor, only sooner: a test compares the report with the stock path, which never settles.

    Unfinished tasks are counted through the loop's task factory and their done callbacks, so a
    settle costs nothing per task already finished (``asyncio.all_tasks`` walks every task still
    in memory: quadratic over a 1,000-service run).
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        every: int = SETTLE_EVERY,
        budget: int = SETTLE_BUDGET,
    ) -> None:
        self.loop, self.every, self.budget = loop, every, budget
        self.thread = threading.get_ident()
        self.seen = self.unfinished = 0
        loop.set_task_factory(self._task)

    def _task(self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        self.unfinished += 1
        task.add_done_callback(self._finished)
        return task

    def _finished(self, _task: asyncio.Task[Any]) -> None:
        self.unfinished -= 1

    def __call__(self, _args: Any) -> None:
        self.seen += 1
        if (
            self.seen % self.every == 0
            and not self.loop.is_running()
            and threading.get_ident() == self.thread
        ):
            self.settle()
        return

    def settle(self) -> None:
        """Step the loop until every task is done, or the budget of steps is spent (a task
        waiting on a resource the program has not built yet stays queued for the final drive)."""
        for _ in range(self.budget):
            if not self.unfinished:
                break
            self.loop.run_until_complete(asyncio.sleep(0))
        gc.collect(1)


_garbage_set_aside = False


def _set_aside_garbage(collect: bool) -> None:
    """The run leaves ~350 cyclic objects per resource (coroutines, futures, outputs). Collected
    later by chance, their finalisers can run inside unrelated code (CPython 3.11 then fails an
    AST recursion-depth check in a ``compile()`` it interrupts), so they are dealt with here, at
    a safe point. ``collect``: collected now (a library call: the process goes on, and its frozen
    objects stay as they were). Otherwise (the command, about to exit, ``gc_pause.PROCESS``:
    collecting costs about a tenth of a 100-service preview for nothing) they are frozen (``gc.freeze``): out of every
    collection until :func:`release`, which the next run calls first."""
    global _garbage_set_aside
    if collect:
        gc.collect()
    else:
        gc.freeze()
        _garbage_set_aside = True


def release() -> None:
    """Free the garbage earlier runs set aside (see :func:`_set_aside_garbage`), at this safe
    point. Every run calls it first; a long-lived process that previews once may call it when
    it is done with the result."""
    global _garbage_set_aside
    if _garbage_set_aside:
        _garbage_set_aside = False
        gc.unfreeze()
        gc.collect()


def _current_loop() -> asyncio.AbstractEventLoop | None:
    """The thread's event loop if one is set (``None`` when none is, without creating one)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            return None
    return None if loop.is_closed() else loop


def _rejection(error: BaseException) -> InputError:
    from .mocks import AwsRejected

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, InputError):
            return current
        if isinstance(current, AwsRejected):
            return PreviewRejected([Problem(str(current))])
        current = current.__cause__ or current.__context__
    text = " ".join(str(error).split()) or type(error).__name__
    return PreviewRejected([Problem(f"the program failed: {type(error).__name__}: {text}")])


def _cost_from_graph(result: PreviewResult) -> Any:
    from .capacity import cost_from_graph

    return cost_from_graph(result.graph, result.region)


def preview_stack(
    path: str | Path | LoadedSpec,
    policy_config: Mapping[str, Any] | None = None,
    *,
    lean: bool = True,
    usage_file: str | Path | None = None,
    stack: str | None = None,
) -> PreviewResult:
    """Preview a stack config (``stacks/Pulumi.dev.yaml``) exactly as ``pulumi preview`` would run
    this repo's program on it. Raises :class:`~fargate_stacks.errors.SpecError` (exit 2) for an
    invalid spec, :class:`PreviewRejected` when mocked AWS refuses a resource. ``usage_file``
    replaces the bill's assumed volumes, as ``cost --usage`` does. ``stack`` runs it as another
    stack than its file name says (``diff`` previews two files as one stack). A
    :class:`~fargate_stacks.spec.loader.LoadedSpec` is previewed as it is, not read again
    (``diff`` has loaded both sides to check them first, one of them from git)."""
    _load_moto()  # first: see there
    from ..fargate.cost import estimate
    from ..fargate.eks_versions import extended_support_warning
    from ..fargate.prices import PriceError, prices_for
    from ..program import main
    from ..spec.loader import CONFIG_KEY, LoadedSpec, load_spec

    loaded = path if isinstance(path, LoadedSpec) else load_spec(path)
    if stack is not None:
        loaded = dataclasses.replace(loaded, stack=stack)
    usage = None
    if usage_file is not None:
        from ..spec.usage import load_usage, workload_names

        usage = load_usage(usage_file, workload_names(loaded.spec))
    data = loaded.document.data if loaded.document is not None else {}
    spec_data = data["config"][CONFIG_KEY] if isinstance(data, dict) and "config" in data else data
    config = {**loaded.config, CONFIG_KEY: spec_data, "aws:region": loaded.region}

    def priced() -> CostReport:
        try:
            table = prices_for(loaded.region, loaded.price_file)
            return estimate(loaded.spec, loaded.region, table, usage=usage, stack=loaded.stack)
        except PriceError as error:
            raise loaded.locate(error) from None

    result = run_program(
        main,
        project=PROJECT,
        stack=loaded.stack,
        config=config,
        region=loaded.region,
        policy_config=policy_config,
        lean=lean,
        cost=lambda _result: priced(),
    )
    result.messages += [
        f"warning: {warning}"
        for cluster in (loaded.spec.eks.clusters if loaded.spec.eks else [])
        if (warning := extended_support_warning(cluster.name, cluster.version))
    ]
    return result
