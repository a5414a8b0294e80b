"""The Lambda context object, for running handlers outside Lambda: tests, the local API, benchmarks.

Lambda's own context class belongs to its runtime and cannot be imported here; this one has the
attributes the handlers and Powertools read. Given a request id, it imports nothing but `time`: the
cold-start benchmark builds one in a fresh interpreter before the handler is imported, and a module
loaded for the context would be one the handler's measured import no longer pays for (hence no
`from __future__ import annotations` here: that statement loads a module too).
"""

import time

# AWS's documentation example account, as in the events' request contexts.
EXAMPLE_ACCOUNT_ID = "123456789012"
# The region the stages deploy to (samconfig.toml).
REGION = "eu-west-2"
DEFAULT_TIMEOUT_SECONDS = 10


class LambdaContext:
    """What Lambda passes a handler as `context`, with a deadline counted from its creation."""

    def __init__(
        self,
        function_name: str = "test-function",
        memory_limit_in_mb: int = 512,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        *,
        aws_request_id: str | None = None,
    ) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:{REGION}:{EXAMPLE_ACCOUNT_ID}:function:{function_name}"
        self.memory_limit_in_mb = memory_limit_in_mb
        self.aws_request_id = aws_request_id or _new_request_id()
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = "local"
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def _new_request_id() -> str:
    # Imported here: a context given its request id (as in a fresh interpreter) loads no uuid.
    import uuid

    return str(uuid.uuid4())
