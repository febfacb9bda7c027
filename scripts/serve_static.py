#!/usr/bin/env python3
"""Serve a built site on 127.0.0.1 the way GitHub Pages does: gzip, directory index.html,
and the site's 404.html with status 404 for any missing path.

Used by the tests and the benchmark; `python scripts/serve_static.py site 8000` runs it by hand.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import sys
import threading
from functools import partial
from pathlib import Path

COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml", "image/svg+xml",
                "application/atom+xml")


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "application/javascript", ".json": "application/json",
                      ".xml": "application/xml", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json"}

    # A connection that sends nothing (or half a request) for this many seconds is closed, so idle
    # or slow clients cannot hold threads open without limit.
    timeout = 5

    def log_message(self, *args):  # quiet: tests read results, not access logs
        pass

    def do_HEAD(self):
        self._respond(head=True)

    def do_GET(self):
        self._respond(head=False)

    def _respond(self, head: bool):
        root = Path(self.directory)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        # A NUL or a segment longer than a file name can be makes the file system raise: answer
        # 400 Bad Request instead of dropping the connection.
        if "\0" in path or "%00" in path or any(len(part.encode()) > 255 for part in path.split("/")):
            self.send_error(400, "Bad Request")
            return
        try:
            target = (root / path.lstrip("/")).resolve()
            target.is_dir()
        except (OSError, ValueError):
            self.send_error(400, "Bad Request")
            return
        status = 200
        if root.resolve() not in target.parents and target != root.resolve():
            target, status = root / "404.html", 404
        elif target.is_dir():
            if not path.endswith("/"):  # like Pages: /nl -> /nl/
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            target, status = root / "404.html", 404
        body = target.read_bytes()
        ctype = self.extensions_map.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        # LinkChecker honours this header and may then check faster than its polite default.
        self.send_header("LinkChecker", "allow-fast-checks")
        if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class BoundedServer(http.server.ThreadingHTTPServer):
    """One thread per connection, at most MAX_CONNECTIONS at once; a connection beyond that is
    closed at once rather than given a thread."""

    MAX_CONNECTIONS = 64
    daemon_threads = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.slots = threading.BoundedSemaphore(self.MAX_CONNECTIONS)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


class SiteServer:
    """A server in a background thread: `with SiteServer(dir) as server: server.url`."""

    def __init__(self, directory: Path, port: int = 0):
        handler = partial(PagesHandler, directory=str(directory))
        self.httpd = BoundedServer(("127.0.0.1", port), handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    directory = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 8000
    with SiteServer(directory, port) as server:
        print(f"Serving {directory} at {server.url} (Ctrl+C to stop)")
        try:
            server.thread.join()
        except KeyboardInterrupt:
            pass
