"""The package as pip sees it: the wheel's metadata (a base install for the components, the
spec and the rules; the ``preview`` and ``policy`` extras), what the wheel ships, that the base
install is really enough (everything only the extras bring made unimportable), the command's
one-line error without the extra, and ``new --project`` installed the ways pip installs
(PEP 610 ``direct_url.json`` written by pip itself)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from collections.abc import Iterable
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
DATA_PREFIX = "share/fargate-stacks/"  # where [tool.setuptools.data-files] puts templates/
PIP = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]


def on_disk_templates() -> set[str]:
    return {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def copy_source(to: Path) -> Path:
    """The files a wheel is built from (a copy: building in the checkout writes build/)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    to.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, to / name)
    shutil.copytree(REPO / "templates", to / "templates", ignore=ignore)
    shutil.copytree(
        REPO / "components" / "fargate_stacks", to / "components" / "fargate_stacks", ignore=ignore
    )
    return to


def build_wheel(source: Path, into: Path) -> Path:
    # --no-build-isolation: the test extras pin setuptools and wheel, so no download is needed
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-w", str(into), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = into.glob("fargate_stacks-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    return build_wheel(copy_source(tmp / "src"), tmp / "dist")


def wheel_metadata(wheel: Path) -> tuple[list[Requirement], list[str]]:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        message = Parser().parsestr(archive.read(name).decode())
    return [Requirement(r) for r in message.get_all("Requires-Dist") or []], list(
        message.get_all("Provides-Extra") or []
    )


def names_for(requirements: list[Requirement], extra: str | None) -> set[str]:
    """The distributions a requirement set installs for ``extra`` (None: the base)."""
    return {
        canonicalize_name(r.name)
        for r in requirements
        if (r.marker is None) == (extra is None)
        and (r.marker is None or r.marker.evaluate({"extra": extra or ""}))
    }


def test_wheel_metadata_base_and_extras(wheel: Path) -> None:
    requirements, extras = wheel_metadata(wheel)
    assert {"preview", "policy", "test", "bench"} <= set(extras)
    # what the components (pulumi_aws, pulumi_kubernetes), the spec (pydantic, PyYAML) and the
    # rules need: nothing of the command line or the offline preview
    assert names_for(requirements, None) == {
        "pulumi",
        "pulumi-aws",
        "pulumi-kubernetes",
        "pydantic",
        "annotated-types",
        "pyyaml",
        "tzdata",  # IANA time zones of scaling schedules where the system has none
    }
    assert names_for(requirements, "policy") == {"pulumi-policy"}
    assert names_for(requirements, "preview") == {
        "pulumi-policy",
        "moto",
        "boto3",
        "jinja2",
        "click",
        "rich",
    }
    (moto,) = [r for r in requirements if canonicalize_name(r.name) == "moto"]
    # every extra named is one moto provides (its own metadata), App Auto Scaling's included
    provided = set(metadata.metadata("moto").get_all("Provides-Extra") or [])
    assert "applicationautoscaling" in moto.extras
    assert moto.extras <= provided, moto.extras - provided


def test_wheel_ships_every_template_once(wheel: Path) -> None:
    data = "fargate_stacks-" + wheel.name.split("-")[1] + ".data/data/" + DATA_PREFIX
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        shipped = {n.removeprefix(data): archive.read(n) for n in names if n.startswith(data)}
    assert set(shipped) == on_disk_templates()
    contents = list(shipped.values())
    duplicates = {n for n, c in shipped.items() if contents.count(c) > 1}
    assert not duplicates, f"identical templates shipped twice: {sorted(duplicates)}"
    assert "fargate_stacks/py.typed" in names  # typing marker for users' type checkers
    # data the components read, with its licence and provenance
    data = "fargate_stacks/data/aws-load-balancer-controller/"
    for name in ("release.json", "iam_policy.json", "LICENSE", "PROVENANCE.md"):
        assert data + name in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # pyproject: Apache-2.0


# ---------------------------------------------------------------- the base install is enough

BLOCKER = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    BLOCKED = frozenset(sys.argv.pop(1).split(","))

    class NotInstalled(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.partition(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, NotInstalled())
    """
)


def _closure(requirements: Iterable[Requirement], extras: frozenset[str]) -> set[str]:
    """Every installed distribution ``requirements`` pull in, following their own dependencies."""
    seen: set[str] = set()
    todo = [(r, extras) for r in requirements]
    while todo:
        requirement, wanted = todo.pop()
        name = canonicalize_name(requirement.name)
        if requirement.marker is not None and not any(
            requirement.marker.evaluate({"extra": e}) for e in wanted or {""}
        ):
            continue
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        todo += [(Requirement(r), frozenset(requirement.extras)) for r in dist.requires or []]
    return seen


def only_in_extras() -> list[str]:
    """The import names of what the preview and policy extras install and the base does not."""
    requirements, _ = wheel_metadata_of_checkout()
    base = _closure([r for r in requirements if r.marker is None], frozenset())
    extra = [r for r in requirements if r.marker is not None]
    added = _closure(extra, frozenset({"preview", "policy"})) - base
    modules = {
        module
        for module, dists in metadata.packages_distributions().items()
        if any(canonicalize_name(d) in added for d in dists)
    }
    return sorted(m for m in modules if m.isidentifier())


def wheel_metadata_of_checkout() -> tuple[list[Requirement], list[str]]:
    """This checkout's requirements as installed (make install: the editable metadata)."""
    dist = metadata.distribution("fargate-stacks")
    return [Requirement(r) for r in dist.requires or []], list(
        dist.metadata.get_all("Provides-Extra") or []
    )


def run_blocked(blocked: list[str], body: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(body), ",".join(blocked)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


def test_the_extras_bring_the_preview_stack() -> None:
    blocked = only_in_extras()
    assert {"click", "rich", "jinja2", "moto", "boto3", "botocore", "pulumi_policy"} <= set(blocked)
    assert not {"pulumi", "pulumi_aws", "pulumi_kubernetes", "pydantic", "yaml"} & set(blocked)


def test_components_spec_and_rules_work_on_the_base_install() -> None:
    """With every module only the extras install unimportable: the package, the spec loader,
    every component (a stack with ECS and EKS, the Load Balancer Controller included) under
    Pulumi's plain mocks, and the rules on what was built."""
    body = """
        import json
        import pulumi
        import fargate_stacks
        from fargate_stacks import build_stack, load_spec
        from fargate_stacks.policies.evaluate import evaluate_graph
        from fargate_stacks.policies.graph import GraphResource

        class Mocks(pulumi.runtime.Mocks):
            def __init__(self):
                self.registered = []
            def new_resource(self, args):
                self.registered.append(args)
                return args.name + "_id", args.inputs
            def call(self, args):
                return {}

        mocks = Mocks()
        pulumi.runtime.set_mocks(mocks, preview=False)
        spec = load_spec("stacks/Pulumi.dev.yaml").spec

        @pulumi.runtime.test
        def program():
            build_stack(spec)

        program()
        graph = [
            GraphResource(f"urn:pulumi:stack::project::{a.typ}::{a.name}", a.typ, a.name, a.inputs)
            for a in mocks.registered
        ]
        findings = list(evaluate_graph(graph, {}))
        types = sorted({a.typ for a in mocks.registered})
        print(json.dumps({"types": types, "findings": [f.rule for f in findings]}))
    """
    blocked = only_in_extras()
    run = run_blocked(blocked, body)
    assert run.returncode == 0, run.stderr[-3000:]
    import json

    report = json.loads(run.stdout.splitlines()[-1])
    assert {
        "aws:ecs/service:Service",
        "aws:eks/fargateProfile:FargateProfile",
        "kubernetes:helm.sh/v3:Release",
    } <= set(report["types"])
    # the same program checked without the blocker would load them: prove the blocker bites
    probe = run_blocked(blocked, "import click")
    assert probe.returncode != 0 and "No module named 'click'" in probe.stderr


@pytest.mark.parametrize(
    ("blocked", "args", "missing"),
    [
        (["click"], ["--help"], "click"),
        (["rich"], ["cost", "stacks/Pulumi.dev.yaml"], "rich"),
        (["moto"], ["preview", "stacks/Pulumi.dev.yaml"], "moto"),
        (["pulumi_policy"], ["check", "tests/fixtures/manifests/nginx-deployment.yaml"], None),
    ],
)
def test_the_command_without_the_extra_says_which_to_install(
    blocked: list[str], args: list[str], missing: str | None
) -> None:
    run = run_blocked(
        blocked, f"from fargate_stacks.cli.app import run\nsys.argv[1:] = {args!r}\nrun()"
    )
    if missing is None:  # `check` runs the pure rules: the policy SDK is not needed
        assert run.returncode == 0, run.stderr
        return
    assert run.returncode == 2
    assert run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line == (
        f"fargate-stacks: the command line needs the 'preview' extra ({missing} is not "
        "installed): pip install 'fargate-stacks[preview]'"
    )


# ---------------------------------------------------------------- installed as pip installs it


def install(into: Path, *what: str) -> Path:
    """``pip install --no-deps`` into a prefix of its own; returns its site-packages.
    --ignore-installed: without it pip uninstalls this checkout's editable install first."""
    subprocess.run(
        [
            *PIP,
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--ignore-installed",
            "--prefix",
            str(into),
            *what,
        ],
        check=True,
        capture_output=True,
    )
    return Path(sysconfig.get_path("purelib", vars={"base": str(into)}))


def new_project(site: Path, project: Path) -> subprocess.CompletedProcess[str]:
    """``fargate-stacks new --project`` run by the installed copy (not this checkout)."""
    script = (
        "import sys, fargate_stacks; from fargate_stacks.cli.app import main; "
        "print(fargate_stacks.__file__); "
        f"sys.exit(main(['new', 'dev', '--project', {str(project)!r}]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        cwd=project.parent,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(str(site))  # the installed copy ran
    return run


def requirement_lines(project: Path) -> tuple[str, str]:
    def last(path: Path) -> str:
        return [line for line in path.read_text().splitlines() if not line.startswith("#")][-1]

    return last(project / "requirements.txt"), last(project / "policypack/requirements.txt")


def test_new_project_installed_from_the_wheel_pins_the_wheel(wheel: Path, tmp_path: Path) -> None:
    """pip records a local wheel as archive_info with its sha256 (PEP 610): the project's
    requirements name that file and hash, and pip accepts them (the hash is checked)."""
    site = install(tmp_path / "prefix", "--no-index", str(wheel))
    project = tmp_path / "infra"
    run = new_project(site, project)
    assert (project / "policypack" / "__main__.py").is_file()
    assert (project / ".github" / "workflows" / "fargate-stacks.yml").is_file()
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    url = f"{wheel.resolve().as_uri()}#sha256={digest}"
    assert requirement_lines(project) == (
        f"fargate-stacks[preview] @ {url}",
        f"fargate-stacks[policy] @ {url}",
    )
    assert (
        f"requirements: fargate-stacks[preview] @ {url} (this fargate-stacks was installed from a local wheel)"
        in run.stdout
    )
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            "-r",
            str(project / "requirements.txt"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    assert "Would install fargate-stacks-0.1.0" in checked.stdout


def test_new_project_installed_from_git_pins_the_commit(tmp_path: Path) -> None:
    """pip records a VCS install as vcs_info with the commit it checked out (PEP 610): the
    requirement is what ``pip freeze`` prints for that install (``name @ git+URL@<commit>``,
    whatever ref was asked), with the extra."""
    source = copy_source(tmp_path / "repo")
    git = ["git", "-C", str(source), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "release"], check=True)
    subprocess.run([*git, "tag", "v0.1.0"], check=True)
    commit = subprocess.run(
        [*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    # file://localhost/...: this venv's pip (23.2) refuses a VCS URL with an empty host
    site = install(tmp_path / "prefix", f"fargate-stacks @ git+file://localhost{source}@v0.1.0")
    project = tmp_path / "infra"
    run = new_project(site, project)
    freeze = subprocess.run(
        [*PIP, "freeze", "--path", str(site)], check=True, capture_output=True, text=True
    ).stdout.split()
    assert freeze[:2] == ["fargate-stacks", "@"] and freeze[2].endswith(f"@{commit}")
    assert requirement_lines(project) == (
        f"fargate-stacks[preview] @ {freeze[2]}",
        f"fargate-stacks[policy] @ {freeze[2]}",
    )
    assert f"(this fargate-stacks was installed from git, commit {commit[:12]})" in run.stdout


def test_new_project_installed_from_an_index_pins_the_version(wheel: Path, tmp_path: Path) -> None:
    """Installed by name (an index, here a --find-links folder), pip writes no direct_url.json:
    the requirement is that release, never a bare name or an open range."""
    site = install(
        tmp_path / "prefix", "--no-index", "--find-links", str(wheel.parent), "fargate-stacks"
    )
    project = tmp_path / "infra"
    run = new_project(site, project)
    assert requirement_lines(project) == (
        "fargate-stacks[preview]==0.1.0",
        "fargate-stacks[policy]==0.1.0",
    )
    assert "(this fargate-stacks was installed from a package index)" in run.stdout
