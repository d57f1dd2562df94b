"""A local stand-in for an SMS gateway, for tests and the demo (`flask serve` starts one).

It checks what a real gateway checks — a number, a type that matches the CP949 byte length (SMS ≤ 90,
LMS ≤ 2,000) — keeps what it received in memory, and can be told to fail the next requests.
Run on its own: `python -m notifications.sms_stub --port 8090`.
"""

from __future__ import annotations

import argparse
import itertools
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from notifications.policy import LMS_MAX_BYTES, SMS_MAX_BYTES, sms_bytes


@dataclass
class StubState:
    received: list[dict] = field(default_factory=list)
    #: answer this many next requests with HTTP 503 (to test retries)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))


def _problem(body: dict) -> str | None:
    if not str(body.get("to", "")).isdigit():
        return "bad number"
    size, kind = sms_bytes(str(body.get("text", ""))), body.get("type")
    if kind == "SMS" and size > SMS_MAX_BYTES:
        return f"SMS of {size} bytes (max {SMS_MAX_BYTES})"
    if kind == "LMS" and size > LMS_MAX_BYTES:
        return f"LMS of {size} bytes (max {LMS_MAX_BYTES})"
    if kind not in ("SMS", "LMS"):
        return "type must be SMS or LMS"
    return None


class _Handler(BaseHTTPRequestHandler):
    state: StubState

    def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
        return

    def _answer(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
        with self.state.lock:
            if self.state.fail_next > 0:
                self.state.fail_next -= 1
                self._answer(503, {"error": "temporarily unavailable"})
                return
            if problem := _problem(body):
                self._answer(400, {"error": problem})
                return
            message_id = f"stub-{next(self.state.ids)}"
            self.state.received.append({**body, "message_id": message_id})
        self._answer(200, {"result": "ok", "message_id": message_id})


class StubServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = StubState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True, name="sms-stub")

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/send"

    def start(self) -> StubServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def start_stub_server(host: str = "127.0.0.1", port: int = 0) -> StubServer:
    return StubServer(host, port).start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    args = parser.parse_args()
    server = StubServer(args.host, args.port)
    print(f"SMS stub listening on {server.url}")  # noqa: T201
    server.httpd.serve_forever()


if __name__ == "__main__":
    main()
