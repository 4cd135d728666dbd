"""A tiny HTTP server on 127.0.0.1 that serves fixture feeds, as a partner's calendar host would.

with FeedServer() as server:
    server.serve("/bieb.ics", FIXTURES / "google-bibliotheek.ics")
    url = server.url("/bieb.ics")
"""

from __future__ import annotations

import http.server
import threading
import time
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


class FeedServer:
    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, float]] = {}  # path -> (status, body, delay)
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the name http.server asks for
                server.requests.append((self.path, self.headers.get("User-Agent", "")))
                status, body, delay = server.routes.get(self.path, (404, b"not found", 0))
                time.sleep(delay)
                if 300 <= status < 400:
                    self.send_response(status)
                    self.send_header("Location", body.decode())
                    self.end_headers()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (time limit)
                    pass

            def log_message(self, *args):  # keep test output quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def serve(self, path: str, body: bytes | Path, status: int = 200, delay: float = 0) -> None:
        data = body.read_bytes() if isinstance(body, Path) else body
        self.routes[path] = (status, data, delay)

    def fetches(self, path: str) -> int:
        return sum(1 for requested, _ in self.requests if requested == path)
