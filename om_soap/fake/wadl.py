"""``<ctx>/services?_wadl`` and ``<ctx>/services/<base>?_wadl``: the REST API as a WADL,
written from the fake's own route table (:data:`om_soap.fake.responses_rest.ROUTES`), so the WADL and
what the fake answers cannot disagree.

What a real server writes: OpenMeetings publishes every REST class through one CXF
``jaxrs:server`` at address ``/`` (``cxf-servlet.xml @ 4.0.11, 9.1.0``), and its site documents
``<ctx>/services/user?_wadl`` for the WADL (``RestAPISample.xml @ 9.1.0``). The generator,
``cxf-rt-rs-service-description``, is a dependency from 3.1.3 (``openmeetings-webservice/pom.xml
@ 3.1.3RC1``, absent @ 3.1.2): 3.1.0-3.1.2 answer ``?_wadl`` with 404 here (the feature
``rest_wadl``). The elements kept
here are the ones CXF's WadlGenerator writes for such classes: ``resources base``, a
``resource`` per class path (``@Path("/room")``) holding a ``resource`` per method path with
its ``template`` params, a ``method`` (HTTP name, ``id`` = the Java method), ``request``
params (``query``; form fields inside an ``application/x-www-form-urlencoded``
representation) and the ``response`` representation (every class is
``@Produces(APPLICATION_JSON)``, ``RoomWebService.java @ 9.1.0``). INFERRED (no captured WADL
in the sources): the Java method name equals the SOAP operation name (it does for the
classes read), a DTO parameter is typed ``xs:string`` (it travels as JSON text), a void
method answers ``<response status="204"/>``, multipart parameters sit in a
``multipart/form-data`` representation; ``<grammars/>`` is left empty (a real server writes
the DTO schemas there). The JSON form is not imitated: the site names ``?_wadl&type=json``,
while CXF's WadlGenerator (``doFilter``) picks JSON from an ``Accept: application/json``
header and writes the same document through the JSON provider, whose exact output no source
at hand shows.
"""
from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple
from xml.sax.saxutils import quoteattr

from . import responses_rest as rest
from .models import FakeState
from .wire import Request, Response

WADL_NS = "http://wadl.dev.java.net/2009/02"
_PATH = re.compile(r"^/openmeetings/services(?:/(?P<base>[a-z][\w.-]*))?/?$")


def wants(request: Request) -> bool:
    """Whether ``request`` asks for a WADL (GET ``<ctx>/services[/<base>]?_wadl``)."""
    return request.method == "GET" and "_wadl" in request.query_params() and bool(_PATH.match(request.path))




def _xs(type_name: str, complex_: bool) -> str:
    return type_name if type_name.startswith("xs:") and not complex_ else "xs:string"


def _param(name: str, style: str, type_name: str, indent: str) -> str:
    return f"{indent}<param name={quoteattr(name)} style={quoteattr(style)} type={quoteattr(type_name)}/>"


def _method(state: FakeState, route: "rest._Route", indent: str) -> List[str]:
    op = state.snapshot.services[route.service].operations[route.op]
    query: List[Tuple[str, str]] = []
    form: List[Tuple[str, str]] = []
    multipart: List[Tuple[str, str]] = []
    for field in op.params:
        kind = route.sources.get(field.name)
        if field.name in route.path_params or kind is None:
            continue
        line = (field.name, _xs(field.type, field.complex))
        {"Q": query, "F": form, "M": multipart}[kind].append(line)
    lines = [f"{indent}<method name={quoteattr(route.method)} id={quoteattr(route.op)}>"]
    if query or form or multipart:
        lines.append(f"{indent} <request>")
        lines += [_param(n, "query", t, indent + "  ") for n, t in query]
        for media, params in (("application/x-www-form-urlencoded", form), ("multipart/form-data", multipart)):
            if params:
                lines.append(f"{indent}  <representation mediaType={quoteattr(media)}>")
                lines += [_param(n, "query", t, indent + "   ") for n, t in params]
                lines.append(f"{indent}  </representation>")
        lines.append(f"{indent} </request>")
    if op.returns is None:
        lines.append(f'{indent} <response status="204"/>')
    else:
        media = "application/manifest+json" if route.op == "getManifest" else "application/json"
        lines.append(f"{indent} <response><representation mediaType={quoteattr(media)}/></response>")
    lines.append(f"{indent}</method>")
    return lines


def document(state: FakeState, services_url: str, base: Optional[str] = None) -> Optional[bytes]:
    """The WADL of every REST class (or only ``/<base>``), None when no class has that path."""
    classes: Dict[str, Dict[str, List["rest._Route"]]] = {}
    for route in rest.served_routes(state):
        head, _, tail = route.template.lstrip("/").partition("/")
        if base is not None and head != base:
            continue
        classes.setdefault(f"/{head}", {}).setdefault(f"/{tail}", []).append(route)
    if not classes:
        return None
    lines = [f'<application xmlns="{WADL_NS}" xmlns:xs="http://www.w3.org/2001/XMLSchema">',
             "<grammars/>", f"<resources base={quoteattr(services_url)}>"]
    for class_path, methods in classes.items():
        lines.append(f" <resource path={quoteattr(class_path)}>")
        for method_path, routes in methods.items():
            lines.append(f"  <resource path={quoteattr(method_path)}>")
            first = routes[0]
            op = state.snapshot.services[first.service].operations[first.op]
            types = {f.name: _xs(f.type, f.complex) for f in op.params}
            lines += [_param(n, "template", types.get(n, "xs:string"), "   ") for n in first.path_params]
            for route in routes:
                lines += _method(state, route, "   ")
            lines.append("  </resource>")
        lines.append(" </resource>")
    lines += ["</resources>", "</application>"]
    return ('<?xml version="1.0"?>\n' + "\n".join(lines) + "\n").encode("utf-8")


def handle(state: FakeState, request: Request) -> Response:
    m = _PATH.match(request.path)
    assert m is not None  # wants() said so
    base = m.group("base")
    if not state.version.has("rest_wadl"):
        return Response.text(404, f"no WADL on OpenMeetings {state.version.text} (it has one from 3.1.3)")
    body = document(state, f"{request.base_url}/services/", base)
    if body is None:
        return Response.text(404, f"no REST resource /{base} on OpenMeetings {state.version.text}")
    return Response.xml(200, body, "application/xml")


__all__ = ["WADL_NS", "document", "handle", "wants"]
