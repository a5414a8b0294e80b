"""Estimate function: POST /v1/estimate (routes in pico_planner/api/routes/estimate.py)."""

from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.routes.estimate import ROUTES

lambda_handler = make_lambda_handler(ROUTES)
