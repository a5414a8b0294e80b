"""Catalogue function: GET /v1/concerns and GET /v1/health (routes: pico_planner/api/routes/catalogue.py)."""

from pico_planner.collector import collector_paused

# The init's objects live as long as the container: no collection while they are made (collector.py).
with collector_paused():
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routes.catalogue import ROUTES

    lambda_handler = make_lambda_handler(ROUTES)
