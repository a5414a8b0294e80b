"""What API Gateway answers by itself, read from template.yaml: its refusals and the CORS preflight.

The bodies, status codes and headers come from the template's `GatewayResponses` and `Cors`, so the
local server answers byte for byte what the deployed API answers, and a change to the template
changes both.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devtools.local_api.template_routes import load_template
from pico_planner.api.settings import CORS_ALLOWED_ORIGIN  # the functions read the same variable

CORS_ORIGIN_PARAMETER = "CorsAllowedOrigin"
CORS_CONDITION = "CorsEnabled"

Answer = tuple[int, list[tuple[str, str]], bytes]
_NO_VALUE = object()


def configured_cors_origin(template: Mapping[str, Any], environ: Mapping[str, str] = os.environ) -> str:
    """The allowed origin: PICO_CORS_ALLOWED_ORIGIN when set, else the template parameter's default."""
    if CORS_ALLOWED_ORIGIN in environ:
        return environ[CORS_ALLOWED_ORIGIN].strip()
    parameter = (template.get("Parameters") or {}).get(CORS_ORIGIN_PARAMETER) or {}
    return str(parameter.get("Default") or "")


def _resolve(value: Any, origin: str) -> Any:
    """The few intrinsics the template uses around CORS, evaluated as CloudFormation would."""
    if not isinstance(value, dict):
        return value
    if value == {"Ref": "AWS::NoValue"}:
        return _NO_VALUE
    if set(value) == {"Fn::If"}:
        condition, when_true, when_false = value["Fn::If"]
        if condition != CORS_CONDITION:
            raise ValueError(f"the local server does not evaluate condition {condition}")
        return _resolve(when_true if origin else when_false, origin)
    if set(value) == {"Fn::Sub"} and isinstance(value["Fn::Sub"], str):
        return value["Fn::Sub"].replace("${" + CORS_ORIGIN_PARAMETER + "}", origin)
    raise ValueError(f"the local server does not evaluate {value}")


def _header_value(value: Any, origin: str) -> str | None:
    """A static header mapping ('value', in single quotes) as the header's text; None when absent."""
    resolved = _resolve(value, origin)
    if resolved is _NO_VALUE:
        return None
    text = str(resolved)
    if not (len(text) >= 2 and text[0] == text[-1] == "'"):
        raise ValueError(f"only static header values are supported, not {text}")
    return text[1:-1]


@dataclass(frozen=True)
class GatewayAnswers:
    responses: Mapping[str, Any]
    cors: Mapping[str, Any]
    origin: str

    @classmethod
    def from_template(cls, template_path: Path, origin: str | None = None) -> GatewayAnswers:
        template = load_template(template_path)
        apis = [
            r for r in (template.get("Resources") or {}).values() if r.get("Type") == "AWS::Serverless::Api"
        ]
        properties = (apis[0].get("Properties") or {}) if apis else {}
        return cls(
            responses=properties.get("GatewayResponses") or {},
            cors=properties.get("Cors") or {},
            origin=configured_cors_origin(template) if origin is None else origin,
        )

    def refusal(self, response_type: str, default_status: int) -> Answer | None:
        """The gateway response of this type as the template customises it; None when it does not."""
        spec = self.responses.get(response_type) or self.responses.get(
            "DEFAULT_4XX" if default_status < 500 else "DEFAULT_5XX"
        )
        if spec is None:
            return None
        status = int(spec.get("StatusCode") or default_status)
        headers: list[tuple[str, str]] = []
        for name, value in ((spec.get("ResponseParameters") or {}).get("Headers") or {}).items():
            text = _header_value(value, self.origin)
            if text is not None:
                headers.append((name, text))
        templates = spec.get("ResponseTemplates") or {}
        body = str(templates.get("application/json", next(iter(templates.values()), "")))
        return status, headers, body.encode("utf-8")

    def preflight(self) -> Answer | None:
        """The answer to OPTIONS on a known path (SAM's mock integration); None without `Cors`."""
        if not self.cors:
            return None
        headers = [("Content-Type", "application/json")]
        for name, key in (
            ("Access-Control-Allow-Origin", "AllowOrigin"),
            ("Access-Control-Allow-Methods", "AllowMethods"),
            ("Access-Control-Allow-Headers", "AllowHeaders"),
            ("Access-Control-Max-Age", "MaxAge"),
        ):
            if key in self.cors:
                text = _header_value(self.cors[key], self.origin)
                if text is not None:
                    headers.append((name, text))
        return 200, headers, b"{}\n"
