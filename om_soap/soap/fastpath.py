"""The compiled hot path: plain operations sent and read without zeep's per-call machinery.

zeep stays the WSDL authority: it parses every WSDL, builds the proxies and sends whatever
this module does not cover. What this module adds is a *plan* per zeep operation object,
compiled once from zeep's own schema objects (so once per parsed WSDL per process, kept on
zeep's operation object, thread-safe) and used by :meth:`OpenMeetingsClient.call
<om_soap.client.OpenMeetingsClient.call>` instead of zeep's (de)serialisation:

- the request: the wrapper's QName and its children in schema order (name, qualified or
  not, minOccurs/maxOccurs, nillable, XSD type), nested complexTypes the same way. The
  envelope is built as a string, byte for byte what zeep and lxml produce (same prefixes,
  order, escaping, omission of None for minOccurs=0); the values go through zeep's own
  ``xmlvalue`` of each XSD type, so ``True`` is ``true`` exactly as zeep writes it.
- the answer, parsed once (the safe parser of :func:`om_soap.soap.check_answer`), is read
  the way zeep reads it with om-soap's settings (``strict=False``,
  ``xsd_ignore_sequence_order=True``): children matched by local name, in schema order, a
  moved element found further on, missing ones None, unknown ones kept in
  ``_raw_elements`` in the order the server sent them, values through zeep's own
  ``pythonvalue``, into zeep's own value classes. So :func:`om_soap.client.to_data`,
  ``to_service_result`` and ``to_rest_object`` see the very objects zeep would build.
- faults are raised by zeep's own ``process_error`` on the same tree, so
  :class:`~om_soap.errors.SoapFault` (code, string, parsed detail) is unchanged.

What a plan does not cover is never guessed at. An operation is not compiled when its
messages have anything else: attributes, choice/all/any/groups, element references,
complexContent extension (xsi:type polymorphism), SOAP-encoded arrays, simple types other
than the plain builtins (dateTime, base64, enumerations and other restrictions, QName...),
SOAP headers, WS-Addressing, RPC style, SOAP 1.2, qualified children in a second namespace.
And per call, a compiled operation still goes through zeep when the arguments are not the
plain ones a plan renders (an unknown name, a missing required value, a zeep object, a
string with characters XML cannot carry, a list where one value is expected, ...: zeep
then sends or refuses them as it always did), or when the answer holds something a plan
does not read (xsi:type, attributes on a complex element, a value its type cannot parse,
a SOAP header, an unexpected wrapper...: zeep then reads that same answer, without a
second request).

The switch: ``OpenMeetingsClient(..., compiled=False)`` sends everything through zeep for
one client; ``OM_SOAP_COMPILED=0`` in the environment (read once, at import, by
:mod:`om_soap.settings`) makes that the default. Both paths give the
same envelopes and the same results (tests/test_fastpath.py proves it for every bundled
snapshot); the switch exists to compare them, and as a way out should a server ever be
read differently.
"""
from __future__ import annotations

import re
import threading
from collections import OrderedDict, deque
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional, Tuple

from zeep.wsdl.bindings.soap import Soap11Binding
from zeep.wsdl.messages.soap import DocumentMessage
from zeep.xsd.elements.element import Element
from zeep.xsd.elements.indicators import Sequence
from zeep.xsd.types import builtins as xsd_builtins
from zeep.xsd.types.complex import ComplexType

from ..xml import SOAP11_ENV, XSI_NS


XSI_TYPE = f"{{{XSI_NS}}}type"
_BODY = f"{{{SOAP11_ENV}}}Body"
_HEADER = f"{{{SOAP11_ENV}}}Header"
_FAULT = f"{{{SOAP11_ENV}}}Fault"

#: The XSD builtins a plan renders and reads (exact zeep classes: a restriction of one of
#: them, such as an enumeration, is another class and is left to zeep).
SIMPLE_TYPES = frozenset(
    {
        xsd_builtins.String,
        xsd_builtins.Boolean,
        xsd_builtins.Decimal,
        xsd_builtins.Float,
        xsd_builtins.Double,
        xsd_builtins.Integer,
        xsd_builtins.NonPositiveInteger,
        xsd_builtins.NegativeInteger,
        xsd_builtins.Long,
        xsd_builtins.Int,
        xsd_builtins.Short,
        xsd_builtins.Byte,
        xsd_builtins.NonNegativeInteger,
        xsd_builtins.UnsignedLong,
        xsd_builtins.UnsignedInt,
        xsd_builtins.UnsignedShort,
        xsd_builtins.UnsignedByte,
        xsd_builtins.PositiveInteger,
    }
)

_INTEGERS = frozenset(t for t in SIMPLE_TYPES if issubclass(t, xsd_builtins.Integer))
_PLAIN_TEXT: Dict[type, type] = {
    xsd_builtins.String: str,
    xsd_builtins.Boolean: bool,
    **{t: int for t in _INTEGERS},
}

#: Python values a plan renders for a simple element (anything else: zeep renders it).
_PLAIN_VALUES = (str, bool, int, float, Decimal)

#: Characters lxml refuses (zeep then raises ValueError, which om-soap reports): left to zeep.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Nesting depth a plan follows (deeper types are left to zeep).
MAX_DEPTH = 6

_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


class NotCompiled(Exception):
    """Raised while compiling: the operation has something a plan does not cover."""


class Fallback(Exception):
    """Raised while reading an answer: zeep must read it (same response, no new request)."""


# --------------------------------------------------------------------------- plan objects


class Field:
    """One child element of a compiled complexType."""

    __slots__ = (
        "name", "local", "open", "close", "empty", "optional", "multiple", "min_occurs", "max_occurs",
        "nillable", "default", "simple", "xsd_type", "xmlvalue", "pythonvalue", "complex", "plain",
    )

    def __init__(self, name: str, element: Any, prefix: Optional[str], complex_plan: "Optional[Shape]") -> None:
        self.name = name
        self.local = element.qname.localname
        tag = f"{prefix}:{self.local}" if prefix else self.local
        self.open = f"<{tag}>"
        self.close = f"</{tag}>"
        self.empty = f"<{tag}/>"
        self.optional = element.is_optional
        self.multiple = element.accepts_multiple
        self.min_occurs = element.min_occurs
        self.max_occurs = element.max_occurs
        self.nillable = bool(element.nillable)
        self.default = element.default_value if not self.multiple else None
        self.complex = complex_plan
        self.simple = complex_plan is None
        xsd_type = element.type
        self.xsd_type = xsd_type
        self.xmlvalue = xsd_type.xmlvalue if self.simple else None
        self.pythonvalue = xsd_type.pythonvalue if self.simple else None
        #: The Python type whose text zeep's xmlvalue gives without a call: str for
        #: xsd:string (the value itself), bool for xsd:boolean (true/false), int for the
        #: integer types (str(value)). Others go through xmlvalue.
        self.plain = _PLAIN_TEXT.get(type(xsd_type)) if self.simple else None


class Shape:
    """A compiled complexType: its fields in schema order and zeep's value class."""

    __slots__ = ("fields", "names", "value_class", "unwrap", "_template", "_lists")

    def __init__(self, xsd_type: Any, fields: List[Field]) -> None:
        self.fields = tuple(fields)
        self.names = frozenset(f.name for f in fields)
        self.value_class = xsd_type._value_class
        self._template = tuple((f.name, None if f.multiple else f.default) for f in fields)
        self._lists = tuple(f.name for f in fields if f.multiple)
        # zeep hands back the only child of a one-element return type (messages/soap.py).
        elements = xsd_type.elements
        self.unwrap = elements[0][0] if len(elements) == 1 and not xsd_type.attributes else None

    def defaults(self) -> "OrderedDict[str, Any]":
        """zeep's initial values: [] for a repeated element, else the default (None)."""
        values = OrderedDict(self._template)
        for name in self._lists:
            values[name] = []
        return values


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


#: Characters lxml escapes in an attribute value (a namespace URI with one is left to zeep).
_ODD_IN_ATTRIBUTE = re.compile("[&<>\"'\t\n\r]")


def _text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _render_simple(field: Field, value: Any, out: List[str]) -> bool:
    kind = type(value)
    if kind is field.plain:
        if kind is bool:
            out.append(field.open + ("true" if value else "false") + field.close)
            return True
        if kind is int:
            out.append(field.open + str(value) + field.close)
            return True
        text = value
    else:
        if not isinstance(value, _PLAIN_VALUES):
            return False
        text = field.xmlvalue(value)  # type: ignore[misc]
        if type(text) is not str:
            return False
    if text:
        if _NOT_XML.search(text):
            return False
        out.append(field.open + _text(text) + field.close)
    else:
        out.append(field.open + field.close)  # lxml writes an empty text as <x></x>
    return True


def _render_complex(field: Field, value: Any, out: List[str]) -> bool:
    if type(value) is not dict:
        return False
    shape = field.complex
    assert shape is not None
    for key in value:
        if key not in shape.names:
            return False
    inner: List[str] = []
    if not _render_fields(shape, value, inner):
        return False
    if inner:
        out.append(field.open)
        out.extend(inner)
        out.append(field.close)
    else:
        out.append(field.empty)
    return True


def _render_fields(shape: Shape, values: Mapping[str, Any], out: List[str]) -> bool:
    """Append the children of ``shape`` for ``values``; False when zeep must render them."""
    for field in shape.fields:
        value = values[field.name] if field.name in values else ([] if field.multiple else field.default)
        if value is None:
            if field.optional:
                continue
            return False  # zeep raises "Missing element" (or writes xsi:nil): its call
        render = _render_simple if field.simple else _render_complex
        if field.multiple:
            if type(value) is not list:
                return False
            if len(value) < field.min_occurs or (field.max_occurs != "unbounded" and len(value) > field.max_occurs):
                return False
            for item in value:
                if item is None or not render(field, item, out):
                    return False
        elif not render(field, value, out):
            return False
    return True


def _read_value(field: Field, node: Any) -> Any:
    if node.get(XSI_TYPE) is not None:
        raise Fallback("xsi:type")
    if field.simple:
        text = node.text
        if text is None:
            return None
        try:
            return field.pythonvalue(text)  # type: ignore[misc]
        except (TypeError, ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
            raise Fallback("value") from None  # zeep logs it and reads None (or fails): its call
    assert field.complex is not None
    return _read_complex(field.complex, node)


def _read_complex(shape: Shape, node: Any, allow_none: bool = True) -> Any:
    """zeep's ComplexType.parse_xmlelement for a compiled shape (strict=False, any order):
    children matched by local name in schema order, a later one searched for when the next
    does not match, a missing required one None, what is left in ``_raw_elements``."""
    if not shape.fields:
        return None
    if len(node.attrib):
        raise Fallback("attributes")
    remaining: Any = deque()
    for child in node:
        tag = child.tag
        if type(tag) is not str:
            raise Fallback("not an element")
        remaining.append((tag.rpartition("}")[2] if tag[0] == "{" else tag, child))
    if not remaining and allow_none:
        return None
    values = shape.defaults()
    for field in shape.fields:
        if not remaining:
            break
        local = field.local
        if not field.multiple and remaining[0][0] == local:  # the usual case: in order
            values[field.name] = _read_value(field, remaining.popleft()[1])
            continue
        found: List[Any] = []
        refused = False
        limit = field.max_occurs
        while remaining and (limit == "unbounded" or len(found) < limit):
            first = remaining[0]
            if first[0] == local:
                remaining.popleft()
                found.append(_read_value(field, first[1]))
                continue
            match = None
            for pair in remaining:
                if pair[0] == local:
                    match = pair
                    break
            if match is None:
                refused = not found and not field.optional
                break
            remaining.remove(match)
            found.append(_read_value(field, match[1]))
        if refused:
            values[field.name] = None  # zeep's UnexpectedElementError, forgiven by strict=False
        elif field.multiple:
            values[field.name] = found
        else:
            values[field.name] = found[0] if found else None
    if remaining:
        values["_raw_elements"] = deque(pair[1] for pair in remaining)
    value = shape.value_class.__new__(shape.value_class)
    object.__setattr__(value, "__values__", values)
    return value


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
