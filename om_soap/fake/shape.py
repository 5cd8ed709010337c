"""Values in and out by the WSDL's declared types, shared by the SOAP and REST sides.

Outgoing, :func:`tree` turns what the state returns into nested dicts in WSDL element order
with every scalar as its XML text; SOAP writes that tree as elements and REST passes it to
:func:`om_soap.results.jettison`, so both protocols render the very same data (Jettison then
turns ``"5"``/``"true"`` back into 5/true, as CXF's provider does, docs/openmeetings-versions.md "REST JSON shape"). Incoming,
:func:`convert` turns request text or JSON values into the declared Python types.
"""
from __future__ import annotations

import datetime
import re
from typing import Any, Dict, Optional

from ..results import ServiceResult
from .wsdl_model import Field, ServiceModel

_INTS = ("xs:long", "xs:int", "xs:short", "xs:byte", "xs:integer")


class BadValue(ValueError):
    """A parameter value that does not match its declared type (a client error)."""


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _as_dict(value: Any) -> Dict[str, Any]:
    if isinstance(value, ServiceResult):
        return {"code": value.code, "message": value.message, "type": value.type}
    return value


def tree(model: ServiceModel, fld: Field, value: Any) -> Any:
    """``value`` shaped as ``fld`` declares: dicts in element order, lists for maxOccurs
    unbounded, scalars as XML text, undeclared keys and nulls left out."""
    if value is None:
        return None
    if fld.many and isinstance(value, (list, tuple)):
        items = [tree(model, Field(fld.name, fld.type, False, fld.complex), v) for v in value]
        return [i for i in items if i is not None]
    if not fld.complex:
        return _text(value)
    data = _as_dict(value)
    out: Dict[str, Any] = {}
    for child in model.types.get(fld.type, []):
        sub = tree(model, child, data.get(child.name))
        if sub is not None:
            out[child.name] = sub
    return out


_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})?$")


def parse_datetime(text: str) -> datetime.datetime:
    """An xs:dateTime text as an aware datetime; a time without an offset is taken as UTC
    (INFERRED: the server's own time zone, which the fake keeps at UTC). ValueError if bad."""
    m = _DATETIME.match(text.strip())
    if m is None:
        raise ValueError(f"not an xs:dateTime: {text[:40]!r}")
    day, clock, fraction, zone = m.groups()
    fraction = (fraction or ".0")[1:7].ljust(6, "0")  # fromisoformat on 3.9 wants 3 or 6 digits
    zone = "+00:00" if zone in ("Z", "z") else zone or ""
    if zone and ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    parsed = datetime.datetime.fromisoformat(f"{day}T{clock}.{fraction}{zone}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.astimezone(datetime.timezone.utc)


def canonical_datetime(text: str) -> str:
    """The one text the fake writes for an instant: UTC with ``+00:00``, which zeep reads back
    to the same ISO text and Jettison writes unchanged, so SOAP and REST answers agree."""
    return parse_datetime(text).isoformat()


def convert(model: ServiceModel, fld: Field, value: Any) -> Any:
    """Request value (XML text, or a JSON value) -> the declared Python type."""
    if value is None:
        return None
    if fld.many:
        values = value if isinstance(value, list) else [value]
        one = Field(fld.name, fld.type, False, fld.complex)
        return [convert(model, one, v) for v in values]
    if fld.complex:
        if not isinstance(value, dict):
            raise BadValue(f"{fld.name} must be a {fld.type} object")
        out: Dict[str, Any] = {}
        for child in model.types.get(fld.type, []):
            if child.name in value:
                out[child.name] = convert(model, child, value[child.name])
        return out
    if fld.type in _INTS:
        if isinstance(value, bool):
            raise BadValue(f"{fld.name}: {value!r} is not a number")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise BadValue(f"{fld.name}: {str(value)[:40]!r} is not a valid {fld.type}") from None
    if fld.type == "xs:boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip()
        if text in ("true", "1"):
            return True
        if text in ("false", "0", ""):
            return False
        raise BadValue(f"{fld.name}: {text[:40]!r} is not a valid xs:boolean")
    if fld.type == "xs:dateTime":
        try:
            return canonical_datetime(_text(value))
        except ValueError:
            raise BadValue(f"{fld.name}: {str(value)[:40]!r} is not a valid xs:dateTime") from None
    if fld.type in ("xs:double", "xs:float"):
        try:
            return float(value)
        except (TypeError, ValueError):
            raise BadValue(f"{fld.name}: {str(value)[:40]!r} is not a valid {fld.type}") from None
    if isinstance(value, (dict, list)):
        raise BadValue(f"{fld.name} must be a plain value")
    return _text(value)


def returned(model: ServiceModel, op: str) -> Optional[Field]:
    return model.operations[op].returns
