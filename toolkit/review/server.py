"""Running the review app: bind (127.0.0.1 by default), print the tokened URL, serve, stop cleanly.

`ReviewServer` runs uvicorn on a socket it binds itself (so port 0 picks a free port and the URL
is known before serving), either in the foreground (`serve_forever`, the CLI; Ctrl+C stops it) or
in a thread (`start`/`stop`, or as a context manager: tests).
"""

from __future__ import annotations

import errno
import secrets
import socket
import threading
import time

import uvicorn

from toolkit.config import Config
from toolkit.errors import L10nError
from toolkit.review.app import create_app
from toolkit.review.model import ReviewSite

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def _bind_hint(host: str, exc: OSError) -> str:
    """What to change when binding failed: the host when it is no address this machine has (a typo, a name that
    does not resolve), else the port (taken, or reserved)."""
    if isinstance(exc, socket.gaierror) or exc.errno == errno.EADDRNOTAVAIL:
        return (f"--host {host} is not an address of this machine (127.0.0.1: this machine only; 0.0.0.0: every "
                "network it is on)")
    return "choose another --port"


class ReviewServer:
    def __init__(self, cfg: Config, host: str = "127.0.0.1", port: int = 8765, token: str | None = None):
        self.token = token or secrets.token_urlsafe(24)
        self.sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            self.sock.bind((host, port))
            self.sock.listen(128)  # before the URL is printed: a browser opening it at once is queued, not refused
        except OSError as exc:
            self.sock.close()
            raise L10nError(f"cannot listen on {host}:{port}: {exc.strerror}; {_bind_hint(host, exc)}") from None
        self.host, self.port = host, self.sock.getsockname()[1]
        hosts = {host, *LOOPBACK_NAMES} if host in LOOPBACK_NAMES else {host}
        allowed = {f"{h}:{self.port}" for h in hosts} | ({f"[{host}]:{self.port}"} if ":" in host else set())
        self.site = ReviewSite(cfg)
        self.app = create_app(self.site, self.token, allowed, self.port)
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The address to open: it hands the browser the run's token."""
        return f"{self.origin}/?token={self.token}"

    def serve_forever(self) -> None:
        """Serve in this thread until Ctrl+C (uvicorn handles the signal and shuts down cleanly)."""
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def start(self) -> ReviewServer:
        """Serve in a background thread; returns once the server accepts connections."""
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                        name="l10n-review", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("review server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.sock.close()

    def __enter__(self) -> ReviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
