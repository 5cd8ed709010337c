"""The SOAP side: WSDLs from the bundled snapshot, document/literal wrapped calls, faults.

Requests are parsed with a parser that loads no DTD and expands no entity, and any
DOCTYPE is refused outright. Answers are written the way CXF writes them (docs/openmeetings-versions.md "Endpoints and naming", "SID and permission handling"):
``soap:Envelope``, ``ns2:<op>Response`` in the service namespace, unqualified children in
WSDL element order, nulls left out; faults with ``soap:Server`` and the exception message,
plus a ``ServiceException`` detail where the WSDL declares the fault (3.x and 6.0+).
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional

from lxml import etree

from ..xml import SOAP11_ENV as ENV, SOAP12_ENV

from ..results import ServiceResult
from . import handlers, jaxb, shape
from .models import FakeState, NotImplementedByFake, ServiceException
from .wire import Request, Response
from .wsdl_model import TNS, ServiceModel, safe_parser

ENV12 = SOAP12_ENV
#: CXF's content type for SOAP answers, no space before charset (every SOAP answer in
#: tests/transcripts/5.1.0 .. 9.1.0).
CXF_XML = "text/xml;charset=UTF-8"
_XML_TYPES = ("text/xml", "application/soap+xml", "application/xml")
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ADDRESS = re.compile(rb'(<soap:address location=")[^"]*(")')


class ClientFault(ValueError):
    """The request itself is wrong: answered with faultcode soap:Client."""


def wsdl(state: FakeState, service: str, request: Request) -> Response:
    """``?wsdl``: the snapshot with soap:address pointing at this fake."""
    model = state.snapshot.services[service]
    address = f"{request.base_url}/services/{service}".encode("utf-8")
    body = _ADDRESS.sub(lambda m: m.group(1) + address + m.group(2), model.wsdl, count=1)
    return Response.xml(200, body)


def handle(state: FakeState, service: str, request: Request) -> Response:
    """One SOAP POST to ``<ctx>/services/<service>``."""
    model = state.snapshot.services[service]
    op_name: Optional[str] = None
    try:
        if request.content_type not in _XML_TYPES:
            raise ClientFault(
                f"unsupported content type {request.content_type or '(none)'!r}: send text/xml"
            )
        op_name, wrapper = _parse(model, request.body)
        params = _params(model, op_name, wrapper)
        params["__op__"] = op_name
        result = handlers.call(state, service, op_name, params)
    except ClientFault as exc:
        return fault("soap:Client", str(exc))
    except shape.BadValue as exc:
        return fault("soap:Client", f"Unmarshalling Error: {exc}")
    except NotImplementedByFake as exc:
        return fault("soap:Server", str(exc))
    except ServiceException as exc:
        declared = bool(op_name) and model.operations[op_name].fault_declared  # type: ignore[index]
        return fault("soap:Server", exc.message, detail=exc.message if declared else None)
    return Response.xml(200, _envelope(model, op_name, result), CXF_XML)


def request_wrapper(body: bytes) -> etree._Element:
    """The operation element of a SOAP 1.1 request (the first child of its Body), parsed
    safely; :class:`ClientFault` naming what is wrong otherwise. The CXF and Axis2 families
    of the fake both read requests through here."""
    if not body.strip():
        raise ClientFault("empty request: a SOAP envelope is required")
    if _DOCTYPE.search(body):
        raise ClientFault("DOCTYPE and ENTITY declarations are not allowed in SOAP requests")
    try:
        root = etree.fromstring(body, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise ClientFault(f"Error reading XMLStreamReader: {exc}") from None  # CXF's StAX wording
    if root.tag == f"{{{ENV12}}}Envelope":
        raise ClientFault("SOAP 1.2 envelopes are not accepted here; send SOAP 1.1")
    if root.tag != f"{{{ENV}}}Envelope":
        raise ClientFault(f"not a SOAP 1.1 envelope: root element {root.tag}")
    soap_body = root.find(f"{{{ENV}}}Body")
    if soap_body is None or len(soap_body) == 0:
        raise ClientFault("the SOAP envelope has no Body or an empty Body")
    return soap_body[0]


def _parse(model: ServiceModel, body: bytes):
    wrapper = request_wrapper(body)
    qname = etree.QName(wrapper)
    if qname.namespace != TNS or qname.localname not in model.operations:
        # CXF's text for a part no operation declares (real 5.1.0-9.1.0:
        # tests/transcripts/9.1.0/50-soap_unknown_operation.json).
        raise ClientFault(f"Message part {wrapper.tag} was not recognized.  (Does it exist in service WSDL?)")
    return qname.localname, wrapper


def _declared_child(model: ServiceModel, type_name: str, sub: etree._Element,
                    declared: Dict[str, shape.Field]) -> shape.Field:
    """The declared field for a child element, or CXF's fault for one JAXB has no property
    for: another name, or the right name in a namespace (the schemas are unqualified)."""
    qname = etree.QName(sub)
    child = declared.get(qname.localname)
    if child is None or qname.namespace:
        properties = [[("", name) for name in names] for names in model.element_names(type_name)]
        raise ClientFault(jaxb.unexpected_element(qname.namespace or "", qname.localname, properties))
    return child


def _element_value(model: ServiceModel, fld: shape.Field, el: etree._Element) -> Any:
    if fld.type == "inputStream":
        # FileService.add's stream (java.io.InputStream, an abstract type): a real 9.1.0 answers
        # content in it with this soap:Client fault (with content: seen; an empty element:
        # INFERRED the same, JAXB instantiates the type for any element present).
        raise ClientFault("Unmarshalling Error: Unable to create an instance of java.io.InputStream ")
    if not fld.complex:
        return el.text or ""
    out: Dict[str, Any] = {}
    children = {c.name: c for c in model.types.get(fld.type, [])}
    for sub in el:
        if not isinstance(sub.tag, str):
            continue
        name = etree.QName(sub).localname
        child = _declared_child(model, fld.type, sub, children)
        value = _element_value(model, shape.Field(child.name, child.type, False, child.complex), sub)
        if child.many:
            out.setdefault(name, []).append(value)
        else:
            out[name] = value
    return out


def _params(model: ServiceModel, op_name: str, wrapper: etree._Element) -> Dict[str, Any]:
    fields = {f.name: f for f in model.operations[op_name].params}
    raw: Dict[str, Any] = {}
    for el in wrapper:
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        fld = _declared_child(model, op_name, el, fields)
        value = _element_value(model, shape.Field(fld.name, fld.type, False, fld.complex), el)
        if fld.many:
            raw.setdefault(name, []).append(value)
        else:
            raw[name] = value
    return {name: shape.convert(model, fields[name], value) for name, value in raw.items()}


def _append(parent: etree._Element, name: str, value: Any) -> None:
    if isinstance(value, list):
        for item in value:
            _append(parent, name, item)
        return
    el = etree.SubElement(parent, name)
    if isinstance(value, dict):
        for key, sub in value.items():
            _append(el, key, sub)
    else:
        el.text = value


def _envelope(model: ServiceModel, op_name: str, result: Any) -> bytes:
    env = etree.Element(f"{{{ENV}}}Envelope", nsmap={"soap": ENV})
    body = etree.SubElement(env, f"{{{ENV}}}Body")
    resp = etree.SubElement(body, f"{{{TNS}}}{op_name}Response", nsmap={"ns2": TNS})
    returns = model.operations[op_name].returns
    if returns is not None and result is not None:
        if isinstance(result, ServiceResult) and returns.type != "serviceResult":
            result = None  # cannot happen for declared operations; keep the envelope valid
        value = shape.tree(model, returns, result)
        if value is not None:
            _append(resp, "return", value)
    # CXF writes no XML declaration before soap:Envelope unless the endpoint property
    # org.apache.cxf.stax.force-start-document is set (StaxOutInterceptor, cxf-3.1.7), and no
    # OpenMeetings tag sets it.
    return etree.tostring(env, encoding="UTF-8")


def fault(code: str, message: str, detail: Optional[str] = None) -> Response:
    """A SOAP 1.1 fault, HTTP 500 as CXF sends it.

    A declared ServiceException's detail is an empty ``ns1:ServiceException`` element: the
    real 6.3.0-9.1.0 servers send no ``message`` in it (tests/transcripts/9.1.0/
    14-soap_get_room_hash_bad_sid.json, 6.3.0/13-soap_get_room_hash_bad_sid.json)."""
    env = etree.Element(f"{{{ENV}}}Envelope", nsmap={"soap": ENV})
    body = etree.SubElement(env, f"{{{ENV}}}Body")
    flt = etree.SubElement(body, f"{{{ENV}}}Fault")
    etree.SubElement(flt, "faultcode").text = code
    etree.SubElement(flt, "faultstring").text = message
    if detail is not None:
        det = etree.SubElement(flt, "detail")
        etree.SubElement(det, f"{{{TNS}}}ServiceException", nsmap={"ns1": TNS})
    data = etree.tostring(env, encoding="UTF-8")  # no declaration, as above
    if b"]]&gt;" not in data:
        # CXF's StAX writer escapes `<` and `&` in text but leaves `>` alone, as real faults show
        # ("Expected elements are &lt;{}pass>,&lt;{}user>": real 9.1.0,
        # tests/transcripts/9.1.0/48-soap_login_undeclared_element.json).
        data = data.replace(b"&gt;", b">")
    return Response.xml(500, data, CXF_XML)
