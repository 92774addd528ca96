"""``fargate-stacks new NAME``: a new stack config (or a whole Pulumi project) from the templates
in ``templates/``; what it writes validates and previews cleanly."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import click

from ..errors import InputError
from .common import emit, handles_input_errors

TEMPLATES = ("ecs-web", "ecs-worker", "eks-fargate", "mixed")
_NAME = re.compile(r"^[a-z]([a-z0-9-]{0,30}[a-z0-9])?$")
# project file -> template (relative to templates/)
PROJECT_FILES = {
    "Pulumi.yaml": "project/Pulumi.yaml.j2",
    "__main__.py": "project/__main__.py.j2",
    "requirements.txt": "project/requirements.txt.j2",
    "README.md": "project/README.md.j2",
    "policypack/PulumiPolicy.yaml": "project/policypack/PulumiPolicy.yaml.j2",
    "policypack/__main__.py": "project/policypack/__main__.py.j2",
    "policypack/requirements.txt": "project/policypack/requirements.txt.j2",
    ".github/workflows/fargate-stacks.yml": "github/fargate-stacks.yml.j2",
}
# how the generated workflow installs a generated project (it has no Makefile)
PROJECT_INSTALL = "python -m venv .venv && .venv/bin/pip install -r requirements.txt"
_ARCHIVES = (".whl", ".tar.gz", ".zip")
# The schema editors check the stack files against, written next to them by the running
# version: a URL would need a published copy that matches this version, and a path into this
# repository exists only in a checkout of it.
SCHEMA_FILE = "fargate-stacks.schema.json"
PACKAGE_HELP = (
    "what the project's requirements install fargate-stacks from: a requirement "
    "(default fargate-stacks>=VERSION), 'fargate-stacks @ git+URL@TAG', or the path "
    "of a wheel or checkout (written absolute)"
)


@click.command("new")
@click.argument("name")
@click.option("--template", type=click.Choice(TEMPLATES), default="ecs-web", show_default=True)
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False),
    help="write a whole new Pulumi project into this folder",
)
@click.option("--region", default="us-east-1", show_default=True)
@click.option("--force", is_flag=True, help="overwrite files that exist")
@click.option("--package", "package", metavar="SPEC", help=PACKAGE_HELP)
@handles_input_errors
def new(
    name: str, template: str, project_dir: str | None, region: str, force: bool, package: str | None
) -> None:
    """Render a new stack config stacks/Pulumi.NAME.yaml (or, with --project, a project)."""
    from .. import __version__
    from ..reports.templates import render_template

    requirement = package_requirement(package, __version__)
    if not _NAME.match(name):
        raise InputError.one(
            f"{name!r} is not a valid stack name: use 1-32 lowercase letters, "
            "digits and '-', starting with a letter",
            field="NAME",
        )
    root = Path(project_dir) if project_dir else Path(".")
    stack_path = root / "stacks" / f"Pulumi.{name}.yaml"
    schema_path = stack_path.parent / SCHEMA_FILE
    files: dict[Path, str] = {
        stack_path: render_template(
            f"stacks/{template}.yaml.j2",
            name=name,
            region=region,
            path=str(stack_path),
            schema=os.path.relpath(schema_path, stack_path.parent),
        )
    }
    if project_dir:
        project = re.sub(r"[^a-z0-9-]", "-", root.resolve().name.lower()).strip("-") or name
        for target, source in PROJECT_FILES.items():
            files[root / target] = render_template(
                source,
                name=name,
                project=project,
                region=region,
                version=__version__,
                stacks=[name],
                install=PROJECT_INSTALL,
                package=requirement,
            )
    existing = [p for p in files if p.exists()]
    if existing and not force:
        raise InputError.one("exists: use --force to overwrite", file=str(existing[0]))
    schema_text, schema_state = _schema_file(schema_path, __version__)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if schema_state != "unchanged":
        schema_path.write_text(schema_text, encoding="utf-8")
    lines = [f"created {p}" for p in files] + [f"{schema_state} {schema_path}"]
    emit("\n".join(lines) + f"\nnext: fargate-stacks preview {stack_path}")


def _schema_file(path: Path, version: str) -> tuple[str, str]:
    """The stack-config schema of this version, and whether writing it creates, updates or
    leaves the file as it is. It is generated, not edited, so it is refreshed without --force:
    stacks written by this version are checked against this version's schema."""
    from ..spec.schema import stack_config_schema

    doc = {
        "$comment": f"Written by fargate-stacks {version} (fargate-stacks new); regenerate it "
        "after an upgrade with: fargate-stacks schema --stack-config > " + path.name,
        **stack_config_schema(),
    }
    text = json.dumps(doc, indent=2, sort_keys=True) + "\n"
    if not path.exists():
        return text, "created"
    try:
        same = path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        same = False
    return text, "unchanged" if same else "updated"


def package_requirement(package: str | None, version: str) -> str:
    """The requirements.txt line for fargate-stacks. It is not on PyPI yet, so a project may
    need a git URL or a local wheel; a path that exists is made absolute because pip reads
    relative paths from wherever it runs, not from the requirements file."""
    if package is None:
        return f"fargate-stacks>={version}"
    line = package.strip()
    if not line or line.startswith("#") or "\n" in package or "\r" in package:
        raise InputError.one(
            f"{package!r} is not one requirement (a name, 'name @ URL' or a path)",
            field="--package",
        )
    # pip's own rule for a local requirement: a path-looking line or an archive name
    if "/" in line or line.startswith((".", "~")) or line.endswith(_ARCHIVES):
        path = Path(line).expanduser()
        if path.exists():
            return str(path.resolve())
    return line
