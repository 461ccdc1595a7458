"""A hostile HTTP server on loopback: each answer is written to the socket by the test, byte by byte.

Unlike the simulator (an ASGI app behind uvicorn), nothing here checks or frames what is sent:
a test can trickle a status line, send a gzip bomb or a body without end, and see each request
as it arrived on the wire (its raw path included).
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Hostile", "Seen", "Wire", "gzip_bomb", "json_answer", "serve_hostile"]


@dataclass(frozen=True)
class Seen:
    """A request as it arrived: method and path exactly as sent (not decoded nor normalized)."""

    method: str
    raw_path: str
    body: bytes


class Wire:
    """The client's socket, for the test to write an answer to (stops when the test is over)."""

    def __init__(self, conn: socket.socket, stop: threading.Event) -> None:
        self.conn = conn
        self.stop = stop

    def send(self, data: bytes) -> bool:
        """Write ``data``; ``False`` once the client has gone or the server is closing."""
        if self.stop.is_set():
            return False
        try:
            self.conn.sendall(data)
        except OSError:
            return False
        return True

    def trickle(self, data: bytes, every: float) -> bool:
        """Write ``data`` one byte every ``every`` seconds; ``False`` if cut short."""
        return all(self.send(bytes([byte])) and not self.stop.wait(every) for byte in data)


Answer = Callable[[Seen, Wire], None]


def json_answer(body: Any, status: int = 200, **headers: str) -> bytes:
    """A complete HTTP/1.1 response with a JSON body."""
    content = json.dumps(body).encode()
    return head(status, {"content-type": "application/json", **headers}, len(content)) + content


def head(status: int, headers: dict[str, str], length: int | None) -> bytes:
    """A status line and headers (with ``content-length`` when given, and ``connection: close``)."""
    lines = [f"HTTP/1.1 {status} Status", "connection: close"]
    if length is not None:
        lines.append(f"content-length: {length}")
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def gzip_bomb(inflated: int, layers: int = 1) -> bytes:
    """Gzip of ``inflated`` spaces (valid JSON whitespace), compressed ``layers`` times."""
    data = gzip.compress(b" " * inflated, compresslevel=9)
    for _ in range(layers - 1):
        data = gzip.compress(data, compresslevel=9)
    return data


class Hostile:
    """The server: every request is recorded, then answered by :attr:`answer`."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.seen: list[Seen] = []
        self.stop = threading.Event()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(10)
            seen = _read_request(conn)
            if seen is None:
                return
            with self._lock:
                self.seen.append(seen)
            self.answer(seen, Wire(conn, self.stop))

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        self._thread.join(timeout=5)


def _read_request(conn: socket.socket) -> Seen | None:
    data = b""
    with contextlib.suppress(OSError):
        while b"\r\n\r\n" not in data:
            piece = conn.recv(65536)
            if not piece:
                return None
            data += piece
        top, _, body = data.partition(b"\r\n\r\n")
        lines = top.decode("latin-1").split("\r\n")
        method, raw_path, _ = lines[0].split(" ", 2)
        length = next(
            (
                int(line.split(":", 1)[1])
                for line in lines
                if line.lower().startswith("content-length:")
            ),
            0,
        )
        while len(body) < length:
            piece = conn.recv(65536)
            if not piece:
                return None
            body += piece
        return Seen(method, raw_path, body)
    return None


@contextlib.contextmanager
def serve_hostile(answer: Answer) -> Iterator[Hostile]:
    """Run a :class:`Hostile` server for the duration of a test."""
    server = Hostile(answer)
    try:
        yield server
    finally:
        server.close()
