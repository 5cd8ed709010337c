"""zeep answers as plain data in the REST shapes: :func:`to_data`, :func:`to_rest_object`,
:func:`to_service_result`."""
from __future__ import annotations

import datetime
import decimal
import logging
from typing import Any, Dict, List

from lxml import etree

from ..errors import InvalidArgument, UnexpectedResponse
from ..results import RestObject, ServiceResult, _as_text, parse_code
from ..xml import XSI_NS
from .zeep_glue import compound_values

log = logging.getLogger("om_soap.client")


def to_data(value: Any) -> Any:
    """A zeep value as plain data in XML element order, drifted elements included.

    Fields the schema knows keep zeep's typed values; elements it does not know (left in
    ``_raw_elements`` by ``strict=False``) are read back as text/dicts at the position the
    server sent them, so a field the client's WSDL lacks is never lost.
    """
    values = compound_values(value)
    if values is not None:
        raw = values.get("_raw_elements")
        known = [k for k in values if k != "_raw_elements"]
        if not raw:
            return {k: to_data(values[k]) for k in known}
        return _merge_in_xml_order(values, known, list(raw))
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, etree._Element):
        return element_to_data(value)
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _merge_in_xml_order(values: Dict[str, Any], known: List[str], raw: List[Any]) -> Dict[str, Any]:
    parent = raw[0].getparent()
    out: Dict[str, Any] = {}
    raw_ids = {id(e) for e in raw}
    if parent is not None:
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            name = etree.QName(child).localname
            if id(child) in raw_ids:
                item = element_to_data(child)
                if name in out and name not in known:
                    if not isinstance(out[name], list):
                        out[name] = [out[name]]
                    out[name].append(item)
                elif name not in out:
                    out[name] = item
            elif name in values and name not in out:
                out[name] = to_data(values[name])
    for name in known:  # fields the answer did not carry (None) keep their place at the end
        if name not in out:
            out[name] = to_data(values[name])
    return out


def to_rest_object(root: str, value: Any) -> RestObject:
    """Any zeep answer as the :class:`RestObject` REST would return under ``root``."""
    return RestObject(root, to_data(value))


def to_service_result(value: Any) -> ServiceResult:
    """A ``serviceResult`` answer (zeep value, drifted or not) as :class:`ServiceResult`."""
    if value is None:
        raise InvalidArgument("no serviceResult in the answer")
    data = to_data(value)
    if not isinstance(data, dict):
        raise InvalidArgument(f"expected a serviceResult, got {type(data).__name__}")
    unknown = [k for k in data if k not in ("code", "message", "type") and data[k] is not None]
    if unknown:
        log.warning("serviceResult carried fields om-soap does not know: %s (kept out of the result)", unknown)
    code_value = answered_code(data.get("code"), "the serviceResult answered is malformed")
    return ServiceResult(code=code_value, message=_as_text(data.get("message")), type=_as_text(data.get("type")))


def answered_code(value: Any, what: str) -> Any:
    """A code from the server's answer; a malformed one is the server's doing (UnexpectedResponse)."""
    try:
        return parse_code(value)
    except InvalidArgument as exc:  # the server's answer, not the caller's input
        raise UnexpectedResponse(f"{what}: {exc}") from None


def element_to_data(element: etree._Element) -> Any:
    """An XML element as plain data: text for a leaf, a dict (repeated names -> lists) otherwise."""
    if element.get(f"{{{XSI_NS}}}nil") in ("true", "1"):
        return None
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return element.text
    out: Dict[str, Any] = {}
    for child in children:
        name = etree.QName(child).localname
        value = element_to_data(child)
        if name in out:
            if not isinstance(out[name], list):
                out[name] = [out[name]]
            out[name].append(value)
        else:
            out[name] = value
    return out


def count_result(value: int) -> ServiceResult:
    """3.1-3.2 UserService.count answers a bare int, -1 when not allowed (UserWebService.java @ 3.1.0RC1). As a
    ServiceResult it takes 3.3's shape: code = the count, message "count" (INFERRED mapping;
    no REST shape is documented for it)."""
    if value < 0:
        return ServiceResult(code=value, message=None, type="ERROR")
    return ServiceResult(code=value, message="count", type="SUCCESS")


__all__ = ["answered_code", "count_result", "element_to_data", "to_data", "to_rest_object", "to_service_result"]
