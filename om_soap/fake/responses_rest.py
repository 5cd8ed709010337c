"""The REST side: ``<ctx>/services/<base>/...`` over the same operations as SOAP.

Routes are a table (the `@Path` annotations of WS/*WebService.java at the tags, and the 9.1 OpenAPI spec): HTTP method, path template, the
operation, and where each non-path parameter comes from (``Q`` query, ``F`` form). DTO
parameters are JSON strings (docs/openmeetings-versions.md "REST JSON shape"); ``sid`` is always a query parameter. Answers are
the SOAP answer's tree under its root name, written by Jettison's rules (docs/openmeetings-versions.md "REST JSON shape"); a list
answer is always an array under its root; a single UserDTO is written by OpenMeetings' own
UserMessageBodyWriter from 3.3.2. A ServiceException is HTTP 500: the servlet container's
HTML error page before 6.3, a serviceResult body and an ``exception`` header from 6.3.
``@FormParam`` fields come urlencoded or as multipart/form-data.
"""
from __future__ import annotations

import html
import json
import re
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any, Dict, List, Tuple
from urllib.parse import parse_qs, unquote

from ..results import jettison
from . import handlers, shape, urls
from .models import FakeState, NotImplementedByFake, ServiceException
from .wire import Request, Response

#: The REST routes are data in :mod:`om_soap.fake.urls` (re-exported here for the WADL writer).
ROUTES_SPEC = urls.ROUTES_SPEC
_Route = urls.RestRoute
ROUTES = urls.REST_ROUTES


class _BadParam(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def handle(state: FakeState, path: str, request: Request) -> Response:
    route, match, allowed = _match(state, "/" + path, request.method)
    if route is None:
        if allowed:
            # CXF answers 405 with no body and no content type, naming the methods in Allow
            # (real 9.1.0: tests/transcripts/9.1.0/07-rest_login_get_405.json; its Allow header
            # was "DELETE,POST,GET,OPTIONS,HEAD").
            return Response(405, b"", [("Allow", ",".join(sorted(allowed, reverse=True)) + ",OPTIONS,HEAD")])
        return Response.text(404, f"no REST resource at /services/{path} on OpenMeetings {state.version.text}")
    try:
        params = _params(state, route, match, request)
        params["__op__"] = route.op
        result = handlers.call(state, route.service, route.op, params)
    except _BadParam as exc:
        return Response.text(exc.status, str(exc))
    except NotImplementedByFake as exc:
        return Response.text(501, str(exc))
    except ServiceException as exc:
        return _error(state, exc.message)
    return _render(state, route, result)


def served_routes(state: FakeState) -> List[_Route]:
    """The routes this version answers: those whose parameters the version's operation declares
    (so `/error/{id}/..` serves 3.x and `/error/{key}/..` 4.0+) and whose release range holds it.
    The WADL (:mod:`om_soap.fake.wadl`) lists exactly these."""
    services = state.snapshot.services
    out = []
    for route in ROUTES:
        model = services.get(route.service)
        if model is None or route.op not in model.operations or not route.serves(state.version):
            continue
        declared = {f.name for f in model.operations[route.op].params}
        mine = set(route.path_params) | set(route.sources)
        if not set(route.path_params) <= declared or (route.exact and mine != declared):
            continue
        out.append(route)
    return out


def _match(state: FakeState, path: str, method: str):
    """The first served route whose template matches ``path``, and the methods the others allow."""
    allowed = set()
    for route in served_routes(state):
        m = route.pattern.match(path)
        if m is None:
            continue
        if route.method != method:
            allowed.add(route.method)
            continue
        return route, m, allowed
    return None, None, allowed


def _params(state: FakeState, route: _Route, match: "re.Match[str]", request: Request) -> Dict[str, Any]:
    model = state.snapshot.services[route.service]
    fields = {f.name: f for f in model.operations[route.op].params}
    query = request.query_params()
    form: Dict[str, List[str]] = {}
    if any(kind == "F" for kind in route.sources.values()) and request.body:
        if request.content_type == "multipart/form-data":
            # @FormParam reads multipart/form-data as well as urlencoded: CXF's
            # JAXRSUtils.processFormParam fills the form map from the parts (INFERRED from the
            # CXF source as read for the corrections to the facts; OpenMeetings declares no
            # @Consumes on e.g. UserWebService.login @ 9.1.0, RoomWebService.add @ 9.1.0).
            # PHP's curl sends an array POSTFIELDS this way (the Moodle plugin's login and room add).
            try:
                form = {name: [value.decode("utf-8")] for name, value in _multipart(request).items()}
            except UnicodeDecodeError:
                raise _BadParam(400, "a form part is not UTF-8") from None
        elif request.content_type != "application/x-www-form-urlencoded":
            raise _BadParam(415, f"send the form fields as application/x-www-form-urlencoded or "
                                 f"multipart/form-data, not {request.content_type or '(no content type)'}")
        else:
            try:
                form = parse_qs(request.body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise _BadParam(400, "the form body is not UTF-8") from None
    parts = _multipart(request) if any(kind == "M" for kind in route.sources.values()) else {}
    raw: Dict[str, Any] = {}
    for name in route.path_params:
        raw[name] = unquote(match.group(name))
    for name, kind in route.sources.items():
        if kind == "M":
            if name in parts:
                raw[name] = parts[name]
            continue
        values = (query if kind == "Q" else form).get(name)
        if values:
            fld = fields.get(name)
            raw[name] = values if fld is not None and fld.many else values[0]
    if route.op == "getExternal" and route.service == "RoomService" and not state.version.has("rest_get_external"):
        # The path template says {externaliId}, the parameter reads externalid: null
        # (RoomWebService.java @ 3.3.2RC1, 4.0.6RC1;
        # the path changed @ 6.0.0: tests/pinned.py rest_get_external).
        raw["externalid"] = None
    out: Dict[str, Any] = {}
    for name, value in raw.items():
        fld = fields.get(name)
        if fld is None or value is None:
            continue
        status = 400 if route.sources.get(name) in ("F", "M") else 404  # JAX-RS: bad Q/P param is 404
        # FileService.add's stream: xs:base64Binary in no WSDL of a real server, which publishes
        # java.io.InputStream as the empty type `inputStream` (wsdl_cache/real-*/FileService.wsdl)
        if isinstance(value, bytes) and (not fld.complex or fld.type == "inputStream"):
            out[name] = value  # a binary part (FileService.add's stream): the bytes as sent
            continue
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                raise _BadParam(400, f"part {name} is not UTF-8 JSON") from None
        if fld.complex:
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise _BadParam(status, f"{name} is not valid JSON: {exc}") from None
            if isinstance(value, dict) and len(value) == 1 and fld.type in value \
                    and isinstance(value[fld.type], dict):
                value = value[fld.type]  # {"userDTO": {...}} is accepted too (UserDTO.get(JSONObject) @ 9.1.0)
            if not isinstance(value, dict):
                raise _BadParam(status, f"{name} must be a JSON object")
            value = _input_names(model, fld.type, value)
        try:
            out[name] = shape.convert(model, fld, value)
        except shape.BadValue as exc:
            raise _BadParam(status, str(exc)) from None
    return out


def _multipart(request: Request) -> Dict[str, bytes]:
    """The parts of a multipart/form-data body by name (415 for another body, 400 if broken)."""
    if request.content_type != "multipart/form-data":
        raise _BadParam(415, f"send a multipart/form-data body, not {request.content_type or '(no content type)'}")
    head = f"Content-Type: {request.header('content-type')}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    if not message.is_multipart():
        raise _BadParam(400, "the multipart body has no parts (missing or wrong boundary)")
    out: Dict[str, bytes] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and name not in out:
            out[name] = payload if isinstance(payload, bytes) else b""
    return out


#: REST JSON input keys that differ from the XML element they fill, per complexType: the
#: address e-mail is read as ``email`` (UserDTO.get(JSONObject) @ 9.1.0) while the 5.0+
#: Address writes it as ``mail``. Applied only where the version's WSDL declares the XML name
#: and not the input key, so up to 4.0 (where both are ``email``) nothing changes. The facts
#: read that reader at 9.1.0; real 5.1.0, 6.3.0 and 7.2.0 ignore an input ``mail`` too (their
#: answers carry email "": tests/transcripts/7.2.0/41-rest_user_add.json).
INPUT_NAMES: Dict[str, Dict[str, str]] = {
    "address": {"email": "mail"},
}


def _input_names(model: Any, type_name: str, data: Dict[str, Any]) -> Dict[str, Any]:
    """A REST JSON DTO with its input keys renamed to the WSDL's element names, nested DTOs too."""
    declared = {f.name: f for f in model.types.get(type_name, [])}
    out = dict(data)
    for key, xml_name in INPUT_NAMES.get(type_name, {}).items():
        if key not in declared and xml_name in declared:
            # UserDTO.get(JSONObject) @ 9.1.0 reads address id, country and email only: an input
            # ``mail`` is not one of them, so it is dropped as the server ignores it.
            out.pop(xml_name, None)
            if key in out:
                out[xml_name] = out.pop(key)
    for name, fld in declared.items():
        if fld.complex and isinstance(out.get(name), dict):
            out[name] = _input_names(model, fld.type, out[name])
    return out


#: OpenMeetings' own UserMessageBodyWriter (registered in WEB-INF/classes/cxf-servlet.xml)
#: writes every single UserDTO answer: absent at 3.3.1RC3, present at 3.3.2RC1
#: (openmeetings-webservice/.../webservice/util/UserMessageBodyWriter.java, still at 9.1.0).
USER_WRITER_FROM = (3, 3, 2)

#: Address elements whose bean property differs from the WSDL's element: (getter name, Java
#: type). Address.getEmail() is written as <mail> from 5.0 (Address.java @ 9.1.0; the cxf-5.0
#: snapshot); HistoricalEntity's Date getInserted()/getUpdated() and boolean isDeleted() are
#: <created>/<updated>/<deleted> text through XML adapters from 5.0 (HistoricalEntity.java @ 9.1.0).
_BEAN_FIELDS: Dict[str, Dict[str, Tuple[str, str]]] = {
    "address": {"mail": ("email", ""), "created": ("inserted", "xs:dateTime"),
                "updated": ("updated", "xs:dateTime"), "deleted": ("deleted", "xs:boolean")},
}


def _java_date(text: str) -> str:
    """``java.util.Date.toString()`` ("EEE MMM dd HH:mm:ss zzz yyyy") in the fake's UTC."""
    moment = shape.parse_datetime(text)
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")  # C-locale names, as Java's Date writes them


def _bean_json(model: Any, fld: Any, value: Any) -> Any:
    """A WSDL-shaped tree as openjson's ``new JSONObject(bean)`` writes the bean: getter
    names in sorted order (objectAsMap fills a TreeMap from java.beans.Introspector), nulls
    left out (JSONStringer.entry skips NULL, openjson 1.0.3+), collections as real arrays,
    enums by name, numbers and booleans typed, dates as Date.toString() (wrap(): a java.*
    object is written with toString()); openjson JSONObject.java @ v1.0.12."""
    if value is None:
        return None
    if fld.many:
        one = type(fld)(fld.name, fld.type, False, fld.complex)
        items = value if isinstance(value, list) else [value]
        return [_bean_json(model, one, item) for item in items]
    if fld.complex:
        beans = _BEAN_FIELDS.get(fld.type, {})
        out: Dict[str, Any] = {}
        for child in model.types.get(fld.type, []):
            name, java = beans.get(child.name, (child.name, ""))
            if java and not child.complex:
                child = type(child)(child.name, java, child.many, False)
            sub = _bean_json(model, child, value.get(child.name)) if isinstance(value, dict) else None
            if sub is not None:
                out[name] = sub
        return dict(sorted(out.items()))
    if fld.type in ("xs:long", "xs:int", "xs:short", "xs:byte", "xs:integer"):
        return int(value)
    if fld.type in ("xs:double", "xs:float"):
        return float(value)
    if fld.type == "xs:boolean":
        return value in ("true", "1", True)
    if fld.type == "xs:dateTime":
        try:
            return _java_date(str(value))
        except ValueError:
            return str(value)
    return value


def _error(state: FakeState, message: str) -> Response:
    if state.version.has("rest_error_body"):
        body = {"serviceResult": jettison({"message": message, "type": "ERROR"})}
        return Response.json(500, body, headers=[("exception", message)])
    # Before 6.3 no ExceptionMapper is registered (cxf-servlet.xml) and web.xml declares no
    # error page, so the exception leaves CXF (ExceptionUtils / JAXRSInvoker rethrow it) and
    # the servlet container answers with its own error page: Tomcat's ErrorReportValve, HTML,
    # status 500, text/html;charset=utf-8 (real 5.1.0: tests/transcripts/5.1.0/35-rest_room_get_missing.json).
    # The title and description are Tomcat 8.5/9's http.500.reason / http.500.desc
    # (catalina/valves/LocalStrings.properties); 3.1.x ran Tomcat 8.0 (pom.xml tomcat.version
    # 8.0.28 @ 3.1.0RC1), whose page is worded differently (INFERRED: same status and type).
    return Response.text(500, _tomcat_500(state, message), "text/html;charset=utf-8")


def _tomcat_500(state: FakeState, message: str) -> str:
    text = html.escape(message)
    return ('<!doctype html><html lang="en"><head><title>HTTP Status 500 \u2013 Internal Server Error</title>'
            '</head><body><h1>HTTP Status 500 \u2013 Internal Server Error</h1><hr class="line" />'
            "<p><b>Type</b> Exception Report</p>"
            f"<p><b>Message</b> {text}</p>"  # INFERRED: the exception message
            "<p><b>Description</b> The server encountered an unexpected condition that prevented it from "
            "fulfilling the request.</p><hr class=\"line\" /><h3>Apache Tomcat</h3></body></html>")


def _render(state: FakeState, route: _Route, result: Any) -> Response:
    model = state.snapshot.services[route.service]
    returns = model.operations[route.op].returns
    if result is None or returns is None:
        return Response(204)
    if not returns.complex:
        if isinstance(result, str) and route.op == "getManifest":
            return Response.text(200, result, "application/manifest+json")
        if (route.service, route.op) == ("UserService", "count") and state.version.has("user_count_int"):
            # A bare int under @Produces(JSON): CXF 3.1 has no writer for it (PrimitiveTextProvider
            # takes text/plain only), so JAXRSOutInterceptor.writeResponseErrorMessage answers
            # 500, text/plain, with NO_MSG_WRITER (jaxrs/utils/Messages.properties @ cxf-3.1.9;
            # cxf.version 3.1.5 @ 3.1.0RC1, 3.1.9 @ 3.2.0RC1).
            return Response.text(500, "No message body writer has been found for class java.lang.Integer, "
                                      "ContentType: application/json", "text/plain")
        return Response.text(200, shape.tree(model, returns, result), "application/json")
    tree = shape.tree(model, returns, result)
    if returns.type == "userDTO" and not returns.many and state.version.tuple >= USER_WRITER_FROM:
        # UserMessageBodyWriter: {"userDTO": new JSONObject(bean)} (UserParamConverter.json @
        # 3.3.2RC1, 4.0.11, 9.1.0), not Jettison: no number guessing, no collapsed arrays.
        return Response.json(200, {"userDTO": _bean_json(model, returns, tree)})
    if returns.many:
        # A list answer is always {"<root>":[...]}, one item and none included: CXF's
        # JSONProvider.marshalCollection writes the array itself (real 5.1.0-9.1.0:
        # tests/transcripts/9.1.0/10-rest_room_public_interview.json keeps a one-item array,
        # 45-rest_record_external_type_0.json answers {"recordingDTO":[]}; the OpenAPI *ListWrapper schemas, openmeetings-site-swagger
        # 6.3.0-9.1.0, say type: array, and FileItemDTOListWrapper's example is a one-item array).
        items = tree if isinstance(tree, list) else [tree]
        return Response.json(200, {returns.type: [jettison(item) for item in items]})
    return Response.json(200, jettison({returns.type: tree}))


routes_for = urls.routes_for


__all__ = ["ROUTES_SPEC", "handle", "routes_for"]
