"""Clinics function: /v1/clinics and /v1/clinics/{clinic_id} (routes: pico_planner/api/routes/clinics.py)."""

from pico_planner.collector import collector_paused

# The init's objects live as long as the container: no collection while they are made (collector.py).
with collector_paused():
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routes.clinics import ROUTES

    lambda_handler = make_lambda_handler(ROUTES)
