"""``fargate-stacks new NAME``: a new stack config (or a whole Pulumi project) from the templates
in ``templates/``; what it writes validates and previews cleanly."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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
    "policypack/requirements.txt": "project/requirements.txt.j2",
    ".github/workflows/fargate-stacks.yml": "github/fargate-stacks.yml.j2",
}
# the extras each requirements file installs: the project runs the command line, the offline
# preview and the generated workflow's checks; its policy pack runs fargate_stacks.pack
EXTRAS = {"requirements.txt": "preview", "policypack/requirements.txt": "policy"}
# how the generated workflow installs a generated project (it has no Makefile)
PROJECT_INSTALL = "python -m venv .venv && .venv/bin/pip install -r requirements.txt"
DISTRIBUTION = "fargate-stacks"
_ARCHIVES = (".whl", ".tar.gz", ".zip")
# The schema editors check the stack files against, written next to them by the running
# version: a URL would need a published copy that matches this version, and a path into this
# repository exists only in a checkout of it.
SCHEMA_FILE = "fargate-stacks.schema.json"
_REQUIREMENT = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[(?P<extras>[^\]]*)\])?(?P<rest>.*)$"
)
PACKAGE_HELP = (
    "what the project's requirements install fargate-stacks from: a requirement such as "
    "'fargate-stacks @ git+URL@TAG', or the path of a wheel or checkout (written absolute); "
    "default: where this fargate-stacks was installed from"
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
    from ..fargate import eks_versions
    from ..reports.templates import render_template

    source = package_requirement(package, __version__)
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
            kubernetes_version=eks_versions.default_version(),
        )
    }
    if project_dir:
        project = re.sub(r"[^a-z0-9-]", "-", root.resolve().name.lower()).strip("-") or name
        for target, template in PROJECT_FILES.items():
            extra = EXTRAS.get(target, "preview")
            files[root / target] = render_template(
                template,
                name=name,
                project=project,
                region=region,
                version=__version__,
                stacks=[name],
                install=PROJECT_INSTALL,
                package=source.requirement(extra),
                extra=extra,
                origin=source.origin,
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
    if project_dir:
        project_requirement = source.requirement("preview")
        lines.append(f"requirements: {_shown(project_requirement)} ({source.origin})")
        if " @ file:" in project_requirement:
            lines.append(
                "note: a local path: the GitHub workflow's runners cannot install from it "
                "(use --package 'fargate-stacks @ git+URL@TAG')"
            )
    emit("\n".join([*lines, f"next: fargate-stacks preview {stack_path}"]))


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


@dataclass(frozen=True)
class Source:
    """Where the generated project installs fargate-stacks from: a PEP 508 requirement with a
    ``{extras}`` slot, and, for the command's output, where that came from."""

    template: str
    origin: str
    extras: tuple[str, ...] = ()  # extras the --package requirement asked for itself

    def requirement(self, extra: str) -> str:
        return self.template.format(extras=f"[{','.join(sorted({extra, *self.extras}))}]")


def package_requirement(package: str | None, version: str) -> Source:
    """The requirements line for fargate-stacks: ``--package`` if given, else where the running
    fargate-stacks was installed from (:func:`installed_source`)."""
    if package is None:
        return installed_source(version)
    line = package.strip()
    if not line or line.startswith("#") or "\n" in package or "\r" in package:
        raise InputError.one(
            f"{package!r} is not one requirement (a name, 'name @ URL' or a path)",
            field="--package",
        )
    # pip's own rule for a local requirement: a path-looking line or an archive name. A path
    # is made absolute: pip reads relative paths from wherever it runs, not from the file.
    if "/" in line or line.startswith((".", "~")) or line.endswith(_ARCHIVES):
        path = Path(line).expanduser()
        if path.exists():
            kind = "wheel or archive" if path.is_file() else "checkout"
            return Source(
                f"{DISTRIBUTION}{{extras}} @ {path.resolve().as_uri()}", f"--package: {kind}"
            )
    if re.match(r"^[a-z][a-z0-9+.-]*://", line):  # a bare URL: name it, so extras apply
        return Source(f"{DISTRIBUTION}{{extras}} @ {line}", "--package")
    match = _REQUIREMENT.match(line)
    if match and _normalized(match["name"]) == DISTRIBUTION:
        rest = match["rest"].strip().replace("{", "{{").replace("}", "}}")
        if rest.startswith("@"):
            rest = " @ " + rest[1:].strip()
        asked = tuple(e.strip() for e in (match["extras"] or "").split(",") if e.strip())
        return Source(f"{DISTRIBUTION}{{extras}}{rest}", "--package", asked)
    return Source(line.replace("{", "{{").replace("}", "}}"), "--package")


def installed_source(version: str) -> Source:
    """Where this fargate-stacks came from, as pip records it (PEP 610 ``direct_url.json``,
    https://packaging.python.org/en/latest/specifications/direct-url-data-structure/): a VCS
    URL pinned to its commit, a local wheel or archive (with its hash), a local checkout, or,
    with no ``direct_url.json`` (installed by name), the index release ``==version``. The
    name alone is never enough: until it is published, no index serves fargate-stacks (and
    anyone could register the name)."""
    info = _direct_url()
    if info is None:
        checkout = _checkout()
        if checkout is not None:  # run from a source tree, not installed
            return Source(
                f"{DISTRIBUTION}{{extras}} @ {checkout.as_uri()}",
                f"this fargate-stacks runs from the checkout {checkout}",
            )
        return Source(
            f"{DISTRIBUTION}{{extras}}=={version}",
            "this fargate-stacks was installed from a package index",
        )
    url = str(info.get("url", ""))
    fragment = f"#subdirectory={info['subdirectory']}" if info.get("subdirectory") else ""
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict):
        commit = str(vcs.get("commit_id", ""))
        return Source(
            f"{DISTRIBUTION}{{extras}} @ {vcs.get('vcs', 'git')}+{url}@{commit}{fragment}",
            f"this fargate-stacks was installed from {vcs.get('vcs', 'git')}, commit {commit[:12]}",
        )
    archive = info.get("archive_info")
    if isinstance(archive, dict):
        hashes = archive.get("hashes") or {}
        if isinstance(hashes, dict) and "sha256" in hashes:
            fragment = f"#sha256={hashes['sha256']}"
        elif isinstance(archive.get("hash"), str):  # the older single "algo=hex" form
            fragment = f"#{archive['hash']}"
        kind = "a local wheel" if url.startswith("file:") else "an archive"
        return Source(
            f"{DISTRIBUTION}{{extras}} @ {url}{fragment}",
            f"this fargate-stacks was installed from {kind}",
        )
    directory = info.get("dir_info")
    editable = isinstance(directory, dict) and directory.get("editable") is True
    return Source(
        f"{DISTRIBUTION}{{extras}} @ {url}{fragment}",
        "this fargate-stacks was installed from a local checkout"
        + (", editable" if editable else ""),
    )


def _direct_url() -> dict[str, object] | None:
    """The running distribution's ``direct_url.json``: the one an installer put beside the
    running package first (the copy that is running, when several are installed), else the one
    ``importlib.metadata`` finds (an editable install keeps its dist-info elsewhere; a source
    tree's own ``*.egg-info`` has no INSTALLER and is not an install)."""
    here = Path(__file__).resolve().parents[2]
    found = [
        d
        for d in metadata.distributions(path=[str(here)])
        if _is_ours(d) and d.read_text("INSTALLER") is not None
    ]
    if not found:
        try:
            found = [metadata.distribution(DISTRIBUTION)]
        except metadata.PackageNotFoundError:
            return None
    text = found[0].read_text("direct_url.json")
    if not text:
        return None
    data = json.loads(text)
    return data if isinstance(data, dict) else None


def _is_ours(dist: metadata.Distribution) -> bool:
    return _normalized(dist.metadata["Name"] or "") == DISTRIBUTION


def _checkout() -> Path | None:
    """The source tree this package runs from, if it is one (pyproject.toml naming us)."""
    root = Path(__file__).resolve().parents[3]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and re.search(
        rf'^name\s*=\s*"{DISTRIBUTION}"', pyproject.read_text(encoding="utf-8"), re.M
    ):
        return root
    return None


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _shown(requirement: str) -> str:
    """The requirement as printed: a URL's credentials (``user:token@``) masked."""
    head, sep, url = requirement.partition(" @ ")
    if not sep:
        return requirement
    scheme, _, rest = url.partition("+") if "+" in url.split("://", 1)[0] else ("", "", url)
    parts = urlsplit(rest)
    if "@" in parts.netloc:
        parts = parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1])
    shown = urlunsplit(parts)
    return f"{head} @ {scheme + '+' if scheme else ''}{shown}"
