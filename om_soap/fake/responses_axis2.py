"""The fake's Axis2 family: OpenMeetings 2.1-3.0.x over the same state as the CXF families.

Legacy integrations written against 3.0.x need something to run against, and the facade's
Axis2 dialect needs a server that is not the dialect's own idea of one. This module is the
wire side only (moto's ``responses.py``): users, sessions, rooms and hashes are the
:class:`~om_soap.fake.models.FakeState` ones, so a hash minted here enters through the core's
``<ctx>/swf?secureHash=`` page like any 3.1 hash.

What it serves, and how Axis2 writes it (shapes read from the captured 2.1/3.0.7 WSDLs,
semantics from 3.0.7RC3 ``UserWebService.java`` and ``UserWebServiceFacade.java`` @ 3.0.7RC3):

- ``GET <ctx>/services/<X>Service?wsdl``: the bundled ``wsdl_cache/axis2-3.0`` snapshot with
  its three addresses moved onto the URL the caller used;
- ``POST <ctx>/services/<X>Service`` or ``.../<X>Service.<X>ServiceHttpSoap11Endpoint/``:
  SOAP 1.1 in a ``soapenv`` envelope, answers ``ns:<op>Response`` with *qualified*
  children (``ns:return``; bean fields in the bean's namespace, nulls as ``xsi:nil``);
  ``getSession``, ``loginUser``, ``getErrorByCode`` and the
  ``setUserObjectAndGenerateRoomHash*`` family; every other operation of the real 3.0.7
  User (18), Room (40) and Calendar (12) services is declared and answers the
  ``soapenv:Server`` fault "not implemented by the fake: <Service>.<op>";
- ``<ctx>/swf?secureHash=``: handed to the core's entry page; REST (absent before 3.1): 404.

Entry points: :func:`make_state` builds the state for a 2.1-3.0.x version (``FakeState``
itself refuses Axis2 versions), :func:`route` answers any request to such a fake.
"""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timezone
from collections.abc import Callable
from typing import Any

from lxml import etree

from ..xml import SOAP11_ENV as ENV

from ..errors import OpenMeetingsError
from ..versions import AXIS2_NAMESPACE
from ..wsdl import snapshot_file
from .models import _ERRORS_BY_ID, FakeState, Session
from . import urls
from .models_axis2 import Axis2State, make_state  # noqa: F401 (make_state: the Axis2 state, for callers)
from .responses_soap import request_wrapper
from .wire import MAX_BODY, Request, Response
from .wsdl_model import safe_parser

CONTEXT = urls.CONTEXT
SNAPSHOT = "axis2-3.0"
TNS = AXIS2_NAMESPACE
XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Bean namespaces of the 3.0.7 WSDL (and of the authored snapshot rendered from it).
SESSION_NS = "http://server.entity.db.openmeetings.apache.org/xsd"
ERROR_NS = "http://basic.dto.db.openmeetings.apache.org/xsd"
#: The CXF family whose state rules are closest (coded results, swf entry page, a returned
#: -26): the state is built for it, then re-labelled with the Axis2 version.

_SERVICE, _SWF = (pattern for pattern, _name in urls.AXIS2_ROUTES)
_ADDRESS = re.compile(r'(<(?:soap|soap12|http):address location=")[^"]*/services/([^"]*")')

#: The hash operations: name -> allowSameURLMultipleTimes, and whether allowRecording is a
#: parameter (else it is always true). Read at 3.0.7RC3 UserWebService.java.
HASH_OPERATIONS: dict[str, tuple[bool, bool]] = {
    "setUserObjectAndGenerateRoomHash": (False, False),
    "setUserObjectAndGenerateRoomHashByURL": (True, False),
    "setUserObjectAndGenerateRoomHashByURLAndRecFlag": (True, True),
}


# --------------------------------------------------------------------------- routing


def route(state: FakeState, request: Request) -> Response:
    """Answer any request to an Axis2 fake (the router calls this when the version is Axis2)."""
    if len(request.body) > MAX_BODY:
        return Response.text(413, f"request body over {MAX_BODY} bytes")
    path = request.path
    m = _SERVICE.match(path)
    if m:
        return handle(state, m.group("service"), m.group("port"), request)
    if _SWF.match(path):
        from . import entry_page as entry  # the core's page; imported late to keep this module standalone

        if request.method != "GET":
            return Response.text(405, "the entry page answers GET")
        return entry.handle(state, "swf", request)
    return Response.text(404, f"not found: {path} (OpenMeetings {state.version.text} serves SOAP on "
                              f"{CONTEXT}/services/<X>Service and rooms on {CONTEXT}/swf; no REST before 3.1)")


def handle(state: FakeState, service: str, port: str | None, request: Request) -> Response:
    """One request to ``<ctx>/services/<service>[.<port>]``."""
    try:
        wsdl_bytes = snapshot_file(SNAPSHOT, service).read_bytes()
    except (OpenMeetingsError, OSError):
        # Axis2 answers an unknown service with a fault page; a 404 says the same plainly.
        return Response.text(404, f"The service cannot be found for the endpoint reference (EPR) "
                                  f"{CONTEXT}/services/{service}")
    if port not in (None, f"{service}HttpSoap11Endpoint", f"{service}HttpSoap12Endpoint",
                    f"{service}HttpEndpoint"):
        return Response.text(404, f"{service} has no port {port!r}")
    if request.method == "GET":
        if "wsdl" in request.query.lower():
            return wsdl(wsdl_bytes, request)
        return Response.text(405, "GET needs ?wsdl; SOAP calls are POSTed")
    if request.method != "POST":
        return Response.text(405, f"{request.method} is not allowed on a SOAP endpoint")
    if port not in (None, f"{service}HttpSoap11Endpoint"):
        return fault("soapenv:Client", f"the fake answers SOAP 1.1 only; POST to {service}.{service}"
                                       "HttpSoap11Endpoint/")
    try:
        op, params = _parse(request.body)
    except ValueError as exc:
        return fault("soapenv:Client", str(exc))
    known = _operations(wsdl_bytes)
    if op not in known:
        return fault("soapenv:Client", f"The endpoint reference (EPR) for the Operation not found is "
                                       f"{CONTEXT}/services/{service} and the WSA Action = urn:{op}")
    handler = _HANDLERS.get((service, op))
    if handler is None:
        return fault("soapenv:Server", f"not implemented by the fake: {service}.{op}")
    try:
        return handler(state, op, params)
    except (TypeError, ValueError) as exc:
        return fault("soapenv:Client", f"bad parameter for {op}: {exc}")


def wsdl(content: bytes, request: Request) -> Response:
    """The snapshot with every address (SOAP 1.1, SOAP 1.2, HTTP) on the caller's URL."""
    base = f"{request.base_url}/services/"
    text = _ADDRESS.sub(lambda m: m.group(1) + base + m.group(2), content.decode("utf-8"))
    return Response.xml(200, text.encode("utf-8"))


def _operations(content: bytes) -> set:
    root = etree.fromstring(content, safe_parser())
    return {o.get("name") for o in root.iterfind("{http://schemas.xmlsoap.org/wsdl/}portType/"
                                                 "{http://schemas.xmlsoap.org/wsdl/}operation")}


def _parse(body: bytes) -> tuple[str, dict[str, str | None]]:
    """The operation and its parameters (by local name, as Axis2's RPC receiver reads them;
    INFERRED leniency) from a SOAP 1.1 request; ValueError for anything else."""
    wrapper = request_wrapper(body)
    if etree.QName(wrapper).namespace != TNS:
        raise ValueError(f"the operation element must be in {TNS}, not {wrapper.tag}")
    params: dict[str, str | None] = {}
    for child in wrapper:
        if isinstance(child.tag, str):
            nil = child.get(f"{{{XSI}}}nil") in ("true", "1")
            params[etree.QName(child).localname] = None if nil else (child.text or "")
    return etree.QName(wrapper).localname, params


# --------------------------------------------------------------------------- answers


def _response(op: str, fill: Callable[[etree._Element], None]) -> Response:
    env = etree.Element(f"{{{ENV}}}Envelope", nsmap={"soapenv": ENV})
    body = etree.SubElement(env, f"{{{ENV}}}Body")
    wrapper = etree.SubElement(body, f"{{{TNS}}}{op}Response", nsmap={"ns": TNS})
    fill(wrapper)
    return Response.xml(200, etree.tostring(env, xml_declaration=True, encoding="UTF-8"))


def scalar(op: str, value: Any) -> Response:
    """``<ns:return>value</ns:return>`` (Long, String, int, boolean answers)."""

    def fill(wrapper: etree._Element) -> None:
        _set_value(etree.SubElement(wrapper, f"{{{TNS}}}return"), value)

    return _response(op, fill)


def _set_value(el: etree._Element, value: Any) -> None:
    """One simple value as Axis2 writes it: xsi:nil for null, lower-case booleans."""
    if value is None:
        el.set(f"{{{XSI}}}nil", "true")
    elif isinstance(value, bool):
        el.text = "true" if value else "false"
    else:
        el.text = str(value)


def bean(op: str, namespace: str, type_name: str, fields: dict[str, Any] | None) -> Response:
    """A bean answer: ``xsi:type`` names it, fields qualified in its namespace, nulls nil."""

    def fill(wrapper: etree._Element) -> None:
        ret = etree.SubElement(wrapper, f"{{{TNS}}}return", nsmap={"ax": namespace, "xsi": XSI})
        if fields is None:
            ret.set(f"{{{XSI}}}nil", "true")
            return
        ret.set(f"{{{XSI}}}type", f"ax:{type_name}")
        for name in sorted(fields):  # Axis2 writes bean properties sorted (read in the WSDLs)
            _set_value(etree.SubElement(ret, f"{{{namespace}}}{name}"), fields[name])

    return _response(op, fill)


def fault(code: str, message: str) -> Response:
    """A SOAP 1.1 fault as Axis2 sends it (``soapenv`` prefix, empty detail), HTTP 500."""
    env = etree.Element(f"{{{ENV}}}Envelope", nsmap={"soapenv": ENV})
    body = etree.SubElement(env, f"{{{ENV}}}Body")
    flt = etree.SubElement(body, f"{{{ENV}}}Fault")
    etree.SubElement(flt, "faultcode").text = code
    etree.SubElement(flt, "faultstring").text = message
    etree.SubElement(flt, "detail")
    return Response.xml(500, etree.tostring(env, xml_declaration=True, encoding="UTF-8"))


# --------------------------------------------------------------------------- operations


def _get_session(state: FakeState, op: str, params: dict[str, str | None]) -> Response:
    """A new anonymous session; its ``session_id`` is the SID (UserWebServiceFacade.getSession @ 3.0.7RC3)."""
    with state.lock:
        sid = uuid.uuid4().hex  # 3.0.x SIDs are 32 hex digits (an MD5), INFERRED format
        session = Session(sid, None, state.clock())
        state.sessions[sid] = session
        counter = getattr(state, "_session_ids", None)
        number = next(counter) if counter is not None else len(state.sessions)
    # SessiondataDao.startsession @ 3.0.7RC3 sets refresh_time and starttermin_time to now;
    # every Sessiondata property of the 3.0.7 WSDL is written. Axis2 writes a java.util.Date
    # typed xs:date as the date with its zone (INFERRED format: the WSDL type is xs:date).
    today = datetime.now(timezone.utc).strftime("%Y-%m-%dZ")
    return bean(op, SESSION_NS, "Sessiondata", {
        "id": number, "language_id": None, "organization_id": None, "refresh_time": today,
        "sessionXml": None, "session_id": sid, "starttermin_time": today, "storePermanent": False,
        "user_id": None,
    })


def _login_user(state: FakeState, op: str, params: dict[str, str | None]) -> Response:
    """3.0.7 loginUser: UserDao.login first (-10 unknown, -11 password, -41 not activated),
    then the SID's session is bound to the user (-35 when there is no such session)."""
    name, password = params.get("username") or "", params.get("userpass")
    with state.lock:
        found = next((u for u in state.users.values() if u.type == "USER" and name
                      and (u.login == name or (u.email and u.email.lower() == name.lower()))), None)
        if found is None:
            return scalar(op, -10)
        if found.password != password:
            return scalar(op, -11)
        if "LOGIN" not in found.rights:
            return scalar(op, -41)
        session = state.check(params.get("SID"))
        if session is None:
            return scalar(op, -35)
        session.user_id = found.id
        return scalar(op, found.id)


def _get_error_by_code(state: FakeState, op: str, params: dict[str, str | None]) -> Response:
    """Negative ids from the 3.x error table (texts of 3.1.2; INFERRED equal in 3.0.7), a
    generic text for id >= 0, null for an unknown id. The SID is not checked (read)."""
    errorid = int(params.get("errorid") or 0)
    if errorid >= 0:
        return bean(op, ERROR_NS, "ErrorResult",
                    {"errorId": errorid, "errmessage": "Error ... please check your input", "errortype": "Error"})
    row = _ERRORS_BY_ID["3.1"].get(errorid)
    if row is None:
        return bean(op, ERROR_NS, "ErrorResult", None)
    return bean(op, ERROR_NS, "ErrorResult", {"errorId": errorid, "errmessage": row[0], "errortype": row[1]})


def _room_hash(state: FakeState, op: str, params: dict[str, str | None]) -> Response:
    """The setUserObjectAndGenerateRoomHash* family: the state's getRoomHash with the
    options each variant fixes; "-26" without the SOAP right, "-1" when nothing was made."""
    same_url, rec_flag = HASH_OPERATIONS[op]
    user = {
        "login": params.get("username"), "firstname": params.get("firstname"),
        "lastname": params.get("lastname"), "profilePictureUrl": params.get("profilePictureUrl"),
        "email": params.get("email"), "externalId": params.get("externalUserId"),
        "externalType": params.get("externalUserType"),
    }
    options = {
        "roomId": int(params.get("room_id") or 0),
        "moderator": int(params.get("becomeModeratorAsInt") or 0) != 0,
        "showAudioVideoTest": int(params.get("showAudioVideoTestAsInt") or 0) != 0,
        "allowSameURLMultipleTimes": same_url,
        "allowRecording": (int(params.get("allowRecording") or 0) != 0) if rec_flag else True,
    }
    sid = params.get("SID")
    with state.lock:
        if not state.allowed(sid, "SOAP"):
            return scalar(op, "-26")
        result = state.get_room_hash(sid, user, options)
    return scalar(op, result.message if result.ok and result.message else "-1")


_HANDLERS: dict[tuple[str, str], Callable[[FakeState, str, dict[str, str | None]], Response]] = {
    ("UserService", "getSession"): _get_session,
    ("UserService", "loginUser"): _login_user,
    ("UserService", "getErrorByCode"): _get_error_by_code,
    **{("UserService", name): _room_hash for name in HASH_OPERATIONS},
}

__all__ = ["HASH_OPERATIONS", "Axis2State", "fault", "handle", "make_state", "route", "wsdl"]
