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


def requirement(path: Path) -> str:
    """The requirement line of a generated requirements file (its comments left out)."""
    return [line for line in path.read_text().splitlines() if not line.startswith("#")][-1]


def test_project_requirements_name_the_package_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--package says what pip installs fargate-stacks from; each file gets its extra."""
    git = "fargate-stacks @ git+https://example.com/platform/fargate-stacks@v0.1.0"
    project = tmp_path / "infra"
    assert main(["new", "dev", "--project", str(project), "--package", git]) == 0
    url = "git+https://example.com/platform/fargate-stacks@v0.1.0"
    assert requirement(project / "requirements.txt") == f"fargate-stacks[preview] @ {url}"
    assert requirement(project / "policypack/requirements.txt") == f"fargate-stacks[policy] @ {url}"
    assert f"requirements: fargate-stacks[preview] @ {url} (--package)" in capsys.readouterr().out
    assert "--package" in (project / "README.md").read_text()
    # a local checkout or wheel becomes an absolute file URL, as pip resolves it from any folder
    wheel = tmp_path / "fargate_stacks-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    args = ["new", "dev", "--project", str(project), "--force", "--package"]
    assert main([*args, os.path.relpath(wheel)]) == 0
    assert requirement(project / "requirements.txt") == (
        f"fargate-stacks[preview] @ {wheel.as_uri()}"
    )
    assert main([*args, "fargate_stacks[policy] ==0.1.0"]) == 0  # the extras it asks for kept
    assert requirement(project / "requirements.txt") == "fargate-stacks[policy,preview]==0.1.0"
    assert requirement(project / "policypack/requirements.txt") == "fargate-stacks[policy]==0.1.0"
    assert main([*args, "other-package==1.0"]) == 0  # not ours: written as given
    assert requirement(project / "requirements.txt") == "other-package==1.0"


def test_default_requirement_is_where_this_fargate_stacks_came_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """This checkout's editable install (make install): pip recorded dir_info for it. A local
    path is said to be one the workflow's runners cannot reach."""
    project = tmp_path / "default"
    assert main(["new", "dev", "--project", str(project)]) == 0
    assert requirement(project / "requirements.txt") == (
        f"fargate-stacks[preview] @ {REPO.as_uri()}"
    )
    assert "installed from a local checkout, editable" in (project / "requirements.txt").read_text()
    out = capsys.readouterr().out
    assert "note: a local path: the GitHub workflow's runners cannot install from it" in out


# The examples of the PEP 610 specification (packaging.python.org, "Direct URL Data
# Structure", Examples), and the requirement pip freeze writes for each (same page, "Example
# pip commands and their effect"), with the extra.
PEP_610_EXAMPLES = [
    (
        {
            "url": "https://github.com/pypa/pip.git",
            "vcs_info": {
                "vcs": "git",
                "requested_revision": "1.3.1",
                "commit_id": "7921be1537eac1e97bc40179a57f0349c2aee67d",
            },
        },
        "fargate-stacks[preview] @ git+https://github.com/pypa/pip.git"
        "@7921be1537eac1e97bc40179a57f0349c2aee67d",
        "installed from git, commit 7921be1537ea",
    ),
    (
        {
            "url": "https://github.com/pypa/pip/archive/1.3.1.zip",
            "archive_info": {
                "hashes": {
                    "sha256": "2dc6b5a470a1bde68946f263f1af1515a2574a150a30d6ce02c6ff742fcc0db8"
                }
            },
        },
        "fargate-stacks[preview] @ https://github.com/pypa/pip/archive/1.3.1.zip"
        "#sha256=2dc6b5a470a1bde68946f263f1af1515a2574a150a30d6ce02c6ff742fcc0db8",
        "installed from an archive",
    ),
    (
        {"url": "file:///home/user/project", "dir_info": {}},
        "fargate-stacks[preview] @ file:///home/user/project",
        "installed from a local checkout",
    ),
    (
        {"url": "file:///home/user/project", "dir_info": {"editable": True}},
        "fargate-stacks[preview] @ file:///home/user/project",
        "installed from a local checkout, editable",
    ),
    (
        {
            "url": "https://github.com/pypa/pip.git",
            "vcs_info": {"vcs": "git", "commit_id": "7921be1537eac1e97bc40179a57f0349c2aee67d"},
            "subdirectory": "src/pkg",
        },
        "fargate-stacks[preview] @ git+https://github.com/pypa/pip.git"
        "@7921be1537eac1e97bc40179a57f0349c2aee67d#subdirectory=src/pkg",
        "installed from git",
    ),
]


@pytest.mark.parametrize(("recorded", "line", "origin"), PEP_610_EXAMPLES)
def test_requirement_from_each_pep_610_shape(
    recorded: dict[str, object], line: str, origin: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fargate_stacks.cli import new as new_command

    monkeypatch.setattr(new_command, "_direct_url", lambda: recorded)
    source = new_command.installed_source("0.1.0")
    assert source.requirement("preview") == line
    assert origin in source.origin


def test_credentials_in_a_recorded_url_are_not_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from fargate_stacks.cli import new as new_command

    recorded = {
        "url": "https://deploy:s3cr3t-t0ken@git.example.com/platform/fargate-stacks.git",
        "vcs_info": {"vcs": "git", "commit_id": "7921be1537eac1e97bc40179a57f0349c2aee67d"},
    }
    monkeypatch.setattr(new_command, "_direct_url", lambda: recorded)
    assert main(["new", "dev", "--project", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert "s3cr3t" not in out and "***@git.example.com" in out


@pytest.mark.parametrize("package", ["", "two\nlines", "# comment"])
def test_a_package_that_is_not_one_requirement_is_refused(
    package: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "dev", "--project", str(tmp_path / "p"), "--package", package]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1 and "--package" in err
    assert not (tmp_path / "p").exists()
