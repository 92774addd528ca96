"""``fargate-stacks new``: every template renders a stack that validates and previews cleanly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.cli.new import TEMPLATES
from fargate_stacks.engine import preview_stack


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_previews_cleanly(
    template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "demo", "--template", template]) == 0
    path = tmp_path / "stacks" / "Pulumi.demo.yaml"
    assert main(["validate", str(path)]) == 0
    result = preview_stack(path)
    assert result.ok, [f.to_dict() for f in result.mandatory]


def test_project_and_overwrite_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "infra"
    assert main(["new", "dev", "--project", str(project), "--template", "ecs-worker"]) == 0
    assert {"Pulumi.yaml", "__main__.py", "requirements.txt", "README.md"} <= {
        p.name for p in project.iterdir()
    }
    assert "from fargate_stacks.program import main" in (project / "__main__.py").read_text()
    capsys.readouterr()
    assert main(["new", "dev", "--project", str(project)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "use --force" in err and len(err.strip().splitlines()) == 1
    assert main(["new", "dev", "--project", str(project), "--force"]) == 0
    assert main(["new", "Not_Valid"]) == 2


def test_project_has_its_own_policy_pack_and_a_valid_workflow(tmp_path: Path) -> None:
    import yaml

    project = tmp_path / "shop-infra"
    assert main(["new", "shop", "--project", str(project), "--template", "mixed"]) == 0
    pack = yaml.safe_load((project / "policypack/PulumiPolicy.yaml").read_text())
    assert pack["runtime"] == {
        "name": "python",
        "options": {"toolchain": "pip", "virtualenv": "../.venv"},
    }
    assert "build_pack()" in (project / "policypack/__main__.py").read_text()
    workflow = yaml.safe_load((project / ".github/workflows/fargate-stacks.yml").read_text())
    preview = workflow["jobs"]["preview"]
    assert preview["strategy"]["matrix"]["stack"] == ["shop"]
    install = next(s for s in preview["steps"] if s.get("name") == "Install fargate-stacks")
    assert install["run"].endswith("pip install -r requirements.txt")  # no Makefile there
    pulumi = next(s for s in preview["steps"] if s.get("uses", "").startswith("pulumi/actions@"))
    assert pulumi["with"]["policyPacks"] == "policypack"
    assert (project / pulumi["with"]["policyPacks"] / "PulumiPolicy.yaml").is_file()


REPO = Path(__file__).resolve().parents[1]
DATA_PREFIX = "share/fargate-stacks/"  # where [tool.setuptools.data-files] puts templates/


def on_disk_templates() -> set[str]:
    return {
        p.relative_to(REPO).as_posix()
        for p in (REPO / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_data_files_config_ships_every_template_at_its_own_path() -> None:
    """setuptools' own reading of pyproject.toml: every file under templates/ (subfolders such
    as project/policypack too) lands at share/fargate-stacks/<its path>, none flattened."""
    from setuptools.config.expand import canonic_data_files
    from setuptools.config.pyprojecttoml import read_configuration

    config = read_configuration(REPO / "pyproject.toml")["tool"]["setuptools"]["data-files"]
    shipped: dict[str, str] = {}
    for target, sources in canonic_data_files(config, str(REPO)):
        for source in sources:
            installed = f"{target}/{Path(source).name}"
            assert installed not in shipped, f"{source} and {shipped[installed]} collide"
            shipped[installed] = Path(source).as_posix()
    assert {installed.removeprefix(DATA_PREFIX) for installed in shipped} == on_disk_templates()
    assert all(
        installed.removeprefix(DATA_PREFIX) == source for installed, source in shipped.items()
    )


def _copy_source(to: Path) -> Path:
    """The files a wheel is built from (a copy: building in the checkout writes build/)."""
    import shutil

    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    to.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(REPO / name, to / name)
    shutil.copytree(REPO / "templates", to / "templates", ignore=ignore)
    shutil.copytree(
        REPO / "components" / "fargate_stacks", to / "components" / "fargate_stacks", ignore=ignore
    )
    return to


def test_wheel_ships_every_template_and_new_project_works_installed(tmp_path: Path) -> None:
    """Built by pip as users build it, installed into a prefix of its own, then used from there
    (not from this checkout): ``new --project`` renders every project template."""
    import subprocess
    import sys
    import sysconfig
    import zipfile
    from importlib import metadata

    source = _copy_source(tmp_path / "src")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # --no-build-isolation: the test extras pin setuptools and wheel, so no download is needed
    subprocess.run(
        [
            *pip,
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("fargate_stacks-*.whl")
    data = "fargate_stacks-" + wheel.name.split("-")[1] + ".data/data/" + DATA_PREFIX
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.removeprefix(data) for n in names if n.startswith(data)} == on_disk_templates()
    assert "fargate_stacks/py.typed" in names  # typing marker for users' type checkers
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)  # pyproject: Apache-2.0

    prefix = tmp_path / "prefix"
    # --ignore-installed: without it pip uninstalls this checkout's editable install first
    subprocess.run(
        [
            *pip,
            "install",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            "--prefix",
            str(prefix),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    assert metadata.distribution("fargate-stacks").read_text("direct_url.json")  # still editable
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix)}))
    project = tmp_path / "infra"
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
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith(str(site))  # the installed copy, not the checkout
    assert (project / "policypack" / "__main__.py").is_file()
    assert (project / ".github" / "workflows" / "fargate-stacks.yml").is_file()


def test_project_requirements_name_the_package_given(tmp_path: Path) -> None:
    """fargate-stacks is not on PyPI yet: --package says what pip installs it from."""
    git = "fargate-stacks @ git+https://example.com/platform/fargate-stacks@v0.1.0"
    project = tmp_path / "infra"
    assert main(["new", "dev", "--project", str(project), "--package", git]) == 0
    for requirements in ("requirements.txt", "policypack/requirements.txt"):
        assert git in (project / requirements).read_text().splitlines()
    assert "--package" in (project / "README.md").read_text()
    # a local checkout or wheel becomes an absolute path, as pip resolves it from any folder
    wheel = tmp_path / "fargate_stacks-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert (
        main(
            [
                "new",
                "dev",
                "--project",
                str(project),
                "--force",
                "--package",
                os.path.relpath(wheel),
            ]
        )
        == 0
    )
    assert str(wheel) in (project / "requirements.txt").read_text().splitlines()
    default = tmp_path / "default"
    assert main(["new", "dev", "--project", str(default)]) == 0
    from fargate_stacks import __version__

    assert (
        f"fargate-stacks>={__version__}" in (default / "requirements.txt").read_text().splitlines()
    )


@pytest.mark.parametrize("package", ["", "two\nlines", "# comment"])
def test_a_package_that_is_not_one_requirement_is_refused(
    package: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "dev", "--project", str(tmp_path / "p"), "--package", package]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "--package" in err
    assert not (tmp_path / "p").exists()
