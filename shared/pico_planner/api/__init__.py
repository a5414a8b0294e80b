"""HTTP glue shared by every function: resolver set-up, error mapping, content negotiation."""
