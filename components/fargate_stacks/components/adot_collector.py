"""The AWS Distro for OpenTelemetry collector that gives Fargate pods their metrics.

EKS on Fargate has no node agent to send Container Insights metrics (no DaemonSets), and a pod
cannot reach the kubelet of its own Fargate node. AWS documents the answer ("Container
Insights on EKS Fargate", aws-otel.github.io/docs/getting-started/container-insights/eks-
fargate; the template aws-observability/aws-otel-collector deployment-template/eks/otel-
fargate-container-insights.yaml at ed0b1d5, 2026-07-16; both checked 2026-12-02): one
collector whose Prometheus receiver discovers every node through the API server and scrapes
each kubelet's cAdvisor through the API server's node proxy, turns the pod-level series into
``pod_*`` metrics and sends them as embedded-metric-format logs, from which CloudWatch makes
the ``ContainerInsights`` metrics ``rightsize`` reads (``fargate/usage_metrics``).

What this module holds is that design as data: the RBAC rules the scrape needs (nodes,
nodes/proxy, the cAdvisor URL), the collector's configuration reduced to the pod metrics that
``rightsize`` reads (CPU and memory, use and limit), and the pod. Differences from the
template, and why: a Deployment of one replica instead of a StatefulSet of one (no volume, no
identity to keep: the same pod), no Service (nothing reads the collector's own metrics), an
image pinned to a release (:data:`IMAGE`, instead of ``latest``), resources as the template
sets them (requests = limits, 1 vCPU / 2 GiB: Fargate gives the pod 1 vCPU / 3 GB with its
256 MB overhead), no privilege escalation.

Its AWS side is an IRSA role (Pod Identity does not run on Fargate) with the managed
CloudWatchAgentServerPolicy, which AWS names for this collector (it writes the log events,
and the awsemf exporter may create the log group); a Fargate profile selects its namespace.
"""

from __future__ import annotations

import json
from typing import Any

from ..fargate import usage_metrics as um
from ..fargate.eks_pods import ADOT_COLLECTOR, ADOT_PROFILE, RUNS

NAMESPACE = ADOT_COLLECTOR.namespace
POD_LABELS = dict(ADOT_COLLECTOR.labels)
SERVICE_ACCOUNT = "adot-collector"
NAME = "adot-collector"
CLUSTER_ROLE = "adotcol-admin-role"
CONFIGMAP = "adot-collector-config"
CONFIG_KEY = "adot-collector-config"
CONFIG_PATH = "/conf"
PROFILE = ADOT_PROFILE
# github.com/aws-observability/aws-otel-collector/releases/tag/v0.49.0 (2026-07-16)
IMAGE = "public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0"
POLICY_ARN = "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
# the template's requests (= limits); the bill prices the same pod (fargate/eks_pods.RUNS)
RESOURCES = dict(RUNS[ADOT_COLLECTOR.what].requests)
REPLICAS = RUNS[ADOT_COLLECTOR.what].replicas

CLUSTER_ROLE_RULES: list[dict[str, Any]] = [
    {
        "apiGroups": [""],
        "resources": [
            "nodes",
            "nodes/proxy",
            "nodes/metrics",
            "services",
            "endpoints",
            "pods",
            "pods/proxy",
        ],
        "verbs": ["get", "list", "watch"],
    },
    {"nonResourceURLs": ["/metrics/cadvisor"], "verbs": ["get", "list", "watch"]},
]

# cAdvisor series -> the pod metric it becomes (a pod-level series has no container or image)
_POD_SERIES = {
    "container_cpu_usage_seconds_total": "pod_cpu_usage_seconds_total",
    "container_spec_cpu_quota": "pod_cpu_limit_raw",
    "container_memory_working_set_bytes": um.EKS_MEMORY_USED,
    "container_spec_memory_limit_bytes": um.EKS_MEMORY_LIMIT,
}
_POD_LEVEL = {"image": "^$", "container": "^$", "pod": "\\S", "LaunchType": um.EKS_LAUNCH_TYPE}


def collector_config(region: str) -> dict[str, Any]:
    """The collector's configuration (``$$`` is how the collector's config escapes ``$``)."""
    service_account = "/var/run/secrets/kubernetes.io/serviceaccount"
    return {
        "receivers": {
            "prometheus": {
                "config": {
                    "global": {"scrape_interval": um.SCRAPE_INTERVAL, "scrape_timeout": "40s"},
                    "scrape_configs": [
                        {
                            "job_name": "kubelets-cadvisor-metrics",
                            "sample_limit": 10000,
                            "scheme": "https",
                            "kubernetes_sd_configs": [{"role": "node"}],
                            "tls_config": {"ca_file": f"{service_account}/ca.crt"},
                            "bearer_token_file": f"{service_account}/token",
                            "relabel_configs": [
                                {
                                    "action": "labelmap",
                                    "regex": "__meta_kubernetes_node_label_(.+)",
                                },
                                # through the API server, which proxies to each kubelet
                                {
                                    "target_label": "__address__",
                                    "replacement": "kubernetes.default.svc:443",
                                },
                                {
                                    "source_labels": ["__meta_kubernetes_node_name"],
                                    "regex": "(.+)",
                                    "target_label": "__metrics_path__",
                                    "replacement": "/api/v1/nodes/$${1}/proxy/metrics/cadvisor",
                                },
                            ],
                        }
                    ],
                }
            }
        },
        "processors": {
            "metricstransform/label_1": {
                "transforms": [
                    {
                        "include": ".*",
                        "match_type": "regexp",
                        "action": "update",
                        "operations": [
                            {
                                "action": "update_label",
                                "label": "eks_amazonaws_com_compute_type",
                                "new_label": um.EKS_LAUNCH_TYPE_DIMENSION,
                            }
                        ],
                    }
                ]
            },
            "resourcedetection": {"detectors": ["env"]},
            "metricstransform/rename": {
                "transforms": [
                    {
                        "include": series,
                        "new_name": name,
                        "action": "insert",
                        "match_type": "regexp",
                        "experimental_match_labels": _POD_LEVEL,
                    }
                    for series, name in _POD_SERIES.items()
                ]
            },
            "filter": {
                "metrics": {"include": {"match_type": "regexp", "metric_names": ["pod_.*"]}}
            },
            "cumulativetodelta": {"metrics": ["pod_cpu_usage_seconds_total"]},
            "deltatorate": {"metrics": ["pod_cpu_usage_seconds_total"]},
            "metricsgeneration/1": {
                "rules": [
                    {  # cores -> millicores
                        "name": um.EKS_CPU_USED,
                        "unit": "Millicore",
                        "type": "scale",
                        "metric1": "pod_cpu_usage_seconds_total",
                        "operation": "multiply",
                        "scale_by": 1000,
                    },
                    {  # a CFS quota of 100000 per 100 ms period is one core
                        "name": um.EKS_CPU_LIMIT,
                        "unit": "Millicore",
                        "type": "scale",
                        "metric1": "pod_cpu_limit_raw",
                        "operation": "divide",
                        "scale_by": 100,
                    },
                ]
            },
            "metricstransform/label_2": {
                "transforms": [
                    {
                        "include": ".*",
                        "match_type": "regexp",
                        "action": "update",
                        "operations": [
                            {
                                "action": "update_label",
                                "label": "namespace",
                                "new_label": um.EKS_NAMESPACE_DIMENSION,
                            },
                            {
                                "action": "update_label",
                                "label": "pod",
                                "new_label": um.EKS_POD_DIMENSION,
                            },
                        ],
                    }
                ]
            },
            "batch": {"timeout": "60s"},
        },
        "exporters": {
            "awsemf": {
                "log_group_name": um.EKS_LOG_GROUP,
                "log_stream_name": "{PodName}",
                "namespace": um.EKS_NAMESPACE,
                "region": region,
                "resource_to_telemetry_conversion": {"enabled": True},
                "eks_fargate_container_insights_enabled": True,
                "parse_json_encoded_attr_values": ["kubernetes"],
                "dimension_rollup_option": "NoDimensionRollup",
                "metric_declarations": [
                    {
                        "dimensions": [
                            [
                                um.EKS_CLUSTER_DIMENSION,
                                um.EKS_NAMESPACE_DIMENSION,
                                um.EKS_POD_DIMENSION,
                                um.EKS_LAUNCH_TYPE_DIMENSION,
                            ]
                        ],
                        "metric_name_selectors": [
                            um.EKS_CPU_USED,
                            um.EKS_CPU_LIMIT,
                            um.EKS_MEMORY_USED,
                            um.EKS_MEMORY_LIMIT,
                        ],
                    }
                ],
            }
        },
        "extensions": {"health_check": {}},
        "service": {
            "pipelines": {
                "metrics": {
                    "receivers": ["prometheus"],
                    "processors": [
                        "metricstransform/label_1",
                        "resourcedetection",
                        "metricstransform/rename",
                        "filter",
                        "cumulativetodelta",
                        "deltatorate",
                        "metricsgeneration/1",
                        "metricstransform/label_2",
                        "batch",
                    ],
                    "exporters": ["awsemf"],
                }
            },
            "extensions": ["health_check"],
        },
    }


def config_text(region: str) -> str:
    """The configuration file as the ConfigMap holds it (JSON is YAML the collector reads)."""
    return json.dumps(collector_config(region), indent=2, sort_keys=True)


def deployment_spec(cluster_name: str) -> dict[str, Any]:
    """One collector pod; ``OTEL_RESOURCE_ATTRIBUTES`` gives every metric its ClusterName."""
    return {
        "replicas": REPLICAS,
        "selector": {"matchLabels": dict(POD_LABELS)},
        "template": {
            "metadata": {"labels": dict(POD_LABELS)},
            "spec": {
                "serviceAccountName": SERVICE_ACCOUNT,
                "securityContext": {"fsGroup": 65534},
                "containers": [
                    {
                        "name": NAME,
                        "image": IMAGE,
                        "args": [f"--config={CONFIG_PATH}/{CONFIG_KEY}.yaml"],
                        "env": [
                            {
                                "name": "OTEL_RESOURCE_ATTRIBUTES",
                                "value": f"{um.EKS_CLUSTER_DIMENSION}={cluster_name}",
                            }
                        ],
                        "resources": {"requests": dict(RESOURCES), "limits": dict(RESOURCES)},
                        "securityContext": {
                            "allowPrivilegeEscalation": False,
                            "privileged": False,
                        },
                        "volumeMounts": [{"name": CONFIGMAP, "mountPath": CONFIG_PATH}],
                    }
                ],
                "volumes": [
                    {
                        "name": CONFIGMAP,
                        "configMap": {
                            "name": CONFIGMAP,
                            "items": [{"key": CONFIG_KEY, "path": f"{CONFIG_KEY}.yaml"}],
                        },
                    }
                ],
            },
        },
    }
