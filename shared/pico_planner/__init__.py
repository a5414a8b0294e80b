"""Pico Planner: session estimates and schedules for pico laser treatment courses."""

SERVICE_VERSION = "1.1.0"
