"""A claimreview serve app on a real socket, for the app's tests: uvicorn in a thread, on a free
port of 127.0.0.1, and a plain HTTP client (http.client) that can send any Host header."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

STARTUP_WAIT = 60.0
"""Seconds to wait for the server to listen (a hang guard, not a measurement)."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Served:
    folder: Path
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
                ) -> Answer:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STARTUP_WAIT)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for k, v in sent.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body or b"")))
        conn.endheaders(body)
        response = conn.getresponse()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
        conn.close()
        return answer

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, fields: dict[str, str], **headers: str) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **headers})

    def token(self) -> str:
        match = re.search(r'name="csrf" value="([^"]+)"', self.get("/edit").text)
        assert match is not None
        return match.group(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(folder: Path) -> Iterator[Served]:
    import uvicorn

    from claimreview.serve.app import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(folder, "127.0.0.1", port), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_WAIT
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    try:
        yield Served(folder, port)
    finally:
        server.should_exit = True
        thread.join(STARTUP_WAIT)
