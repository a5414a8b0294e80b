"""The local API server: API Gateway's routing, API keys and proxy events, in front of the real handlers.

Usage: python -m devtools.local_api [--host 127.0.0.1] [--port 3000] [--template template.yaml]

Swagger UI of the API's OpenAPI document is at /docs (outside the stage, local only).

API keys: when PICO_API_KEYS (comma-separated) or PICO_API_KEYS_FILE (one key per line) is set, routes
the template marks ApiKeyRequired answer 403 without a valid `x-api-key`, as API Gateway does.

API Gateway's own answers (403 for a key, 404 for an unknown path, the CORS preflight) come from the
template's GatewayResponses and Cors. PICO_CORS_ALLOWED_ORIGIN overrides the CorsAllowedOrigin default.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from devtools.local_api.embedded_store import seed_demo_clinic, start_embedded_clinic_store
from devtools.local_api.gateway_answers import GatewayAnswers
from devtools.local_api.proxy_event import (
    LocalLambdaContext,
    build_proxy_event,
    read_proxy_response,
)
from devtools.local_api.swagger_ui import is_docs_path, serve_docs
from devtools.local_api.template_routes import (
    ApiSpec,
    FunctionSpec,
    load_function_module,
    match_route,
    read_api,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAYER_DIR = PROJECT_ROOT / "shared"
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's own payload limit

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def configured_api_keys(environ: dict[str, str] | os._Environ[str] = os.environ) -> frozenset[str]:
    keys: set[str] = set()
    keys.update(k.strip() for k in environ.get("PICO_API_KEYS", "").split(",") if k.strip())
    key_file = environ.get("PICO_API_KEYS_FILE")
    if key_file:
        for raw_line in Path(key_file).read_text(encoding="utf-8").splitlines():
            line = raw_line.strip()
            if line and not line.startswith("#"):
                keys.add(line)
    return frozenset(keys)


class FunctionHost:
    """Loads each function once (a warm container) and invokes it one request at a time."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        # A fixed clock for tests whose requests carry fixed dates; functions that depend on today
        # read it through a module-level `clock` attribute.
        self._clock = clock
        self._modules: dict[str, ModuleType] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._loading = threading.Lock()

    def handler_for(self, function: FunctionSpec) -> tuple[Handler, threading.Lock]:
        with self._loading:
            if function.logical_id not in self._modules:
                module = load_function_module(function, f"local_fn_{function.logical_id}", LAYER_DIR)
                if self._clock is not None and callable(getattr(module, "clock", None)):
                    module.clock = self._clock
                self._modules[function.logical_id] = module
                self._locks[function.logical_id] = threading.Lock()
        handler: Handler = getattr(self._modules[function.logical_id], function.handler)
        return handler, self._locks[function.logical_id]


def _problem(status: HTTPStatus, detail: str) -> tuple[int, list[tuple[str, str]], bytes]:
    # The functions' own problem shape; the layer folder is on the path as /opt/python is on Lambda.
    if str(LAYER_DIR) not in sys.path:
        sys.path.insert(0, str(LAYER_DIR))
    from pico_planner.api.problems import problem_body

    body = problem_body(status, detail)
    return int(status), [("Content-Type", "application/problem+json")], json.dumps(body).encode()


class LocalApi:
    """Turns an HTTP request into the handler's answer, as API Gateway and Lambda would."""

    def __init__(
        self,
        api: ApiSpec,
        api_keys: frozenset[str],
        host: FunctionHost | None = None,
        gateway: GatewayAnswers | None = None,
    ) -> None:
        self.api = api
        self.api_keys = api_keys
        self.host = host or FunctionHost()
        self.gateway = gateway or GatewayAnswers(responses={}, cors={}, origin="")

    def _refusal(
        self, response_type: str, status: HTTPStatus, detail: str
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        return self.gateway.refusal(response_type, int(status)) or _problem(status, detail)

    def handle(
        self,
        method: str,
        target: str,
        header_pairs: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        url = urlsplit(target)
        if is_docs_path(url.path):  # Swagger UI: local only, outside the stage
            docs = serve_docs(method, url.path, self.api.stage)
            if docs is not None:
                return docs
            if method not in ("GET", "HEAD"):
                status, headers, body = _problem(HTTPStatus.METHOD_NOT_ALLOWED, "Use GET.")
                return status, [*headers, ("Allow", "GET, HEAD")], body
            return _problem(HTTPStatus.NOT_FOUND, "No such Swagger UI asset.")
        stage_prefix = f"/{self.api.stage}"
        if not (url.path == stage_prefix or url.path.startswith(stage_prefix + "/")):
            return _problem(
                HTTPStatus.NOT_FOUND, f"No resource at this path; the API lives under {stage_prefix}/."
            )
        path = url.path[len(stage_prefix) :] or "/"
        matched = match_route(self.api, method, path)
        if matched is None:
            return self._refusal(
                "MISSING_AUTHENTICATION_TOKEN", HTTPStatus.NOT_FOUND, "No resource at this path."
            )
        preflight = self.gateway.preflight() if method == "OPTIONS" else None
        if preflight is not None:  # the template's Cors: answered by the gateway, no key, no function
            return preflight
        route, path_parameters = matched

        api_key = next((v for k, v in header_pairs if k.lower() == "x-api-key"), None)
        if route.api_key_required and self.api_keys and api_key not in self.api_keys:
            return self._refusal(
                "INVALID_API_KEY",
                HTTPStatus.FORBIDDEN,
                "A valid x-api-key header is required for this resource.",
            )

        event = build_proxy_event(
            method=method,
            stage=self.api.stage,
            resource=route.resource,
            path=path,
            raw_query=url.query,
            header_pairs=header_pairs,
            body=body,
            path_parameters=path_parameters,
            source_ip=source_ip,
            api_key=api_key if api_key in self.api_keys else None,
        )
        function = route.function
        handler, lock = self.host.handler_for(function)
        context = LocalLambdaContext(function.logical_id, function.memory_mb, function.timeout_seconds)
        with lock:
            response = handler(event, context)
        answer = read_proxy_response(response)
        return answer.status, answer.headers, answer.body


class _RequestHandler(BaseHTTPRequestHandler):
    local_api: LocalApi
    protocol_version = "HTTP/1.1"
    server_version = "PicoPlannerLocal/1.0"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            status, headers, body = _problem(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The request is too large.")
            self.close_connection = True
        else:
            payload = self.rfile.read(length) if length else b""
            try:
                status, headers, body = self.local_api.handle(
                    self.command, self.path, list(self.headers.items()), payload, self.client_address[0]
                )
            except Exception as error:  # a handler that cannot even load: report like API Gateway (502)
                self.log_error("handler failed: %s", type(error).__name__)
                status, headers, body = _problem(HTTPStatus.BAD_GATEWAY, "The function failed to answer.")
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_HEAD = _serve

    def __getattr__(self, name: str) -> Any:
        # Any other method (TRACE, made-up ones) goes through the same routing as API Gateway's ANY,
        # so the function answers 405 with Allow instead of the base class's bare 501 page.
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: Any) -> None:
        # Method, path and status only: never bodies.
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(
    host: str,
    port: int,
    template: Path,
    *,
    api_keys: frozenset[str] | None = None,
    cors_origin: str | None = None,
    clock: Callable[[], datetime] | None = None,
) -> ThreadingHTTPServer:
    # Clinic profiles live in an in-process DynamoDB unless CLINICS_TABLE_NAME names a real table.
    start_embedded_clinic_store(template)
    local_api = LocalApi(
        read_api(template),
        configured_api_keys() if api_keys is None else api_keys,
        gateway=GatewayAnswers.from_template(template, cors_origin),
        host=FunctionHost(clock),
    )
    handler_class = type("PicoRequestHandler", (_RequestHandler,), {"local_api": local_api})
    server = ThreadingHTTPServer((host, port), handler_class)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the Pico Planner API locally, as API Gateway would.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--template", type=Path, default=PROJECT_ROOT / "template.yaml")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, args.template)
    host, port = str(server.server_address[0]), int(server.server_address[1])
    base = f"http://{host}:{port}/{server.RequestHandlerClass.local_api.api.stage}"  # type: ignore[attr-defined]
    keys = server.RequestHandlerClass.local_api.api_keys  # type: ignore[attr-defined]
    print(f"Pico Planner local API listening on {base}", flush=True)
    print(f"  try: curl -s {base}/health", flush=True)
    print(f"  docs: http://{host}:{port}/docs (Swagger UI of {base}/openapi.json)", flush=True)
    print(
        "  API keys: "
        + ("enforced (" + str(len(keys)) + " configured)" if keys else "not enforced (set PICO_API_KEYS)"),
        flush=True,
    )
    embedded = start_embedded_clinic_store(args.template) is not None  # started by make_server: no-op
    demo = seed_demo_clinic(args.template) if embedded else None
    print(
        "  clinic profiles: "
        + (
            f"in memory (embedded DynamoDB), kept while the server runs; demo clinic {demo} "
            "for the partner local"
            if embedded
            else "table in CLINICS_TABLE_NAME"
        ),
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
