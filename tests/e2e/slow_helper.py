"""A proxy in front of the real helper that holds every /v1/check answer back,
so that a test can change the draft while a check is in flight."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SlowHelper:
    def __init__(self, helper_url: str, delay_s: float) -> None:
        self.checks_received = 0
        self.checks_answered = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep the test output quiet
                pass

            def forward(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)) or None
                headers = {name: self.headers[name] for name in ("Content-Type", "Origin") if name in self.headers}
                request = urllib.request.Request(
                    helper_url + self.path, data=body, headers=headers, method=self.command
                )
                if self.path == "/v1/check":
                    proxy.checks_received += 1
                    time.sleep(delay_s)
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        status, payload = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the extension dropped the request: what the tests want to see
                if self.path == "/v1/check":
                    proxy.checks_answered += 1

            do_GET = do_POST = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
