"""Each function's routes, declared once (see pico_planner/api/routing.py), with the wire models only
they speak."""
