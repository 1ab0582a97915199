"""A loopback HTTP/1.1 proxy that forwards requests and can drop a connection after the
server has answered, before the answer reaches the client: the failure a retry must survive."""

import io
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Proxy:
    upstream: tuple[str, int]
    drop_after_forwarding: int = 0  # how many of the next requests lose their answer
    requests: list[bytes] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _take_drop(self) -> bool:
        with self.lock:
            if self.drop_after_forwarding > 0:
                self.drop_after_forwarding -= 1
                return True
            return False

    def handle(self, client: socket.socket) -> None:
        with client, socket.create_connection(self.upstream) as server:
            client_file, server_file = client.makefile("rb"), server.makefile("rb")
            while (request := _message(client_file)) is not None:
                self.requests.append(request)
                server.sendall(request)
                answer = _message(server_file)
                if answer is None or self._take_drop():
                    return  # the server has done the work; the client never hears of it
                client.sendall(answer)


def _message(stream: io.BufferedReader) -> bytes | None:
    """One HTTP message with a Content-Length body (the API answers writes so), or None at EOF."""
    read = stream.readline
    head = b""
    while (line := read()) not in (b"\r\n", b""):
        head += line
    if not head:
        return None
    length = next(
        (
            int(h.split(b":", 1)[1])
            for h in head.split(b"\r\n")
            if h.lower().startswith(b"content-length:")
        ),
        0,
    )
    return head + b"\r\n" + stream.read(length)


@contextmanager
def proxying(base_url: str) -> Iterator[tuple[str, Proxy]]:
    """A proxy on a free loopback port in front of `base_url`; yields its URL and the proxy."""
    target = urlsplit(base_url)
    proxy = Proxy((target.hostname or "127.0.0.1", target.port or 80))
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed: the test is over
            threading.Thread(target=proxy.handle, args=(connection,), daemon=True).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}", proxy
    finally:
        listener.close()
        thread.join(timeout=5)
