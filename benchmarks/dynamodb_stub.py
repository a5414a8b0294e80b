"""A stand-in DynamoDB endpoint on 127.0.0.1 for the clinics function's cold start.

The clinics function's first request lists the caller's clinics: it imports boto3, makes its client
and sends one Query. The stand-in answers every call with an empty page, so that the cold start pays
for all of that, with one HTTP round trip on the machine instead of one to AWS, and needs no account.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TABLE_NAME = "bench-clinics"
_EMPTY_PAGE = json.dumps({"Items": [], "Count": 0, "ScannedCount": 0}).encode("utf-8")


class _EmptyPages(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.0")
        self.send_header("Content-Length", str(len(_EMPTY_PAGE)))
        self.end_headers()
        self.wfile.write(_EMPTY_PAGE)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: a line per request would flood the benchmark's output."""


@contextmanager
def dynamodb_stub() -> Iterator[dict[str, str]]:
    """Runs the stand-in; yields the environment that points the clinic store at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmptyPages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {
            "CLINICS_TABLE_NAME": TABLE_NAME,
            "AWS_ENDPOINT_URL_DYNAMODB": f"http://127.0.0.1:{server.server_address[1]}",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": "bench",
            "AWS_DEFAULT_REGION": "eu-west-2",  # Lambda sets it beside AWS_REGION; boto3 reads it
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
