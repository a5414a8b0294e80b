"""The template's security and operations settings, each asserted so that removing it fails a test.

The serverless rules for cfn-lint (cfn-lint-serverless) check the well-known items (tracing, log
retention, access logs, stage throttling); the tests below pin what those rules do not know about:
keys, gateway problem bodies, CORS, privacy of the access log, least privilege and concurrency.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest

from devtools.local_api.template_routes import load_template, read_api
from pico_planner.api.problems import PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_PREFIX, Problem, status_title
from tests.sam.conftest import sam_python
from tests.support.events import PROJECT_ROOT

TEMPLATE_PATH = PROJECT_ROOT / "template.yaml"
TEMPLATE = load_template(TEMPLATE_PATH)
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]
PARAMETERS: dict[str, Any] = TEMPLATE["Parameters"]
GLOBAL_FUNCTION: dict[str, Any] = TEMPLATE["Globals"]["Function"]
API: dict[str, Any] = RESOURCES["PicoApi"]["Properties"]
FUNCTIONS = {name: r for name, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"}
PUBLIC_RESOURCES = {"/health", "/openapi.json"}

# API Gateway's own answers that this API can produce, with the status each must keep.
GATEWAY_RESPONSE_STATUSES = {
    "INVALID_API_KEY": 403,
    "MISSING_AUTHENTICATION_TOKEN": 404,
    "ACCESS_DENIED": 403,
    "THROTTLED": 429,
    "QUOTA_EXCEEDED": 429,
    "REQUEST_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "INTEGRATION_TIMEOUT": 504,
    "INTEGRATION_FAILURE": 502,
    "API_CONFIGURATION_ERROR": 500,
    "DEFAULT_4XX": 400,
    "DEFAULT_5XX": 500,
}


def _ref(value: Any) -> str | None:
    return value.get("Ref") if isinstance(value, dict) else None


def test_cfn_lint_with_the_serverless_rules_is_clean() -> None:
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run(
        # The plugin's rules are appended by module name (its rule files import their package).
        [str(cfn_lint), str(TEMPLATE_PATH), "--append-rules", "cfn_lint_serverless.rules"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_serverless_rules_are_loaded() -> None:
    # A plugin that failed to load would make the lint above pass vacuously.
    from cfnlint.rules import Rules

    rules = Rules.create_from_module("cfn_lint_serverless.rules")

    assert {"WS1000", "WS1004", "ES2000", "WS2002", "ES2003"} <= {rule.id for rule in rules.data.values()}


def test_every_route_but_health_and_the_document_needs_a_key() -> None:
    routes = read_api(TEMPLATE_PATH).routes

    assert API["Auth"]["ApiKeyRequired"] is True
    assert {r.resource for r in routes if not r.api_key_required} == PUBLIC_RESOURCES
    assert all(r.api_key_required for r in routes if r.resource not in PUBLIC_RESOURCES)


def test_throttle_and_quota_are_parameters_with_defaults() -> None:
    plan = API["Auth"]["UsagePlan"]
    stage_limits = API["MethodSettings"][0]

    for value in (*plan["Throttle"].values(), *plan["Quota"].values()):
        assert "Default" in PARAMETERS[_ref(value) or ""]
    assert PARAMETERS[_ref(stage_limits["ThrottlingRateLimit"]) or ""]["Default"] > 0
    assert PARAMETERS[_ref(stage_limits["ThrottlingBurstLimit"]) or ""]["Default"] > 0


@pytest.mark.parametrize(("response_type", "status"), sorted(GATEWAY_RESPONSE_STATUSES.items()))
def test_gateway_answers_are_problems_with_the_functions_headers(response_type: str, status: int) -> None:
    spec = API["GatewayResponses"][response_type]
    headers = spec["ResponseParameters"]["Headers"]
    body = Problem.model_validate_json(spec["ResponseTemplates"]["application/json"])

    assert int(spec["StatusCode"]) == status == body.status
    assert body.title == status_title(HTTPStatus(status))
    assert body.type.startswith(PROBLEM_TYPE_PREFIX)
    assert headers["Content-Type"] == f"'{PROBLEM_CONTENT_TYPE}'"
    assert headers["Cache-Control"] == "'no-store'"
    assert headers["X-Content-Type-Options"] == "'nosniff'"


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("", True),
        ("https://book.example", True),
        ("https://book.example:8443", True),
        ("http://localhost:5173", True),
        ("http://127.0.0.1", True),
        ("http://book.example", False),
        ("http://localhost.example", False),
        ("https://book.example/", False),
        ("*", False),
    ],
)
def test_a_cors_origin_is_https_but_for_this_machine(origin: str, allowed: bool) -> None:
    # CloudFormation matches AllowedPattern against the whole value, as fullmatch does.
    pattern = PARAMETERS["CorsAllowedOrigin"]["AllowedPattern"]

    assert (re.fullmatch(pattern, origin) is not None) is allowed


def test_cors_is_off_by_default_and_preflight_needs_no_key() -> None:
    cors_parameter = PARAMETERS["CorsAllowedOrigin"]

    assert cors_parameter["Default"] == ""
    assert API["Cors"]["AllowOrigin"]["Fn::If"][0] == "CorsEnabled"
    assert API["Auth"]["AddApiKeyRequiredToCorsPreflight"] is False
    assert "X-Api-Key" in API["Cors"]["AllowHeaders"]
    assert (
        _ref(GLOBAL_FUNCTION["Environment"]["Variables"]["PICO_CORS_ALLOWED_ORIGIN"]) == "CorsAllowedOrigin"
    )


def test_tracing_is_active_without_the_xray_sdk_and_the_gateway_s_can_be_turned_off() -> None:
    requirements = (PROJECT_ROOT / "shared" / "requirements.txt").read_text(encoding="utf-8").lower()

    assert GLOBAL_FUNCTION["Tracing"] == "Active"
    assert API["TracingEnabled"] == {"Fn::If": ["GatewayTracingEnabled", True, False]}
    assert TEMPLATE["Conditions"]["GatewayTracingEnabled"] == {
        "Fn::Equals": [{"Ref": "GatewayTracing"}, "true"]
    }
    assert TEMPLATE["Parameters"]["GatewayTracing"]["Default"] == "true"
    assert "aws-xray-sdk" not in requirements


def test_every_log_group_has_retention_and_every_function_has_one() -> None:
    log_groups = {name: r for name, r in RESOURCES.items() if r["Type"] == "AWS::Logs::LogGroup"}
    named = {str(r["Properties"]["LogGroupName"].get("Fn::Sub", "")) for r in log_groups.values()}

    assert all(_ref(r["Properties"]["RetentionInDays"]) == "LogRetentionDays" for r in log_groups.values())
    for function in FUNCTIONS:
        assert f"/aws/lambda/${{{function}}}" in named, f"{function} has no log group with retention"


def test_the_stage_writes_an_access_log_without_personal_data_and_no_execution_log() -> None:
    access_log = API["AccessLogSetting"]
    log_format = access_log["Format"]
    settings = API["MethodSettings"][0]

    assert str(access_log["DestinationArn"]["Fn::GetAtt"]).split(".")[0] in RESOURCES
    assert "$context.requestId" in log_format
    for personal in ("sourceIp", "userAgent", 'identity.apiKey"', "requestOverride", "body"):
        assert personal not in log_format
    assert settings["DataTraceEnabled"] is False  # it would log full requests and responses
    assert settings["LoggingLevel"] == "OFF"


def test_the_clinics_table_survives_the_stack_and_mistakes() -> None:
    # docs/deploy.md: partners' profiles cannot be rebuilt from anything else.
    table = RESOURCES["ClinicsTable"]
    properties = table["Properties"]

    assert (table["DeletionPolicy"], table["UpdateReplacePolicy"]) == ("Retain", "Retain")
    assert properties["DeletionProtectionEnabled"] is True
    assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert properties["SSESpecification"] == {"SSEEnabled": True}


# Every grant of every function, exactly: the calls its code makes on its own resources. The clinics
# function's are the store's (store/dynamodb.py: get_item, put_item, delete_item, query); a schedule
# naming a clinic reads one profile. A grant added anywhere (a SAM policy template such as
# DynamoDBCrudPolicy, a wildcard, another resource) fails here until it is reviewed and listed. Beside
# these, SAM gives every function AWS's managed policies for writing its logs and traces (SECURITY.md).
EXPECTED_GRANTS = {
    "ScheduleFunction": {("dynamodb:GetItem", "ClinicsTable.Arn")},
    "ClinicsFunction": {
        ("dynamodb:GetItem", "ClinicsTable.Arn"),
        ("dynamodb:PutItem", "ClinicsTable.Arn"),
        ("dynamodb:DeleteItem", "ClinicsTable.Arn"),
        ("dynamodb:Query", "ClinicsTable.Arn"),
    },
}


def _grants(name: str, function: dict[str, Any]) -> set[tuple[str, str]]:
    grants: set[tuple[str, str]] = set()
    for policy in function["Properties"].get("Policies") or []:
        assert isinstance(policy, dict) and set(policy) == {"Statement"}, f"{name}: not a statement: {policy}"
        for statement in policy["Statement"]:
            assert statement["Effect"] == "Allow" and set(statement) <= {
                "Sid",
                "Effect",
                "Action",
                "Resource",
            }
            actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
            resource = statement["Resource"]
            assert isinstance(resource, dict) and set(resource) == {"Fn::GetAtt"}, f"{name}: {resource}"
            grants.update((action, str(resource["Fn::GetAtt"])) for action in actions)
    return grants


def test_functions_get_exactly_the_permissions_their_code_uses() -> None:
    for name, function in FUNCTIONS.items():
        assert "Role" not in function["Properties"], f"{name} brings its own role: review it"
        assert _grants(name, function) == EXPECTED_GRANTS.get(name, set()), name


def test_reserved_concurrency_is_a_documented_parameter() -> None:
    parameter = PARAMETERS["FunctionReservedConcurrency"]
    reserved = GLOBAL_FUNCTION["ReservedConcurrentExecutions"]["Fn::If"]

    assert parameter["Default"] == 0
    assert parameter["Description"]
    assert reserved[0] == "HasReservedConcurrency"
    assert _ref(reserved[1]) == "FunctionReservedConcurrency"


# What CloudFormation receives: the template as SAM's own translator expands it (code locations and
# AWS-managed policy ARNs stand in for what `sam deploy` fills in).
_TRANSLATE = """
import json, sys
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

class ManagedPolicies:
    def load(self):
        class AnyName(dict):
            def __missing__(self, name):
                return "arn:aws:iam::aws:policy/" + name
        return AnyName()

template = yaml_parse(open(sys.argv[1], encoding="utf-8").read())
for resource in template["Resources"].values():
    properties = resource.get("Properties") or {}
    for key in ("CodeUri", "ContentUri"):
        if key in properties:
            properties[key] = "s3://bucket/key"
print(json.dumps(transform(template, {}, ManagedPolicies()), default=str))
"""


@pytest.fixture(scope="module")
def deployed_resources() -> dict[str, Any]:
    translated = subprocess.run(
        [sam_python(), "-c", _TRANSLATE, str(PROJECT_ROOT / "template.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "AWS_DEFAULT_REGION": "eu-west-2"},
    )
    resources: dict[str, Any] = json.loads(translated.stdout)["Resources"]
    return resources


def test_the_api_has_one_stage_v1_and_no_stage_sam_adds(deployed_resources: dict[str, Any]) -> None:
    # Without OpenApiVersion, SAM adds a stage named `Stage` without v1's throttle, access log or tracing.
    stages = [
        r["Properties"]["StageName"]
        for r in deployed_resources.values()
        if r["Type"] == "AWS::ApiGateway::Stage"
    ]
    deployments = [r for r in deployed_resources.values() if r["Type"] == "AWS::ApiGateway::Deployment"]

    assert stages == ["v1"]
    assert deployments and all("StageName" not in d["Properties"] for d in deployments)


def test_calendar_uids_are_keyed_with_a_secret_the_stack_generates() -> None:
    # calendar_export.patient_course_uid_base: without the key, a UID made from a patient's age, skin
    # type and concerns could be reversed by trying them all.
    secret = RESOURCES["CalendarUidKey"]
    assert secret["Type"] == "AWS::SecretsManager::Secret"
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    variable = FUNCTIONS["ScheduleFunction"]["Properties"]["Environment"]["Variables"][
        "PICO_CALENDAR_UID_KEY"
    ]
    assert variable == {"Fn::Sub": "{{resolve:secretsmanager:${CalendarUidKey}:SecretString}}"}
    # Only the function that writes calendars holds it.
    others = [name for name, function in FUNCTIONS.items() if name != "ScheduleFunction"]
    assert all(
        "PICO_CALENDAR_UID_KEY"
        not in FUNCTIONS[name]["Properties"].get("Environment", {}).get("Variables", {})
        for name in others
    )
    assert "PICO_CALENDAR_UID_KEY" not in GLOBAL_FUNCTION["Environment"]["Variables"]
