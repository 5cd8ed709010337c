"""In-process transport: a requests adapter that calls the fake's WSGI application.

No socket and no thread, so tests that mount it need no free port and cannot race a
server; the application and the state are the very ones a loopback server would use.
"""
from __future__ import annotations

from io import BytesIO
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from .models import FakeState
from .wsgi import call, environ_for, make_app


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
        headers = dict(request.headers.items())
        headers["Host"] = base.netloc  # the answer's own URLs name the fake's base
        environ = environ_for(request.method or "GET", parts.path, parts.query, headers, body,
                              (base.hostname or "", base.port or 80), base.scheme or "http")
        answer = call(self.app, environ)
        content = answer.body
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response.headers["Content-Length"] = str(len(content))
        response._content = content
        response.raw = BytesIO(content)
        response.url = request.url or ""
        response.request = request
        response.reason = "OK" if response.status_code < 400 else "Error"
        response.encoding = requests.utils.get_encoding_from_headers(response.headers) or "utf-8"
        return response

    def close(self) -> None:
        pass
