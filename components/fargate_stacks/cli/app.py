"""Entry point of the ``fargate-stacks`` command: registers every command, maps errors to exit
codes. Usage errors (unknown option, missing argument) are one line and exit 2 like any other
bad input; a finding-free run exits 0, mandatory findings exit 1.

The command line and the offline preview are the ``preview`` extra (click, rich, Jinja2, moto,
boto3, pulumi-policy); the base install holds what the components, the spec and the rules need.
So nothing of the extra is imported at this module's top: without it, the command says in one
line which extra to install, instead of a traceback.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

EXTRA = "preview"
# import names of the distributions only the extra installs (pyproject.toml, [preview])
EXTRA_MODULES = frozenset(
    {"click", "rich", "jinja2", "markupsafe", "moto", "boto3", "botocore", "pulumi_policy"}
)


@functools.cache
def command_group() -> click.Group:
    """The ``fargate-stacks`` group with every command (built on first use: it imports click)."""
    import click

    from .. import __version__
    from . import check, cost, diff, new, preview, rightsize, size, validate

    @click.group(context_settings={"help_option_names": ["-h", "--help"]})
    @click.version_option(__version__, prog_name="fargate-stacks")
    def cli() -> None:
        """Correct, cheap, secure AWS Fargate stacks for Pulumi, checked before they reach AWS."""

    for command in (
        validate.validate,
        validate.schema,
        size.size,
        cost.cost,
        rightsize.rightsize,
        check.check,
        preview.preview,
        diff.diff,
        new.new,
    ):
        cli.add_command(command)
    return cli


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
    try:
        return _main(argv)
    except ModuleNotFoundError as missing:
        module = (missing.name or "").partition(".")[0]
        if module not in EXTRA_MODULES:
            raise
        sys.stderr.write(
            f"fargate-stacks: the command line needs the '{EXTRA}' extra ({module} is not "
            f"installed): pip install 'fargate-stacks[{EXTRA}]'\n"
        )
        return 2


def _main(argv: list[str] | None) -> int:
    import click

    cli = command_group()
    try:
        # without standalone mode click *returns* the code of a ``click.exceptions.Exit``
        code = cli.main(args=argv, prog_name="fargate-stacks", standalone_mode=False)
    except click.UsageError as error:
        where = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
        click.echo(f"fargate-stacks: {error.format_message()}{where}", err=True)
        return 2
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.Abort:
        click.echo("fargate-stacks: aborted", err=True)
        return 130
    return code if isinstance(code, int) else 0


def run() -> None:
    """The console script: one command per process, so a preview's garbage is frozen for the
    exit instead of collected (``gc_pause.PROCESS``; a library call collects it)."""
    from ..gc_pause import PROCESS

    PROCESS.exits_after_command = True
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
