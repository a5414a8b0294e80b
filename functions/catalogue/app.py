"""Catalogue function: GET /v1/health and GET /v1/concerns."""

from aws_lambda_powertools import Logger

from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.resolver import create_resolver
from pico_planner.api.service_info import HealthStatus, health_status

logger = Logger()
app = create_resolver()


@app.get("/health", operation_id="getHealth", tags=["Service"], summary="Liveness and versions")
def get_health() -> HealthStatus:
    return health_status()


lambda_handler = make_lambda_handler(app, logger)
