"""Clinics function: /v1/clinics and /v1/clinics/{clinic_id} (routes: pico_planner/api/routes/clinics.py)."""

from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.routes.clinics import ROUTES

lambda_handler = make_lambda_handler(ROUTES)
