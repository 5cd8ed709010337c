"""``om-soap call SERVICE OPERATION key=value ...``: any SOAP operation, REST-shaped answer.

Values are JSON when they parse as JSON (``id=5``, ``confirm=false``,
``room='{"name": "r", "type": "conference"}'``), text otherwise (``externaltype=moodle``).
DTO values are shaped by the server's WSDL (unknown fields are refused by name) and enums
are spelled for the server's family, as the typed methods do. With ``--user`` the command
logs in first (password from ``--password-env``) when the operation has a ``sid`` part.

The answer is printed as the JSON the REST API would return for it (``{"roomDTO": {...}}``,
``{"serviceResult": {...}}``); a SID or hash in a successful result is redacted.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Dict, List

from ..errors import InvalidArgument
from .common import DEFAULT_PASSWORD_ENV, add_connection_arguments, client_from_args, password_from_env
from .login import shown

#: Operations whose successful message is a SID or a hash (never printed whole).
SECRET_MESSAGES = frozenset({("UserService", "login"), ("UserService", "getRoomHash"), ("RoomService", "hash")})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("service", help="the service, e.g. RoomService (see om-soap ops)")
    parser.add_argument("operation", help="the operation, e.g. getRoomById")
    parser.add_argument("params", nargs="*", metavar="key=value", help="parameters; values as JSON or text")
    add_connection_arguments(parser, login=False)
    group = parser.add_argument_group("login (for operations with a sid part)")
    group.add_argument("--user", help="log in as this user first")
    group.add_argument("--password-env", metavar="VAR", default=DEFAULT_PASSWORD_ENV,
                       help=f"environment variable holding the password (default {DEFAULT_PASSWORD_ENV})")


def parse_params(items: List[str]) -> Dict[str, Any]:
    """``["id=5", "name=r"]`` -> ``{"id": 5, "name": "r"}`` (JSON when it parses, else text)."""
    out: Dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise InvalidArgument(f"parameter {item!r} is not key=value (e.g. id=5)")
        if key in out:
            raise InvalidArgument(f"parameter {key!r} is given twice")
        try:
            out[key] = json.loads(text)
        except ValueError:
            out[key] = text
    return out


def run(args: argparse.Namespace) -> int:
    from ..soap.invoke import rest_shape, shape_soap_dto
    from ..typed import prepare_dto
    from ..operations import OPERATION_FEATURES
    from ..results import RestObject

    client = client_from_args(args)
    service, operation = args.service, args.operation
    client.service(service)  # UnknownService names the known ones
    version = client.server_version
    feature = OPERATION_FEATURES.get((service, operation))
    if feature and operation not in client.operations(service):
        version.require(feature, f"{service}.{operation}")
    parts, returns, many = client.signature(service, operation)
    types = {name: kind for name, kind, _ in parts}
    params = parse_params(args.params)
    unknown = [k for k in params if k not in types]
    if unknown:
        raise InvalidArgument(
            f"{service}.{operation} has no parameter {', '.join(map(repr, unknown))}; "
            f"it takes {', '.join(types) or 'none'}"
        )
    for name, value in list(params.items()):
        if isinstance(value, dict):
            value = prepare_dto(types[name], value, version, name)
            params[name] = shape_soap_dto(client, service, types[name], value, name)
    sid_part = next((p for p in ("sid", "SID") if p in types), None)
    if sid_part and sid_part not in params and args.user:
        login = client.login(args.user, password_from_env(args))
        if not login.ok:
            print(json.dumps(shown(login.to_rest()), indent=2))
            return 1
    value = client.call(service, operation, **params)
    if returns == "serviceResult":
        result = rest_shape(value, returns, False)
        rest = result.to_rest()
        if (service, operation) in SECRET_MESSAGES:
            rest = shown(rest)
        print(json.dumps(rest, indent=2))
        return 1 if result.type == "ERROR" else 0
    if value is None and returns and not many:
        # getRoomById id=999: OpenMeetings answers an empty return, REST a 204: nothing found.
        shown_params = ", ".join(f"{k}={v}" for k, v in params.items() if k not in ("sid", "SID"))
        print(f"om-soap call: {service}.{operation}({shown_params}) found no {returns}", file=sys.stderr)
        return 1
    answer = RestObject(returns or "return", None) if value is None else rest_shape(value, returns or "return", many)
    print(json.dumps(answer.to_rest(), indent=2, default=str))
    return 0
