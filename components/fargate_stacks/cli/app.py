"""Entry point of the ``fargate-stacks`` command: registers every command, maps errors to exit
codes. Usage errors (unknown option, missing argument) are one line and exit 2 like any other
bad input; a finding-free run exits 0, mandatory findings exit 1."""

from __future__ import annotations

import sys

import click

from .. import __version__
from . import check, cost, new, preview, size, validate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fargate-stacks")
def cli() -> None:
    """Correct, cheap, secure AWS Fargate stacks for Pulumi, checked before they reach AWS."""


for command in (
    validate.validate,
    validate.schema,
    size.size,
    cost.cost,
    check.check,
    preview.preview,
    new.new,
):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script exits with it)."""
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
