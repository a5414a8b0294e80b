"""Estimate function: POST /v1/estimate (routes in pico_planner/api/routes/estimate.py)."""

from pico_planner.collector import collector_paused

# The init's objects live as long as the container: no collection while they are made (collector.py).
with collector_paused():
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routes.estimate import ROUTES

    lambda_handler = make_lambda_handler(ROUTES)
