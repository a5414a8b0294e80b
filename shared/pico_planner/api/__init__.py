"""HTTP glue shared by every function: routing, the handler, the error table, content negotiation,
logs and metrics."""
