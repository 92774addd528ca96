"""``fargate-stacks new``: every template renders a stack that validates and previews cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.cli.new import TEMPLATES
from fargate_stacks.engine import preview_stack


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_template_previews_cleanly(template: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
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
        p.name for p in project.iterdir()}
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
    assert pack["runtime"] == {"name": "python",
                               "options": {"toolchain": "pip", "virtualenv": "../.venv"}}
    assert "build_pack()" in (project / "policypack/__main__.py").read_text()
    workflow = yaml.safe_load((project / ".github/workflows/fargate-stacks.yml").read_text())
    preview = workflow["jobs"]["preview"]
    assert preview["strategy"]["matrix"]["stack"] == ["shop"]
    install = [s for s in preview["steps"] if s.get("name") == "Install fargate-stacks"][0]
    assert install["run"].endswith("pip install -r requirements.txt")  # no Makefile there
    pulumi = [s for s in preview["steps"] if s.get("uses", "").startswith("pulumi/actions@")][0]
    assert pulumi["with"]["policyPacks"] == "policypack"
    assert (project / pulumi["with"]["policyPacks"] / "PulumiPolicy.yaml").is_file()
