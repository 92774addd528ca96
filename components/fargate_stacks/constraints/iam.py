"""IAM (roles, inline role policies, policy attachments, OIDC providers): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/iam`` (6.x) and the botocore 1.44.8
IAM model. The traps: the provider refuses only the typographic quotes U+201C and U+2018 in a
role description (its other pattern is unanchored, so it matches anything), while IAM takes
only tab, newline and Latin-1 (U+2019, the usual typographic apostrophe, dashes, ellipses and
any non-Latin character fail at ``pulumi up``); a role path is checked at plan for its length
only.
"""

from __future__ import annotations

import json

from .model import (
    Arn,
    Between,
    HttpsUrl,
    Length,
    Pattern,
    Predicate,
    Rule,
    botocore,
    docs,
    provider,
)

ROLE = "aws:iam/role:Role"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
OIDC_PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider"

ROLE_NAME_MAX = 64  # roleNameMaxLen in role.go; roleNameType max in the model
ROLE_POLICY_NAME_MAX = 128  # rolePolicyNameMaxLen in role_policy.go; policyNameType max
INLINE_POLICIES_MAX = 10240  # characters, white space not counted (IAM quotas)

# validResourceName: `^[\w+=,.@-]*$` "must match [\w+=,.@-]"; Go's and Java's \w are ASCII
NAME_TEXT = Pattern(r"[0-9A-Za-z_+=,.@-]*", "letters, digits and _+=,.@-")
_VALIDATE = "internal/service/iam/validate.go"


def _role_description(value: str) -> str | None:
    """role.go: StringDoesNotMatch of U+201C and U+2018, "cannot contain specially formatted
    single or double quotes"."""
    for quote in "\u201c\u2018":
        if quote in value:
            return f"cannot contain the typographic quote {quote} (use ' or \")"
    return None


def _not_arn(value: str) -> str | None:
    """validRolePolicyRole: '%q must be the role's name not its ARN'."""
    return "must be the role's name, not its ARN" if value.startswith("arn:") else None


def _policy_size(value: str) -> str | None:
    """IAM counts a policy's characters without white space."""
    size = sum(1 for ch in value if not ch.isspace())
    if size > INLINE_POLICIES_MAX:
        return f"{size} characters without white space, over IAM's {INLINE_POLICIES_MAX}"
    return None


def _policy_json(value: str) -> str | None:
    """verify.ValidIAMPolicyJSON: a JSON object (the provider also refuses a leading space)."""
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        return f"not JSON ({error.msg} at character {error.pos})"
    return None if isinstance(parsed, dict) else "not a JSON object"


_ROLE_GO = "internal/service/iam/role.go"
RULES: tuple[Rule, ...] = (
    # roles
    Rule(
        ROLE,
        "name",
        Length(1, ROLE_NAME_MAX),
        "plan",
        provider(_VALIDATE, "validResourceName(roleNameMaxLen)"),
    ),
    Rule(ROLE, "name", NAME_TEXT, "plan", provider(_VALIDATE, "validResourceName(roleNameMaxLen)")),
    Rule(ROLE, "path", Length(0, 512), "plan", provider(_ROLE_GO, "path StringLenBetween(0, 512)")),
    Rule(
        ROLE,
        "path",
        Pattern(r"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)", "/ alone, or /.../ of printable ASCII"),
        "api",
        botocore("iam", "CreateRole", "Path"),
        "the provider checks only the length of a role path",
    ),
    Rule(
        ROLE,
        "description",
        Length(0, 1000),
        "plan",
        provider(_ROLE_GO, "description StringLenBetween(0, 1000)"),
    ),
    Rule(
        ROLE,
        "description",
        Predicate(_role_description),
        "plan",
        provider(_ROLE_GO, "description StringDoesNotMatch(U+201C, U+2018)"),
    ),
    Rule(
        ROLE,
        "description",
        Pattern(
            r"[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*",
            "tab, newline and Latin-1 characters (no typographic apostrophes, dashes or emoji)",
        ),
        "api",
        botocore("iam", "CreateRole", "Description"),
    ),
    Rule(
        ROLE,
        "maxSessionDuration",
        Between(3600, 43200),
        "plan",
        provider(_ROLE_GO, "max_session_duration IntBetween(3600, 43200)"),
    ),
    Rule(
        ROLE,
        "assumeRolePolicy",
        Predicate(_policy_json),
        "plan",
        provider(_ROLE_GO, "assume_role_policy ValidIAMPolicyJSON"),
    ),
    Rule(
        ROLE,
        "permissionsBoundary",
        Arn(),
        "plan",
        provider(_ROLE_GO, "permissions_boundary ValidARN"),
    ),
    # inline role policies
    Rule(
        ROLE_POLICY,
        "name",
        Length(1, ROLE_POLICY_NAME_MAX),
        "plan",
        provider(_VALIDATE, "validRolePolicyName"),
    ),
    Rule(ROLE_POLICY, "name", NAME_TEXT, "plan", provider(_VALIDATE, "validRolePolicyName")),
    Rule(ROLE_POLICY, "role", Length(1, 128), "plan", provider(_VALIDATE, "validRolePolicyRole")),
    Rule(
        ROLE_POLICY, "role", Predicate(_not_arn), "plan", provider(_VALIDATE, "validRolePolicyRole")
    ),
    Rule(
        ROLE_POLICY,
        "policy",
        Predicate(_policy_json),
        "plan",
        provider("internal/service/iam/role_policy.go", "policy ValidIAMPolicyJSON"),
    ),
    Rule(
        ROLE_POLICY,
        "policy",
        Predicate(_policy_size),
        "api",
        docs("IAM User Guide, reference_iam-quotas: inline policies of a role, 10,240 characters"),
        "the quota is for all inline policies of a role together; each one alone is checked here",
    ),
    # managed policy attachments: nothing at plan
    Rule(
        ROLE_POLICY_ATTACHMENT,
        "role",
        Length(1, ROLE_NAME_MAX),
        "api",
        botocore("iam", "AttachRolePolicy", "RoleName"),
    ),
    Rule(
        ROLE_POLICY_ATTACHMENT,
        "policyArn",
        Length(20, 2048),
        "api",
        botocore("iam", "AttachRolePolicy", "PolicyArn"),
    ),
    # OIDC providers (IRSA)
    Rule(OIDC_PROVIDER, "url", HttpsUrl(), "plan", provider(_VALIDATE, "validOpenIDURL")),
    Rule(
        OIDC_PROVIDER,
        "url",
        Length(1, 255),
        "api",
        botocore("iam", "CreateOpenIDConnectProvider", "Url"),
    ),
    Rule(
        OIDC_PROVIDER,
        "clientIdLists[]",
        Length(1, 255),
        "plan",
        provider(
            "internal/service/iam/openid_connect_provider.go",
            "client_id_list StringLenBetween(1, 255)",
        ),
    ),
    Rule(
        OIDC_PROVIDER,
        "thumbprintLists[]",
        Length(40, 40),
        "plan",
        provider(
            "internal/service/iam/openid_connect_provider.go",
            "thumbprint_list StringLenBetween(40, 40)",
        ),
    ),
)
