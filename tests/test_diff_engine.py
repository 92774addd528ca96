"""engine.diff on hand-made graphs: what counts as a change, what never does, and secrets."""

from __future__ import annotations

import dataclasses

from fargate_stacks.engine import CapturedResource, PreviewResult, ResourceGraph
from fargate_stacks.engine.diff import diff_results
from fargate_stacks.reports.diff_text import render_diff_text
from fargate_stacks.reports.review import build_review

STACK = "urn:pulumi:dev::fargate-stacks::"
SG = "aws:ec2/securityGroup:SecurityGroup"
SERVICE = "aws:ecs/service:Service"
PROVIDER = "pulumi:providers:kubernetes"


def resource(
    type_: str, name: str, inputs: dict, outputs: dict | None = None, **kw
) -> CapturedResource:
    return CapturedResource(
        urn=f"{STACK}{type_}::{name}",
        type=type_,
        name=name,
        parent=None,
        inputs=inputs,
        outputs=outputs or {},
        id=kw.pop("id", f"{name}-id"),
        custom=True,
        **kw,
    )


def result(*resources: CapturedResource) -> PreviewResult:
    return PreviewResult("dev", "fargate-stacks", "us-east-1", ResourceGraph(list(resources)))


def test_ids_mocks_invent_are_compared_as_references() -> None:
    """moto gave the security group another id on the second run: the service that names it
    is unchanged, because it still names the same resource's id."""
    old = result(
        resource(SG, "web-tasks", {"name": "web-tasks"}, id="sg-0a1b2c3d4e5f60718"),
        resource(
            SERVICE, "web", {"networkConfiguration": {"securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
        ),
    )
    new = result(
        resource(SG, "web-tasks", {"name": "web-tasks"}, id="sg-99887766554433221"),
        resource(
            SERVICE, "web", {"networkConfiguration": {"securityGroups": ["sg-99887766554433221"]}}
        ),
    )
    assert diff_results(old, new).changes == []


def test_a_replaced_resource_makes_its_references_known_after_apply() -> None:
    old = result(
        resource(SG, "web-tasks", {"name": "web-tasks"}, id="sg-0a1b2c3d4e5f60718"),
        resource(
            SERVICE, "web", {"networkConfiguration": {"securityGroups": ["sg-0a1b2c3d4e5f60718"]}}
        ),
    )
    new = result(
        resource(SG, "web-tasks", {"name": "web-tasks-2"}, id="sg-99887766554433221"),
        resource(
            SERVICE, "web", {"networkConfiguration": {"securityGroups": ["sg-99887766554433221"]}}
        ),
    )
    changes = {c.name: c for c in diff_results(old, new).changes}
    assert changes["web-tasks"].action == "replace"  # a security group's name is ForceNew
    service = changes["web"]
    assert service.action == "update"  # networkConfiguration updates in place
    assert [(p.path, p.new) for p in service.paths] == [
        ("networkConfiguration.securityGroups[0]", "(known after apply)")
    ]


def test_a_secret_input_changes_without_being_shown() -> None:
    old = result(
        resource(
            PROVIDER,
            "k8s",
            {"kubeconfig": "old-token-abc"},
            secret_inputs=frozenset({"kubeconfig"}),
        )
    )
    new = result(
        resource(
            PROVIDER,
            "k8s",
            {"kubeconfig": "new-token-xyz"},
            secret_inputs=frozenset({"kubeconfig"}),
        )
    )
    (change,) = diff_results(old, new).changes
    assert change.action == "update"
    assert [(p.path, p.old, p.new) for p in change.paths] == [
        ("kubeconfig", "[secret]", "[secret]")
    ]
    text = render_diff_text(build_review(old, new, "a", "b"))
    assert "token" not in text and "[secret]" in text


INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
SUBNET = "aws:ec2/subnet:Subnet"


def test_keys_with_dots_show_both_values() -> None:
    """Kubernetes annotation keys and AWS tag keys hold dots and slashes
    (``alb.ingress.kubernetes.io/scheme``, ``kubernetes.io/role/elb``): each changed value is
    shown as it was and as it becomes, not as ``-`` for a path read back wrongly."""

    def ingress(scheme: str) -> CapturedResource:
        annotations = {"alb.ingress.kubernetes.io/scheme": scheme}
        return resource(INGRESS, "web", {"metadata": {"name": "web", "annotations": annotations}})

    def subnet(tags: dict[str, str]) -> CapturedResource:
        return resource(SUBNET, "public-a", {"cidrBlock": "10.0.0.0/20", "tags": tags})

    old = result(ingress("internal"), subnet({"Name": "public-a"}))
    new = result(
        ingress("internet-facing"), subnet({"Name": "public-a", "kubernetes.io/role/elb": "1"})
    )
    values = {
        c.name: [(p.path, p.old, p.new) for p in c.paths] for c in diff_results(old, new).changes
    }
    assert values == {
        "web": [
            ("metadata.annotations.alb.ingress.kubernetes.io/scheme", "internal", "internet-facing")
        ],
        "public-a": [("tags.kubernetes.io/role/elb", "-", "1")],
    }


def test_a_reference_in_a_named_list_is_one_path() -> None:
    """A container (matched by name) that now names another, replaced, security group: one
    path, ``[name=app]`` as the diff names the list's items, known after apply."""

    def deployment(sg_id: str) -> CapturedResource:
        containers = [{"name": "app", "securityGroup": sg_id}]
        return resource(
            "kubernetes:apps/v1:Deployment", "web", {"spec": {"containers": containers}}
        )

    a, b = "sg-0a1b2c3d4e5f60718", "sg-99887766554433221"
    old = result(
        resource(SG, "one", {"name": "one"}, id=a),
        resource(SG, "two", {"name": "two"}, id=b),
        deployment(a),
    )
    new = result(
        resource(SG, "one", {"name": "one"}, id=a),
        resource(SG, "two", {"name": "two-2"}, id="sg-55555555555555555"),
        deployment("sg-55555555555555555"),
    )
    (web,) = [c for c in diff_results(old, new).changes if c.name == "web"]
    assert [(p.path, p.new) for p in web.paths] == [
        ("spec.containers[name=app].securityGroup", "(known after apply)")
    ]


COMPONENT = "fargate-stacks:ecs:EcsFargateService"
TASK = "aws:ecs/taskDefinition:TaskDefinition"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"


def service(
    name: str,
    image: str,
    ignore: tuple[str, ...] = (),
    replace: tuple[str, ...] = (),
    child: str = TASK,
) -> list[CapturedResource]:
    """A component and its task definition, named with the component's name as a prefix
    (the task definition's ignoreChanges and replaceOnChanges: ``ignore``, ``replace``)."""
    top = CapturedResource(
        urn=f"{STACK}{COMPONENT}::{name}",
        type=COMPONENT,
        name=name,
        parent=None,
        inputs={},
        outputs={},
        id="",
        custom=False,
    )
    task = resource(
        child,
        f"{name}-task",
        {"family": "app", "image": image},
        ignore_changes=ignore,
        replace_on_changes=replace,
    )
    return [top, dataclasses.replace(task, parent=top.urn)]


def pairs(old: list[CapturedResource], new: list[CapturedResource]) -> list[tuple[str, str]]:
    return [(r.old_name, r.new_name) for r in diff_results(result(*old), result(*new)).renames]


def test_renamed_components_of_one_shape_pair_by_fewest_differences_then_name() -> None:
    """Two services of one shape renamed at once: each pairs with the one whose inputs are
    the same, whichever the change lists first; with the same inputs, with the closer name."""
    old = [*service("api", "api:1"), *service("web", "web:1")]
    new = [*service("shop-web", "web:1"), *service("shop-api", "api:1")]
    assert pairs(old, new) == [("api", "shop-api"), ("web", "shop-web")]
    old = [*service("api", "nginx:1"), *service("web", "nginx:1")]
    new = [*service("web-v2", "nginx:1"), *service("api-v2", "nginx:1")]
    assert pairs(old, new) == [("api", "api-v2"), ("web", "web-v2")]


def test_a_rename_plans_each_resource_with_its_options() -> None:
    """With the alias, Pulumi plans the renamed resources as it plans any other: an input
    under ignoreChanges is no update, one under replaceOnChanges is a replacement (on a
    Deployment, which Kubernetes updates in place)."""

    def plans(ignore: tuple[str, ...] = (), replace: tuple[str, ...] = ()) -> list[str]:
        old = service("api", "api:1", ignore, replace, DEPLOYMENT)
        new = service("shop-api", "api:2", ignore, replace, DEPLOYMENT)
        (rename,) = diff_results(result(*old), result(*new)).renames
        return [plan for _, _, type_, plan in rename.pairs if type_ == DEPLOYMENT]

    assert plans() == ["update"]
    assert plans(ignore=("image",)) == ["same"]
    assert plans(replace=("image",)) == ["replace"]
