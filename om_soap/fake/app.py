"""Routing: URL pattern -> handler (moto's ``urls.py``), shared by every entry point.

Every failure becomes an answer: a fault, a 4xx with a clear message, never a traceback.
"""
from __future__ import annotations

import logging
import re
import traceback
from typing import Callable, List, Pattern, Tuple

from ..redact import scrub
from . import entry_page as entry, responses_axis2 as axis2, responses_rest as rest, responses_soap as soap, urls, wadl
from .models import FakeState
from .wire import MAX_BODY, Request, Response

log = logging.getLogger("om_soap.fake")
CONTEXT = urls.CONTEXT

Route = Tuple[Pattern[str], Callable[[FakeState, Request, "re.Match[str]"], Response]]


def _soap(state: FakeState, request: Request, m: "re.Match[str]") -> Response:
    service = m.group("service")
    if service not in state.snapshot.services:
        return Response.text(404, f"No service was found: {service} is not published by OpenMeetings "
                                  f"{state.version.text}")
    if request.method == "GET":
        if "wsdl" in request.query.lower():
            return soap.wsdl(state, service, request)
        return Response.text(405, "GET needs ?wsdl; SOAP calls are POSTed")
    if request.method != "POST":
        return Response.text(405, f"{request.method} is not allowed on a SOAP endpoint")
    return soap.handle(state, service, request)


def _entry(state: FakeState, request: Request, m: "re.Match[str]") -> Response:
    page = m.group("page")
    # swf?secureHash= up to 3.1, hash?secure= from 3.2 (HashPage.java @ 3.1.5RC2, 3.2.0RC2).
    if (page == "hash") != state.version.has("hash_entry_url"):
        return Response.text(404, f"{CONTEXT}/{page} does not exist on OpenMeetings {state.version.text}")
    if request.method != "GET":
        return Response.text(405, "the entry page answers GET")
    return entry.handle(state, page, request)


def _rest(state: FakeState, request: Request, m: "re.Match[str]") -> Response:
    return rest.handle(state, m.group("rest"), request)


_HANDLERS = {"soap": _soap, "rest": _rest, "entry": _entry}
#: The CXF routes of :mod:`om_soap.fake.urls`, each with its handler.
ROUTES: List[Route] = [(pattern, _HANDLERS[name]) for pattern, name in urls.CXF_ROUTES]


def describe(exc: BaseException) -> str:
    """One line for the log: the exception's type, its scrubbed message and where it was
    raised. No traceback: its text could hold a SID, hash or password in full."""
    where = ""
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        last = frames[-1]
        where = f" (at {last.filename.rsplit('/', 1)[-1]}:{last.lineno} in {last.name})"
    return f"{type(exc).__name__}: {scrub(str(exc))[:300]}{where}"


def internal_error() -> Response:
    return Response.text(500, "internal error in the OpenMeetings fake (see its log)")


def dispatch(state: FakeState, request: Request) -> Response:
    if len(request.body) > MAX_BODY:
        return Response.text(413, f"request body over {MAX_BODY} bytes")
    if request.method in ("TRACE", "HEAD") and request.path.startswith(f"{CONTEXT}/services"):
        return Response.text(403, f"{request.method} is forbidden on /services/*")  # WEB-INF/web.xml @ 9.1.0 forbids them
    if state.version.is_axis2:  # 2.1-3.0.x: SOAP on Axis2 and the swf entry page, no REST (no webservice module before 3.1.0RC1)
        return axis2.route(state, request)
    if wadl.wants(request):  # <ctx>/services[/<base>]?_wadl: the REST API, from rest.ROUTES
        return wadl.handle(state, request)
    for pattern, handler in ROUTES:
        m = pattern.match(request.path)
        if m:
            try:
                return handler(state, request, m)
            except Exception as exc:  # noqa: BLE001 (a fake bug must not hang or reset the connection)
                log.warning("the fake failed on %s %s: %s", request.method, scrub(request.path), describe(exc))
                return internal_error()
    return Response.text(404, f"not found: {request.path} (the fake serves {CONTEXT}/services/..., "
                              f"{CONTEXT}/hash and {CONTEXT}/swf)")
