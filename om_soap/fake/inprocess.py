"""In-process transport: a requests adapter that calls the fake's WSGI application.

No socket and no thread, so tests that mount it need no free port and cannot race a
server; the application and the state are the very ones a loopback server would use.
"""
from __future__ import annotations

from io import BytesIO
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from .models import FakeState
from .wsgi import make_app


class FakeAdapter(BaseAdapter):
    """Mounted on the fake's URL prefix; ``send`` calls :func:`~om_soap.fake.wsgi.make_app`'s app."""

    def __init__(self, state: FakeState, base_url: Callable[[], str]) -> None:
        super().__init__()
        self.state = state
        self.base_url = base_url
        self.app = make_app(state)

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        parts = urlsplit(request.url or "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in body)
        base = urlsplit(self.base_url())
        environ: Dict[str, Any] = {
            "REQUEST_METHOD": request.method or "GET", "RAW_URI": parts.path, "PATH_INFO": unquote(parts.path),
            "QUERY_STRING": parts.query, "SERVER_NAME": base.hostname or "", "SERVER_PORT": str(base.port or 80),
            "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": base.scheme or "http",
            "wsgi.input": BytesIO(body),
        }
        if body:
            environ["CONTENT_LENGTH"] = str(len(body))
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ[key] = value
            elif key != "CONTENT_LENGTH":  # the body's own length, set above
                environ["HTTP_" + key] = value
        environ["HTTP_HOST"] = base.netloc  # the answer's own URLs name the fake's base
        captured: List[Any] = []

        def start_response(status: str, headers: List[Tuple[str, str]]) -> None:
            captured[:] = [int(status.split(" ", 1)[0]), headers]

        content = b"".join(self.app(environ, start_response))
        response = requests.Response()
        response.status_code = captured[0]
        response.headers = CaseInsensitiveDict(dict(captured[1]))
        response._content = content
        response.raw = BytesIO(content)
        response.url = request.url or ""
        response.request = request
        response.reason = "OK" if response.status_code < 400 else "Error"
        response.encoding = requests.utils.get_encoding_from_headers(response.headers) or "utf-8"
        return response

    def close(self) -> None:
        pass
