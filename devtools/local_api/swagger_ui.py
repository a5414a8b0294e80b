"""Swagger UI at /docs on the local server, outside the stage: a developer's view of /v1/openapi.json.

The assets come from the swagger-ui-py package (a dev dependency that ships Swagger UI 5, which reads
OpenAPI 3.1), so the page works without internet access and nothing of it ships to Lambda.
"""

from __future__ import annotations

import importlib.util
import mimetypes
from http import HTTPStatus
from pathlib import Path

DOCS_PATH = "/docs"
ASSETS_PREFIX = "/docs/assets/"
# Only what the page loads is served: no directory listing, no path from the request reaches the disk.
ASSET_NAMES = frozenset(
    {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "favicon-32x32.png"}
)

Answer = tuple[int, list[tuple[str, str]], bytes]

_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Pico Planner API (local)</title>
  <link rel="icon" type="image/png" href="{assets}favicon-32x32.png">
  <link rel="stylesheet" href="{assets}swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{assets}swagger-ui-bundle.js"></script>
  <script src="{assets}swagger-ui-standalone-preset.js"></script>
  <script>
    // The document lists the default local address first; "Try it out" should call this server,
    // whatever port it listens on, so that entry is replaced by this page's own origin.
    fetch("{document_url}").then((answer) => answer.json()).then((spec) => {{
      const here = {{url: window.location.origin + "/{stage}", description: "This local server"}};
      spec.servers = [here, ...(spec.servers || []).filter((s) => !s.url.startsWith("http://127.0.0.1"))];
      window.ui = SwaggerUIBundle({{
        spec: spec,
        dom_id: "#swagger-ui",
        deepLinking: true,
        presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
        layout: "StandaloneLayout",
      }});
    }});
  </script>
</body>
</html>
"""


def _assets_dir() -> Path | None:
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "static"


def is_docs_path(path: str) -> bool:
    return path in (DOCS_PATH, DOCS_PATH + "/") or path.startswith(ASSETS_PREFIX)


def serve_docs(method: str, path: str, stage: str) -> Answer | None:
    """The page or one of its assets; None when the caller should answer with a problem instead."""
    if method not in ("GET", "HEAD"):
        return None
    if path in (DOCS_PATH, DOCS_PATH + "/"):
        page = _PAGE.format(assets=ASSETS_PREFIX, document_url=f"/{stage}/openapi.json", stage=stage)
        headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache")]
        return int(HTTPStatus.OK), headers, page.encode("utf-8")
    name = path.removeprefix(ASSETS_PREFIX)
    assets = _assets_dir()
    if name not in ASSET_NAMES or assets is None or not (assets / name).is_file():
        return None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    headers = [("Content-Type", content_type), ("Cache-Control", "public, max-age=86400")]
    return int(HTTPStatus.OK), headers, (assets / name).read_bytes()
