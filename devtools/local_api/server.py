"""The local API server: API Gateway's routing, API keys and proxy events, in front of the real handlers.

Usage: python -m devtools.local_api [--host 127.0.0.1] [--port 3000] [--template template.yaml]

Swagger UI of the API's OpenAPI document is at /docs (outside the stage, local only).

API keys: when PICO_API_KEYS (comma-separated) or PICO_API_KEYS_FILE (one key per line) is set, routes
the template marks ApiKeyRequired answer 403 without a valid `x-api-key`, as API Gateway does.

API Gateway's own answers (403 for a key, 404 for an unknown path, the CORS preflight) come from the
template's GatewayResponses and Cors. PICO_CORS_ALLOWED_ORIGIN overrides the CorsAllowedOrigin default.

HTTP is served by waitress (docs/decisions.md): a listen backlog of 1024, a read timeout, a 10 MB body
limit, and its own refusals as problems. Each request writes one access line to stderr (method, route
template, status, duration); each function's Powertools lines go to stdout under its own name.
"""

from __future__ import annotations

import argparse
import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from pathlib import Path
from time import perf_counter
from typing import Any, TextIO
from urllib.parse import urlsplit

from waitress import wasyncore  # type: ignore[import-untyped]
from waitress.channel import HTTPChannel  # type: ignore[import-untyped]
from waitress.server import create_server  # type: ignore[import-untyped]

from devtools.lambda_context import LambdaContext
from devtools.local_api.access_log import DOCS_ASSET, DOCS_PAGE, NO_ROUTE, AccessLog
from devtools.local_api.embedded_store import seed_demo_clinic, start_embedded_clinic_store
from devtools.local_api.gateway_answers import GatewayAnswers
from devtools.local_api.proxy_event import (
    build_proxy_event,
    read_proxy_response,
)
from devtools.local_api.server_errors import ProblemErrorTask, problem_answer, status_line
from devtools.local_api.swagger_ui import ASSETS_PREFIX, is_docs_path, serve_docs
from devtools.local_api.template_routes import (
    ApiSpec,
    FunctionSpec,
    load_function_module,
    match_route,
    read_api,
)
from pico_planner.api.call import Services, utc_now
from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.service_logger import service_logger
from pico_planner.api.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]
LAYER_DIR = PROJECT_ROOT / "shared"
MAX_REQUEST_BYTES = 10 * 1024 * 1024  # API Gateway's own payload limit
LISTEN_BACKLOG = 1024
# Open connections served at once (waitress's default is 100, which a hundred idle or slow clients
# fill until they time out), below the 1,024 files a process may usually open.
CONNECTION_LIMIT = 500
READ_TIMEOUT_SECONDS = 30.0  # API Gateway gives up on an integration after 29 s
WORKER_THREADS = 8
# Headers the HTTP server writes itself (framing and hop-by-hop): a function's are dropped.
_SERVER_HEADERS = frozenset(
    {"content-length", "connection", "transfer-encoding", "keep-alive", "te", "trailers", "upgrade"}
    | {"proxy-authenticate", "proxy-authorization"}
)

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
Answer = tuple[int, list[tuple[str, str]], bytes]


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


@dataclass
class _LoadedFunction:
    handler: Handler | None
    lock: threading.Lock


class FunctionHost:
    """Each function loaded once (a warm container), invoked one request at a time.

    Each function's handler is made as its app.py makes it, from its `ROUTES`, with the host's clock
    and a Powertools Logger of its own. On Lambda every function has a process of its own, so its
    Logger is its own too; here the functions share one process, and one Logger name would mean one
    set of keys: a line would carry the `function_name` of whichever function bound it last. So each
    Logger is made under a name of its own (`local.<logical id>.<host>`) and writes the template's service
    name. The functions are loaded before the first request, while no other thread reads the
    environment.
    """

    def __init__(
        self,
        functions: Iterable[FunctionSpec] = (),
        clock: Callable[[], datetime] | None = None,
        log_stream: TextIO | None = None,
    ) -> None:
        # A fixed clock for tests whose requests carry fixed dates.
        self._clock = clock
        self._log_stream = log_stream
        self._loaded: dict[str, _LoadedFunction] = {}
        self._loading = threading.Lock()
        for function in functions:
            self._load(function)

    def _load(self, function: FunctionSpec) -> _LoadedFunction:
        for name, value in function.environment.items():  # as Lambda sets the template's variables
            os.environ.setdefault(name, value)
        handler: Handler | None = None
        try:
            module = load_function_module(function, f"local_fn_{function.logical_id}", LAYER_DIR)
            services = Services(Settings.from_environment(), clock=self._clock or utc_now)
            # Powertools keeps the first stream a logger name was given: each host names its own.
            name = f"local.{function.logical_id}.{id(self):x}"
            logger = service_logger(
                name=name, stream=self._log_stream, service=services.settings.service_name
            )
            handler = make_lambda_handler(module.ROUTES, services, logger)
        except Exception as error:  # a function that cannot load answers 502, as on API Gateway
            logging.getLogger(__name__).error(
                "function %s failed to load: %s", function.logical_id, type(error).__name__
            )
        loaded = _LoadedFunction(handler, threading.Lock())
        self._loaded[function.logical_id] = loaded
        return loaded

    def invoke(self, function: FunctionSpec, event: dict[str, Any]) -> dict[str, Any]:
        loaded = self._loaded.get(function.logical_id)
        if loaded is None:  # only for a host built without the template's functions
            with self._loading:
                loaded = self._loaded.get(function.logical_id) or self._load(function)
        if loaded.handler is None:
            raise RuntimeError(f"{function.logical_id} did not load")
        context = LambdaContext(function.logical_id, function.memory_mb, function.timeout_seconds)
        with loaded.lock:
            return loaded.handler(event, context)


@dataclass(frozen=True)
class LocalAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    route: str  # the route template (or a fixed label) for the access log: never the requested path


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

    def _refusal(self, response_type: str, status: HTTPStatus, detail: str) -> Answer:
        return self.gateway.refusal(response_type, int(status)) or problem_answer(status, detail)

    def handle(
        self,
        method: str,
        target: str,
        header_pairs: list[tuple[str, str]],
        body: bytes,
        source_ip: str,
    ) -> LocalAnswer:
        split = split_target(target)
        if split is None:
            unreadable = problem_answer(HTTPStatus.BAD_REQUEST, "The request target could not be read.")
            return LocalAnswer(*unreadable, route=NO_ROUTE)
        path, query = split
        if is_docs_path(path):  # Swagger UI: local only, outside the stage
            route = DOCS_ASSET if path.startswith(ASSETS_PREFIX) else DOCS_PAGE
            docs = serve_docs(method, path, self.api.stage)
            if docs is not None:
                return LocalAnswer(*docs, route=route)
            if method not in ("GET", "HEAD"):
                status, headers, problem = problem_answer(HTTPStatus.METHOD_NOT_ALLOWED, "Use GET.")
                return LocalAnswer(status, [*headers, ("Allow", "GET, HEAD")], problem, route)
            missing = problem_answer(HTTPStatus.NOT_FOUND, "No such Swagger UI asset.")
            return LocalAnswer(*missing, route=route)
        stage_prefix = f"/{self.api.stage}"
        if not (path == stage_prefix or path.startswith(stage_prefix + "/")):
            outside = problem_answer(
                HTTPStatus.NOT_FOUND, f"No resource at this path; the API lives under {stage_prefix}/."
            )
            return LocalAnswer(*outside, route=NO_ROUTE)
        path = path[len(stage_prefix) :] or "/"
        matched = match_route(self.api, method, path)
        if matched is None:
            refusal = self._refusal(
                "MISSING_AUTHENTICATION_TOKEN", HTTPStatus.NOT_FOUND, "No resource at this path."
            )
            return LocalAnswer(*refusal, route=NO_ROUTE)
        route_spec, path_parameters = matched
        route_label = stage_prefix + route_spec.resource
        preflight = self.gateway.preflight() if method == "OPTIONS" else None
        if preflight is not None:  # the template's Cors: answered by the gateway, no key, no function
            return LocalAnswer(*preflight, route=route_label)

        api_key = next((v for k, v in header_pairs if k.lower() == "x-api-key"), None)
        if route_spec.api_key_required and self.api_keys and api_key not in self.api_keys:
            refusal = self._refusal(
                "INVALID_API_KEY",
                HTTPStatus.FORBIDDEN,
                "A valid x-api-key header is required for this resource.",
            )
            return LocalAnswer(*refusal, route=route_label)

        event = build_proxy_event(
            method=method,
            stage=self.api.stage,
            resource=route_spec.resource,
            path=path,
            raw_query=query,
            header_pairs=header_pairs,
            body=body,
            path_parameters=path_parameters,
            source_ip=source_ip,
            api_key=api_key if api_key in self.api_keys else None,
        )
        try:
            answer = read_proxy_response(self.host.invoke(route_spec.function, event))
        except Exception as error:  # a handler that fails outright: reported as API Gateway does (502)
            logging.getLogger(__name__).error(
                "%s failed: %s", route_spec.function.logical_id, type(error).__name__
            )
            failed = problem_answer(HTTPStatus.BAD_GATEWAY, "The function failed to answer.")
            return LocalAnswer(*failed, route=route_label)
        return LocalAnswer(answer.status, answer.headers, answer.body, route_label)


def split_target(target: str) -> tuple[str, str] | None:
    """The path and query of a request target (RFC 9112's origin form or absolute form); None when it
    cannot be read. An origin-form target is a path from its first character: `//x/v1/health` is
    that path, not a host `x` (as `urlsplit` would read it)."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
        return path, query
    try:
        url = urlsplit(target)
    except ValueError:  # e.g. an unclosed IPv6 host: `http://[::1/v1/health`
        return None
    return url.path or "/", url.query


def _header_name(environ_key: str) -> str:
    """`X_API_KEY` as `X-Api-Key`: WSGI keeps no header's original case (API Gateway's lookups, and
    the functions', ignore it)."""
    return "-".join(part.capitalize() for part in environ_key.split("_"))


def request_headers(environ: dict[str, Any]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            pairs.append((_header_name(key[5:]), str(value)))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            pairs.append((_header_name(key), str(value)))
    return pairs


class LocalWsgiApp:
    """The WSGI face of LocalApi: one answer, written with its Content-Length, and one access line."""

    def __init__(self, local_api: LocalApi, access_log: AccessLog) -> None:
        self.local_api = local_api
        self.access_log = access_log

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        started = perf_counter()
        method = str(environ["REQUEST_METHOD"])
        # The target as sent (percent-encoding kept), as API Gateway's `path` is.
        target = str(environ.get("REQUEST_URI") or environ.get("PATH_INFO") or "/")
        body = environ["wsgi.input"].read()  # complete: waitress reads the body before calling
        try:
            answer = self.local_api.handle(
                method, target, request_headers(environ), body, str(environ.get("REMOTE_ADDR", ""))
            )
        except Exception as error:  # a fault of the server's own: waitress would log the request's path
            logging.getLogger(__name__).error("the local server failed to answer: %s", type(error).__name__)
            answer = LocalAnswer(
                *problem_answer(HTTPStatus.INTERNAL_SERVER_ERROR, "The local server failed to answer."),
                route=NO_ROUTE,
            )
        headers = [(k, v) for k, v in answer.headers if k.lower() not in _SERVER_HEADERS]
        headers.append(("Content-Length", str(len(answer.body))))
        start_response(status_line(answer.status), headers)
        self.access_log.record(method, answer.route, answer.status, perf_counter() - started)
        return [] if method == "HEAD" else [answer.body]


class LocalServer:
    """waitress's server around LocalWsgiApp, with a loop that another thread can stop."""

    def __init__(self, app: LocalWsgiApp, host: str, port: int, **adjustments: Any) -> None:
        self.app = app
        self.local_api = app.local_api
        error_task = type("LocalProblemErrorTask", (ProblemErrorTask,), {"access_log": app.access_log})
        channel = type("LocalHttpChannel", (HTTPChannel,), {"error_task_class": error_task})
        self._server: Any = create_server(app, host=host, port=port, **adjustments)
        self._server.channel_class = channel
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def server_address(self) -> tuple[str, int]:
        return str(self._server.effective_host), int(self._server.effective_port)

    def serve_forever(self) -> None:
        self._stopped.clear()
        try:
            while not self._stop.is_set():
                # Short turns, so that `shutdown` is seen within a fraction of a second.
                wasyncore.loop(timeout=0.2, map=self._server._map, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop serving (from another thread) and wait for the loop to end."""
        self._stop.set()
        self._stopped.wait(timeout=10)

    def server_close(self) -> None:
        self._stop.set()
        self._server.task_dispatcher.shutdown()
        for dispatcher in list(self._server._map.values()):
            dispatcher.close()
        self._server._map.clear()


def make_server(
    host: str,
    port: int,
    template: Path,
    *,
    api_keys: frozenset[str] | None = None,
    cors_origin: str | None = None,
    clock: Callable[[], datetime] | None = None,
    access_log: TextIO | None = None,
    function_log: TextIO | None = None,
    read_timeout_seconds: float = READ_TIMEOUT_SECONDS,
    backlog: int = LISTEN_BACKLOG,
    threads: int = WORKER_THREADS,
) -> LocalServer:
    """The local API, listening (not yet serving) on host:port.

    `access_log` takes the access lines (default stderr), `function_log` the functions' log lines
    (default stdout, where Lambda's go); `read_timeout_seconds` closes a connection that has sent
    nothing for that long, even in the middle of a request.
    """
    # Clinic profiles live in an in-process DynamoDB unless CLINICS_TABLE_NAME names a real table.
    start_embedded_clinic_store(template)
    api = read_api(template)
    functions = {route.function.logical_id: route.function for route in api.routes}
    local_api = LocalApi(
        api,
        configured_api_keys() if api_keys is None else api_keys,
        gateway=GatewayAnswers.from_template(template, cors_origin),
        host=FunctionHost(functions.values(), clock, function_log),
    )
    return LocalServer(
        LocalWsgiApp(local_api, AccessLog(access_log)),
        host,
        port,
        backlog=backlog,
        connection_limit=CONNECTION_LIMIT,
        threads=threads,
        channel_timeout=read_timeout_seconds,
        # How often idle connections are looked for: often enough that the timeout holds.
        cleanup_interval=max(1, min(30, int(read_timeout_seconds / 4))),
        max_request_body_size=MAX_REQUEST_BYTES,
        ident="PicoPlannerLocal",
        expose_tracebacks=False,
        # X-Forwarded-* reach the event as the caller sent them, as before (no proxy is trusted).
        clear_untrusted_proxy_headers=False,
    )


def main(argv: list[str] | None = None, clock: Callable[[], datetime] | None = None) -> None:
    """`make run`: serve the API and the demo clinic; `clock` pins "today" (tests of the README)."""
    parser = argparse.ArgumentParser(description="Serve the Pico Planner API locally, as API Gateway would.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "3000")))
    parser.add_argument("--template", type=Path, default=PROJECT_ROOT / "template.yaml")
    args = parser.parse_args(argv)
    server = make_server(args.host, args.port, args.template, clock=clock)
    host, port = server.server_address
    base = f"http://{host}:{port}/{server.local_api.api.stage}"
    keys = server.local_api.api_keys
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
