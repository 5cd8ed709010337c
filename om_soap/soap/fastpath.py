"""The compiled hot path: plain operations sent and read without zeep's per-call machinery.

A plan per zeep operation, compiled once from zeep's own schema objects and kept on them,
renders the envelope zeep would send and reads the answer into zeep's own value objects;
anything a plan does not cover goes through zeep. docs/architecture.md tells what and why.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Mapping, Optional, Tuple

from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.messages.soap import DocumentMessage
from zeep.xsd.elements.element import Element
from zeep.xsd.elements.indicators import Sequence
from zeep.xsd.types.complex import ComplexType

from ..xml import SOAP11_ENV

from .fastpath_wire import (
    Fallback,
    Field,
    MAX_DEPTH,
    NotCompiled,
    SIMPLE_TYPES,
    Shape,
    XSI_TYPE,
    _BODY,
    _FAULT,
    _HEADER,
    _ODD_IN_ATTRIBUTE,
    _XML_DECLARATION,
    _read_complex,
    _render_fields,
)


class Plan:
    """Everything needed to send one operation and read its answer without zeep."""

    __slots__ = ("operation", "local_name", "request", "response", "response_tag", "head", "tail",
                 "empty_body", "headers", "types")

    def __init__(self, operation: Any, request: Shape, request_tag: Tuple[str, str],
                 response: Shape, response_tag: str, headers: Dict[str, str], types: Any) -> None:
        namespace, local = request_tag
        self.operation = operation
        self.local_name = local
        self.request = request
        self.response = response
        self.response_tag = response_tag
        opening = (
            f'{_XML_DECLARATION}<soap-env:Envelope xmlns:soap-env="{SOAP11_ENV}"><soap-env:Body>'
            f'<ns0:{local} xmlns:ns0="{namespace}"'
        )
        self.head = opening + ">"
        self.empty_body = (opening + "/></soap-env:Body></soap-env:Envelope>").encode("utf-8")
        self.tail = f"</ns0:{local}></soap-env:Body></soap-env:Envelope>"
        self.headers = headers
        self.types = types

    # -- the request

    def serialize(self, params: Mapping[str, Any]) -> Optional[bytes]:
        """The envelope zeep would send for ``params``, or None when zeep must render it."""
        if self.types._prefix_map_custom:  # a prefix added at run time (client.set_ns_prefix)
            return None
        request = self.request
        for key in params:
            if key not in request.names:
                return None
        out: List[str] = []
        if not _render_fields(request, params, out):
            return None
        if not out:
            return self.empty_body
        return (self.head + "".join(out) + self.tail).encode("utf-8")

    # -- the answer

    def read(self, body: Any, header: bool) -> Any:
        """The value zeep returns for a success answer (see :func:`open_envelope`).

        Raises :class:`Fallback` when zeep must read it.
        """
        if header or body is None or len(body) == 0:
            raise Fallback("SOAP header or no body")
        node = body[0]
        if node.tag != self.response_tag:
            raise Fallback("unexpected wrapper")
        if node.get(XSI_TYPE) is not None:
            raise Fallback("xsi:type")
        response = self.response
        if not response.fields:
            return None  # zeep: a type without elements parses as None, whatever came
        wrapper = _read_complex(response, node, allow_none=False)  # as zeep reads a message body
        values = wrapper.__values__
        if len(values) == 0:
            return None
        if len(values) > 1:
            return wrapper
        result = next(iter(values.values()))
        # zeep hands back the only child of a one-element return type (messages/soap.py).
        inner = response.fields[0].complex
        if inner is not None and inner.unwrap is not None and isinstance(result, inner.value_class):
            return result.__values__[inner.unwrap]
        return result


def open_envelope(root: Any) -> Tuple[Any, bool, bool]:
    """``(first soap:Body or None, has a soap:Header, carries a soap:Fault)`` of a SOAP 1.1
    envelope, in one pass (zeep looks for ``soap-env:Body/soap-env:Fault``)."""
    body = None
    header = False
    fault = False
    for child in root:
        tag = child.tag
        if tag == _BODY:
            if body is None:
                body = child
            if not fault:
                for item in child:
                    if item.tag == _FAULT:
                        fault = True
                        break
        elif tag == _HEADER:
            header = True
    return body, header, fault


# --------------------------------------------------------------------------- compiling


def _compile_shape(xsd_type: Any, namespace: str, depth: int, seen: Tuple[int, ...]) -> Shape:
    if depth > MAX_DEPTH:
        raise NotCompiled("nested too deeply")
    if not isinstance(xsd_type, ComplexType):
        raise NotCompiled(f"not a complexType: {type(xsd_type).__name__}")
    if id(xsd_type) in seen:
        raise NotCompiled("recursive type")
    if getattr(xsd_type, "_array_type", None):
        raise NotCompiled("SOAP-encoded array")
    if xsd_type.attributes or getattr(xsd_type, "_attributes", None):
        raise NotCompiled("attributes")
    if getattr(xsd_type, "_extension", None) is not None or getattr(xsd_type, "_restriction", None) is not None:
        raise NotCompiled("complexContent extension/restriction")
    if getattr(xsd_type, "_extension_types", None):
        raise NotCompiled("derived by extension (xsi:type polymorphism)")
    nested = xsd_type.elements_nested
    fields: List[Field] = []
    if nested:
        if len(nested) != 1:
            raise NotCompiled("more than one particle")
        _, sequence = nested[0]
        if type(sequence) is not Sequence or sequence.accepts_multiple or sequence.min_occurs != 1:
            raise NotCompiled(f"not a plain sequence: {type(sequence).__name__}")
        for name, element in sequence.elements:
            if type(element) is not Element:
                raise NotCompiled(f"{name}: {type(element).__name__}")
            if element.qname.namespace not in (None, namespace):
                raise NotCompiled(f"{name}: qualified in another namespace")
            prefix = "ns0" if element.qname.namespace else None
            if name != element.qname.localname:
                raise NotCompiled(f"{name}: renamed element")
            child_type = element.type
            if not isinstance(child_type, ComplexType) and type(child_type) not in SIMPLE_TYPES:
                raise NotCompiled(f"{name}: {_type_label(child_type)} is not a plain XSD builtin")
            if type(child_type) in SIMPLE_TYPES:
                if element.default_value is not None and not element.accepts_multiple:
                    raise NotCompiled(f"{name}: schema default")
                fields.append(Field(name, element, prefix, None))
            else:
                shape = _compile_shape(child_type, namespace, depth + 1, seen + (id(xsd_type),))
                fields.append(Field(name, element, prefix, shape))
    if len({f.local for f in fields}) != len(fields):
        raise NotCompiled("two children with one local name")
    return Shape(xsd_type, fields)


def _type_label(xsd_type: Any) -> str:
    qname = getattr(xsd_type, "qname", None)
    return f"type {qname.localname!r}" if qname is not None else type(xsd_type).__name__


def _wrapper(message: Any) -> Tuple[Any, str]:
    if not isinstance(message, DocumentMessage):
        raise NotCompiled("not document/literal")
    if message._is_body_wrapped:
        raise NotCompiled("body-wrapped message")
    header = message.header
    if header is not None and header.type._element:
        raise NotCompiled("SOAP header parts")
    body = message.body
    if body is None or type(body) is not Element:
        raise NotCompiled("no wrapper element")
    namespace = body.qname.namespace
    if not namespace or _ODD_IN_ATTRIBUTE.search(namespace):
        raise NotCompiled("wrapper element without a plain namespace")
    return body, namespace


def compile_operation(binding: Any, operation: Any) -> Plan:
    """The plan of one zeep operation (raises :class:`NotCompiled`)."""
    if type(binding) is not Soap11Binding:
        raise NotCompiled("not a SOAP 1.1 binding")
    if getattr(operation, "style", None) != "document":
        raise NotCompiled("not document style")
    if getattr(operation.abstract, "wsa_action", None):
        raise NotCompiled("WS-Addressing")
    if operation.output is None:
        raise NotCompiled("one-way operation")
    request_element, namespace = _wrapper(operation.input)
    response_element, response_namespace = _wrapper(operation.output)
    types = operation.input.wsdl.types
    if types._prefix_map_custom:
        raise NotCompiled("custom namespace prefixes")
    settings = operation.input.wsdl.settings
    if settings.strict or not settings.xsd_ignore_sequence_order:
        # the reading rules below are zeep's under om-soap's settings (soap.make_settings)
        raise NotCompiled("a document parsed with other settings than om-soap's")
    request = _compile_shape(request_element.type, namespace, 0, ())
    response = _compile_shape(response_element.type, response_namespace, 0, ())
    headers = {
        "SOAPAction": f'"{operation.soapaction}"' if operation.soapaction else '""',
        "Content-Type": "text/xml; charset=utf-8",
    }
    return Plan(
        operation,
        request,
        (namespace, request_element.qname.localname),
        response,
        response_element.qname.text,
        headers,
        types,
    )


# --------------------------------------------------------------------------- the cache

#: Where a plan (or the reason there is none) is kept: on zeep's operation object itself,
#: so it lives exactly as long as the parsed WSDL (om_soap.wsdl keeps those for the process)
#: and every client sharing that parse shares the plan.
CACHE_ATTRIBUTE = "_om_soap_plan"
_lock = threading.Lock()
_stats = {"compiled": 0, "refused": 0}


class _Refused(str):
    """Why an operation has no plan (cached like a plan, so it is decided once)."""


def plan_for(binding: Any, operation: Any) -> Optional[Plan]:
    """The cached plan of ``operation`` (compiled on first use), or None when not covered."""
    found = operation.__dict__.get(CACHE_ATTRIBUTE)
    if found is None:
        with _lock:
            found = operation.__dict__.get(CACHE_ATTRIBUTE)
            if found is None:
                try:
                    found = compile_operation(binding, operation)
                    _stats["compiled"] += 1
                except NotCompiled as exc:
                    found = _Refused(str(exc) or "not covered")
                    _stats["refused"] += 1
                setattr(operation, CACHE_ATTRIBUTE, found)
    return found if isinstance(found, Plan) else None


def why_not(binding: Any, operation: Any) -> Optional[str]:
    """Why ``operation`` is not compiled (None when it is)."""
    if plan_for(binding, operation) is not None:
        return None
    return str(operation.__dict__[CACHE_ATTRIBUTE])


def stats() -> Dict[str, int]:
    """``compiled`` plans and ``refused`` operations in this process."""
    return dict(_stats)


__all__ = [
    "Fallback",
    "NotCompiled",
    "Plan",
    "SIMPLE_TYPES",
    "compile_operation",
    "plan_for",
    "stats",
    "why_not",
]
