"""``fargate-stacks diff``: what a change to a stack spec does, offline, for a pull request.

Two stack files (``diff OLD NEW``), or one file against itself at a git revision (``diff STACK
--base REF``, read with ``git show``). Each side is previewed once (Pulumi mocks answered by
moto) as the same stack, the new file's, so names derived from the stack agree; then the two
previews are compared by URN (:mod:`fargate_stacks.engine.diff`), their findings and cost
(:mod:`fargate_stacks.reports.review`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import InputError, Problem
from .common import EXIT_FINDINGS, emit, handles_input_errors

if TYPE_CHECKING:
    from ..engine.result import PreviewResult
    from ..spec.loader import LoadedSpec

T = TypeVar("T")
BASE_ENV = "GITHUB_BASE_REF"


@click.command("diff")
@click.argument("stacks", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--base",
    "base",
    default=None,
    metavar="REF",
    help="Compare STACK with the same path at this git revision (a branch, tag or commit). "
    f"Default with one STACK: the merge base of HEAD and origin/${BASE_ENV} when {BASE_ENV} "
    "is set (GitHub Actions sets it on pull requests); otherwise --base is required.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for terminals, json for tools (docs/diff.md), markdown for one PR comment",
)
@click.option(
    "--policy-config",
    type=click.Path(dir_okay=False),
    help="rule levels and options for both sides, Pulumi's policy-config shape "
    "({rule: {enforcementLevel: ..., option: value}})",
)
@handles_input_errors
def diff(stacks: tuple[str, ...], base: str | None, fmt: str, policy_config: str | None) -> None:
    """What changing a stack does: every resource created, updated (the input paths),
    replaced (the inputs that force it) or deleted; renames and the aliases that keep them;
    policy findings new and fixed; the monthly cost before, after and the difference.

    \b
      fargate-stacks diff OLD NEW             two stack files
      fargate-stacks diff STACK --base REF    STACK against itself at git revision REF

    Offline: no AWS account, Pulumi CLI or backend. Exit 0, 1 when the change adds a
    mandatory finding, 2 on bad input (naming the side: "old: ..." or "new: ...").
    """
    from ..policies.config import read_policy_config
    from ..reports.review import build_review

    # levels and rule options, checked here; the preview reads them as Pulumi would send them
    levels = read_policy_config(policy_config) if policy_config else None
    if len(stacks) > 2:
        raise click.UsageError("give OLD NEW, or one STACK with --base REF")
    if len(stacks) == 2:
        if base is not None:
            raise click.UsageError("--base compares one STACK with a git revision, not two files")
        old_path, new_path = stacks
        old: _Side | None = _Side("old", old_path, old_path)
        old_label = old_path
    else:
        new_path = stacks[0]
        ref = base or _default_base()
        old_label = f"{ref}:{new_path}"
        text = _git_show(ref, new_path)
        # the revision's text read under the file's own path, so a relative cost.priceFile is
        # found; None when the revision has no such file (a stack the change adds)
        old = None if text is None else _Side("old", old_label, new_path, text)
    new = _Side("new", new_path, new_path)
    old_result, new_result = _previews(old, new, levels)
    review = build_review(old_result, new_result, old_label, new.label)
    # the new side's warnings (extended support, Pulumi's own), in every format: the reports
    # do not carry them, and they are about what the change deploys, not what it leaves
    for message in dict.fromkeys(new_result.messages):
        click.echo(message, err=True)
    if fmt == "json":
        out = json.dumps(review.to_dict(), indent=2, default=str)
    elif fmt == "markdown":
        from ..reports.diff_markdown import render_diff_markdown

        out = render_diff_markdown(review)
    else:
        from ..reports.diff_text import render_diff_text

        out = render_diff_text(review)
    emit(out)
    if not review.ok:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _default_base() -> str:
    """The merge base with the pull request's target branch, from GitHub's environment."""
    target = os.environ.get(BASE_ENV)
    if not target:
        raise click.UsageError(
            f"one STACK needs --base REF (or {BASE_ENV}, set by GitHub Actions on pull requests)"
        )
    done = _git("merge-base", "HEAD", f"origin/{target}")
    if done.returncode != 0:
        raise InputError.one(
            f"git merge-base HEAD origin/{target} failed ({_first_line(done.stderr)}): fetch "
            "the target branch (actions/checkout with fetch-depth: 0)",
            field="--base",
        )
    return done.stdout.decode("utf-8", "replace").strip()


def _git(*args: str, where: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """One git command, its output as bytes (decoded by the caller: a file's text as UTF-8,
    never with the locale's encoding); no git at all is bad input, not a traceback."""
    command = ["git", *(["-C", str(where)] if where is not None else []), *args]
    try:
        return subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        raise InputError.one(
            f"cannot run git ({exc.strerror or exc}): --base reads the stack with git",
            field="--base",
        ) from None


def _first_line(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else "no message"


def _git_show(ref: str, path: str) -> str | None:
    """The file at ``ref`` (None when it does not exist there: a stack the change adds).

    Which of the two it is comes from git's exit codes (``rev-parse --verify`` for the
    revision, ``cat-file -e`` for the file), not from its messages, which git translates."""
    from ..yamlsource import decode_utf8

    where = Path(path).resolve().parent
    if not where.is_dir():
        raise InputError.one("no such file", f"new: {path}")
    revision = _git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", where=where)
    if revision.returncode != 0:
        why = _first_line(revision.stderr) if revision.stderr.strip() else "unknown revision"
        raise InputError.one(f"git cannot read revision {ref!r} ({why})", field="--base")
    spec = f"{ref}:./{Path(path).name}"
    if _git("cat-file", "-e", spec, where=where).returncode != 0:
        return None
    done = _git("show", spec, where=where)
    if done.returncode != 0:
        raise InputError.one(
            f"git show {ref}:{path} failed: {_first_line(done.stderr)}", field="--base"
        )
    return decode_utf8(done.stdout, f"old: {ref}:{path}")


@dataclass(frozen=True)
class _Side:
    """One side of the diff: the spec file it reads (or that file's text at a git revision,
    read under the file's path), and how its errors are named (``old: REF:path``)."""

    name: str  # "old" or "new"
    label: str
    path: str
    text: str | None = None


def _relabel(error: InputError, side: _Side) -> list[Problem]:
    """Every problem of one side, named ``old: <file>`` or ``new: <file>`` (the spec file of a
    git revision by the revision, ``REF:path``)."""
    out = []
    for p in error.problems:
        file = side.label if p.file is None or p.file == side.path else p.file
        out.append(Problem(p.message, f"{side.name}: {file}", p.line, p.column, p.field))
    return out


def _previews(
    old: _Side | None, new: _Side, levels: Mapping[str, Any] | None = None
) -> tuple[PreviewResult, PreviewResult]:
    """Check both specs first (every problem of both sides at once), then preview each once."""
    from ..spec import load_spec
    from ..spec.loader import stack_name_for

    problems: list[Problem] = []

    def attempt(side: _Side, fn: Callable[[], T]) -> T | None:
        try:
            return fn()
        except InputError as error:
            problems.extend(_relabel(error, side))
            return None

    old_spec = attempt(old, lambda: load_spec(old.path, old.text)) if old is not None else None
    new_spec = attempt(new, lambda: load_spec(new.path, new.text))
    if problems:
        raise InputError(problems)
    assert new_spec is not None
    stack = stack_name_for(new.path)
    new_result = attempt(new, lambda: _preview(new_spec, new.label, stack, levels))
    old_result = (
        attempt(old, lambda: _preview(old_spec, old.label, stack, levels))
        if old is not None and old_spec is not None
        else None
    )
    if problems:
        raise InputError(problems)
    assert new_result is not None
    return old_result if old_result is not None else _empty(new_result), new_result


def _preview(
    loaded: LoadedSpec, label: str, stack: str, levels: Mapping[str, Any] | None
) -> PreviewResult:
    from ..engine import preview_stack

    if sys.stdout.isatty():
        from rich.console import Console

        with Console(stderr=True).status(f"previewing {label} (Pulumi mocks answered by moto)..."):
            return preview_stack(loaded, levels, stack=stack)
    return preview_stack(loaded, levels, stack=stack)


def _empty(like: PreviewResult) -> PreviewResult:
    """The old side of a stack the change adds: nothing."""
    from ..engine import PreviewResult, ResourceGraph

    return PreviewResult(like.stack, like.project, like.region, ResourceGraph())
