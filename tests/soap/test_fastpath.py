"""The compiled hot path (om_soap.fastpath) against zeep, the authority.

For every bundled snapshot and every operation it compiles:

- the envelope it builds equals zeep's (``Client.create_message``), byte for byte and after
  C14N, for full, minimal (required booleans False), explicitly-None, empty-string and
  unicode/XML-special arguments; where zeep refuses the arguments, the plan hands them to
  zeep instead of rendering them;
- answers (CXF-shaped, drifted with extra, missing, moved, duplicated, qualified, nil or
  commented elements, a 3.x ``code`` on a 4.x schema and the reverse, empty returns,
  faults with and without detail, xsi:type, unparsable values, SOAP headers, broken
  answers) give the same value, REST shape, ServiceResult or error through
  ``OpenMeetingsClient(compiled=True)`` and ``compiled=False`` (zeep), with one request
  each, and zeep's reader is only reached for the answers the plan leaves to it.
"""
from __future__ import annotations

import decimal
import logging
import threading
from typing import Any, Dict, List, Optional, Tuple
from xml.sax.saxutils import escape

import pytest
import requests_mock
from lxml import etree
from zeep.exceptions import ValidationError as ZeepValidationError
from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.messages.soap import SoapMessage
from zeep.xsd.types import builtins as xsd_builtins

from om_soap import OpenMeetingsClient, settings, versions
from om_soap.soap import fastpath
from om_soap.client import to_data, to_rest_object, to_service_result
from om_soap.errors import OpenMeetingsError, SoapFault, UnknownService
from om_soap.soap.wsdl_source import SERVICES

BASE = "http://127.0.0.1:5080/openmeetings"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SID = "0a1b2c3d-1111-2222-3333-444455556666"

#: A version per bundled snapshot (the first of its range).
SNAPSHOT_VERSIONS = {name: "%d.%d.%d" % low for name, low, _ in versions.SNAPSHOTS}
CXF_SNAPSHOTS = [name for name in SNAPSHOT_VERSIONS if name.startswith("cxf-")]
HOT = [("UserService", "login"), ("UserService", "getRoomHash"), ("ErrorService", "get"), ("InfoService", "getVersion")]

#: Unicode and every XML-special character, plus CR/LF/TAB (lxml writes CR as &#13;).
TRICKY = "Zoë <&> \"q\" 'a' ]]> \r\n\t ✓ 😀 €"
ANSWER_TEXT = "Zoë <&> \"q\" 'a' ✓"
INTEGERS = tuple(t for t in fastpath.SIMPLE_TYPES if issubclass(t, xsd_builtins.Integer))
NEGATIVE = (xsd_builtins.NegativeInteger, xsd_builtins.NonPositiveInteger)


# --------------------------------------------------------------------------- helpers


def offline(snapshot: str, tmp_path: Any, **kw: Any) -> OpenMeetingsClient:
    return OpenMeetingsClient(BASE, version=SNAPSHOT_VERSIONS[snapshot], offline=True,
                              cache_dir=str(tmp_path / "cache"), **kw)


def compiled_operations(om: OpenMeetingsClient) -> List[Tuple[str, str, fastpath.Plan]]:
    out = []
    for service in SERVICES:
        try:
            proxy = om.service(service)
        except UnknownService:
            continue
        for name, op in proxy._binding._operations.items():
            plan = fastpath.plan_for(proxy._binding, op)
            if plan is not None:
                out.append((service, name, plan))
    return out


def simple_value(field: fastpath.Field, variant: str, index: int) -> Any:
    kind = type(field.xsd_type)
    if kind is xsd_builtins.String:
        return {"full": TRICKY, "required": "", "empty": ""}.get(variant, f"v{index}")
    if kind is xsd_builtins.Boolean:
        return False if variant == "required" else index % 2 == 0
    if kind in INTEGERS:
        if variant == "required":
            return 0 if kind not in (xsd_builtins.PositiveInteger, xsd_builtins.NegativeInteger) else (
                1 if kind is xsd_builtins.PositiveInteger else -1)
        return -3 - index if kind in NEGATIVE else 42 + index
    if kind is xsd_builtins.Decimal:
        return decimal.Decimal("12.50")
    return 2.5 if variant != "big" else 1e21


def arguments(shape: fastpath.Shape, variant: str) -> Dict[str, Any]:
    """Arguments for a request shape. ``full``: every field; ``required``: only minOccurs>=1
    (booleans False, numbers 0, strings empty); ``nones``: optional fields given as None;
    ``empty``: strings empty; ``big``: floats in exponent notation."""
    out: Dict[str, Any] = {}
    for index, field in enumerate(shape.fields):
        needed = field.min_occurs >= 1
        if variant in ("required", "nones") and not needed:
            if variant == "nones":
                out[field.name] = None
            continue
        inner = "required" if variant == "nones" else variant
        if field.simple:
            value: Any = simple_value(field, inner, index)
        else:
            assert field.complex is not None
            value = arguments(field.complex, inner)
        if field.multiple:
            count = max(field.min_occurs, 1 if variant == "required" else 2)
            if field.max_occurs != "unbounded":
                count = min(count, field.max_occurs)
            value = [value] * count
        out[field.name] = value
    return out


def zeep_envelope(om: OpenMeetingsClient, service: str, operation: str, params: Dict[str, Any]) -> bytes:
    proxy = om.service(service)
    envelope = om._zeep[service].create_message(proxy, operation, **params)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def answer_text(field: fastpath.Field, index: int) -> str:
    kind = type(field.xsd_type)
    if kind is xsd_builtins.String:
        return escape(f"{ANSWER_TEXT} {index}")
    if kind is xsd_builtins.Boolean:
        return "true" if index % 2 else "false"
    if kind in INTEGERS:
        return str(-5 - index if kind in NEGATIVE else 40 + index)
    return "12.5"


def children_xml(shape: fastpath.Shape, depth: int = 0) -> List[str]:
    out = []
    for index, field in enumerate(shape.fields):
        if field.simple:
            item = f"<{field.local}>{answer_text(field, index)}</{field.local}>"
        elif depth < 3:
            assert field.complex is not None
            item = f"<{field.local}>{''.join(children_xml(field.complex, depth + 1))}</{field.local}>"
        else:
            continue
        out.extend([item, item] if field.multiple else [item])
    return out


def soap(body: str, header: str = "") -> str:
    return f'<soap:Envelope xmlns:soap="{ENV}" xmlns:xsi="{XSI}">{header}<soap:Body>{body}</soap:Body></soap:Envelope>'


def fault(message: str, detail: bool) -> str:
    det = (f'<detail><ns2:ServiceException xmlns:ns2="http://webservice.openmeetings.apache.org/">'
           f"<message>{escape(message)}</message></ns2:ServiceException></detail>") if detail else ""
    return soap(f"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>{escape(message)}</faultstring>"
                f"{det}</soap:Fault>")


#: Answers the plan reads itself; the others are left to zeep's reader (process_reply).
READ_BY_PLAN = {"cxf", "extra", "missing", "moved", "duplicate", "qualified", "nil", "comment", "code",
                "one-item", "empty-return", "no-return", "fault-detail", "fault-plain", "fault-200",
                "500-no-fault"}


def answers(plan: fastpath.Plan) -> Dict[str, Tuple[int, str]]:
    """Answer variants for ``plan``'s response, as (HTTP status, body)."""
    tag = etree.QName(plan.response_tag)
    open_, close = f'<ns2:{tag.localname} xmlns:ns2="{tag.namespace}">', f"</ns2:{tag.localname}>"
    fields = plan.response.fields
    out: Dict[str, Tuple[int, str]] = {}

    def wrap(inner: str, attrs: str = "") -> str:
        return soap(open_ + inner + close) if not attrs else soap(open_.replace(">", attrs + ">", 1) + inner + close)

    if fields:
        ret = fields[0]
        name = ret.local
        if ret.simple:
            returns = [f"<{name}>{answer_text(ret, 1)}</{name}>"]
            out["cxf"] = (200, wrap("".join(returns * (2 if ret.multiple else 1))))
            out["qualified"] = (200, wrap(f"<ns2:{name}>{answer_text(ret, 1)}</ns2:{name}>"))
            out["nil"] = (200, wrap(f'<{name} xsi:nil="true"/>'))
            out["comment"] = (200, wrap(f"<{name}>{answer_text(ret, 2)[:2]}<!-- c -->{answer_text(ret, 3)}</{name}>"))
            if type(ret.xsd_type) in INTEGERS or type(ret.xsd_type) is xsd_builtins.Double:
                out["bad-value"] = (200, wrap(f"<{name}>not a number</{name}>"))
        else:
            assert ret.complex is not None
            kids = children_xml(ret.complex)

            def returns(children: List[str], attrs: str = "") -> str:
                one = f"<{name}{attrs}>{''.join(children)}</{name}>"
                return one + one if ret.multiple else one

            out["cxf"] = (200, wrap(returns(kids)))
            out["extra"] = (200, wrap(returns(kids[:1] + ["<drift>new &amp; shiny</drift>"] + kids[1:]
                                              + ["<nested><a>1</a><a>2</a><b/></nested>"])))
            out["missing"] = (200, wrap(returns(kids[1:])))
            out["moved"] = (200, wrap(returns(list(reversed(kids)))))
            out["duplicate"] = (200, wrap(returns(kids + kids[:1])))
            out["qualified"] = (200, wrap(returns([k.replace("<", "<ns2:", 1).replace("</", "</ns2:", 1)
                                                   for k in kids])))
            if kids:
                first = ret.complex.fields[0]
                # nil on a simple element is read as None; on a complex one it is an attribute
                # (zeep then builds an empty object): that one is left to zeep
                nil = "nil" if first.simple else "nil-complex"
                out[nil] = (200, wrap(returns([f'<{first.local} xsi:nil="true"/>'] + kids[1:])))
                out["comment"] = (200, wrap(returns([kids[0].replace(">", "><!-- note -->", 1)] + kids[1:])))
            names = [f.local for f in ret.complex.fields]
            if "message" in names and "type" in names:  # a serviceResult: 3.x code vs 4.x schema
                if "code" in names:
                    out["code"] = (200, wrap(returns([k for k in kids if not k.startswith("<code>")])))
                else:
                    out["code"] = (200, wrap(returns(["<code>-26</code>"] + kids)))
            if ret.multiple:
                out["one-item"] = (200, wrap(f"<{name}>{''.join(kids)}</{name}>"))
            out["xsi-type"] = (200, wrap(returns(kids, ' xsi:type="ns2:somethingElse"')))
            out["attribute"] = (200, wrap(returns(kids, ' id="7"')))
            numbers = [f for f in ret.complex.fields if f.simple and type(f.xsd_type) in INTEGERS]
            if numbers:
                bad = [f"<{numbers[0].local}>NaN-ish</{numbers[0].local}>"] + [
                    k for k in kids if not k.startswith(f"<{numbers[0].local}>")]
                out["bad-value"] = (200, wrap(returns(bad)))
        out["empty-return"] = (200, wrap(f"<{name}/>"))
        out["header"] = (200, soap(open_ + f"<{name}/>" + close, header="<soap:Header><x>1</x></soap:Header>"))
    out["no-return"] = (200, wrap(""))
    out["wrapper-xsi-type"] = (200, wrap("", ' xsi:type="ns2:other"'))
    out["other-wrapper"] = (200, soap('<ns2:unexpected xmlns:ns2="urn:x"><a>1</a></ns2:unexpected>'))
    out["fault-detail"] = (500, fault("Insufficient <permissions> & more", detail=True))
    out["fault-plain"] = (500, fault("error.notallowed", detail=False))
    out["fault-200"] = (200, fault("java.lang.NullPointerException", detail=False))
    out["500-no-fault"] = (500, out.get("cxf", out["no-return"])[1])
    out["html"] = (503, "<html><body>Service Unavailable</body></html>")
    out["empty"] = (200, "")
    out["truncated"] = (200, out.get("cxf", out["no-return"])[1][:-30])
    out["doctype"] = (200, '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + out["no-return"][1])
    out["not-soap"] = (200, "<root><a>1</a></root>")
    return out


def outcome(om: OpenMeetingsClient, service: str, operation: str, params: Dict[str, Any]) -> Any:
    """What the facade makes of one call: the data, REST shape and ServiceResult, or the error."""
    try:
        value = om.call(service, operation, **params)
    except Exception as exc:  # noqa: BLE001 - zeep's own errors too (unknown xsi:type): same either way
        extra = (exc.fault_code, exc.fault_string, exc.detail) if isinstance(exc, SoapFault) else None
        return ("error", type(exc).__name__, str(exc), extra)
    root = om.return_type(service, operation) or "return"
    try:
        result: Any = to_service_result(value).to_rest()
    except OpenMeetingsError as exc:
        result = ("error", type(exc).__name__, str(exc))
    data = to_data(value)
    return ("ok", type(value).__name__, _ordered(data), to_rest_object(root, value).to_rest(), result)


def _ordered(data: Any) -> Any:
    """Data with dict order made visible (== on dicts ignores it)."""
    if isinstance(data, dict):
        return [(k, _ordered(v)) for k, v in data.items()]
    if isinstance(data, list):
        return [_ordered(v) for v in data]
    return data


class Spy:
    """Counts zeep's own (de)serialisation calls."""

    def __init__(self, monkeypatch: Any) -> None:
        self.serialize = 0
        self.process_reply = 0
        serialize, process_reply = SoapMessage.serialize, Soap11Binding.process_reply

        # (*args only: operations have parts named like any parameter, "message" included)
        def spy_serialize(*args: Any, **kwargs: Any) -> Any:
            self.serialize += 1
            return serialize(*args, **kwargs)

        def spy_reply(*args: Any, **kwargs: Any) -> Any:
            self.process_reply += 1
            return process_reply(*args, **kwargs)

        monkeypatch.setattr(SoapMessage, "serialize", spy_serialize)
        monkeypatch.setattr(Soap11Binding, "process_reply", spy_reply)

    def reset(self) -> None:
        self.serialize = self.process_reply = 0


class Server:
    """requests-mock answering every service with ``answer`` and recording the bodies."""

    def __init__(self, mocker: Any) -> None:
        self.answer: Tuple[int, str] = (200, "")
        self.bodies: List[bytes] = []
        for service in SERVICES:
            mocker.post(f"{BASE}/services/{service}", content=self._reply)

    def _reply(self, request: Any, context: Any) -> bytes:
        self.bodies.append(request.body)
        context.status_code, text = self.answer
        context.headers["Content-Type"] = "text/html" if text.startswith("<html") else "text/xml;charset=UTF-8"
        return text.encode("utf-8")


@pytest.fixture(autouse=True)
def compiled_path_on(monkeypatch):
    """These tests are about the compiled path: on, whatever OM_SOAP_COMPILED says."""
    monkeypatch.setattr(settings, "COMPILED_FROM_ENV", True)


@pytest.fixture
def mocker():
    with requests_mock.Mocker() as m:
        yield m


# --------------------------------------------------------------------------- what is compiled


@pytest.mark.parametrize("snapshot", CXF_SNAPSHOTS)
def test_hot_operations_are_compiled_on_every_cxf_snapshot(tmp_path, snapshot):
    om = offline(snapshot, tmp_path)
    compiled = {(s, o) for s, o, _ in compiled_operations(om)}
    assert set(HOT) <= compiled
    # and what is not covered is named: dateTime (calendar), enumerations (room type)
    proxy = om.service("CalendarService")
    reason = fastpath.why_not(proxy._binding, proxy._binding._operations["range"])
    assert reason and "dateTime" in reason
    room = om.service("RoomService")
    assert fastpath.why_not(room._binding, room._binding._operations["getRoomById"])


def test_axis2_operations_stay_with_zeep(tmp_path):
    # Axis2 WSDLs declare WS-Addressing actions: zeep adds wsa headers with a fresh
    # MessageID per call, which a plan does not reproduce.
    om = offline("axis2-3.0", tmp_path)
    assert compiled_operations(om) == []
    proxy = om.service("UserService")
    assert fastpath.why_not(proxy._binding, proxy._binding._operations["loginUser"]) == "WS-Addressing"


def test_a_plan_is_compiled_once_per_parsed_wsdl_and_shared(tmp_path):
    first, second = offline("cxf-4.0", tmp_path), offline("cxf-4.0", tmp_path)
    plans = []
    for om in (first, second):
        proxy = om.service("UserService")
        plans.append(fastpath.plan_for(proxy._binding, proxy._binding._operations["login"]))
    assert plans[0] is not None and plans[0] is plans[1]
    before = fastpath.stats()["compiled"]
    second.service("UserService")
    fastpath.plan_for(second.service("UserService")._binding, plans[0].operation)
    assert fastpath.stats()["compiled"] == before


def test_compiling_is_thread_safe(tmp_path):
    om = offline("cxf-7.0", tmp_path)
    binding = om.service("UserService")._binding
    op = binding._operations["getRoomHash"]
    op.__dict__.pop(fastpath.CACHE_ATTRIBUTE, None)  # as if never compiled
    before = fastpath.stats()["compiled"]
    barrier = threading.Barrier(16)
    got: List[Any] = []

    def work() -> None:
        barrier.wait(10)
        got.append(fastpath.plan_for(binding, op))

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(got) == 16 and got[0] is not None and all(p is got[0] for p in got)
    assert fastpath.stats()["compiled"] == before + 1


# --------------------------------------------------------------------------- requests


@pytest.mark.parametrize("snapshot", CXF_SNAPSHOTS)
def test_envelopes_equal_zeeps_for_every_compiled_operation(tmp_path, snapshot):
    om = offline(snapshot, tmp_path)
    operations = compiled_operations(om)
    assert len(operations) >= 20
    rendered = 0
    for service, operation, plan in operations:
        for variant in ("full", "required", "nones", "empty", "big"):
            params = arguments(plan.request, variant)
            mine = plan.serialize(params)
            try:
                theirs = zeep_envelope(om, service, operation, params)
            except (ZeepValidationError, TypeError, ValueError):
                assert mine is None, f"{service}.{operation} {variant}: zeep refuses, the plan rendered"
                continue
            assert mine is not None, f"{service}.{operation} {variant}: left to zeep"
            assert mine == theirs, f"{service}.{operation} {variant}"
            assert c14n(mine) == c14n(theirs)
            rendered += 1
        proxy = om.service(service)
        _, headers = proxy._binding._create(operation, (), arguments(plan.request, "full"), client=om._zeep[service])
        assert dict(headers) == plan.headers
    assert rendered >= 3 * len(operations)


def test_required_booleans_and_none_match_zeep(tmp_path):
    om = offline("cxf-4.0", tmp_path)
    plan = fastpath.plan_for(om.service("UserService")._binding, om.service("UserService")._binding._operations["getRoomHash"])
    assert plan is not None
    params = {"sid": None, "user": {"login": None, "externalId": "x&y"},
              "options": {"roomId": 5, "moderator": False, "showAudioVideoTest": False,
                          "allowSameURLMultipleTimes": False, "allowRecording": True}}
    mine = plan.serialize(params)
    assert mine == zeep_envelope(om, "UserService", "getRoomHash", params)
    assert b"<sid>" not in mine and b"<login>" not in mine and b"<moderator>false</moderator>" in mine
    assert b"<externalId>x&amp;y</externalId>" in mine
    # a required boolean left out: zeep refuses it, so the plan leaves it to zeep
    del params["options"]["moderator"]
    assert plan.serialize(params) is None
    with pytest.raises(ZeepValidationError):
        zeep_envelope(om, "UserService", "getRoomHash", params)


@pytest.mark.parametrize("params", [
    {"user": "a", "pass": "b", "unknown": 1},          # zeep: TypeError
    {"user": b"bytes", "pass": "b"},                    # zeep decodes bytes; left to it
    {"user": "bell\x07", "pass": "b"},                  # lxml refuses control characters
    {"user": "\ud800", "pass": "b"},                    # a lone surrogate
    {"user": ["a", "b"], "pass": "b"},                  # a list where one value goes
    {"user": object(), "pass": "b"},                    # anything else
], ids=["unknown", "bytes", "control", "surrogate", "list", "object"])
def test_arguments_outside_the_plan_are_left_to_zeep(tmp_path, params):
    om = offline("cxf-4.0", tmp_path)
    binding = om.service("UserService")._binding
    plan = fastpath.plan_for(binding, binding._operations["login"])
    assert plan is not None and plan.serialize(params) is None


# --------------------------------------------------------------------------- answers


@pytest.mark.parametrize("snapshot", CXF_SNAPSHOTS)
def test_answers_read_the_same_through_both_paths(mocker, tmp_path, monkeypatch, snapshot, caplog):
    caplog.set_level(logging.CRITICAL, logger="zeep")  # zeep logs unparsable values (both paths)
    server = Server(mocker)
    compiled, plain = offline(snapshot, tmp_path), offline(snapshot, tmp_path, compiled=False)
    spy = Spy(monkeypatch)
    checked = 0
    for service, operation, plan in compiled_operations(compiled):
        params = arguments(plan.request, "full")
        for variant, answer in answers(plan).items():
            server.answer = answer
            server.bodies.clear()
            spy.reset()
            got = outcome(compiled, service, operation, dict(params))
            used = (spy.serialize, spy.process_reply)
            expected = outcome(plain, service, operation, dict(params))
            where = f"{snapshot} {service}.{operation} {variant}"
            assert got == expected, where
            assert len(server.bodies) == 2 and server.bodies[0] == server.bodies[1], where
            assert used[0] == 0, where
            if variant in READ_BY_PLAN:
                assert used[1] == 0, f"{where}: read by zeep"
            elif got[0] == "ok" or got[1] == "SoapFault":
                assert used[1] == 1, f"{where}: the plan read what it should leave to zeep"
            checked += 1
    assert checked > 300


def test_drift_results_match_the_documented_shapes(mocker, tmp_path):
    """The equality above could hold with both paths wrong; pin a few results by value."""
    server = Server(mocker)
    om = offline("cxf-4.0", tmp_path)
    ok = '<ns2:loginResponse xmlns:ns2="http://webservice.openmeetings.apache.org/"><return>{}</return></ns2:loginResponse>'
    server.answer = (200, soap(ok.format(f"<code>-26</code><message>{SID}</message><type>SUCCESS</type>")))
    value = om.call("UserService", "login", user="a", **{"pass": "b"})
    assert list(to_data(value).items()) == [("code", "-26"), ("message", SID), ("type", "SUCCESS")]
    assert to_service_result(value).to_rest() == {"serviceResult": {"code": -26, "message": SID, "type": "SUCCESS"}}
    server.answer = (200, soap(ok.format("<type>ERROR</type><x>1</x><message>m</message>")))
    value = om.call("UserService", "login", user="a", **{"pass": "b"})
    assert list(to_data(value).items()) == [("type", "ERROR"), ("x", "1"), ("message", "m")]
    server.answer = (200, soap(ok.format("<type>ERROR</type>")))
    assert to_service_result(om.call("UserService", "login", user="a", **{"pass": "b"})).to_rest() == {
        "serviceResult": {"type": "ERROR"}}
    om3 = offline("cxf-3.3", tmp_path)
    server.answer = (200, soap(ok.format("<message>m</message><type>ERROR</type>")))
    assert to_service_result(om3.call("UserService", "login", user="a", **{"pass": "b"})).to_rest() == {
        "serviceResult": {"message": "m", "type": "ERROR"}}


def test_faults_keep_code_string_and_detail(mocker, tmp_path):
    server = Server(mocker)
    om = offline("cxf-6.0", tmp_path)
    server.answer = (500, fault("error.notallowed", detail=True))
    with pytest.raises(SoapFault) as info:
        om.call("UserService", "login", user="a", **{"pass": "b"})
    assert (info.value.fault_code, info.value.fault_string) == ("soap:Server", "error.notallowed")
    assert info.value.detail == {"ServiceException": {"message": "error.notallowed"}}
    server.answer = (500, fault("boom", detail=False))
    with pytest.raises(SoapFault) as info:
        om.call("UserService", "login", user="a", **{"pass": "b"})
    assert info.value.detail is None and info.value.fault_string == "boom"


# --------------------------------------------------------------------------- the facade


def _facade_run(mocker: Any, version: str, compiled: bool, tmp_path: Any, caplog: Any) -> Tuple[Any, List[bytes], List[str]]:
    import cxf_envelopes as cxf

    srv = cxf.CxfServer(mocker, version)
    coded = cxf.coded(version)
    srv.on("UserService", "login", cxf.result_envelope("login", 3 if coded else None, SID, "SUCCESS"))
    family = versions.parse(version).family
    if family.hash_not_allowed == "returned":
        srv.on("UserService", "getRoomHash", cxf.result_envelope("getRoomHash", -26, "Insufficient permissions", "ERROR"))
    else:
        srv.on_fault("UserService", "getRoomHash", family.not_allowed_message or "error.notallowed")
    srv.on("ErrorService", "get", cxf.result_envelope("get", -1 if coded else None, "Bad <&> ✓", "Error"))
    om = OpenMeetingsClient(cxf.BASE, cache_dir=str(tmp_path / f"c{compiled}"), compiled=compiled)
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="om_soap.soap"):
        results = [
            om.login("admin", "12345").to_rest(),
            om.get_room_hash({"externalId": "u<1>", "externalType": "t", "login": "Zoë"},
                             {"roomId": 5, "moderator": True}).to_rest(),
            om.error_message(-1 if coded else "error.bad.credentials", 1).to_rest(),  # type: ignore[union-attr]
            om.version(),
        ]
    logged = [r.getMessage() for r in caplog.records if r.name == "om_soap.soap" and "SOAP" in r.getMessage()]
    return results, [body for _, _, body in srv.posts], logged


@pytest.mark.parametrize("version", [v for v in versions.TESTED_VERSIONS if not versions.parse(v).is_axis2])
def test_facade_results_wire_and_logs_are_the_same_compiled_or_not(mocker, tmp_path, caplog, version, monkeypatch):
    spy = Spy(monkeypatch)
    compiled = _facade_run(mocker, version, True, tmp_path, caplog)
    assert (spy.serialize, spy.process_reply) == (0, 0)  # login, getRoomHash, get, getVersion: no zeep per call
    plain = _facade_run(mocker, version, False, tmp_path, caplog)
    assert spy.serialize >= 4 and spy.process_reply >= 3
    assert compiled[0] == plain[0]
    assert compiled[1] == plain[1]  # the same bytes on the wire
    assert compiled[2] == plain[2] and len(compiled[2]) >= 8  # the same scrubbed DEBUG records
    assert all(SID not in text and "12345" not in text for text in compiled[2])
    assert compiled[0][1]["serviceResult"]["type"] == "ERROR"  # "not allowed" mapped as REST reports it


def test_the_process_switch_sends_through_zeep(mocker, tmp_path, monkeypatch):
    server = Server(mocker)
    server.answer = (200, soap('<ns2:loginResponse xmlns:ns2="http://webservice.openmeetings.apache.org/">'
                               "<return><message>m</message><type>SUCCESS</type></return></ns2:loginResponse>"))
    spy = Spy(monkeypatch)
    om = offline("cxf-4.0", tmp_path)
    om.login("admin", "12345")
    assert (spy.serialize, spy.process_reply) == (0, 0)
    monkeypatch.setattr(om, "compiled", False)
    om.login("admin", "12345")
    assert (spy.serialize, spy.process_reply) == (1, 1)
    assert server.bodies[0] == server.bodies[1]


def test_zeep_client_extras_turn_the_plan_off(mocker, tmp_path, monkeypatch):
    server = Server(mocker)
    server.answer = (200, soap('<ns2:loginResponse xmlns:ns2="http://webservice.openmeetings.apache.org/">'
                               "<return><message>m</message><type>SUCCESS</type></return></ns2:loginResponse>"))
    spy = Spy(monkeypatch)
    om = offline("cxf-4.0", tmp_path)
    om.service("UserService")
    om._zeep["UserService"].set_default_soapheaders([etree.Element("{urn:x}token")])
    om.login("admin", "12345")
    assert spy.serialize == 1 and b"urn:x" in server.bodies[0]


def test_bad_arguments_give_the_same_error_either_way(tmp_path):
    results: List[Optional[str]] = []
    for compiled in (True, False):
        om = offline("cxf-4.0", tmp_path, compiled=compiled)
        with pytest.raises(OpenMeetingsError) as info:
            om.call("ErrorService", "get", key="a\x01", lang=1)
        results.append(f"{type(info.value).__name__}: {info.value}")
    assert results[0] == results[1] and "InvalidArgument" in results[0]
