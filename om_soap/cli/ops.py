"""``om-soap ops``: the services, operations and parameters the server's WSDLs declare.

Read from the live WSDLs (or, with ``--offline``, from the cache or the bundled snapshot of
the version), so it shows what *this* server takes: ``kick`` with two parts or four,
``count`` on UserService or RoomService, and so on. With ``--rest``, the REST API the
server describes in its WADL (``<base>/services?_wadl``): method, path, Java method id,
parameters (path, query, form) and what it answers.
"""
from __future__ import annotations

import argparse
import json
from typing import Any, Dict, List

from ..errors import UnknownService
from .common import add_connection_arguments, client_from_args


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_arguments(parser, login=False)
    parser.add_argument("service", nargs="?",
                        help="only this service, e.g. RoomService (with --rest: a REST base such as room)")
    parser.add_argument("--json", action="store_true", help="print {service: {operation: {...}}} as JSON")
    parser.add_argument("--rest", action="store_true", help="the REST API instead, read from the server's WADL")


def _type(name: str, many: bool) -> str:
    return f"{name}[]" if many else name


def describe(client: Any, service: str) -> Dict[str, Dict[str, Any]]:
    """``{operation: {"params": [[name, type], ...], "returns": type or None}}``."""
    out: Dict[str, Dict[str, Any]] = {}
    for operation in client.operations(service):
        parts, returns, many = client.signature(service, operation)
        out[operation] = {
            "params": [[name, _type(kind, rep)] for name, kind, rep in parts],
            "returns": _type(returns, many) if returns else None,
        }
    return out


def run_rest(args: argparse.Namespace) -> int:
    """``om-soap ops --rest``: the WADL's methods, grouped by REST base."""
    from ..errors import InvalidArgument
    from ..rest import RestClient
    from ..rest.wadl import describe as by_base
    from .common import verify_from_args

    if args.offline:
        raise InvalidArgument("--rest reads the server's live WADL; drop --offline")
    client = RestClient(args.url, timeout=args.timeout, verify=verify_from_args(args))
    methods = client.resources(args.service)
    if args.json:
        print(json.dumps([m.to_json() for m in methods], indent=2))
        return 0
    print(f"# REST API of {client.base_url}/services, from its WADL")
    for base, items in by_base(methods).items():
        print(base)
        for m in items:
            params = ", ".join(f"{p.name}: {p.type.split(':')[-1]} ({'form' if p.media_type else 'path' if p.style == 'template' else p.style})"
                               for p in m.params)
            answers = ", ".join(m.produces) or (f"HTTP {', '.join(m.statuses)}" if m.statuses else "nothing")
            print(f"  {m.method:<6} {m.path}  {m.id or '?'}({params}) -> {answers}")
    return 0


def run(args: argparse.Namespace) -> int:
    from ..client import SERVICES

    if getattr(args, "rest", False):
        return run_rest(args)

    client = client_from_args(args)
    if args.service and args.service not in SERVICES:
        raise UnknownService(f"unknown service {args.service!r}; known: {', '.join(SERVICES)}")
    services: List[str] = [args.service] if args.service else list(SERVICES)
    found: Dict[str, Dict[str, Dict[str, Any]]] = {}
    missing = []
    for service in services:
        try:
            found[service] = describe(client, service)
        except UnknownService as exc:  # e.g. WbService before 5.0, ServerService after 3.3.0
            if args.service:
                raise
            missing.append(f"{service} ({exc})")
    if args.json:
        print(json.dumps(found, indent=2))
        return 0
    version = client.server_version
    print(f"# OpenMeetings {version.text} ({version.family.name}), found by {client.version_found_by}")
    for service, operations in found.items():
        print(service)
        for operation, sig in operations.items():
            params = ", ".join(f"{n}: {t}" for n, t in sig["params"])
            returns = f" -> {sig['returns']}" if sig["returns"] else ""
            print(f"  {operation}({params}){returns}")
    for line in missing:
        print(f"# not served: {line}")
    return 0
