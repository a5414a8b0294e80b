"""Development tooling: never shipped in the Lambda layer."""
