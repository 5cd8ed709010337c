"""In-process transport: a requests adapter that hands requests to the fake's handlers.

No socket and no thread, so tests that mount it need no free port and cannot race a
server; the state is the very one a loopback server would use.
"""
from __future__ import annotations

from io import BytesIO
from typing import Any, Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from . import app
from .state import FakeState
from .wire import Request


class FakeAdapter(BaseAdapter):
    """Mounted on the fake's URL prefix; ``send`` dispatches straight to :mod:`app`."""

    def __init__(self, state: FakeState, base_url: Callable[[], str]) -> None:
        super().__init__()
        self.state = state
        self.base_url = base_url

    def send(self, request: requests.PreparedRequest, stream: bool = False, timeout: Any = None,
             verify: Any = True, cert: Any = None, proxies: Any = None) -> requests.Response:
        parts = urlsplit(request.url or "")
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = b"".join(part if isinstance(part, bytes) else str(part).encode() for part in body)
        headers = {k.lower(): v for k, v in request.headers.items()}
        req = Request(request.method or "GET", parts.path, parts.query, headers, body, self.base_url())
        answer = app.dispatch(self.state, req)
        response = requests.Response()
        response.status_code = answer.status
        response.headers = CaseInsensitiveDict(dict(answer.headers))
        response.headers["Content-Length"] = str(len(answer.body))
        response._content = answer.body
        response.raw = BytesIO(answer.body)
        response.url = request.url or ""
        response.request = request
        response.reason = "OK" if answer.status < 400 else "Error"
        response.encoding = requests.utils.get_encoding_from_headers(response.headers) or "utf-8"
        return response

    def close(self) -> None:
        pass
