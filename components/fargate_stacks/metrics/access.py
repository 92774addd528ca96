"""Credentials, region, endpoint, and AWS's refusals as one line naming what to grant.

The standard boto3 chain: ``--profile`` (else ``AWS_PROFILE``, the environment, SSO, the
container or instance role), the region the stack deploys to, and the endpoint overrides
boto3 honours by itself (``AWS_ENDPOINT_URL``, ``AWS_ENDPOINT_URL_CLOUDWATCH``, the profile's
``endpoint_url``: botocore 1.31.57+, "Service-specific endpoints" in the AWS SDKs and Tools
Reference Guide, checked 2026-12-02).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore.exceptions

from ..errors import InputError

# the API call -> the IAM action that allows it (Service Authorization Reference)
PERMISSIONS = {
    "ListMetrics": "cloudwatch:ListMetrics",
    "GetMetricData": "cloudwatch:GetMetricData",
    "GetECSServiceRecommendations": "compute-optimizer:GetECSServiceRecommendations",
}
ALL_PERMISSIONS = ", ".join(PERMISSIONS.values())
# error codes that mean "these credentials may not do this" (or are not credentials at all)
DENIED = frozenset(
    {
        "AccessDenied",
        "AccessDeniedException",
        "UnauthorizedOperation",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "ExpiredToken",
        "ExpiredTokenException",
        "MissingAuthenticationToken",
        "MissingAuthenticationTokenException",
        "SignatureDoesNotMatch",
    }
)


def session(profile: str | None, region: str) -> boto3.Session:
    """A boto3 session for the stack's region; an unknown profile is one line."""
    try:
        return boto3.Session(profile_name=profile, region_name=region)
    except botocore.exceptions.ProfileNotFound:
        raise InputError.one(
            f"no AWS profile {profile!r} in the AWS config files", field="--profile"
        ) from None


def client(aws: boto3.Session, service: str) -> Any:
    """A client of ``service``; what stops boto3 making one (no region, an endpoint override
    that is not a URL, a broken AWS config) is one line, exit 2."""
    try:
        return aws.client(service)
    except (botocore.exceptions.BotoCoreError, ValueError) as error:
        raise InputError.one(f"cannot make an AWS {service} client: {error}") from None


@contextmanager
def calling(operation: str) -> Iterator[None]:
    """Turn missing credentials and refusals of ``operation`` into one line naming the IAM
    permission to grant; other AWS errors too, by their code (never a traceback)."""
    permission = PERMISSIONS[operation]
    try:
        yield
    except (
        botocore.exceptions.NoCredentialsError,
        botocore.exceptions.PartialCredentialsError,
        botocore.exceptions.CredentialRetrievalError,
        botocore.exceptions.TokenRetrievalError,
    ):
        raise InputError.one(
            f"no AWS credentials found (profile, environment or role): rightsize needs "
            f"credentials allowed {ALL_PERMISSIONS}"
        ) from None
    except botocore.exceptions.ClientError as error:
        code = str(error.response.get("Error", {}).get("Code", ""))
        if code in DENIED:
            raise InputError.one(
                f"AWS refused {operation} ({code}): grant {permission} to the caller"
            ) from None
        message = str(error.response.get("Error", {}).get("Message", ""))
        raise InputError.one(f"AWS {operation} failed: {code}: {message}") from None
    except botocore.exceptions.EndpointConnectionError as error:
        raise InputError.one(f"cannot reach AWS for {operation}: {error}") from None
    except botocore.exceptions.BotoCoreError as error:  # timeouts, SSL, proxies, bad replies
        raise InputError.one(f"AWS {operation} failed: {error}") from None
