"""CloudWatch Logs (log groups): input constraints.

Read 2026-12 from terraform-provider-aws ``internal/service/logs`` (6.x) and the botocore
1.44.8 Logs model. The retention periods are the only ones PutRetentionPolicy takes; the
spec's ``logRetentionDays`` reads them from here (0, "never expire", is the provider's way of
setting none).
"""

from __future__ import annotations

from .model import Length, OneOf, Pattern, Rule, botocore, provider

LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"

NAME_MAX = 512
NAME_TEXT = Pattern(r"[0-9A-Za-z_./#-]+", "letters, digits and _-/.#")
# PutRetentionPolicy retentionInDays (the model documents the list; the provider's
# IntInSlice has the same days plus 0)
RETENTION_DAYS: tuple[int, ...] = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
    2922, 3288, 3653,
)  # fmt: skip
_GROUP_GO = "internal/service/logs/group.go"
_VALIDATE = "internal/service/logs/validate.go"

RULES: tuple[Rule, ...] = (
    Rule(LOG_GROUP, "name", Length(0, NAME_MAX), "plan", provider(_VALIDATE, "validLogGroupName")),
    Rule(LOG_GROUP, "name", NAME_TEXT, "plan", provider(_VALIDATE, "validLogGroupName")),
    Rule(
        LOG_GROUP,
        "name",
        Length(1, NAME_MAX),
        "api",
        botocore("logs", "CreateLogGroup", "logGroupName"),
    ),
    Rule(
        LOG_GROUP,
        "namePrefix",
        Length(0, 483),
        "plan",
        provider(_VALIDATE, "validLogGroupNamePrefix"),
    ),
    Rule(
        LOG_GROUP,
        "retentionInDays",
        OneOf((0, *RETENTION_DAYS)),
        "plan",
        provider(_GROUP_GO, "retention_in_days IntInSlice"),
    ),
    Rule(
        LOG_GROUP, "kmsKeyId", Length(0, 256), "api", botocore("logs", "CreateLogGroup", "kmsKeyId")
    ),
    Rule(
        LOG_GROUP,
        "logGroupClass",
        OneOf(("STANDARD", "INFREQUENT_ACCESS", "DELIVERY", "ESSENTIALS")),
        "api",
        botocore("logs", "CreateLogGroup", "logGroupClass"),
    ),
)
