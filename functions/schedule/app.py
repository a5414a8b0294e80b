"""Schedule function: POST /v1/schedule (routes in pico_planner/api/routes/schedule.py)."""

from pico_planner.collector import collector_paused

# The init's objects live as long as the container: no collection while they are made (collector.py).
with collector_paused():
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routes.schedule import ROUTES

    lambda_handler = make_lambda_handler(ROUTES)
