"""A misbehaving web server on 127.0.0.1 for fetch tests: flaky, slow, endless, wrong type."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .fixtures import HTML_PAGE, RSS_FEED


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    routes: dict[str, tuple[bytes, str]] = {}  # path -> (body, content type), set by a test

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def _send(self, body: bytes, content_type: str, status: int = 200, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path
        self.hits[path] = self.hits.get(path, 0) + 1
        if path in self.routes:
            self._send(*self.routes[path])
        elif path == "/feed.xml":
            self._send(RSS_FEED.encode(), "application/rss+xml")
        elif path == "/page.html":
            self._send(HTML_PAGE.encode(), "text/html; charset=utf-8")
        elif path == "/flaky.xml":  # fails twice, then works
            if self.hits[path] <= 2:
                self._send(b"busy", "text/plain", status=503)
            else:
                self._send(RSS_FEED.encode(), "application/rss+xml")
        elif path == "/down.xml":
            self._send(b"gone", "text/plain", status=500)
        elif path == "/slow.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(100):  # drips a byte every 0.1 s
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
        elif path == "/endless.xml":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            chunk = b"<!-- padding -->" * 4096
            try:
                for _ in range(10_000):  # bounded: at most ~640 MB, the client stops long before
                    self.wfile.write(chunk)
            except OSError:
                return
        elif path == "/image.png":
            self._send(b"\x89PNG\r\n\x1a\n", "image/png")
        elif path == "/truncated.xml":
            self._send(RSS_FEED.encode()[:100], "application/rss+xml", length=len(RSS_FEED))
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(b"not found", "text/plain", status=404)


@contextmanager
def serve() -> Iterator[str]:
    """Start the server on a free port of 127.0.0.1; yields its base URL."""
    Handler.hits = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
