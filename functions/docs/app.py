"""Docs function: GET /v1/openapi.json, the document beside this file (routes in
pico_planner/api/routes/document.py)."""

from pathlib import Path

from pico_planner.collector import collector_paused

# The init's objects live as long as the container: no collection while they are made (collector.py).
with collector_paused():
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routes.document import document_routes

    ROUTES = document_routes(Path(__file__).with_name("openapi.json"))
    lambda_handler = make_lambda_handler(ROUTES)
