"""Every class of spec error: one located line each, with the right field and message."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from fargate_stacks.errors import InputError, SpecError
from fargate_stacks.fargate import eks_versions
from fargate_stacks.spec import load_spec


def _write(tmp_path: Path, body: str, name: str = "Pulumi.t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body).lstrip("\n"))
    return path


def _lines(tmp_path: Path, body: str, name: str = "Pulumi.t.yaml") -> list[str]:
    path = _write(tmp_path, body, name)
    with pytest.raises(InputError) as info:
        load_spec(path)
    return [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]


def test_bad_size_names_valid_choices(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        config:
          fargate-stacks:spec:
            ecs:
              clusters:
                - name: web
                  services:
                    - name: api
                      image: nginx
                      cpu: 0.25 vCPU
                      memory: 4 GB
    """,
    )
    assert lines == [
        "Pulumi.t.yaml:10:23: ecs.clusters[0].services[0].memory: 4 GB is not valid "
        "with 0.25 vCPU (choose 0.5, 1 or 2 GB); 4 GB fits 0.5 vCPU, 1 vCPU or 2 vCPU"
    ]


def test_unknown_key_suggests(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        eks:
          clusters:
            - name: k
              fargateProfiles:
                - name: sys
                  selectors: [{namespace: kube-system}]
              workloads:
                - name: w
                  namespace: kube-system
                  image: nginx
                  replica: 2
    """,
        "bare.yaml",
    )
    assert lines == [
        "bare.yaml:11:11: eks.clusters[0].workloads[0].replica: unknown key "
        "'replica' (did you mean 'desiredCount'? spec 1.0 renamed 'replicas' to it)"
    ]


def test_unknown_top_level_key(tmp_path: Path) -> None:
    lines = _lines(tmp_path, "ecss:\n  clusters: []\n", "bare.yaml")
    assert lines[0] == "bare.yaml:1:1: ecss: unknown key 'ecss' (did you mean 'ecs'?)"


def test_duplicate_names(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        ecs:
          clusters:
            - name: web
              services:
                - {name: api, image: nginx}
                - {name: api, image: nginx}
    """,
        "bare.yaml",
    )
    assert lines == ["bare.yaml:5:9: ecs.clusters[0].services: duplicate service name 'api'"]


def test_names_over_aws_limits_with_suffix(tmp_path: Path) -> None:
    long = "a" * 30
    lines = _lines(
        tmp_path,
        f"""
        ecs:
          clusters:
            - name: {long}
              services:
                - {{name: {long}, image: nginx}}
    """,
        "bare.yaml",
    )
    assert len(lines) == 2
    assert "IAM execution role name" in lines[0] and "over AWS's limit of 64" in lines[0]
    assert lines[0].startswith("bare.yaml:5:18: ecs.clusters[0].services[0].name: ")


def test_derived_eks_names_over_their_limits_are_located(tmp_path: Path) -> None:
    """IAM role names are at most 64 characters, and Pulumi adds 8 to auto-named ones: a
    50-character cluster name overflows '<cluster>-cluster' (66) and '<cluster>-pod-execution'
    (72); with a 20-character workload that asks for permissions, '<cluster>-<workload>-irsa'
    too (84). ECS clusters in the same spec are checked on the way (their names fit)."""
    k, w = "k" * 50, "w" * 20
    lines = _lines(
        tmp_path,
        f"""
        ecs:
          clusters:
            - name: web
              services:
                - {{name: api, image: nginx}}
        eks:
          clusters:
            - name: {k}
              fargateProfiles:
                - name: apps
                  selectors: [{{namespace: shop}}, {{namespace: kube-system}}]
              workloads:
                - name: {w}
                  namespace: shop
                  image: nginx
                  permissions:
                    - {{actions: ["sqs:ReceiveMessage"], resources: ["*"]}}
    """,
        "bare.yaml",
    )
    assert [line.split(": the ")[0] for line in lines] == [
        "bare.yaml:8:13: eks.clusters[0].name",
        "bare.yaml:8:13: eks.clusters[0].name",
        "bare.yaml:13:17: eks.clusters[0].workloads[0].name",
    ]
    assert f"IAM cluster role name '{k}-cluster' would be 66 characters" in lines[0]
    assert f"IAM pod execution role name '{k}-pod-execution' would be 72" in lines[1]
    assert f"service account '{k}-{w}-irsa' would be 84 characters" in lines[2]
    assert all("over AWS's limit of 64" in line for line in lines)


def test_a_workload_without_permissions_has_no_role_name_to_fit(tmp_path: Path) -> None:
    """Only a workload with permissions gets an IRSA role: a long cluster + workload name is
    fine without them (the spec used to be refused for the role that is never created)."""
    path = _write(
        tmp_path,
        f"""
        eks:
          clusters:
            - name: {"c" * 40}
              fargateProfiles:
                - name: apps
                  selectors: [{{namespace: shop}}, {{namespace: kube-system}}]
              workloads:
                - {{name: {"w" * 20}, namespace: shop, image: nginx}}
                - {{name: {"v" * 20}, namespace: shop, image: nginx, permissions: []}}
    """,
        "bare.yaml",
    )
    loaded = load_spec(path)
    assert loaded.spec.eks is not None
    assert [w.has_role for w in loaded.spec.eks.clusters[0].workloads] == [False, False]


def test_wrong_types_and_missing(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        ecs:
          clusters:
            - name: web
              services:
                - name: api
                  desiredCount: many
                - image: nginx
    """,
        "bare.yaml",
    )
    assert "bare.yaml:5:11: ecs.clusters[0].services[0].image: required" in lines
    assert any(
        line.startswith("bare.yaml:6:25: ecs.clusters[0].services[0].desiredCount: ")
        for line in lines
    )
    assert "bare.yaml:7:11: ecs.clusters[0].services[1].name: required" in lines


def test_windows_spot_refused(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        ecs:
          clusters:
            - name: web
              services:
                - name: api
                  image: mcr.microsoft.com/windows/servercore:ltsc2022
                  os: windows
                  cpu: 1 vCPU
                  memory: 2 GB
                  capacity: {spotPercent: 50}
    """,
        "bare.yaml",
    )
    assert lines == [  # at the Spot share, not at the service's first line
        "bare.yaml:10:35: ecs.clusters[0].services[0].capacity.spotPercent: Fargate Spot does "
        "not run Windows tasks: set spotPercent 0"
    ]


def test_workload_no_profile_would_stay_pending(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        eks:
          clusters:
            - name: k
              fargateProfiles:
                - name: sys
                  selectors: [{namespace: kube-system}]
              workloads:
                - {name: web, namespace: shop, image: nginx}
    """,
        "bare.yaml",
    )
    assert len(lines) == 1 and "would stay Pending" in lines[0]
    assert lines[0].startswith(  # at the workload's namespace, not at the cluster
        "bare.yaml:8:34: eks.clusters[0].workloads[0].namespace: workload 'web'"
    )


@pytest.mark.parametrize(
    "body, expected",
    [
        ("a: [1\nb: 2\n", "bad.yaml:2:2: invalid YAML: did not find expected ',' or ']'"),
        ("", "bad.yaml:1:1: file is empty"),
        ("- 1\n- 2\n", "bad.yaml:1:1: the spec must be a mapping"),
        ("a: 1\n---\nb: 2\n", "bad.yaml:3:1: expected one YAML document, found several"),
        ("[" * 10000, "bad.yaml:1:"),
    ],
)
def test_yaml_level_errors(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(InputError) as info:
        load_spec(path)
    assert str(info.value.problems[0]).replace(str(tmp_path) + "/", "").startswith(expected)


def test_alias_bomb_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as info:  # refused by the expansion budget, not a clock
        load_spec(path)
    assert "alias bomb" in str(info.value)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_spec(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_spec(tmp_path)


def test_stack_config_without_spec_key(tmp_path: Path) -> None:
    lines = _lines(tmp_path, "config:\n  aws:region: us-east-1\n")
    assert lines == [
        "Pulumi.t.yaml:2:3: config: no 'fargate-stacks:spec' key: put the stack spec under it"
    ]


def test_spec_error_is_input_error() -> None:
    assert issubclass(SpecError, InputError)


def test_workload_sidecars_leave_no_room(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        eks:
          clusters:
            - name: k
              fargateProfiles:
                - name: sys
                  selectors: [{namespace: kube-system}]
              workloads:
                - name: web
                  namespace: kube-system
                  image: nginx
                  cpu: 0.25 vCPU
                  memory: 0.5 GB
                  sidecars:
                    - {name: envoy, image: envoy, cpu: 250m, memory: 128Mi}
    """,
        "bare.yaml",
    )
    assert len(lines) == 1
    assert lines[0].startswith(
        "bare.yaml:14:13: eks.clusters[0].workloads[0].sidecars: the sidecars ask for"
    )
    assert "leaving nothing" in lines[0]


def test_deep_json_is_refused_not_decoded(tmp_path: Path) -> None:
    """The JSON fallback never bypasses the nesting limit (it used to, for .json files)."""
    from fargate_stacks.yamlsource import iter_json_or_yaml

    for depth in (100, 5000):
        path = tmp_path / f"deep{depth}.json"
        path.write_text("[" * depth + "]" * depth)
        with pytest.raises(InputError, match="nesting deeper than 64"):
            list(iter_json_or_yaml(path))


def test_json_that_yaml_cannot_parse_falls_back_to_json(tmp_path: Path) -> None:
    from fargate_stacks.yamlsource import iter_json_or_yaml

    path = tmp_path / "tabs.json"
    path.write_text('{"a":\t"b\\/c"}')
    assert [d.data for d in iter_json_or_yaml(path)] == [{"a": "b/c"}]


def _service_lines(tmp_path: Path, fields: str) -> list[str]:
    """Errors of one ECS service whose extra fields are given as YAML lines."""
    body = (
        "ecs:\n  clusters:\n    - name: web\n      services:\n        - name: api\n"
        "          image: nginx:1.27\n"
        + "".join(f"          {line}\n" for line in fields.strip().splitlines())
    )
    return _lines(tmp_path, body, "bare.yaml")


@pytest.mark.parametrize(
    "fields, expected",
    [
        (
            "os: windows\ncpu: 0.5 vCPU\nmemory: 1 GB",
            "bare.yaml:8:16: ecs.clusters[0].services[0].cpu: 0.5 vCPU is not available for Windows "
            "tasks (choose 1, 2 or 4 vCPU)",
        ),
        (
            "cpu: 8 vCPU\nmemory: 32 GB\nplatformVersion: 1.3.0",
            "bare.yaml:9:28: ecs.clusters[0].services[0].platformVersion: 8 and 16 vCPU sizes need "
            "platform version 1.4.0 or LATEST, not 1.3.0",
        ),
        (
            "architecture: arm64\nephemeralStorage: 30 GB\nplatformVersion: 1.3.0",
            "bare.yaml:9:28: ecs.clusters[0].services[0].platformVersion: arm64, ephemeralStorage "
            "need platform version 1.4.0 or LATEST, not 1.3.0",
        ),
        (
            "cpu: 0.25 vCPU\nmemory: 0.5 GB\nsidecars:\n  - {name: log, image: fluent-bit, memory: 600}",
            "bare.yaml:10:13: ecs.clusters[0].services[0].sidecars: the sidecars reserve 600 MiB "
            "of the task's 512 MiB, leaving less than 6 MiB for the main container",
        ),
        (
            "cpu: 0.25 vCPU\nmemory: 0.5 GB\nsidecars:\n  - {name: envoy, image: envoy, cpu: 512}",
            "bare.yaml:10:13: ecs.clusters[0].services[0].sidecars: the sidecars ask for 0.5 vCPU, "
            "more than the task's 0.25 vCPU",
        ),
        (
            "loadBalancer: {scheme: public, certificateArn: arn:aws:iam::1:cert}\nport: 80",
            "bare.yaml:7:58: ecs.clusters[0].services[0].loadBalancer.certificateArn: "
            "'arn:aws:iam::1:cert' is not an ACM certificate ARN (such as "
            "'arn:aws:acm:us-east-1:123456789012:certificate/abc')",
        ),
    ],
)
def test_service_errors_land_on_their_field(tmp_path: Path, fields: str, expected: str) -> None:
    assert _service_lines(tmp_path, fields) == [expected]


def test_friendly_units_everywhere() -> None:
    from fargate_stacks.spec import ServiceSpec, WorkloadSpec

    svc = ServiceSpec.model_validate({"name": "a", "image": "x", "ephemeralStorage": "30 GB"})
    assert svc.ephemeral_storage == 30
    assert (
        ServiceSpec.model_validate(
            {"name": "a", "image": "x", "ephemeralStorage": 21}
        ).ephemeral_storage
        == 21
    )
    w = WorkloadSpec.model_validate(
        {
            "name": "w",
            "image": "x",
            "cpu": "1 vCPU",
            "memory": "2 GB",
            "sidecars": [{"name": "s", "image": "y", "cpu": "0.25 vCPU", "memory": "0.5 GB"}],
        }
    )
    assert (w.sidecars[0].cpu, w.sidecars[0].memory) == ("250m", "512Mi")


def test_eks_version_and_adopted_subnets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the EKS calendar on 2026-12-01 (fargate-rules.md section 8): 1.31 and older are gone
    monkeypatch.setattr(eks_versions, "today", lambda: date(2026, 12, 1))
    lines = _lines(
        tmp_path,
        """
        network:
          vpcId: vpc-0123456789abcdef0
          privateSubnetIds: [subnet-0123456789abcdef0]
        eks:
          clusters:
            - name: k
              version: "1.10"
              fargateProfiles:
                - name: sys
                  selectors: [{namespace: kube-system}]
    """,
        "bare.yaml",
    )
    assert lines == [
        "bare.yaml:7:16: eks.clusters[0].version: Kubernetes 1.10 is not in the EKS release "
        "calendar (1.27 to 1.36, fargate/eks_versions.py): use 1.36"
    ]
    lines = _lines(
        tmp_path,
        """
        network:
          vpcId: vpc-0123456789abcdef0
          privateSubnetIds: [subnet-0123456789abcdef0]
        eks:
          clusters:
            - name: k
              fargateProfiles:
                - name: sys
                  selectors: [{namespace: kube-system}]
    """,
        "bare.yaml",
    )
    assert lines == [
        "bare.yaml:3:21: network.privateSubnetIds: EKS needs private subnets in at "
        "least two Availability Zones: give two or more privateSubnetIds"
    ]


def test_an_ingress_needs_a_profile_for_the_load_balancer_controller(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        eks:
          clusters:
            - name: k
              fargateProfiles:
                - name: dns
                  selectors: [{namespace: kube-system, labels: {k8s-app: kube-dns}}]
                - name: apps
                  selectors: [{namespace: shop}]
              workloads:
                - {name: web, namespace: shop, image: nginx, port: 80, ingress: internal}
    """,
        "bare.yaml",
    )
    assert len(lines) == 1
    assert lines[0].startswith(
        "bare.yaml:5:9: eks.clusters[0].fargateProfiles: no Fargate profile selects the "
        "AWS Load Balancer Controller pods (kube-system"
    )


# ---------------------------------------------------------------- spec 1.0: errors at the key


def test_windows_on_arm_points_at_architecture(tmp_path: Path) -> None:
    lines = _service_lines(tmp_path, "os: windows\narchitecture: arm64\ncpu: 1 vCPU\nmemory: 2 GB")
    assert lines == [
        "bare.yaml:8:25: ecs.clusters[0].services[0].architecture: Windows tasks run on x86_64 only"
    ]


def test_windows_on_spot_weights_points_at_the_spot_weight(tmp_path: Path) -> None:
    lines = _service_lines(
        tmp_path, "os: windows\ncapacity:\n  weights: {FARGATE: 1, FARGATE_SPOT: 2}"
    )
    assert lines == [
        "bare.yaml:9:49: ecs.clusters[0].services[0].capacity.weights.FARGATE_SPOT: Fargate Spot "
        "does not run Windows tasks: give FARGATE_SPOT weight 0"
    ]


def test_a_bad_secret_points_at_its_entry_and_never_prints_it(tmp_path: Path) -> None:
    plaintext = "correct-horse-battery-staple"
    lines = _service_lines(
        tmp_path,
        "secrets:\n"
        "  GOOD: arn:aws:secretsmanager:us-east-1:123456789012:secret:db\n"
        f"  DB_PASSWORD: {plaintext}\n"
        "  PIN: 1234\n",
    )
    assert lines == [
        "bare.yaml:9:26: ecs.clusters[0].services[0].secrets.DB_PASSWORD: a 28-character value "
        "that is not an ARN (the value is not shown: it may be the secret itself): give the ARN "
        "of a Secrets Manager secret or an SSM parameter "
        "(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME)",
        "bare.yaml:10:18: ecs.clusters[0].services[0].secrets.PIN: YAML read this unquoted value "
        "as a number: quote it",
    ]
    assert not any(plaintext[:4] in line or "1234" in line for line in lines)


def test_a_typo_in_the_config_key_gets_a_did_you_mean(tmp_path: Path) -> None:
    lines = _lines(tmp_path, "config:\n  aws:region: us-east-1\n  fargate-stacks:spce: {}\n")
    assert lines == [
        "Pulumi.t.yaml:3:3: config.fargate-stacks:spce: no 'fargate-stacks:spec' key (did you "
        "mean 'fargate-stacks:spec' for 'fargate-stacks:spce'?)"
    ]


def test_non_utf8_input_gets_its_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_bytes(b"ecs:\n  clusters:\n    - name: caf\xe9\n")
    with pytest.raises(InputError) as info:
        load_spec(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems] == [
        "bare.yaml:3:16: not UTF-8 text: byte 0xe9 (invalid continuation byte); save the file "
        "as UTF-8"
    ]
    path.write_bytes("ecs: {}\n".encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16 text: save it as UTF-8"):
        load_spec(path)


@pytest.mark.parametrize(
    "line, field, expected",
    [
        (
            "name: 0123",
            "ecs.clusters[0].name",
            "YAML read 0123 as the number 83: quote it ('0123') to keep it as text",
        ),
        (
            "serviceConnectNamespace: no",
            "ecs.clusters[0].serviceConnectNamespace",
            "YAML read no as the boolean false: quote it ('no') to keep it as text",
        ),
        (
            "tags: {FEATURE_FLAGS: on}",
            "ecs.clusters[0].tags.FEATURE_FLAGS",
            "YAML read on as the boolean true: quote it ('on') to keep it as text",
        ),
    ],
)
def test_yaml_1_1_coercions_are_explained(
    tmp_path: Path, line: str, field: str, expected: str
) -> None:
    body = "ecs:\n  clusters:\n    - " + line + ("\n      name: web" if "name:" not in line else "")
    lines = _lines(tmp_path, body + "\n", "bare.yaml")
    assert [ln.split(": ", 2)[1:] for ln in lines] == [[field, expected]]


def test_a_boolean_is_no_number(tmp_path: Path) -> None:
    """pydantic's lax mode reads true as 1: ``desiredCount: yes`` ran one task, ``port: on``
    listened on port 1. A boolean where a number belongs is refused, saying what YAML did."""
    lines = _service_lines(
        tmp_path, "desiredCount: yes\nport: true\nautoscaling: {min: off, max: 3}"
    )
    assert [ln.split(": ", 1)[1] for ln in lines] == [
        "ecs.clusters[0].services[0].desiredCount: must be a number, not a boolean (YAML read "
        "yes as the boolean true)",
        "ecs.clusters[0].services[0].port: must be a number, not a boolean",
        "ecs.clusters[0].services[0].autoscaling.min: must be a number, not a boolean (YAML read "
        "off as the boolean false)",
    ]


def test_version_1_30_and_nat_no_are_explained(tmp_path: Path) -> None:
    lines = _lines(
        tmp_path,
        """
        network: {nat: no}
        eks:
          clusters:
            - name: k
              version: 1.30
              fargateProfiles: [{name: all, selectors: [{namespace: "*"}]}]
        """,
        "bare.yaml",
    )
    assert lines == [
        "bare.yaml:1:16: network.nat: YAML read no as the boolean false: quote it ('no') to keep "
        "it as text",
        "bare.yaml:5:16: eks.clusters[0].version: YAML read 1.30 as the number 1.3: quote it "
        "('1.30') to keep it as text",
    ]


def test_a_cpu_that_is_no_fargate_size_lists_the_sizes(tmp_path: Path) -> None:
    lines = _service_lines(tmp_path, "cpu: 0.3 vCPU\nmemory: 1 GB")
    assert lines[0] == (
        "bare.yaml:7:16: ecs.clusters[0].services[0].cpu: '0.3 vCPU' is not a Fargate CPU size: "
        "choose 0.25, 0.5, 1, 2, 4, 8, 16 vCPU (or CPU units such as 256)"
    )


def test_a_thirteen_thousand_service_spec_is_no_alias_bomb(tmp_path: Path) -> None:
    """~210,000 values written out in full, no alias: the budget counts alias expansions only
    (it used to count every value and refuse this as an 'alias bomb')."""
    services = "".join(
        f"        - {{name: s{i}, image: nginx:1.27, cpu: 256, memory: 512, port: 80, "
        f"desiredCount: 1, capacity: {{spotPercent: 50, onDemandBase: 0}}, "
        f"environment: {{A: a, B: b}}}}\n"
        for i in range(13_000)
    )
    path = tmp_path / "big.yaml"
    path.write_text("ecs:\n  clusters:\n    - name: big\n      services:\n" + services)
    loaded = load_spec(path)
    assert loaded.document is not None
    assert len(loaded.document.positions) > 200_000  # more values than the old budget allowed
    assert loaded.spec.ecs is not None and len(loaded.spec.ecs.clusters[0].services) == 13_000


def test_a_one_megabyte_value_is_not_echoed_whole(tmp_path: Path) -> None:
    huge = "A" * 1_048_576
    lines = _lines(
        tmp_path,
        f"network: {{cidr: {huge}}}\necs:\n  clusters:\n    - name: {huge}\n",
        "bare.yaml",
    )
    assert len(lines) == 2 and all(len(line) < 300 for line in lines), [ln[:300] for ln in lines]
    assert "'AAAAAAAAAAAAAAAAAAAA'… (1048576 characters) is not an IPv4 CIDR block" in lines[0]
    assert lines[1].endswith("ecs.clusters[0].name: string should have at most 63 characters")
