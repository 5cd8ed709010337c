"""The compiled path on schema shapes the OpenMeetings snapshots do not have.

A hand-written document/literal WSDL (served by requests-mock as UserService) holds the
corners of zeep's reading that a plan must reproduce or refuse: a one-element return type
(zeep hands back the element, not the object), a required repeated element missing while
others remain (zeep reads None, not []), qualified children (elementFormDefault), a
soapAction, float/double/decimal values, and shapes a plan must not compile (attributes,
choice, enumerations, schema defaults, dateTime, xsi:type polymorphism).
"""
from __future__ import annotations

import decimal
from typing import Any, Dict, List, Tuple

import pytest
import requests_mock
from lxml import etree

from om_soap import OpenMeetingsClient, settings
from om_soap.soap import fastpath
from om_soap.client import to_data

BASE = "http://127.0.0.1:5080/openmeetings"
TNS = "urn:om-soap:shapes"
ENV = "http://schemas.xmlsoap.org/soap/envelope/"

#: name -> (request sequence, response sequence, extra types), schema text
OPERATIONS: Dict[str, Tuple[str, str]] = {
    "single": ('<xs:element minOccurs="0" name="id" type="xs:long"/>',
               '<xs:element minOccurs="0" name="return" type="tns:holder"/>'),
    "lists": ('<xs:element maxOccurs="unbounded" name="ids" type="xs:long"/>'
              '<xs:element minOccurs="0" maxOccurs="unbounded" name="names" type="xs:string"/>',
              '<xs:element minOccurs="0" name="return" type="tns:listing"/>'),
    "numbers": ('<xs:element name="f" type="xs:float"/><xs:element name="d" type="xs:double"/>'
                '<xs:element name="m" type="xs:decimal"/><xs:element minOccurs="0" name="u" type="xs:unsignedInt"/>',
                '<xs:element minOccurs="0" name="return" type="xs:double"/>'),
    "qualified": ('<xs:element minOccurs="0" name="q" type="tns:qualifiedPair"/>',
                  '<xs:element minOccurs="0" maxOccurs="unbounded" name="return" type="tns:qualifiedPair"/>'),
    "nillable": ('<xs:element name="n" nillable="true" type="xs:string"/>',
                 '<xs:element minOccurs="0" name="return" type="xs:boolean"/>'),
    "withAttribute": ('<xs:element minOccurs="0" name="a" type="tns:attributed"/>',
                      '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
    "withChoice": ('<xs:element minOccurs="0" name="c" type="tns:chosen"/>',
                   '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
    "withEnum": ('<xs:element minOccurs="0" name="e" type="tns:colour"/>',
                 '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
    "withDefault": ('<xs:element name="x" type="xs:string" default="dflt"/>',
                    '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
    "withDate": ('<xs:element minOccurs="0" name="when" type="xs:dateTime"/>',
                 '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
    "withSubtype": ('<xs:element minOccurs="0" name="b" type="tns:derived"/>',
                    '<xs:element minOccurs="0" name="return" type="xs:string"/>'),
}

TYPES = """
<xs:complexType name="holder"><xs:sequence><xs:element minOccurs="0" name="inner" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="listing"><xs:sequence>
  <xs:element minOccurs="0" name="title" type="xs:string"/>
  <xs:element maxOccurs="unbounded" name="item" type="xs:long"/>
  <xs:element minOccurs="0" name="note" type="xs:string"/>
</xs:sequence></xs:complexType>
<xs:complexType name="attributed"><xs:sequence><xs:element minOccurs="0" name="v" type="xs:string"/></xs:sequence>
  <xs:attribute name="id" type="xs:long"/></xs:complexType>
<xs:complexType name="chosen"><xs:choice><xs:element name="l" type="xs:long"/><xs:element name="s" type="xs:string"/></xs:choice></xs:complexType>
<xs:simpleType name="colour"><xs:restriction base="xs:string"><xs:enumeration value="red"/></xs:restriction></xs:simpleType>
<xs:complexType name="base"><xs:sequence><xs:element minOccurs="0" name="k" type="xs:string"/></xs:sequence></xs:complexType>
<xs:complexType name="qualifiedPair"><xs:sequence>
  <xs:element form="qualified" minOccurs="0" name="left" type="xs:string"/>
  <xs:element minOccurs="0" name="right" type="xs:boolean"/>
</xs:sequence></xs:complexType>
<xs:complexType name="derived"><xs:complexContent><xs:extension base="tns:base"><xs:sequence>
  <xs:element minOccurs="0" name="extra" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
"""

def wsdl() -> bytes:
    elements, types, messages, port, binding = [], [], [], [], []
    for name, (request, response) in OPERATIONS.items():
        elements.append(f'<xs:element name="{name}" type="tns:{name}"/>'
                        f'<xs:element name="{name}Response" type="tns:{name}Response"/>')
        types.append(f'<xs:complexType name="{name}"><xs:sequence>{request}</xs:sequence></xs:complexType>'
                     f'<xs:complexType name="{name}Response"><xs:sequence>{response}</xs:sequence></xs:complexType>')
        messages.append(f'<wsdl:message name="{name}"><wsdl:part element="tns:{name}" name="parameters"/></wsdl:message>'
                        f'<wsdl:message name="{name}Response"><wsdl:part element="tns:{name}Response" '
                        'name="parameters"/></wsdl:message>')
        port.append(f'<wsdl:operation name="{name}"><wsdl:input message="tns:{name}"/>'
                    f'<wsdl:output message="tns:{name}Response"/></wsdl:operation>')
        action = "urn:act" if name == "single" else ""
        binding.append(f'<wsdl:operation name="{name}"><soap:operation soapAction="{action}" style="document"/>'
                       '<wsdl:input><soap:body use="literal"/></wsdl:input>'
                       '<wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>')
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{TNS}" name="Shapes" targetNamespace="{TNS}">
  <wsdl:types>
    <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="{TNS}" targetNamespace="{TNS}">
      {''.join(elements)}{''.join(types)}{TYPES}
    </xs:schema>
  </wsdl:types>
  {''.join(messages)}
  <wsdl:portType name="Shapes">{''.join(port)}</wsdl:portType>
  <wsdl:binding name="ShapesSoapBinding" type="tns:Shapes">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{''.join(binding)}
  </wsdl:binding>
  <wsdl:service name="Shapes"><wsdl:port binding="tns:ShapesSoapBinding" name="ShapesPort">
    <soap:address location="http://internal:8080/openmeetings/services/UserService"/></wsdl:port></wsdl:service>
</wsdl:definitions>"""
    return text.encode("utf-8")


class Shapes:
    def __init__(self, mocker: Any, tmp_path: Any) -> None:
        self.answer = (200, "")
        self.bodies: List[bytes] = []
        self.headers: List[Dict[str, str]] = []
        mocker.get(f"{BASE}/services/UserService?wsdl", content=wsdl())
        mocker.post(f"{BASE}/services/UserService", content=self._reply)
        self.compiled = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path / "a"))
        self.plain = OpenMeetingsClient(BASE, version="4.0", cache_dir=str(tmp_path / "b"), compiled=False)

    def _reply(self, request: Any, context: Any) -> bytes:
        self.bodies.append(request.body)
        self.headers.append(dict(request.headers))
        context.status_code = self.answer[0]
        context.headers["Content-Type"] = "text/xml"
        return self.answer[1].encode()

    def plan(self, operation: str) -> Any:
        binding = self.compiled.service("UserService")._binding
        return fastpath.plan_for(binding, binding._operations[operation])

    def both(self, operation: str, answer: str, **params: Any) -> Tuple[Any, Any]:
        body = f'<ns2:{operation}Response xmlns:ns2="{TNS}">{answer}</ns2:{operation}Response>'
        self.answer = (200, f'<soap:Envelope xmlns:soap="{ENV}"><soap:Body>{body}</soap:Body></soap:Envelope>')
        out = []
        for om in (self.compiled, self.plain):
            try:
                value = om.call("UserService", operation, **params)
                out.append(("ok", type(value).__name__, to_data(value)))
            except Exception as exc:  # noqa: BLE001 - compared, whatever it is
                out.append(("error", type(exc).__name__, str(exc)))
        assert self.bodies[-1] == self.bodies[-2]
        assert self.headers[-1].get("SOAPAction") == self.headers[-2].get("SOAPAction")
        return out[0], out[1]


@pytest.fixture(autouse=True)
def compiled_path_on(monkeypatch):
    """These tests are about the compiled path: on, whatever OM_SOAP_COMPILED says."""
    monkeypatch.setattr(settings, "COMPILED_FROM_ENV", True)


@pytest.fixture
def shapes(tmp_path):
    with requests_mock.Mocker() as m:
        yield Shapes(m, tmp_path)


def test_what_is_compiled_and_what_is_not(shapes):
    binding = shapes.compiled.service("UserService")._binding
    reasons = {name: fastpath.why_not(binding, op) for name, op in binding._operations.items()}
    assert {n for n, r in reasons.items() if r is None} == {"single", "lists", "numbers", "qualified", "nillable"}
    assert "attributes" in reasons["withAttribute"]
    assert "Choice" in reasons["withChoice"]
    assert "colour" in reasons["withEnum"]
    assert "default" in reasons["withDefault"]
    assert "dateTime" in reasons["withDate"]
    assert "extension" in reasons["withSubtype"]


def test_a_one_element_return_type_is_unwrapped_as_zeep_does(shapes):
    got, expected = shapes.both("single", "<return><inner>x &amp; y</inner></return>", id=5)
    assert got == expected == ("ok", "str", "x & y")
    assert shapes.headers[-1]["SOAPAction"] == '"urn:act"'
    assert shapes.both("single", "<return/>", id=5) == (("ok", "NoneType", None),) * 2
    got, expected = shapes.both("single", "<return><other>1</other></return>", id=5)
    assert got == expected and got[2] is None  # the unknown element stays in the (unwrapped) object


def test_a_required_repeated_element_missing_reads_none_not_an_empty_list(shapes):
    got, expected = shapes.both("lists", "<return><title>t</title><note>n</note></return>", ids=[1])
    assert got == expected
    assert got[2] == {"title": "t", "item": None, "note": "n"}
    got, expected = shapes.both("lists", "<return><note>n</note><item>3</item><title>t</title><item>4</item></return>",
                                ids=[1, 2], names=["a", "b"])
    assert got == expected and got[2] == {"title": "t", "item": [3, 4], "note": "n"}
    got, expected = shapes.both("lists", "<return><title>t</title></return>", ids=[1])
    assert got == expected and got[2] == {"title": "t", "item": [], "note": None}
    assert b"<ids>1</ids><ids>2</ids><names>a</names><names>b</names>" in shapes.bodies[-3]


def test_lists_outside_the_bounds_are_left_to_zeep(shapes):
    plan = shapes.plan("lists")
    assert plan.serialize({"ids": []}) is None  # minOccurs=1: zeep refuses it
    assert plan.serialize({"ids": [1, None]}) is None
    assert plan.serialize({"ids": 1}) is None  # one value where a list goes: zeep's call
    assert plan.serialize({"ids": [1], "names": None}) is not None


@pytest.mark.parametrize("params", [
    {"f": 1.5, "d": 1e21, "m": decimal.Decimal("1.50"), "u": 7},
    {"f": 1e-7, "d": float("inf"), "m": decimal.Decimal("-0"), "u": 0},
    {"f": 2, "d": -0.0, "m": 3.25},
])
def test_numbers_render_through_zeeps_own_xmlvalue(shapes, params):
    plan = shapes.plan("numbers")
    mine = plan.serialize(params)
    proxy = shapes.compiled.service("UserService")
    theirs = etree.tostring(shapes.compiled._zeep["UserService"].create_message(proxy, "numbers", **params),
                            xml_declaration=True, encoding="utf-8")
    assert mine == theirs


def test_numbers_read_as_zeep_reads_them(shapes):
    for text in ("2.5", " 1E3 ", "INF", "-0"):
        got, expected = shapes.both("numbers", f"<return>{text}</return>", f=1.0, d=2.0, m=decimal.Decimal(1))
        assert got == expected and got[0] == "ok"


def test_qualified_children_take_the_wrapper_prefix(shapes):
    plan = shapes.plan("qualified")
    params = {"q": {"left": "<l>", "right": True}}
    proxy = shapes.compiled.service("UserService")
    theirs = etree.tostring(shapes.compiled._zeep["UserService"].create_message(proxy, "qualified", **params),
                            xml_declaration=True, encoding="utf-8")
    assert plan.serialize(params) == theirs and b"<ns0:left>&lt;l&gt;</ns0:left>" in theirs
    got, expected = shapes.both("qualified", "<return><ns2:left>a</ns2:left><right>true</right></return>"
                                             "<return><right>0</right></return>", **params)
    assert got == expected and got[2] == [{"left": "a", "right": True}, {"left": None, "right": False}]


def test_a_nillable_required_none_is_left_to_zeep(shapes):
    plan = shapes.plan("nillable")
    assert plan.serialize({"n": None}) is None and plan.serialize({}) is None
    got, expected = shapes.both("nillable", "<return>1</return>", n=None)
    assert got == expected == ("ok", "bool", True)
    assert b'nil="true"' in shapes.bodies[-1]
