"""What the service says about itself: liveness, service version, rules version."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pico_planner import SERVICE_VERSION


class HealthStatus(BaseModel):
    """The answer of GET /v1/health."""

    model_config = ConfigDict(extra="forbid")

    status: Literal["ok"] = Field(description="Always 'ok' when the service answers.")
    version: str = Field(description="The service version.", examples=[SERVICE_VERSION])
    rules_version: str = Field(
        description="The version of the planning rule set in use.", examples=["2026.12"]
    )


def current_rules_version() -> str:
    from pico_planner.core.ruleset import load_rule_set  # noqa: PLC0415 - the rule set loads on first use

    return load_rule_set().version


def health_status() -> HealthStatus:
    return HealthStatus(status="ok", version=SERVICE_VERSION, rules_version=current_rules_version())
