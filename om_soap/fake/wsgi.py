"""The fake as a WSGI application over one state (moto's server entry point).

``make_app(state)`` answers WSGI calls with :func:`om_soap.fake.app.dispatch`; the in-process
requests adapter (:mod:`~om_soap.fake.inprocess`) calls the same application. The request body
arrives whole (the transport decoded any chunking and enforced the size cap), and the path is
read as sent (``RAW_URI`` when the caller gives it, else ``PATH_INFO``).
"""
from __future__ import annotations

from http import HTTPStatus
from io import BytesIO
from typing import Any, Callable, Dict, Iterable, List, Mapping, Tuple
from urllib.parse import unquote

from . import app
from .models import FakeState
from .wire import Request, Response

StartResponse = Callable[[str, List[Tuple[str, str]]], Any]
WSGIApp = Callable[[Dict[str, Any], StartResponse], Iterable[bytes]]


def request_of(environ: Dict[str, Any]) -> Request:
    """The fake's :class:`~om_soap.fake.wire.Request` for one WSGI environ."""
    headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
    for key, name in (("CONTENT_TYPE", "content-type"), ("CONTENT_LENGTH", "content-length")):
        if environ.get(key):
            headers[name] = environ[key]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    stream = environ.get("wsgi.input")
    body = stream.read(length) if stream is not None and length > 0 else b""
    path = environ.get("RAW_URI") or environ.get("PATH_INFO") or "/"
    host = headers.get("host") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
    scheme = environ.get("wsgi.url_scheme", "http")
    return Request(environ.get("REQUEST_METHOD", "GET"), path, environ.get("QUERY_STRING", ""), headers, body,
                   f"{scheme}://{host}{app.CONTEXT}")


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def make_app(state: FakeState) -> WSGIApp:
    """A WSGI application answering as the OpenMeetings that ``state`` imitates."""

    def application(environ: Dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        answer: Response = app.dispatch(state, request_of(environ))
        headers = list(answer.headers) + [("Content-Length", str(len(answer.body)))]
        start_response(status_line(answer.status), headers)
        return [answer.body]

    return application


def environ_for(method: str, raw_path: str, query: str, headers: Mapping[str, str], body: bytes,
                server: Tuple[str, int], scheme: str = "http") -> Dict[str, Any]:
    """The WSGI environ of one request whose body was read whole (both transports build it here)."""
    environ: Dict[str, Any] = {
        "REQUEST_METHOD": method, "RAW_URI": raw_path, "PATH_INFO": unquote(raw_path), "QUERY_STRING": query,
        "SERVER_NAME": str(server[0]), "SERVER_PORT": str(server[1]), "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": scheme, "wsgi.input": BytesIO(body), "wsgi.errors": BytesIO(),
        "wsgi.version": (1, 0), "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
    }
    if body:
        environ["CONTENT_LENGTH"] = str(len(body))
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ[key] = value
        elif key != "CONTENT_LENGTH":  # the body's own length, set above
            environ["HTTP_" + key] = value
    return environ


def call(application: WSGIApp, environ: Dict[str, Any]) -> Response:
    """Run ``application`` on ``environ``; its answer as a :class:`~om_soap.fake.wire.Response`
    (without the Content-Length header, which the transport writes)."""
    captured: List[Any] = []

    def start_response(status: str, headers: List[Tuple[str, str]]) -> None:
        captured[:] = [int(status.split(" ", 1)[0]), headers]

    body = b"".join(application(environ, start_response))
    headers = [(k, v) for k, v in captured[1] if k.lower() != "content-length"]
    return Response(captured[0], body, headers)
