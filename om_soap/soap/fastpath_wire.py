"""The pieces of a compiled plan (:mod:`om_soap.soap.fastpath`): fields and shapes read from
zeep's schema objects, and the functions that render a request and read an answer with them."""
from __future__ import annotations

import re
from collections import OrderedDict, deque
from decimal import Decimal
from typing import Any, Dict, List, Mapping, Optional

from zeep.xsd.types import builtins as xsd_builtins

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
