"""``fargate-stacks diff``: what a change to a stack spec does, offline, for a pull request.

Two stack files (``diff OLD NEW``), or one file against itself at a git revision (``diff STACK
--base REF``, read with ``git show``). Each side is previewed once (Pulumi mocks answered by
moto) as the same stack, the new file's, so names derived from the stack agree; then the two
previews are compared by URN (:mod:`fargate_stacks.engine.diff`), their findings and cost
(:mod:`fargate_stacks.reports.review`).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ..errors import InputError, Problem
from .common import EXIT_FINDINGS, emit, handles_input_errors

if TYPE_CHECKING:
    from ..engine.result import PreviewResult

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
        old_label, new_label = old_path, new_path
        with _old_side_copy(old_path, None, from_git=False) as old_file:
            old_result, new_result = _previews(old_file, old_label, new_path, new_label, levels)
    else:
        new_path = stacks[0]
        ref = base or _default_base()
        old_label, new_label = f"{ref}:{new_path}", new_path
        text = _git_show(ref, new_path)
        with _old_side_copy(new_path, text, from_git=True) as old_file:
            old_result, new_result = _previews(old_file, old_label, new_path, new_label, levels)
    review = build_review(old_result, new_result, old_label, new_label)
    for message in [*old_result.messages, *new_result.messages] if fmt != "text" else []:
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
    done = subprocess.run(
        ["git", "merge-base", "HEAD", f"origin/{target}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise InputError.one(
            f"git merge-base HEAD origin/{target} failed ({_first_line(done.stderr)}): fetch "
            "the target branch (actions/checkout with fetch-depth: 0)",
            field="--base",
        )
    return done.stdout.strip()


def _first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0].strip() if lines else "no message"


def _git_show(ref: str, path: str) -> str | None:
    """The file at ``ref`` (None when it does not exist there: a stack the change adds)."""
    where = Path(path).resolve().parent
    if not where.is_dir():
        raise InputError.one("no such file", file=path)
    done = subprocess.run(
        ["git", "-C", str(where), "show", f"{ref}:./{Path(path).name}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 0:
        return done.stdout
    message = _first_line(done.stderr)
    if "does not exist in" in message or "exists on disk, but not in" in message:
        return None
    raise InputError.one(f"git show {ref}:{path} failed: {message}", field="--base")


@contextlib.contextmanager
def _old_side_copy(path: str, text: str | None, *, from_git: bool) -> Iterator[str | None]:
    """The old side as a file the preview can read: the file itself (two files); a copy of
    the revision's text in a temporary folder under the new file's name (``--base``); None
    when the revision has no such file (a stack the change adds: the old side is empty)."""
    if not from_git:
        yield path
        return
    if text is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="fargate-stacks-diff-") as folder:
        target = Path(folder) / Path(path).name
        target.write_text(text, encoding="utf-8")
        yield str(target)


def _relabel(error: InputError, side: str, shown_as: str, actual: str | None) -> list[Problem]:
    """Every problem of one side, named ``old: <file>`` or ``new: <file>`` (the temporary copy
    of a git revision is named by the revision, never by its temporary path)."""
    out = []
    for p in error.problems:
        file = p.file
        if file is not None and actual is not None and file == actual:
            file = shown_as
        label = f"{side}: {file}" if file else f"{side}: {shown_as}"
        out.append(Problem(p.message, label, p.line, p.column, p.field))
    return out


def _previews(
    old_file: str | None,
    old_label: str,
    new_path: str,
    new_label: str,
    levels: Mapping[str, Any] | None = None,
) -> tuple[PreviewResult, PreviewResult]:
    """Check both specs first (every problem of both sides at once), then preview each once."""
    from ..spec import load_spec
    from ..spec.loader import stack_name_for

    problems: list[Problem] = []

    def attempt(side: str, label: str, path: str | None, fn: Callable[[str], T]) -> T | None:
        if path is None:
            return None
        try:
            return fn(path)
        except InputError as error:
            problems.extend(_relabel(error, side, label, path))
            return None

    if old_file is not None:
        attempt("old", old_label, old_file, load_spec)
    attempt("new", new_label, new_path, load_spec)
    if problems:
        raise InputError(problems)
    stack = stack_name_for(new_path)
    new = attempt("new", new_label, new_path, lambda p: _preview(p, stack, levels))
    old = (
        attempt("old", old_label, old_file, lambda p: _preview(p, stack, levels))
        if old_file is not None
        else None
    )
    if problems:
        raise InputError(problems)
    assert new is not None
    return old if old is not None else _empty(new), new


def _preview(path: str, stack: str, levels: Mapping[str, Any] | None) -> PreviewResult:
    from ..engine import preview_stack

    if sys.stdout.isatty():
        from rich.console import Console

        with Console(stderr=True).status(f"previewing {path} (Pulumi mocks answered by moto)..."):
            return preview_stack(path, levels, stack=stack)
    return preview_stack(path, levels, stack=stack)


def _empty(like: PreviewResult) -> PreviewResult:
    """The old side of a stack the change adds: nothing."""
    from ..engine import PreviewResult, ResourceGraph

    return PreviewResult(like.stack, like.project, like.region, ResourceGraph())
