"""The typed API over SOAP: a row of :mod:`om_soap.operations` sent through ``client.call``,
DTOs shaped by what the server's WSDL declares, answers in the REST shape."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Dict, Optional

from ..errors import InvalidArgument, UnsupportedOperation
from ..operations import RENAMED_FIELDS, SoapRoute, TypedOperation
from ..results import ServiceResult
from ..typed import Json, _what, choose_route, xsd_datetime
from .convert import count_result, to_rest_object, to_service_result


def shape_soap_dto(client: Any, service: str, type_name: str, data: Mapping[str, Any], what: str) -> Json:
    """A REST JSON DTO as the server's WSDL declares ``type_name``.

    Only declared fields are sent: an unknown field is :class:`InvalidArgument` naming it and
    the declared ones (a field renamed between versions, such as ``capacity`` /
    ``numberOfPartizipants``, is sent under the declared name). Required booleans (Java
    primitives) are sent as False when absent (RoomOptionsDTO.java @ 4.0.6RC1); nested DTOs are shaped the same
    way.
    """
    declared = client.declared_elements(service, type_name)
    names = [d[0] for d in declared]
    renames: Dict[str, str] = {}
    for a, b in RENAMED_FIELDS.get(type_name, ()):
        renames[a], renames[b] = b, a
    given: Json = {}
    unknown = []
    for key, value in data.items():
        if key in names:
            given[key] = value
        elif renames.get(key) in names:
            given.setdefault(renames[key], value)
        elif value is not None:
            unknown.append(key)
    if unknown:
        raise InvalidArgument(
            f"{what}: this server's {type_name} has no field {', '.join(map(repr, unknown))}; "
            f"it declares {', '.join(names)}"
        )
    out: Json = {}
    for name, nested, required, is_bool, _many in declared:
        value = given.get(name)
        if nested is not None and isinstance(value, Mapping):
            value = shape_soap_dto(client, service, nested, value, f"{what}.{name}")
        elif nested is not None and isinstance(value, (list, tuple)):
            value = [shape_soap_dto(client, service, nested, v, f"{what}.{name}") if isinstance(v, Mapping) else v
                     for v in value]
        if value is None and required and is_bool:
            value = False
        if value is not None:
            out[name] = xsd_datetime(value)
    return out


def soap_invoke(client: Any, row: TypedOperation, args: Mapping[str, Any]) -> Any:
    """Send one typed call over SOAP (the ``_invoke_typed`` of OpenMeetingsClient)."""
    version = client.server_version
    if version.is_axis2:
        raise UnsupportedOperation(
            f"{row.name} is not mapped for the Axis2 API of OpenMeetings {version.text}; "
            "it needs OpenMeetings 3.1.0 or later (CXF)",
            first_version="3.1.0",
        )
    route = choose_route(row.soap, args, version, _what(row))
    assert isinstance(route, SoapRoute)
    kinds = {p.name: p.kind for p in row.params}
    params: Json = dict(route.fixed)
    declared: Optional[Dict[str, str]] = None
    for part, name in route.args:
        value = args.get(name)
        if value is None:
            continue
        kind = kinds[name]
        if kind == "bytes":
            # FileService.add's `stream` is a java.io.InputStream: real servers publish it as an
            # abstract, empty type (wsdl_cache/real-*/FileService.wsdl) and refuse any content
            # ("Unmarshalling Error: Unable to create an instance of java.io.InputStream", real
            # 9.1.0); without a stream the item is created, empty.
            if value:
                raise InvalidArgument(
                    f"{_what(row)} cannot carry content over SOAP: the server cannot read a"
                    " java.io.InputStream from XML; upload with RestClient.upload_file (multipart),"
                    " or give content=b'' to create the item only")
            continue
        if kind.startswith("dto:"):
            if declared is None:  # the part's type as this WSDL names it (fileExplorerItemDTO on 3.x)
                declared = {n: t for n, t, _ in client.signature(route.service, route.operation)[0]}
            value = shape_soap_dto(client, route.service, declared.get(part, kind[4:]), value, name)
        params[part] = value
    value = client.call(route.service, route.operation, **params)
    root = row.result or client.return_type(route.service, route.operation) or "return"
    result = rest_shape(value, root, row.many)
    if isinstance(result, ServiceResult) and row.empty_message and result.ok and result.message is None:
        result = ServiceResult(code=result.code, message="", type=result.type)
    return result


def rest_shape(value: Any, root: str, many: bool) -> Any:
    """A zeep answer as REST returns it: a ServiceResult (3.1-3.2's bare count included), a
    RestObject under ``root`` (a list when ``many``), or None for an empty answer."""
    if root == "serviceResult":
        if isinstance(value, int) and not isinstance(value, bool):
            return count_result(value)
        return to_service_result(value)
    if many:
        items = [] if value is None else value if isinstance(value, list) else [value]
        return to_rest_object(root, items)
    return None if value is None else to_rest_object(root, value)


__all__ = ["rest_shape", "shape_soap_dto", "soap_invoke"]
