"""A local stand-in for API Gateway: serves the functions that template.yaml names, without Docker."""
