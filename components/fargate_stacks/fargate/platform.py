"""What a Linux task may use only on Fargate platform version 1.4.0 or later: one table.

The spec's ``platformVersion`` check and the ``fargate-task-size`` rule (a service pinned below
1.4.0, joined to its task definition) both describe what a task uses as a :class:`PlatformUse`
and read :data:`NEEDS_PLATFORM_1_4`, so they can never disagree on what needs 1.4.0.

Windows tasks have platform versions of their own (1.0.0 is the only one and the latest), so
nothing here applies to them.

Sources (checked 2026-12-01; shared/reference/fargate-rules.md sections 1, 3 and 4):

* ECS-DG platform-linux-fargate (1.4.0: EFS, ephemeral storage, SYS_PTRACE, pidMode task);
* ECS-DG task-cpu-memory-error (8 and 16 vCPU need 1.4.0);
* ECS-DG ecs-arm64, "Considerations": "For the Fargate type, the applications must use Fargate
  platform version 1.4.0 or later" (on-demand and Spot alike);
* ECS-DG ecs-exec, "Prerequisites": platform version 1.4.0 or higher (Linux);
* ECS-DG ebs-volumes: EBS volumes configured at launch need Linux platform version 1.4.0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import sizes
from .sizes import PLATFORM_1_4, parse_platform_version

CHECKED = "2026-12-01"
PLATFORM_1_4_TEXT = ".".join(str(p) for p in PLATFORM_1_4)


@dataclass(frozen=True)
class PlatformUse:
    """What a task definition (and the service running it) uses that platform versions care
    about, in plain terms: the spec and the rules each fill what they can see."""

    os_family: str = sizes.LINUX  # LINUX or WINDOWS (sizes.os_family)
    cpu_units: int | None = None
    architecture: str = "X86_64"  # X86_64 or ARM64
    efs_volumes: bool = False
    ephemeral_storage: bool = False
    exec_command: bool = False  # ECS Exec: the service's enableExecuteCommand
    sys_ptrace: bool = False  # a container adds SYS_PTRACE
    pid_mode_task: bool = False
    ebs_at_launch: bool = False  # a volume configuredAtLaunch


@dataclass(frozen=True)
class Need:
    """One thing only platform version 1.4.0 offers: how messages name it, and when it is used."""

    what: str
    used: Callable[[PlatformUse], bool]
    source: str


def _large(use: PlatformUse) -> bool:
    row = sizes.row_for(use.cpu_units) if use.cpu_units is not None else None
    return row is not None and row.min_platform is not None


NEEDS_PLATFORM_1_4: tuple[Need, ...] = (
    Need("8 and 16 vCPU sizes", _large, "ECS-DG task-cpu-memory-error"),
    Need("arm64", lambda u: u.architecture.upper() == "ARM64", "ECS-DG ecs-arm64"),
    Need("EFS volumes", lambda u: u.efs_volumes, "ECS-DG platform-linux-fargate"),
    Need("ephemeralStorage", lambda u: u.ephemeral_storage, "ECS-DG platform-linux-fargate"),
    Need("ECS Exec", lambda u: u.exec_command, "ECS-DG ecs-exec"),
    Need("SYS_PTRACE", lambda u: u.sys_ptrace, "ECS-DG platform-linux-fargate"),
    Need('pidMode "task"', lambda u: u.pid_mode_task, "ECS-DG platform-linux-fargate"),
    Need("EBS volumes configured at launch", lambda u: u.ebs_at_launch, "ECS-DG ebs-volumes"),
)


def platform_1_4_needs(use: PlatformUse) -> list[str]:
    """What of ``use`` needs platform version 1.4.0, in table order (empty for Windows)."""
    if use.os_family != sizes.LINUX:
        return []
    return [need.what for need in NEEDS_PLATFORM_1_4 if need.used(use)]


def below_1_4(version: str | None) -> bool:
    """Whether a platform version is pinned below 1.4.0 (LATEST and unknown ones are not)."""
    parsed = parse_platform_version(version)
    return parsed is not None and parsed < PLATFORM_1_4


def platform_problem(use: PlatformUse, version: str | None) -> str | None:
    """Why ``version`` cannot run what ``use`` uses; None when it can."""
    if not below_1_4(version):
        return None
    needs = platform_1_4_needs(use)
    if not needs:
        return None
    return f"{', '.join(needs)} need platform version {PLATFORM_1_4_TEXT} or LATEST, not {version}"
