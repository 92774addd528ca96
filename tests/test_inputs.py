"""Reading Kubernetes manifests and ECS task definitions: every shape, every located error."""

from __future__ import annotations

from pathlib import Path

import pytest

from fargate_stacks.errors import InputError
from fargate_stacks.inputs import load_inputs, load_manifests, load_task_definitions

FIXTURES = Path(__file__).parent / "fixtures"
MANIFESTS = FIXTURES / "manifests"
TASKDEFS = FIXTURES / "taskdefs"


@pytest.mark.parametrize(
    "file, kind, name, namespace, replicas, spec_path, labels",
    [
        (
            "nginx-deployment.yaml",
            "Deployment",
            "nginx-deployment",
            "default",
            3,
            ("spec", "template", "spec"),
            {"app": "nginx"},
        ),
        (
            "aws-documented-pod.yaml",
            "Pod",
            "documented",
            "team-a",
            1,
            ("spec",),
            {"app": "documented"},
        ),
        ("limits-only-pod.yaml", "Pod", "limits-only", "default", 1, ("spec",), {}),
        (
            "nightly-cronjob.yaml",
            "CronJob",
            "nightly-report",
            "reports",
            1,
            ("spec", "jobTemplate", "spec", "template", "spec"),
            {"app": "nightly-report"},
        ),
        (
            "node-exporter-daemonset.yaml",
            "DaemonSet",
            "node-exporter",
            "monitoring",
            None,
            ("spec", "template", "spec"),
            {"app": "node-exporter"},
        ),
        (
            "replicaset-list.yaml",
            "ReplicaSet",
            "api-7d9f8c",
            "api",
            4,
            ("items", 0, "spec", "template", "spec"),
            {"app": "api", "eks.amazonaws.com/fargate-profile": "api"},
        ),
        (
            "web-with-init.yaml",
            "Deployment",
            "shop-web",
            "shop",
            2,
            ("spec", "template", "spec"),
            {"app": "shop-web", "tier": "frontend"},
        ),
    ],
)
def test_one_template_per_workload(
    file: str,
    kind: str,
    name: str,
    namespace: str,
    replicas: int | None,
    spec_path: tuple,
    labels: dict,
) -> None:
    [template] = load_manifests(MANIFESTS / file)
    assert (template.kind, template.name, template.namespace, template.replicas) == (
        kind,
        name,
        namespace,
        replicas,
    )
    assert template.spec_path == spec_path
    assert template.labels == labels
    assert template.file == str(MANIFESTS / file)
    # the pod spec is the very dict found at spec_path in the document
    node = template.document.data
    for part in spec_path:
        node = node[part]
    assert node is template.pod_spec


def test_multi_document_skips_objects_without_pods() -> None:
    templates = load_manifests(MANIFESTS / "app-bundle.yaml")
    assert [(t.kind, t.name, t.line) for t in templates] == [
        ("StatefulSet", "ledger", 15),
        ("Job", "ledger-backfill", 46),
    ]


def test_findings_can_be_located_below_the_pod_spec() -> None:
    [template] = load_manifests(MANIFESTS / "web-with-init.yaml")
    assert template.where("containers", 1, "resources", "requests", "memory")[0] == 46
    assert template.document.where((*template.spec_path, "initContainers", 0, "name"))[0] == 23
    problem = template.problem(("containers", 0, "image"), "bad image")
    assert (problem.line, problem.field) == (37, "spec.template.spec.containers[0].image")
    assert [c["name"] for c in template.init_containers] == ["migrate", "fetch-assets"]
    assert [c["name"] for c in template.containers] == ["app", "log-router"]


@pytest.mark.parametrize(
    "file, family, prefix, cpu, memory, os, arch, ephemeral",
    [
        ("fargate-webserver.json", "fargate-task-definition", (), 256, 512, "LINUX", "X86_64", 20),
        ("describe-api.json", "api", ("taskDefinition",), 2048, 4096, "LINUX", "ARM64", 50),
        ("windows-iis.yaml", "iis", (), 1024, 2048, "WINDOWS", "X86_64", 20),
        ("ec2-style-no-task-size.json", "legacy-worker", (), None, None, "LINUX", "X86_64", 20),
    ],
)
def test_task_definition_shapes(
    file: str,
    family: str,
    prefix: tuple,
    cpu: int | None,
    memory: int | None,
    os: str,
    arch: str,
    ephemeral: int,
) -> None:
    [td] = load_task_definitions(TASKDEFS / file)
    assert (td.name, td.path, td.cpu_units, td.memory_mib) == (family, prefix, cpu, memory)
    assert (td.operating_system, td.architecture, td.ephemeral_gib) == (os, arch, ephemeral)
    assert td.containers == td.data["containerDefinitions"]


def test_a_list_of_task_definitions_keeps_each_place() -> None:
    tds = load_task_definitions(TASKDEFS / "several.json")
    assert [(t.name, t.path, t.line) for t in tds] == [
        ("batch-small", (0,), 2),
        ("batch-wrong-size", (1,), 12),
    ]
    assert tds[1].where("memory")[0] == 17


@pytest.mark.parametrize(
    "path, pods, tds",
    [
        (MANIFESTS / "app-bundle.yaml", 2, 0),
        (MANIFESTS / "replicaset-list.yaml", 1, 0),
        (TASKDEFS / "describe-api.json", 0, 1),
        (TASKDEFS / "several.json", 0, 2),
        (TASKDEFS / "windows-iis.yaml", 0, 1),
    ],
)
def test_load_inputs_detects_the_kind_of_file(path: Path, pods: int, tds: int) -> None:
    found = load_inputs(path)
    assert (len(found[0]), len(found[1])) == (pods, tds)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


POD = """apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
"""

BAD_INPUTS = [
    # (file name, content, expected "line:col: field: message" fragment)
    ("empty.yaml", "", "empty.yaml:1:1: file is empty"),
    ("comments.yaml", "# nothing here\n", "comments.yaml:1:1: file is empty"),
    ("plain.yaml", "hello: world\n", "plain.yaml:1:1: no Kubernetes object"),
    ("scalar.yaml", "just text\n", "scalar.yaml:1:1: no Kubernetes object"),
    ("broken.yaml", "a: [1, 2\n", "broken.yaml:2:1: invalid YAML"),
    ("broken.json", '{"family": "x",,}', "broken.json:1:16: invalid"),
    (
        "containers-map.yaml",
        POD + "  containers:\n    name: app\n",
        "containers-map.yaml:7:5: spec.containers: must be a list, not a mapping",
    ),
    (
        "no-containers.yaml",
        POD + "  restartPolicy: Never\n",
        "no-containers.yaml:6:3: spec.containers: required",
    ),
    (
        "container-str.yaml",
        POD + "  containers:\n    - app\n",
        "container-str.yaml:7:7: spec.containers[0]: a container must be a mapping",
    ),
    (
        "requests-list.yaml",
        POD + "  containers:\n    - name: a\n      resources:\n        requests: [cpu]\n",
        "requests-list.yaml:9:19: spec.containers[0].resources.requests: must be a mapping",
    ),
    (
        "bad-quantity.yaml",
        POD + "  containers:\n    - name: a\n      resources:\n        limits: {cpu: 2 cores}\n",
        "bad-quantity.yaml:9:23: spec.containers[0].resources.limits.cpu: '2 cores' is not",
    ),
    (
        "bad-suffix.yaml",
        POD + "  initContainers:\n    - name: i\n      resources:\n"
        "        requests: {memory: 1GB}\n  containers:\n    - name: a\n",
        "bad-suffix.yaml:9:28: spec.initContainers[0].resources.requests.memory: '1GB' has an "
        "unknown suffix",
    ),
    (
        "replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n"
        "  replicas: three\n  template:\n    spec:\n      containers: [{name: a}]\n",
        "replicas.yaml:5:13: spec.replicas: must be a whole number",
    ),
    (
        "no-template.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 1\n",
        "no-template.yaml:5:3: spec.template: required",
    ),
    (
        "no-name.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {}\nspec:\n  containers: [{name: a}]\n",
        "no-name.yaml:3:11: metadata.name: required",
    ),
    (
        "label-int.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {tier: 1}\n"
        "spec:\n  containers: [{name: a}]\n",
        "label-int.yaml:5:18: metadata.labels.tier: label values",
    ),
    (
        "no-kind.yaml",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n"
        "  containers: [{name: a}]\n---\nmetadata: {name: q}\n",
        "no-kind.yaml:7:1: not a Kubernetes object",
    ),
    (
        "list-items.yaml",
        "apiVersion: v1\nkind: List\nitems: {a: 1}\n",
        "list-items.yaml:3:8: items: must be a list",
    ),
    (
        "td-containers.json",
        '{"family": "f", "containerDefinitions": {"name": "a"}}',
        "td-containers.json:1:41: containerDefinitions: must be a list, not a mapping",
    ),
    (
        "td-cpu.json",
        '{"family": "f", "cpu": "two", "containerDefinitions": [{"name": "a"}]}',
        "td-cpu.json:1:24: cpu: 'two' is not a CPU amount",
    ),
    (
        "td-memory.json",
        '{"family": "f", "containerDefinitions": [{"name": "a", "memory": "1GB"}]}',
        "td-memory.json:1:66: containerDefinitions[0].memory: must be a whole number",
    ),
    (
        "td-family.json",
        '{"containerDefinitions": [{"name": "a"}]}',
        "td-family.json:1:1: family: required",
    ),
    (
        "td-list.json",
        '[{"family": "f", "containerDefinitions": [{"name": "a"}]}, {"x": 1}]',
        "td-list.json:1:60: not an ECS task definition",
    ),
]


@pytest.mark.parametrize("name, text, expected", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_inputs_are_one_located_line(
    tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(InputError) as caught:
        load_inputs(path)
    first = str(caught.value.problems[0])
    assert first.startswith(str(tmp_path / expected.split(":")[0])), first
    assert expected in first, first
    assert "\n" not in first


def test_unreadable_paths(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_inputs(tmp_path / "missing.yaml")
    with pytest.raises(InputError, match="is a directory"):
        load_inputs(tmp_path)
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    with pytest.raises(InputError, match=r"image\.png"):
        load_inputs(binary)


def test_alias_bomb_and_deep_nesting_are_refused_fast(tmp_path: Path) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    bomb_path = _write(tmp_path, "bomb.yaml", "\n".join(bomb) + "\n")
    deep_path = _write(tmp_path, "deep.yaml", "[" * 100_000 + "]" * 100_000)
    for path, reason in ((bomb_path, "alias bomb"), (deep_path, "nesting")):
        with pytest.raises(InputError, match=reason):  # refused by a budget, not by a clock
            load_inputs(path)


def test_wrong_kind_of_file_for_each_loader() -> None:
    with pytest.raises(InputError, match="not an ECS task definition"):
        load_task_definitions(MANIFESTS / "nginx-deployment.yaml")
    with pytest.raises(InputError, match="not a Kubernetes object"):
        load_manifests(TASKDEFS / "fargate-webserver.json")


POD_DOC = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: 'x:1'}]\n"


@pytest.mark.parametrize(
    "text",
    [
        "---\n" + POD_DOC + "---\n",  # helm template: a leading and a trailing separator
        POD_DOC + "---\n# a comment-only document\n---\napiVersion: v1\nkind: ConfigMap\n"
        "metadata: {name: c}\n",  # kustomize / helm: empty documents between objects
    ],
)
def test_empty_yaml_documents_are_skipped_as_kubectl_does(tmp_path: Path, text: str) -> None:
    path = _write(tmp_path, "helm.yaml", text)
    templates, task_definitions = load_inputs(path)
    assert [(t.kind, t.name) for t in templates] == [("Pod", "p")]
    assert task_definitions == []
    assert [t.name for t in load_manifests(path)] == ["p"]


def test_empty_documents_around_task_definitions_are_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "td.yaml", "---\nfamily: f\ncontainerDefinitions: [{name: a}]\n---\n")
    assert [td.name for td in load_inputs(path)[1]] == ["f"]
    assert [td.name for td in load_task_definitions(path)] == ["f"]


def test_only_empty_documents_is_an_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "blank.yaml", "---\n# nothing\n---\n")
    with pytest.raises(InputError, match="file is empty"):
        load_inputs(path)
