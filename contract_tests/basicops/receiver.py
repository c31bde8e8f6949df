"""A real HTTP server on loopback for tests: records what it receives, answers what it is told to."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """`statuses` are answered in turn (the last one repeats); `files` maps a GET path to
    (content type, headers, bytes); `delay` seconds before each answer."""

    url: str = ""
    statuses: list[int] = field(default_factory=lambda: [200])
    files: dict[str, tuple[str, dict[str, str], bytes]] = field(default_factory=dict)
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    cond: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        with self.cond:
            self.cond.wait_for(lambda: len(self.received) >= count, timeout)
            return list(self.received)


@contextmanager
def receiver(**options) -> Iterator[Receiver]:
    state = Receiver(**options)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep test output clean
            pass

        def _record(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with state.cond:
                state.received.append(Received(self.command, self.path, dict(self.headers.items()), body))
                state.cond.notify_all()

        def do_POST(self) -> None:
            self._record()
            if state.delay:
                threading.Event().wait(state.delay)
            with state.cond:
                n = len(state.received) - 1
                status = state.statuses[min(n, len(state.statuses) - 1)]
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def do_GET(self) -> None:
            self._record()
            if state.delay:
                threading.Event().wait(state.delay)
            found = state.files.get(self.path)
            if found is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            ctype, headers, data = found
            self.send_response(int(headers.pop("Status", "200")) if "Status" in headers else 200)
            self.send_header("Content-Type", ctype)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            try:
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the emulator stopped reading past its size cap, as a test expects it to

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
