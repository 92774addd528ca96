"""Nothing silently lost: a mapping that sets a key twice is refused, at any depth, in every file
fargate-stacks reads, with one line naming both lines. YAML (and PyYAML) would keep the last."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fargate_stacks.cli.app import main
from fargate_stacks.errors import InputError
from fargate_stacks.fargate.prices import load_prices
from fargate_stacks.inputs import load_manifests, load_task_definitions
from fargate_stacks.policies.config import load_policy_config
from fargate_stacks.policies.profiles_file import read_profiles
from fargate_stacks.spec import load_spec


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    return path


def _refusal(load: Callable[[Path], Any], path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p).replace(str(path.parent) + "/", "") for p in info.value.problems]


SERVICE_PORT_TWICE = """
config:
  fargate-stacks:spec:
    ecs:
      clusters:
        - name: web
          services:
            - name: api
              image: nginx:1.27
              port: 80
              port: 8080
"""


def test_a_port_set_twice_is_refused_not_the_last_one_kept(tmp_path: Path) -> None:
    """It used to preview port 8080 without a word."""
    path = _write(tmp_path, "Pulumi.t.yaml", SERVICE_PORT_TWICE)
    assert _refusal(load_spec, path) == [
        "Pulumi.t.yaml:10:15: config.fargate-stacks:spec.ecs.clusters[0].services[0].port: "
        "duplicate key 'port' (first at line 9): YAML would keep only the last one and "
        "silently drop the other; remove or rename one"
    ]


def test_services_twice_in_a_cluster_fails_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first list of services used to be dropped and ``validate`` said ok."""
    path = _write(
        tmp_path,
        "bare.yaml",
        """
        ecs:
          clusters:
            - name: web
              services:
                - {name: api, image: nginx:1.27}
              services:
                - {name: worker, image: python:3.12}
        """,
    )
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}:6:7: ecs.clusters[0].services: duplicate key 'services' (first at line 4): "
        "YAML would keep only the last one and silently drop the other; remove or rename one"
    ]


def test_keys_are_compared_as_they_load(tmp_path: Path) -> None:
    """YAML 1.1 reads ``yes`` and ``true`` as the same boolean, ``2`` and ``0x2`` as 2: the
    loaded mapping would hold one of each pair."""
    path = _write(tmp_path, "bare.yaml", "tags:\n  yes: a\n  true: b\n  2: c\n  0x2: d\n")
    lines = _refusal(load_spec, path)
    assert lines[0].startswith(
        "bare.yaml:3:3: tags.true: duplicate key 'true' (the same key as 'yes' at line 2)"
    )
    assert lines[1].startswith(
        "bare.yaml:5:3: tags.0x2: duplicate key '0x2' (the same key as '2' at line 4)"
    )


def test_same_line_duplicates_name_the_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "bare.yaml", "network: {nat: single, nat: none}\n")
    assert _refusal(load_spec, path)[0].startswith(
        "bare.yaml:1:24: network.nat: duplicate key 'nat' (first at line 1, column 11)"
    )


def test_merge_keys_may_be_overridden(tmp_path: Path) -> None:
    """``<<: *defaults`` then an explicit key is YAML's documented override, not a duplicate."""
    path = _write(
        tmp_path,
        "bare.yaml",
        """
        x-defaults: &defaults {image: nginx:1.27, port: 80}
        ecs:
          clusters:
            - name: web
              services:
                - <<: *defaults
                  name: api
                  port: 8080
        """,
    )
    with pytest.raises(InputError) as info:  # x-defaults is no spec key: refused as unknown
        load_spec(path)
    assert all("duplicate" not in str(p) for p in info.value.problems)


@pytest.mark.parametrize(
    "name, body, load, expected",
    [
        (
            "deployment.yaml",
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              template:
                spec:
                  containers:
                    - name: web
                      image: nginx:1.27
                      resources:
                        limits: {cpu: 250m}
                        limits: {cpu: "4"}
            """,
            load_manifests,
            "deployment.yaml:12:13: spec.template.spec.containers[0].resources.limits: "
            "duplicate key 'limits' (first at line 11)",
        ),
        (
            "taskdef.json",
            '{"family": "web", "cpu": "256", "memory": "512", "cpu": "4096",\n'
            ' "containerDefinitions": [{"name": "web", "image": "nginx"}]}\n',
            load_task_definitions,
            "taskdef.json:1:50: cpu: duplicate key 'cpu' (first at line 1, column 19)",
        ),
        (
            "policy.yaml",
            """
            image-tag-pinned: advisory
            image-tag-pinned: disabled
            """,
            load_policy_config,
            "policy.yaml:2:1: image-tag-pinned: duplicate key 'image-tag-pinned' (first at line 1)",
        ),
        (
            "profiles.yaml",
            """
            - name: apps
              selectors:
                - namespace: team-*
                  namespace: default
            """,
            read_profiles,
            "profiles.yaml:4:7: [0].selectors[0].namespace: duplicate key 'namespace' "
            "(first at line 3)",
        ),
        (
            "prices.yaml",
            """
            us-east-1:
              linux/x86_64: {vcpu_hour: 0.04048, gb_hour: 0.004445}
              linux/x86_64: {vcpu_hour: 0.0001, gb_hour: 0.0001}
            """,
            lambda path: load_prices("us-east-1", path),
            "prices.yaml:3:3: us-east-1.linux/x86_64: duplicate key 'linux/x86_64' "
            "(first at line 2)",
        ),
    ],
    ids=["manifest", "task definition", "policy config", "profiles", "price file"],
)
def test_every_file_we_read_refuses_duplicates(
    tmp_path: Path, name: str, body: str, load: Callable[[Path], Any], expected: str
) -> None:
    path = _write(tmp_path, name, body)
    lines = _refusal(load, path)
    assert len(lines) == 1 and lines[0].startswith(expected), lines


def test_check_and_size_refuse_a_duplicate_in_a_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(
        tmp_path,
        "pod.yaml",
        """
        apiVersion: v1
        kind: Pod
        metadata: {name: p, name: q}
        spec:
          containers: [{name: c, image: nginx:1.27}]
        """,
    )
    for command in ("check", "size"):
        assert main([command, str(path)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and len(err.splitlines()) == 1
        assert err.startswith(
            f"{path}:3:21: metadata.name: duplicate key 'name' (first at line 3, column 12)"
        )


def test_json_that_only_json_can_parse_still_refuses_duplicates(tmp_path: Path) -> None:
    """A key over 1,024 characters is JSON but not YAML (whose implicit keys stop there): the
    JSON fallback refuses the duplicate too, and shows the key by its start."""
    key = "k" * 1100
    path = tmp_path / "long.json"
    path.write_text(f'{{"{key}": 1, "{key}": 2, "containerDefinitions": []}}')
    assert _refusal(load_task_definitions, path) == [
        "long.json: duplicate key 'kkkkkkkkkkkkkkkkkkkk'… (1100 characters) in one JSON object: "
        "JSON decoders keep only the last one, so remove or rename one"
    ]


def test_a_long_duplicate_key_is_not_echoed_whole(tmp_path: Path) -> None:
    key = "k" * 100_000
    path = tmp_path / "bare.yaml"
    path.write_text(f"tags:\n  ? {key}\n  : a\n  ? {key}\n  : b\n")  # explicit: no 1024 limit
    (line,) = _refusal(load_spec, path)
    assert "(100000 characters)" in line and len(line) < 400
