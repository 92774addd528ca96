"""``fargate-stacks size --fit [--write]``: the diff, the rewrite, and nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from fargate_stacks.cli.app import main

ROOT = Path(__file__).parent.parent
DOCUMENTED = ROOT / "tests" / "fixtures" / "manifests" / "aws-documented-pod.yaml"

COMMENTED = """\
# team-a's API: sized by hand in 2025
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api   # the public one
  namespace: team-a
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      initContainers:
        - name: migrate
          image: public.ecr.aws/docker/library/busybox:1.36
          resources: {requests: {cpu: 250m, memory: 64Mi}, limits: {cpu: 250m, memory: 64Mi}}
      containers:
        - name: api
          image: public.ecr.aws/nginx/nginx:1.27
          resources:
            requests:
              cpu: "1"        # one core
              memory: "8Gi"   # the cache needs it
            limits:
              cpu: "1"
              memory: "8Gi"
        - name: envoy
          image: public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod
          resources:
            requests: {cpu: 0, memory: 128Mi}
            limits: {cpu: 0, memory: 128Mi}
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_fit_prints_the_diff_of_the_documented_pod(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "size", "--fit", str(DOCUMENTED))
    assert code == 0
    name = str(DOCUMENTED)
    assert out == (
        f"--- {name}\n+++ {name}\n@@ -15,7 +15,7 @@\n"
        "       resources:\n"
        "         requests:\n"
        '           cpu: "1"\n'
        "-          memory: 8Gi\n"
        "+          memory: 7.75Gi\n"
        "         limits:\n"
        '           cpu: "1"\n'
        "-          memory: 8Gi\n"
        "+          memory: 7.75Gi\n"
    )
    assert err == "1 pod template in 1 file fitted: $32.80/month less (--write makes the change)\n"


def test_write_changes_only_the_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The sidecar (envoy) asks for 128Mi, so the app gives up what the pod must: 8 GiB + 128 MiB
    + 256 MB needs 1 vCPU and 8.375 GB (2 vCPU / 9 GB); the fit is 7.75 GiB for the pod, so
    7.625 GiB for the app, in the Gi it used. Quotes, comments and flow mappings are kept."""
    path = tmp_path / "api.yaml"
    path.write_text(COMMENTED)
    code, out, err = run(capsys, "size", "--fit", "--write", str(path))
    assert (code, err) == (0, "")
    assert out == "1 pod template in 1 file fitted: $98.39/month less\n"  # 3 x 0.044925 x 730
    assert path.read_text() == COMMENTED.replace('memory: "8Gi"', 'memory: "7.625Gi"')
    containers = yaml.safe_load(path.read_text())["spec"]["template"]["spec"]["containers"]
    assert containers[0]["resources"]["requests"] == containers[0]["resources"]["limits"]
    code, out, _ = run(capsys, "size", "--format", "json", str(path))
    assert code == 0 and '"capacity_provisioned": "1vCPU 8GB"' in out
    code, out, err = run(capsys, "size", "--fit", str(path))  # nothing left to fit
    assert (code, out) == (0, "")
    assert err.startswith("nothing to fit")


def test_write_keeps_crlf_and_multi_document_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    service = "apiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec: {ports: [{port: 80}]}\n"
    text = (service + "---\n" + DOCUMENTED.read_text()).replace("\n", "\r\n")
    path = tmp_path / "bundle.yaml"
    path.write_bytes(text.encode())
    code, _, _ = run(capsys, "size", "--fit", "--write", str(path))
    assert code == 0
    assert path.read_bytes() == text.replace("memory: 8Gi", "memory: 7.75Gi").encode()


def test_kind_list_items_are_fitted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = ROOT / "tests" / "fixtures" / "manifests" / "replicaset-list.yaml"
    path = tmp_path / source.name
    shutil.copy(source, path)
    code, out, _ = run(capsys, "size", "--fit", str(path))
    assert code == 0
    assert '+                requests: {cpu: "1", memory: 1879M}\n' in out  # 1.75 GiB, in M


def test_one_bad_file_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every file is fitted (and so checked) before any is written: a value that cannot be
    rewritten in place (shared by a YAML anchor) stops the whole run, with one line, exit 2."""
    good = tmp_path / "a-good.yaml"
    good.write_text(COMMENTED)
    shared = tmp_path / "b-shared.yaml"
    shared.write_text(
        DOCUMENTED.read_text().replace(
            '        requests:\n          cpu: "1"\n          memory: 8Gi\n'
            '        limits:\n          cpu: "1"\n          memory: 8Gi\n',
            '        requests: &r\n          cpu: "1"\n          memory: 8Gi\n        limits: *r\n',
        )
    )
    assert "*r" in shared.read_text()
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, shared)}
    code, out, err = run(capsys, "size", "--fit", "--write", str(good), str(shared))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"{shared}:18:19: ")
    assert "aliases also use" in err
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (good, shared)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-good.yaml", "b-shared.yaml"]


def test_unreadable_input_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(COMMENTED)
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: v1\nkind: Pod\nmetadata: {name: [\n")
    code, out, err = run(capsys, "size", "--fit", "--write", str(good), str(bad))
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith(f"{bad}:")
    assert good.read_text() == COMMENTED


def test_what_cannot_run_is_left_alone_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    daemonset = ROOT / "tests" / "fixtures" / "manifests" / "node-exporter-daemonset.yaml"
    shutil.copy(daemonset, tmp_path / "ds.yaml")
    shutil.copy(DOCUMENTED, tmp_path / "pod.yaml")
    code, out, _ = run(
        capsys, "size", "--fit", "--write", str(tmp_path / "ds.yaml"), str(tmp_path / "pod.yaml")
    )
    assert code == 1 and "1 pod template in 1 file fitted" in out
    assert (tmp_path / "ds.yaml").read_text() == daemonset.read_text()
    assert "7.75Gi" in (tmp_path / "pod.yaml").read_text()


def test_write_needs_fit_and_fit_takes_no_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "size", "--write", str(DOCUMENTED))
    assert code == 2 and "give --fit too" in err and err.count("\n") == 1
    code, _, err = run(capsys, "size", "--fit", "--format", "json", str(DOCUMENTED))
    assert code == 2 and "--format json is for the sizes" in err and err.count("\n") == 1


def test_the_table_shows_requests_waste_and_the_fit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "size", str(DOCUMENTED))
    assert code == 0
    assert "1 vCPU / 8 GiB" in out and "31.98" in out  # requests; waste $/month
    assert out.endswith(
        f"fit: {DOCUMENTED}:3 Pod/documented: requests of 1 vCPU / 7.75 GiB land on "
        "1vCPU 8GB, $32.80/month less (size --fit shows the change)\n"
    )


def test_a_failed_write_changes_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second file's temporary file cannot be made (a full disk, say): the first one's is
    removed, neither file changes, one line, exit 2."""
    import tempfile

    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    for path in (first, second):
        path.write_text(COMMENTED)
    real = tempfile.mkstemp
    calls: list[str] = []

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        calls.append("x")
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    code, out, err = run(capsys, "size", "--fit", "--write", str(first), str(second))
    assert (code, out) == (2, "")
    assert err == f"{second}: cannot write: No space left on device; no file was changed\n"
    assert first.read_text() == COMMENTED and second.read_text() == COMMENTED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]


def test_a_symlinked_manifest_keeps_its_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "real.yaml"
    target.write_text(DOCUMENTED.read_text())
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    code, _, _ = run(capsys, "size", "--fit", "--write", str(link))
    assert code == 0 and link.is_symlink()
    assert "7.75Gi" in target.read_text()
