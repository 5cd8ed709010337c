"""The loopback HTTP server (``om-soap fake`` runs it: :mod:`om_soap.cli.fake`).

The standard library's wsgiref ``WSGIServer`` with a thread per connection (daemon threads)
serving the fake's WSGI application, with the fake's own request handler (wsgiref's speaks
HTTP/1.0): HTTP/1.1 keep-alive, a socket timeout on every read, exactly Content-Length bytes
read (411 without one, 413 over the cap) or a chunked body decoded (413 over the cap), so a
bad or slow client can neither hang nor crash the fake. A client that goes away
mid-answer is logged at DEBUG on ``om_soap.fake``; a bug in the fake is a 500 and one
WARNING there. Neither prints a traceback (socketserver's default ``handle_error`` does).
"""
from __future__ import annotations

import logging
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIServer
from typing import Any, List, Tuple, Union

from ..redact import scrub
from . import app
from .models import FakeState
from .wire import MAX_BODY, Response
from .wsgi import call, environ_for, make_app

log = logging.getLogger("om_soap.fake")
#: Seconds a connection may stay silent (mid-request or between keep-alive requests).
SOCKET_TIMEOUT = 10.0
#: A client that closed or reset its connection, or stopped reading (``socket.timeout`` is
#: not a TimeoutError on 3.9): its business, not the fake's.
DROPPED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout)


def _dropped(client: Any, exc: BaseException) -> None:
    host = client[0] if isinstance(client, tuple) and client else client
    log.debug("client %s went away mid-request (%s)", host, type(exc).__name__)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes; with Nagle on, each keep-alive answer waited for
    # the client's delayed ACK (~40 ms), capping any client at ~11 calls/s per thread.
    disable_nagle_algorithm = True
    timeout = SOCKET_TIMEOUT
    server_version = "om-soap-fake"
    sys_version = ""
    server: "FakeHTTPServer"

    def handle(self) -> None:
        try:
            super().handle()
        except DROPPED as exc:
            self.close_connection = True
            _dropped(self.client_address, exc)

    def _serve(self) -> None:
        try:
            response, close = self._answer()
        except DROPPED:
            raise
        except Exception as exc:  # noqa: BLE001 (a bug outside app.dispatch: still one clean 500)
            log.warning("the fake failed on %s %s: %s", self.command, scrub(self.path.partition("?")[0]),
                        app.describe(exc))
            response, close = app.internal_error(), True
        self._reply(response, close)

    def _answer(self) -> Tuple[Response, bool]:
        """The response to the request just read, and whether to close afterwards."""
        path, _, query = self.path.partition("?")
        headers = {k.lower(): v for k, v in self.headers.items()}
        body = b""
        if "transfer-encoding" in headers:
            # Tomcat (every OpenMeetings release runs in one) accepts chunked request bodies,
            # which Axis2 clients always send and CXF clients send over 4 KiB (real 9.1.0 accepts
            # one: tests/transcripts/9.1.0/49-soap_login_chunked.json). A
            # Transfer-Encoding overrides any Content-Length (RFC 9112 section 6.3).
            codings = [c.strip().lower() for c in headers["transfer-encoding"].split(",") if c.strip()]
            if codings != ["chunked"]:
                return Response.text(501, f"transfer encoding {headers['transfer-encoding'][:40]!r} is not "
                                          "supported; send chunked or a Content-Length"), True
            chunked = self._read_chunked()
            if isinstance(chunked, Response):
                return chunked, True
            body = chunked
        elif self.command in ("POST", "PUT", "PATCH") or "content-length" in headers:
            length_text = headers.get("content-length")
            if length_text is None:
                return Response.text(411, "Content-Length is required"), True
            try:
                length = int(length_text)
                if length < 0:
                    raise ValueError
            except ValueError:
                return Response.text(400, "Content-Length is not a number"), True
            if length > MAX_BODY:
                return Response.text(413, f"request body over {MAX_BODY} bytes"), True
            try:
                body = self.rfile.read(length)
            except OSError:
                body = b""
            if len(body) != length:
                return Response.text(400, "request body shorter than Content-Length"), True
        bound = self.server.server_address
        environ = environ_for(self.command, path, query, headers, body, (str(bound[0]), int(bound[1])))
        return call(self.server.app, environ), False

    def _read_chunked(self) -> Union[bytes, Response]:
        """A chunked request body, decoded; or the 400/413 that ends the connection."""
        parts: List[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1026)
            if not line.endswith(b"\n"):
                return Response.text(400, "chunked body: a chunk size line is missing or too long")
            size_text = line.split(b";", 1)[0].strip()
            try:
                size = int(size_text, 16)
                if size < 0 or not size_text.isalnum():
                    raise ValueError
            except ValueError:
                return Response.text(400, "chunked body: a chunk size is not a hexadecimal number")
            if size == 0:
                break
            total += size
            if total > MAX_BODY:
                return Response.text(413, f"request body over {MAX_BODY} bytes")
            data = self.rfile.read(size)
            if len(data) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                return Response.text(400, "chunked body: a chunk is shorter than its size")
            parts.append(data)
        for _ in range(64):  # trailer fields, then the empty line
            trailer = self.rfile.readline(8192)
            if trailer in (b"\r\n", b"\n"):
                return b"".join(parts)
            if not trailer.endswith(b"\n"):
                break
        return Response.text(400, "chunked body: the trailer section does not end")

    def _reply(self, response: Response, close: bool = False) -> None:
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = _serve

    def log_message(self, format: str, *args: object) -> None:
        log.debug("%s %s", self.address_string(), scrub(format % args))


class FakeHTTPServer(ThreadingMixIn, WSGIServer):
    """The standard library's WSGI server, a thread per connection, running :func:`make_app`.

    The request handler is the fake's own (:class:`_Handler`), not wsgiref's: that one speaks
    HTTP/1.0 (a connection per request) and hands the socket over as ``wsgi.input`` (no chunked
    decoding, no size cap), while the fake keeps connections alive, decodes chunked bodies and
    refuses bodies over 1 MiB before the application sees them."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: Tuple[str, int], state: FakeState) -> None:
        self.state = state
        super().__init__(address, _Handler)
        #: The WSGI application every request goes through (the in-process adapter runs it too).
        self.app = make_app(state)
        self.set_app(self.app)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """The last resort for anything the handler let through: logged, never printed."""
        exc = sys.exc_info()[1]
        if exc is None:
            return
        if isinstance(exc, DROPPED):
            _dropped(client_address, exc)
            return
        host = client_address[0] if isinstance(client_address, tuple) and client_address else client_address
        log.warning("the fake's HTTP server failed on a connection from %s: %s", host, app.describe(exc))


class ServerThread:
    """Runs a FakeHTTPServer in a daemon thread."""

    def __init__(self, state: FakeState, host: str, port: int) -> None:
        self.httpd = FakeHTTPServer((host, port), state)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                       name="om-soap-fake", daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def serve(state: FakeState, host: str = "127.0.0.1", port: int = 0) -> ServerThread:
    return ServerThread(state, host, port)


__all__ = ["FakeHTTPServer", "ServerThread", "serve"]
