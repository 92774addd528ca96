"""What every command shares: the one-line error contract and the output helpers."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click

from ..errors import InputError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_FINDINGS, EXIT_INPUT = 1, 2  # 0 is a clean run


class InputFailure(click.ClickException):
    """Raised by commands for bad input; :func:`~fargate_stacks.cli.app.main` prints it."""

    exit_code = EXIT_INPUT

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: Any = None) -> None:
        for problem in self.error.problems:
            line = str(problem) if problem.file else f"fargate-stacks: {problem}"
            click.echo(line, err=True)


def handles_input_errors(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn :class:`InputError` raised anywhere below a command into exit 2, one line each."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except InputError as error:
            raise InputFailure(error) from None

    return wrapper


def emit(text: str) -> None:
    """Write the finished output in one go, so an error never leaves half an output behind."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


FORMAT_TEXT_JSON = click.Choice(["text", "json"])
