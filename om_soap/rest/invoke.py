"""The typed API over REST: a row of :mod:`om_soap.operations` sent through
``RestClient.call``, DTOs as JSON strings in form fields, files as multipart parts."""
from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from typing import Any, Optional, Tuple, Union
from urllib.parse import quote

from ..errors import InvalidArgument, NotLoggedIn, UnexpectedResponse, UnsupportedOperation
from ..operations import RestRoute, TypedOperation
from ..results import RestObject, ServiceResult
from ..typed import Json, choose_route, xsd_datetime


def _json_value(value: Any) -> Any:
    """What json.dumps cannot write itself: datetimes inside DTOs (an appointment's start)
    as ISO 8601 text, as zeep writes them over SOAP."""
    if isinstance(value, (datetime.datetime, datetime.date)):
        return xsd_datetime(value)
    raise TypeError(f"{type(value).__name__} cannot be sent in a REST DTO")


def _rest_text(value: Any, kind: str) -> str:
    if kind.startswith("dto:"):
        try:
            return json.dumps(_rest_dto(kind[4:], value), default=_json_value)
        except (TypeError, ValueError) as exc:
            raise InvalidArgument(f"{kind[4:]}: {exc}") from None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.datetime, datetime.date)):
        return xsd_datetime(value)
    return str(value)


def _rest_dto(type_name: str, data: Mapping[str, Any]) -> Json:
    """REST input names (AddressDTO read by UserDTO.java @ 9.1.0): the address e-mail is read as ``email``."""
    out = dict(data)
    if type_name == "userDTO" and isinstance(out.get("address"), Mapping):
        address = dict(out["address"])
        if "mail" in address and "email" not in address:
            address["email"] = address.pop("mail")
        out["address"] = address
    return out


def rest_invoke(client: Any, row: TypedOperation, args: Mapping[str, Any]) -> Any:
    """Send one typed call over REST through ``client.call`` (a RestClient): the
    ``_invoke_typed`` of RestClient."""
    version = client.server_version
    if not row.rest:
        raise UnsupportedOperation(f"{row.name} is not available over REST: {row.rest_note}")
    try:
        route = choose_route(row.rest, args, version, f"{row.name} over REST")
    except UnsupportedOperation as exc:
        if not row.rest_note:
            raise
        raise UnsupportedOperation(f"{exc}; {row.rest_note}", first_version=exc.first_version) from None
    assert isinstance(route, RestRoute)
    kinds = {p.name: p.kind for p in row.params}

    def segment(match: "re.Match[str]") -> str:
        name = match.group(1)
        value = args.get(name)
        if value is None:
            raise InvalidArgument(f"{row.name} needs {name} (it is part of the REST path)")
        return quote(_rest_text(value, kinds[name]), safe="")

    path = re.sub(r"{(\w+)}", segment, route.path)
    fields: Tuple[Json, Json] = ({}, {})
    for target, pairs in zip(fields, (route.query, route.form)):
        for wire, name in pairs:
            if args.get(name) is not None:
                target[wire] = _rest_text(args[name], kinds[name])
    query, form = fields
    files = {wire: _rest_part(wire, args[name], kinds[name]) for wire, name in route.files
             if args.get(name) is not None} if route.files else None
    sid = getattr(client, "sid", None)
    if not sid and getattr(client, "credentials", None):
        sid = client._sid(None)  # credentials= given: log in rather than advise to
    if not sid:
        raise NotLoggedIn(f"{row.name} needs a SID")
    answer = client.call(route.method, path, query=query or None, form=form if route.form else None,
                         files=files, root=row.result, many=row.many, sid=sid)
    if row.result == "serviceResult":
        if not isinstance(answer, ServiceResult):
            raise UnexpectedResponse(f"{row.name} answered {answer!r} instead of a serviceResult")
        return answer
    if row.many and answer is None:
        return RestObject(row.result or "return", [])
    return answer


def _rest_part(wire: str, value: Any, kind: str) -> Tuple[Optional[str], Union[bytes, str], str]:
    """One multipart part: a DTO as a JSON part, bytes as an octet stream (FileWebService.java @ 9.1.0:
    add takes ``file`` + ``stream``; the content types are INFERRED from the
    CXF @Multipart parameters, the 9.1 OpenAPI spec names neither)."""
    if kind == "bytes":
        return wire, value, "application/octet-stream"
    return None, _rest_text(value, kind), "application/json"


__all__ = ["rest_invoke"]
