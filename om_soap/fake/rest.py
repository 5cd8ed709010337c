"""REST side (placeholder until the route table lands)."""
from __future__ import annotations

from .state import FakeState
from .wire import Request, Response


def handle(state: FakeState, path: str, request: Request) -> Response:
    return Response.text(501, "REST is not implemented by the fake yet")
